// First-run health questions (BFR.md contraindications), one per screen. Any "yes" turns cuff
// sessions off (timer-only still works); the answers are stored and sent to the phone.
import { BasePage } from '@zeppos/zml/base-page';
import { getText } from '@zos/i18n';
import { back } from '@zos/router';
import { layout as shapeLayout } from 'zosLoader:./index.[pf].layout.js';
import type { ScreeningLayout } from './index.r.layout';
import { SCREENING_QUESTIONS, type ScreeningAnswers } from '../../../shared/protocol/screening';
import { screeningAllowsSession } from '../../../shared/safety/screeningRule';
import { Screen } from '../../lib/ui';
import { BUTTON, GO_BUTTON, STOP_BUTTON, TEXT } from '../../lib/theme';
import { openStore } from '../../lib/device';
import { ask } from '../../lib/phone';

const layout = shapeLayout as ScreeningLayout;
const screen = new Screen();

Page(
  BasePage({
    state: { index: 0, answers: {} as Record<string, boolean> },
    build() {
      this.state.index = 0;
      this.state.answers = {};
      this.showQuestion();
    },
    showQuestion() {
      screen.clear();
      const i = this.state.index;
      const q = SCREENING_QUESTIONS[i];
      screen.label(layout.progress, i + 1 + ' / ' + SCREENING_QUESTIONS.length, TEXT.dim);
      // 32 px: the longest German word ("Sichelzellkrankheit") fits a line of the square screen.
      screen.label(layout.question, getText('screen.' + q.id), { size: 32, color: 0xffffff, wrap: true });
      screen.button(layout.yes, getText('yes'), STOP_BUTTON, () => this.answer(true));
      screen.button(layout.no, getText('no'), BUTTON, () => this.answer(false));
    },
    answer(yes: boolean) {
      this.state.answers[SCREENING_QUESTIONS[this.state.index].id] = yes;
      this.state.index++;
      if (this.state.index < SCREENING_QUESTIONS.length) this.showQuestion();
      else this.finish();
    },
    finish() {
      const answers = {} as ScreeningAnswers['answers'];
      for (let i = 0; i < SCREENING_QUESTIONS.length; i++) {
        const id = SCREENING_QUESTIONS[i].id;
        answers[id] = this.state.answers[id] === true;
      }
      const record: ScreeningAnswers = { v: 1, kind: 'screening', answeredAtMs: Date.now(), answers };
      openStore().saveScreening(record);
      // Best effort: the phone shows the status in its settings; the watch's copy is what counts.
      ask(this, 'screening', record as unknown as Record<string, unknown>, { attempts: 1 }).then(() => undefined, () => undefined);
      const verdict = screeningAllowsSession('cuffs', record);
      screen.clear();
      screen.label(layout.result, getText(verdict.ok ? 'screenClear' : 'screenRefused'), TEXT.body);
      screen.button(layout.done, getText('done'), GO_BUTTON, () => back());
    },
    onDestroy() {
      screen.clear();
    },
  }),
);
