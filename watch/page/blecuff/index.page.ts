// Pairing a standard Bluetooth cuff (Blood Pressure Service 0x1810) for one limb, opened from
// the pre-check: scan (it stops by itself after SCAN_MS), list what was found (0x1810 first,
// other named devices after), tap one to remember it for this limb, or forget the one paired.
// With a cuff paired, its LOP can be entered by hand (-10 / +10 mmHg within 30-400; there is no
// phone to measure it). Back to the pre-check either way, with its params.
import { getText } from '@zos/i18n';
import { replace } from '@zos/router';
import { layout as shapeLayout } from 'zosLoader:./index.[pf].layout.js';
import type { BleCuffLayout } from './index.r.layout';
import { plainPage } from '../../lib/plainPage';
import { Screen, setText } from '../../lib/ui';
import { BUTTON, GO_BUTTON, TEXT } from '../../lib/theme';
import { appKv } from '../../lib/device';
import { scanForCuffs, type FoundCuff } from '../../lib/bleCuff';
import { forgetCuff, pairedCuff, rememberCuff, stepLop } from '../../lib/pairedCuff';
import { deviceTimers, zosBle } from '../../lib/zosBle';
import { countRejected } from '../../lib/phone';

const layout = shapeLayout as BleCuffLayout;
const screen = new Screen();
let stopScan: (() => void) | null = null;
let rows: Array<ReturnType<Screen['button']>> = [];

function parseParams(raw: unknown): { programId: string; adjustment?: unknown; limb: 'arm' | 'leg' } {
  try {
    const p = JSON.parse(String(raw || '{}'));
    return { programId: typeof p.programId === 'string' ? p.programId : 'quick-wrist', adjustment: p.adjustment, limb: p.limb === 'arm' ? 'arm' : 'leg' };
  } catch (e) {
    countRejected('pageParams');
    return { programId: 'quick-wrist', limb: 'leg' };
  }
}

// Not ZML's BasePage: this page never talks to the phone (see plainPage).
Page(
  plainPage({
    state: { params: { programId: 'quick-wrist', limb: 'leg' } as ReturnType<typeof parseParams> },
    onInit(raw: unknown) {
      this.state.params = parseParams(raw);
    },
    build() {
      const limb = this.state.params.limb;
      screen.label(layout.title, getText('bleCuff'), TEXT.title);
      const paired = pairedCuff(appKv(), limb);
      const status = screen.label(layout.status, paired ? getText('blePaired').replace('%s', paired.name) : getText('bleScanning'), TEXT.body);
      if (paired) {
        const lopText = (lop: number | null | undefined) => (typeof lop === 'number' ? getText('lopKnown').replace('%d', String(lop)) : getText('lopUnknown'));
        const lopLine = screen.label(layout.lop, lopText(paired.lopMmHg), TEXT.body);
        const change = (direction: 1 | -1) => {
          const now = pairedCuff(appKv(), limb);
          if (!now) return;
          const lop = stepLop(now.lopMmHg, direction);
          rememberCuff(appKv(), limb, { ...now, lopMmHg: lop });
          setText(lopLine, lopText(lop));
        };
        screen.button(layout.lopDown, '-10', BUTTON, () => change(-1));
        screen.button(layout.lopUp, '+10', BUTTON, () => change(1));
        screen.button(layout.action, getText('bleForget'), BUTTON, () => {
          forgetCuff(appKv(), limb);
          this.back();
        });
        return;
      }
      stopScan = scanForCuffs(zosBle(), deviceTimers, (list) => this.showList(list), (list) => {
        stopScan = null;
        setText(status, list.length ? getText('bleChoose') : getText('bleNone'));
        screen.button(layout.action, getText('back'), GO_BUTTON, () => this.back());
      });
    },
    showList(list: FoundCuff[]) {
      for (let i = rows.length; i < list.length && i < layout.rows.max; i++) {
        const r = layout.rows;
        const index = i;
        rows.push(screen.button({ x: r.x, y: r.y + i * (r.h + r.gap), w: r.w, h: r.h }, '', { ...BUTTON, size: 24 }, () => this.pick(list[index])));
      }
      for (let i = 0; i < rows.length && i < list.length; i++) setText(rows[i], (list[i].bps ? '' : '? ') + list[i].name);
    },
    pick(cuff: FoundCuff | undefined) {
      if (!cuff) return;
      if (stopScan) stopScan();
      rememberCuff(appKv(), this.state.params.limb, { address: cuff.address, name: cuff.name });
      this.back();
    },
    back() {
      const p = this.state.params;
      replace({ url: 'page/precheck/index.page', params: JSON.stringify({ programId: p.programId, adjustment: p.adjustment }) });
    },
    onDestroy() {
      if (stopScan) stopScan();
      stopScan = null;
      rows = [];
      screen.clear();
    },
  }),
);
