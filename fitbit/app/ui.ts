// The three screens of resources/index.view (program list, session, summary) and how the
// engine's ViewModel lands on them. Elements are looked up once; render only sets text,
// colours, arc sweep and display. Words come from the catalog table (i18n.ts): the view
// carries codes (phase msgid, alarm and notice kinds, instruction ids) and numbers.
import document from 'document';
import type { ViewModel } from '../../shared/session/effects';
import type { SessionRecord } from '../../shared/protocol/sessionRecord';
import { formatClock } from '../../shared/format';
import { t, tf, tn } from './i18n';

export type ScreenName = 'programs' | 'session' | 'summary';
const SCREENS: ScreenName[] = ['programs', 'session', 'summary'];
export const PROGRAM_ROWS = 7;
const COLOR = { work: '#35d07f', rest: '#7f8c99', inBand: '#35d07f', outOfBand: '#ffb020', alarm: '#ff4d4d' };

function el(id: string): GraphicsElement {
  const found = document.getElementById(id);
  if (!found) throw new Error('index.view has no #' + id);
  return found as GraphicsElement;
}

function show(element: GraphicsElement, on: boolean): void {
  element.style.display = on ? 'inline' : 'none';
}

/**
 * Buttons are a group (shown and hidden) around a `<id>-hit` rect that takes the tap. `action`
 * becomes the handler itself (no wrapper closure per button: ~40 bytes of heap each) and is
 * called with the click event, which every action here ignores.
 */
export function onTap(id: string, action: () => void): void {
  // Assigned, not added: a second session on the same screen must not fire twice.
  el(id + '-hit').onclick = action;
}

/** Drops the buttons' handlers (and what they hold) once their screen is done with. */
export function clearTaps(ids: string[]): void {
  for (let i = 0; i < ids.length; i++) el(ids[i] + '-hit').onclick = null;
}

export function showScreen(name: ScreenName): void {
  for (let i = 0; i < SCREENS.length; i++) show(el('screen-' + SCREENS[i]), SCREENS[i] === name);
}

/**
 * The fixed labels of index.view (written in English there), in the watch's language: element
 * id, then msgid. A list made for the one call at boot, not a module-level table kept after it.
 */
export function translateLabels(): void {
  const labels = [
    'title', 'appName', 'btn-stop-label', 'stop', 'btn-pain-label', 'pain', 'confirm-title', 'confirmStop',
    'btn-stop-now-label', 'stopNow', 'btn-keep-going-label', 'keepGoing', 'rpe-title', 'rateEffort', 'btn-done-label', 'done',
  ];
  for (let i = 0; i < labels.length; i += 2) (el(labels[i]) as TextElement).text = t(labels[i + 1]);
}

/** Fills the program rows; a tap on row i calls pick(programs[i].id). */
export function listPrograms(programIds: ReadonlyArray<string>, pick: (id: string) => void): void {
  for (let i = 0; i < PROGRAM_ROWS; i++) {
    const id = programIds[i];
    const row = el('program-' + i);
    show(row, !!id);
    if (!id) continue;
    (el('program-' + i + '-label') as TextElement).text = t('program.' + id);
    onTap('program-' + i, () => pick(id));
  }
}

export function setStatusLine(text: string): void {
  (el('programs-status') as TextElement).text = text;
}

function unitOf(mode: string): string {
  return mode === 'steps' ? 'steps' : mode === 'cadence' ? 'revs' : 'reps';
}

function countText(v: ViewModel): string {
  if (v.count === null) return '';
  const unit = unitOf(v.countingMode);
  return v.countTarget !== null ? tn('countOf.' + unit, v.countTarget, [v.count, v.countTarget]) : tn('count.' + unit, v.count);
}

/** The notice as text, for the program list when a start was refused. */
export function noticeLine(v: ViewModel | null): string {
  if (!v || !v.notice) return t('startFailed');
  return v.notice.n === null ? t('notice.' + v.notice.kind) : tf('notice.' + v.notice.kind, [v.notice.n]);
}

export class SessionScreen {
  private readonly arc = el('progress') as ArcElement;
  private readonly phase = el('phase') as TextElement;
  private readonly time = el('time') as TextElement;
  private readonly set = el('set') as TextElement;
  private readonly count = el('count') as TextElement;
  private readonly pressure = el('pressure') as TextElement;
  private readonly message = el('message') as TextElement;
  private readonly stop = el('btn-stop');
  private readonly pain = el('btn-pain');
  private readonly confirm = el('confirm');
  private readonly rpe = el('rpe');
  rpeShown = false;

  constructor(private readonly withCuffs: boolean) {}

  showRpe(on: boolean): void {
    this.rpeShown = on;
    show(this.rpe, on);
  }

  render(v: ViewModel): void {
    const active = v.status === 'running' || v.status === 'confirmStop';
    const overlay = v.status === 'confirmStop' || this.rpeShown;
    this.arc.sweepAngle = Math.round(v.progress * 360);
    this.arc.style.fill = v.phaseKind === 'rest' ? COLOR.rest : COLOR.work;
    this.phase.text = t(v.phaseId);
    this.time.text = v.timeLeftText;
    this.set.text = v.setCount > 1 ? tf('setOf', [v.setNumber, v.setCount]) : '';
    const ins = v.instruction;
    this.count.text = ins !== null ? (ins.n === null ? t(ins.id) : tf(ins.id, [ins.n])) : countText(v);
    show(this.count, !overlay);
    show(this.stop, active && !overlay);
    show(this.pain, active && this.withCuffs && !overlay);
    show(this.confirm, v.status === 'confirmStop');
    const line = v.alarmKind !== null ? t('alarm.' + v.alarmKind) : v.notice !== null ? noticeLine(v) : '';
    this.message.text = line;
    this.message.style.fill = v.alarmKind !== null ? COLOR.alarm : COLOR.outOfBand;
    show(this.message, line !== '' && !overlay);
    show(this.pressure, v.pressure !== null && !overlay);
    if (v.pressure) {
      const p = v.pressure;
      this.pressure.text = p.percentLop !== null ? tf('pressureLop', [p.mmHg, p.percentLop]) : tf('pressure', [p.mmHg]);
      this.pressure.style.fill = v.pressure.inBand ? COLOR.inBand : COLOR.outOfBand;
    }
  }
}

export function showSummary(record: SessionRecord): void {
  let counted = 0;
  for (let i = 0; i < record.sets.length; i++) counted += record.sets[i].corrected;
  const duration = formatClock((record.endedAtMs || record.startedAtMs) - record.startedAtMs);
  (el('summary-program') as TextElement).text = t('program.' + record.programId);
  (el('summary-status') as TextElement).text = t(record.status === 'completed' ? 'sessionDone' : 'sessionStopped');
  (el('summary-time') as TextElement).text = duration + '  ' + tn('setsCount', record.sets.length);
  (el('summary-count') as TextElement).text = tn('count.' + unitOf(record.sets.length ? record.sets[0].countingMode : 'reps'), counted);
}

export function setSummarySync(text: string): void {
  (el('summary-sync') as TextElement).text = text;
}
