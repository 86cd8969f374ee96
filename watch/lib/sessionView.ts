// Draws the engine's ViewModel on the session screen. Widgets are made once and updated in
// place each second; overlays (effort rating, stop confirmation) show and hide over the
// count area so Stop and Pain never move.
import { getText } from '@zos/i18n';
import type { ViewModel } from '../../shared/session/effects';
import type { SessionLayout } from '../page/session/index.r.layout';
import { prop } from '@zos/ui';
import { Screen, setColor, setLevel, setText, setVisible } from './ui';
import { BUTTON, COLOR, GO_BUTTON, SMALL_BUTTON, STOP_BUTTON } from './theme';

type W = ReturnType<Screen['label']>;

export interface SessionControls {
  start(): void;
  stop(): void;
  pain(): void;
  confirmStop(): void;
  cancelStop(): void;
  rate(rpe: number): void;
}

export class SessionView {
  private readonly screen = new Screen();
  private arc: W | null = null;
  private phase: W | null = null;
  private time: W | null = null;
  private set: W | null = null;
  private count: W | null = null;
  private instruction: W | null = null;
  private pressure: W | null = null;
  private notice: W | null = null;
  private startButton: W | null = null;
  private stopButton: W | null = null;
  private painButton: W | null = null;
  private rpe: W[] = [];
  private confirm: W[] = [];
  rpeShown = false;
  private noticeBox: unknown = null;

  /** readOnlyCuff: a Bluetooth cuff, whose missing value is said ("No reading"), never left blank. */
  constructor(private readonly l: SessionLayout, private readonly controls: SessionControls, private readonly withCuffs: boolean, private readonly readOnlyCuff = false) {}

  build(): void {
    const l = this.l;
    const s = this.screen;
    this.arc = s.arc({ cx: l.arc.cx, cy: l.arc.cy, radius: l.arc.radius, lineWidth: l.arc.lineWidth, color: COLOR.accent, level: 0 });
    this.phase = s.label(l.phase, '', { size: l.phase.size, color: COLOR.text });
    this.time = s.label(l.time, '', { size: l.time.size, color: COLOR.text });
    this.set = s.label(l.set, '', { size: l.set.size, color: COLOR.dim });
    this.count = s.label(l.count, '', { size: l.count.size, color: COLOR.text });
    this.instruction = s.label(l.instruction, '', { size: l.instruction.size, color: COLOR.text, wrap: true });
    this.pressure = s.label(l.pressure, '', { size: l.pressure.size, color: COLOR.inBand });
    this.notice = s.label(l.notice, '', { size: l.notice.size, color: COLOR.outOfBand, wrap: true });
    this.startButton = s.button(l.start, getText('start'), GO_BUTTON, () => this.controls.start());
    this.stopButton = s.button(l.stop, getText('stop'), STOP_BUTTON, () => this.controls.stop());
    // Pain / numbness: always one tap away in any session that restricts blood flow.
    this.painButton = s.button(l.pain, getText('pain'), STOP_BUTTON, () => this.controls.pain());
    this.rpe.push(s.label(l.rpeTitle, getText('rateEffort'), { size: l.rpeTitle.size, color: COLOR.text }));
    const g = l.rpe;
    for (let r = 1; r <= 10; r++) {
      const i = r - 1;
      const rect = { x: g.x + (i % g.perRow) * (g.cellW + g.gap), y: g.y + Math.floor(i / g.perRow) * (g.cellH + g.gap), w: g.cellW, h: g.cellH };
      this.rpe.push(s.button(rect, String(r), SMALL_BUTTON, () => this.controls.rate(r)));
    }
    this.confirm.push(s.label(l.confirm, getText('confirmStop'), { size: l.confirm.size, color: COLOR.text, wrap: true }));
    this.confirm.push(s.button(l.confirmYes, getText('stopNow'), STOP_BUTTON, () => this.controls.confirmStop()));
    this.confirm.push(s.button(l.confirmNo, getText('keepGoing'), BUTTON, () => this.controls.cancelStop()));
    this.showRpe(false);
    this.showConfirm(false);
  }

  showRpe(show: boolean): void {
    this.rpeShown = show;
    for (let i = 0; i < this.rpe.length; i++) setVisible(this.rpe[i], show);
  }

  private showConfirm(show: boolean): void {
    for (let i = 0; i < this.confirm.length; i++) setVisible(this.confirm[i], show);
  }

  render(v: ViewModel): void {
    const running = v.status === 'running' || v.status === 'confirmStop';
    const overlay = v.status === 'confirmStop' || this.rpeShown;
    setLevel(this.arc, Math.round(v.progress * 100));
    setColor(this.arc, v.phaseKind === 'rest' ? COLOR.dim : COLOR.accent);
    setText(this.phase, v.phaseName);
    setText(this.time, v.timeLeftText);
    setVisible(this.startButton, v.status === 'ready');
    setVisible(this.stopButton, running);
    setVisible(this.painButton, running && this.withCuffs);
    this.showConfirm(v.status === 'confirmStop');

    // An alarm takes the middle of the screen (set, count, instruction); a notice only the set line.
    const alarm = v.alarmText !== null;
    const notice = !alarm && v.noticeText !== null;
    const large = v.instructionText !== null;
    setVisible(this.instruction, large && !overlay && !alarm);
    setText(this.instruction, v.instructionText || '');
    setVisible(this.set, !large && !overlay && !alarm && !notice);
    setText(this.set, v.setCount > 1 ? getText('setOf').replace('%d', String(v.setNumber)).replace('%d', String(v.setCount)) : '');
    setVisible(this.count, !large && !overlay && !alarm && v.count !== null);
    setText(this.count, countText(v));

    const message = v.alarmText || v.noticeText;
    setVisible(this.notice, message !== null && !overlay);
    setText(this.notice, message || '');
    setColor(this.notice, alarm ? COLOR.alarm : COLOR.outOfBand);
    const box = alarm ? this.l.notice : this.l.set;
    if (this.noticeBox !== box && this.notice) {
      this.noticeBox = box;
      this.notice.setProperty(prop.MORE, { x: box.x, y: box.y, w: box.w, h: box.h, text_size: alarm ? this.l.notice.size : this.l.set.size });
    }

    const noReading = v.pressure === null && this.readOnlyCuff && v.cuffsInflated;
    setVisible(this.pressure, (v.pressure !== null || noReading) && !overlay);
    if (noReading) {
      setText(this.pressure, getText('bleNoReading'));
      setColor(this.pressure, COLOR.outOfBand);
    } else if (v.pressure) {
      const pct = typeof v.pressure.percentLop === 'number' ? '  ' + v.pressure.percentLop + '%' : '';
      setText(this.pressure, Math.round(v.pressure.mmHg) + ' mmHg' + pct);
      setColor(this.pressure, v.pressure.inBand ? COLOR.inBand : COLOR.outOfBand);
    }
  }

  destroy(): void {
    this.screen.clear();
    this.rpe = [];
    this.confirm = [];
  }
}

function countText(v: ViewModel): string {
  if (v.count === null) return '';
  const unit = v.countingMode === 'steps' ? getText('steps') : v.countingMode === 'cadence' ? getText('revs') : getText('reps');
  return v.countTarget !== null ? v.count + ' / ' + v.countTarget + ' ' + unit : v.count + ' ' + unit;
}
