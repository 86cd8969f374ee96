// Summary after a session: sets, counts, time in the pressure band, occlusion time, alarms;
// each set's count can be corrected with - / +. A corrected record is stored again and
// re-sent to the phone (the counter's own number stays in the record beside it).
import { BasePage } from '@zeppos/zml/base-page';
import { getText } from '@zos/i18n';
import { replace } from '@zos/router';
import { layout as shapeLayout } from 'zosLoader:./index.[pf].layout.js';
import type { SummaryLayout } from './index.r.layout';
import type { SessionRecord } from '../../../shared/protocol/sessionRecord';
import { correctSetCount, inBandFraction, occlusionTotalMs } from '../../../shared/session/corrections';
import { formatClock } from '../../../shared/format';
import { Screen, setText } from '../../lib/ui';
import { GO_BUTTON, SMALL_BUTTON, TEXT } from '../../lib/theme';
import { openStore } from '../../lib/device';
import { syncOutbox, countRejected } from '../../lib/phone';
import { countText, num, tf, tn } from '../../lib/i18n';

const layout = shapeLayout as SummaryLayout;
/** The headline numbers: one line of a 34-36 px row (1.25 x the font size). */
const LINE = { size: 27, color: TEXT.body.color };
const screen = new Screen();
let record: SessionRecord | null = null;
const countLabels: Array<ReturnType<Screen['label']>> = [];

function setLine(r: SessionRecord, i: number): string {
  const set = r.sets[i];
  // The watch's own pedometer count is kept in the record beside ours; the row shows ours.
  return num(i + 1) + ':  ' + countText(set.countingMode, set.corrected, null);
}

Page(
  BasePage({
    state: { id: '' },
    onInit(raw: unknown) {
      try {
        const p = JSON.parse(String(raw || '{}'));
        this.state.id = p && typeof p.id === 'string' ? p.id : '';
      } catch (e) {
        countRejected('pageParams');
      }
    },
    build() {
      record = this.state.id ? openStore().getRecord(this.state.id) : null;
      if (!record) {
        screen.label(layout.line1, getText('sessionMissing'), LINE);
        screen.button(layout.done, getText('done'), GO_BUTTON, () => replace({ url: 'page/home/index.page' }));
        return;
      }
      const r = record;
      screen.label(layout.title, getText(r.status === 'completed' ? 'sessionDone' : 'sessionStopped'), TEXT.title);
      const band = inBandFraction(r);
      const parts = [formatClock((r.endedAtMs || r.startedAtMs) - r.startedAtMs)];
      if (band !== null) parts.push(tf('inBand', [Math.round(band * 100)]));
      screen.label(layout.line1, parts.join('  '), LINE);
      const occ = occlusionTotalMs(r);
      const line2 = [tf('occlusion', [formatClock(occ)])];
      if (r.alarms.length) line2.push(tn('alarmsCount', r.alarms.length));
      if (r.rpe !== null) line2.push(tf('rpe', [r.rpe]));
      screen.label(layout.line2, line2.join('  '), { size: 22, color: TEXT.dim.color });
      const rows = layout.rows;
      for (let i = 0; i < r.sets.length && i < 5; i++) {
        const y = rows.y + i * (rows.h + rows.gap);
        const index = i;
        screen.button({ x: rows.x, y, w: rows.minusW, h: rows.h }, '-', SMALL_BUTTON, () => this.correct(index, -1));
        countLabels[i] = screen.label(
          { x: rows.x + rows.minusW, y, w: rows.w - rows.minusW - rows.plusW, h: rows.h },
          setLine(r, i),
          { size: 28, color: 0xffffff },
        );
        screen.button({ x: rows.x + rows.w - rows.plusW, y, w: rows.plusW, h: rows.h }, '+', SMALL_BUTTON, () => this.correct(index, 1));
      }
      screen.button(layout.done, getText('done'), GO_BUTTON, () => replace({ url: 'page/home/index.page' }));
    },
    correct(setIndex: number, delta: number) {
      if (!record) return;
      const next = correctSetCount(record, setIndex, delta);
      if (next === record) return;
      record = next;
      const store = openStore();
      store.putRecord(next);
      setText(countLabels[setIndex], setLine(next, setIndex));
      syncOutbox(this, store).then(() => undefined, () => undefined);
    },
    onDestroy() {
      screen.clear();
      countLabels.length = 0;
      record = null;
    },
  }),
);
