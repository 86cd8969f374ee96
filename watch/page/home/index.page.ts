// Home: "Quick session" one tap away, then the programs with the last one used first, then
// history and the health questions. Says whether the phone answers, and sends any session
// the phone has not stored yet.
import { BasePage } from '@zeppos/zml/base-page';
import { getText } from '@zos/i18n';
import { push } from '@zos/router';
import { layout as shapeLayout } from 'zosLoader:./index.[pf].layout.js';
import type { HomeLayout } from './index.r.layout';
import { PROGRAM_IDS } from '../../../shared/programs/catalog';
import { PROTOCOL_VERSION, helloReplySchema } from '../../../shared/protocol/hello';
import { APP_VERSION } from '../../../shared/version';
import { Screen, setText } from '../../lib/ui';
import { BUTTON, GO_BUTTON, TEXT } from '../../lib/theme';
import { ask, syncOutbox } from '../../lib/phone';
import { openStore } from '../../lib/device';
import { RESUME_PARAMS, savedSessionKind } from '../../lib/activeSession';
import { orderPrograms } from '../../lib/programOrder';
import { tn } from '../../lib/i18n';

const layout = shapeLayout as HomeLayout;
const screen = new Screen();
let status: ReturnType<Screen['label']> | null = null;

Page(
  BasePage({
    build() {
      const store = openStore();
      // A session that was running when the app was closed resumes at once (an unreadable
      // one too: the session page says it could not be restored and clears it).
      if (savedSessionKind(store) !== 'none') {
        push({ url: 'page/session/index.page', params: RESUME_PARAMS });
        return;
      }
      screen.label(layout.title, getText('appName'), TEXT.title);
      status = screen.label(layout.status, getText('phoneConnecting'), { size: 22, color: TEXT.dim.color });
      screen.button(layout.quick, getText('quickSession'), GO_BUTTON, () => {
        push({ url: 'page/precheck/index.page', params: JSON.stringify({ programId: 'quick-wrist' }) });
      });
      const ids = orderPrograms(PROGRAM_IDS.filter((id) => id !== 'quick-wrist'), store.lastProgram());
      const l = layout.list;
      let y = l.y;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i];
        screen.button({ x: l.x, y, w: l.w, h: l.rowH }, getText('program.' + id), BUTTON, () => {
          push({ url: 'page/precheck/index.page', params: JSON.stringify({ programId: id }) });
        });
        y += l.rowH + l.gap;
      }
      screen.button({ x: l.x, y, w: l.w, h: l.rowH }, getText('history'), BUTTON, () => {
        push({ url: 'page/history/index.page' });
      });
      y += l.rowH + l.gap;
      const screened = store.screening() !== null;
      screen.button({ x: l.x, y, w: l.w, h: l.rowH }, getText(screened ? 'healthQuestionsDone' : 'healthQuestions'), BUTTON, () => {
        push({ url: 'page/screening/index.page' });
      });
      y += l.rowH + layout.bottomPad;
      screen.label({ x: l.x, y, w: l.w, h: 1 }, '', TEXT.dim);

      ask(this, 'hello', { protocol: PROTOCOL_VERSION, appVersion: APP_VERSION }, { attempts: 1 }).then(
        (reply) => {
          const parsed = helloReplySchema.safeParse(reply);
          const key = !parsed.success ? 'phoneBadReply' : parsed.data.compatible ? 'phoneConnected' : 'phoneIncompatible';
          setText(status, getText(key));
          if (parsed.success && parsed.data.compatible) {
            syncOutbox(this, store).then((r) => {
              if (r.sent > 0) setText(status, tn('sessionsSynced', r.sent));
            });
          }
        },
        () => setText(status, getText('phoneUnavailable')),
      );
    },
    onDestroy() {
      screen.clear();
      status = null;
    },
  }),
);
