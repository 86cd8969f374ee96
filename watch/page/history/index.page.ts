// History: the sessions kept on the watch, newest first, marked synced (the phone stored it)
// or waiting; tapping one opens its summary.
import { getText } from '@zos/i18n';
import { push } from '@zos/router';
import { layout as shapeLayout } from 'zosLoader:./index.[pf].layout.js';
import type { HistoryLayout } from './index.r.layout';
import { plainPage } from '../../lib/plainPage';
import { Screen } from '../../lib/ui';
import { BUTTON, COLOR, TEXT } from '../../lib/theme';
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

// Not ZML's BasePage: this page never talks to the phone (see plainPage).
Page(
  plainPage({
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
        // Two lines on one button: the program's name is long in German, so the date and the
        // synced mark go on a second, smaller line (a button label is one line only).
        const y = rows.y + i * (rows.h + rows.gap);
        screen.button({ x: rows.x, y, w: rows.w, h: rows.h }, '', BUTTON, () => push({ url: 'page/summary/index.page', params: JSON.stringify({ id }) }));
        screen.label({ x: rows.x + 16, y: y + 2, w: rows.w - 32, h: 30 }, name, { size: 24, color: COLOR.text });
        screen.label({ x: rows.x + 16, y: y + 32, w: rows.w - 32, h: 25 }, day(e.startedAtMs) + '  ' + mark, { size: 20, color: COLOR.dim });
      }
    },
    onDestroy() {
      screen.clear();
    },
  }),
);
