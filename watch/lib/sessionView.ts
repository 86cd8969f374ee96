// Draws the engine's ViewModel on the session screen. Widgets are made once and updated in
// place each second; overlays (effort rating, stop confirmation) show and hide over the
// count area so Stop and Pain never move. Every word comes from the catalog: the view carries
// codes (phase msgid, alarm and notice kinds, instruction ids) and numbers (lib/i18n.ts).
import { getText } from '@zos/i18n';
import type { ViewModel } from '../../shared/session/effects';
import type { SessionLayout } from '../page/session/index.r.layout';
import { Screen, setColor, setLevel, setText, setVisible } from './ui';
import { BUTTON, COLOR, GO_BUTTON, SMALL_BUTTON, STOP_BUTTON } from './theme';
import { formatClock } from '../../shared/format';
import { alarmText, countText as countLine, noticeText, num, said, t, tf } from './i18n';

type W = ReturnType<Screen['label']>;
const SESSION_STOP = { ...STOP_BUTTON, size: 26 };

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
  private heartRate: W | null = null;
  private shownBpm: number | null = null;
  private notice: W | null = null;
  private startButton: W | null = null;
  private stopButton: W | null = null;
  private painButton: W | null = null;
  private rpe: W[] = [];
  private confirm: W[] = [];
  rpeShown = false;

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
    this.heartRate = s.label(l.heartRate, '', { size: l.heartRate.size, color: COLOR.dim });
    this.notice = s.label(l.notice, '', { size: l.notice.size, color: COLOR.outOfBand, wrap: true });
    this.startButton = s.button(l.start, getText('start'), GO_BUTTON, () => this.controls.start());
    // 26 px: "Schmerz" fits the round screen's 130 px buttons.
    this.stopButton = s.button(l.stop, getText('stop'), SESSION_STOP, () => this.controls.stop());
    // Pain / numbness: always one tap away in any session that restricts blood flow.
    this.painButton = s.button(l.pain, getText('pain'), SESSION_STOP, () => this.controls.pain());
    this.rpe.push(s.label(l.rpeTitle, getText('rateEffort'), { size: l.rpeTitle.size, color: COLOR.text }));
    const g = l.rpe;
    for (let r = 1; r <= 10; r++) {
      const i = r - 1;
      const rect = { x: g.x + (i % g.perRow) * (g.cellW + g.gap), y: g.y + Math.floor(i / g.perRow) * (g.cellH + g.gap), w: g.cellW, h: g.cellH };
      this.rpe.push(s.button(rect, num(r), SMALL_BUTTON, () => this.controls.rate(r)));
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
    setText(this.phase, t(v.phaseId));
    setText(this.time, v.timeLeftText);
    setVisible(this.startButton, v.status === 'ready');
    setVisible(this.stopButton, running);
    setVisible(this.painButton, running && this.withCuffs);
    this.showConfirm(v.status === 'confirmStop');

    // An alarm or a notice takes the middle of the screen (set, count, instruction): in German
    // a notice needs two lines, and no message may be cut.
    const alarm = v.alarmKind !== null;
    const message = alarm || v.notice !== null;
    const large = v.instruction !== null;
    setVisible(this.instruction, large && !overlay && !message);
    setText(this.instruction, said(v.instruction));
    setVisible(this.set, !large && !overlay && !message);
    setText(this.set, v.setCount > 1 ? tf('setOf', [v.setNumber, v.setCount]) : '');
    setVisible(this.count, !large && !overlay && !message && v.count !== null);
    setText(this.count, countText(v));

    // "Release the cuff now" carries the time since the Bluetooth cuff went up.
    const held = alarm && v.alarmKind === 'releaseCuff' && v.releaseHeldMs !== null ? ' (' + formatClock(v.releaseHeldMs) + ')' : '';
    const line = alarm ? alarmText(v.alarmKind as string) + held : noticeText(v.notice);
    setVisible(this.notice, line !== '' && !overlay);
    setText(this.notice, line);
    setColor(this.notice, alarm ? COLOR.alarm : COLOR.outOfBand);

    // Heart rate only while fresh (the engine gives null when unknown or older than 10 s).
    setVisible(this.heartRate, v.heartRateBpm !== null && !overlay);
    if (v.heartRateBpm !== null && v.heartRateBpm !== this.shownBpm) setText(this.heartRate, getText('heartRateBpm').replace('%d', String(v.heartRateBpm)));
    this.shownBpm = v.heartRateBpm;

    const noReading = v.pressure === null && this.readOnlyCuff && v.cuffsInflated;
    setVisible(this.pressure, (v.pressure !== null || noReading) && !overlay);
    if (noReading) {
      setText(this.pressure, getText('bleNoReading'));
      setColor(this.pressure, COLOR.outOfBand);
    } else if (v.pressure) {
      const p = v.pressure;
      setText(this.pressure, typeof p.percentLop === 'number' ? tf('pressureLop', [p.mmHg, p.percentLop]) : tf('pressure', [p.mmHg]));
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
  return v.count === null ? '' : countLine(v.countingMode, v.count, v.countTarget);
}
