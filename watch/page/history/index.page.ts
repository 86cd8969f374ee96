// History: the sessions kept on the watch, newest first, marked synced (the phone stored it)
// or waiting; tapping one opens its summary.
import { BasePage } from '@zeppos/zml/base-page';
import { getText } from '@zos/i18n';
import { push } from '@zos/router';
import { layout as shapeLayout } from 'zosLoader:./index.[pf].layout.js';
import type { HistoryLayout } from './index.r.layout';
import { Screen } from '../../lib/ui';
import { BUTTON, TEXT } from '../../lib/theme';
import { openStore } from '../../lib/device';

const layout = shapeLayout as HistoryLayout;
const screen = new Screen();

function day(ms: number): string {
  const d = new Date(ms);
  const mm = d.getMonth() + 1;
  const dd = d.getDate();
  const hh = d.getHours();
  const mi = d.getMinutes();
  return (dd < 10 ? '0' : '') + dd + '.' + (mm < 10 ? '0' : '') + mm + ' ' + (hh < 10 ? '0' : '') + hh + ':' + (mi < 10 ? '0' : '') + mi;
}

Page(
  BasePage({
    build() {
      screen.label(layout.title, getText('history'), TEXT.title);
      const entries = openStore().history();
      if (entries.length === 0) {
        screen.label(layout.empty, getText('noSessions'), TEXT.dim);
        return;
      }
      const rows = layout.rows;
      for (let i = 0; i < entries.length && i < rows.max; i++) {
        const e = entries[i];
        // The program by its id, in the watch's language (the record's English name is for exports).
        const name = getText(e.record ? 'program.' + e.record.programId : 'unknownSession');
        const mark = e.synced ? getText('synced') : getText('waiting');
        const id = e.id;
        screen.button(
          { x: rows.x, y: rows.y + i * (rows.h + rows.gap), w: rows.w, h: rows.h },
          day(e.startedAtMs) + ' ' + name + ' ' + mark,
          { ...BUTTON, size: 24 },
          () => push({ url: 'page/summary/index.page', params: JSON.stringify({ id }) }),
        );
      }
    },
    onDestroy() {
      screen.clear();
    },
  }),
);
