// The three screens of resources/index.view (program list, session, summary) and how the
// engine's ViewModel lands on them. Elements are looked up once; render only sets text,
// colours, arc sweep and display.
import document from 'document';
import type { ViewModel } from '../../shared/session/effects';
import type { SessionRecord } from '../../shared/protocol/sessionRecord';

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

/** Buttons are a group (shown and hidden) around a `<id>-hit` rect that takes the tap. */
export function onTap(id: string, action: () => void): void {
  // Assigned, not added: a second session on the same screen must not fire twice.
  el(id + '-hit').onclick = () => action();
}

/** Drops the buttons' handlers (and what they hold) once their screen is done with. */
export function clearTaps(ids: string[]): void {
  for (let i = 0; i < ids.length; i++) el(ids[i] + '-hit').onclick = null;
}

export function showScreen(name: ScreenName): void {
  for (let i = 0; i < SCREENS.length; i++) show(el('screen-' + SCREENS[i]), SCREENS[i] === name);
}

/** Fills the program rows; a tap on row i calls pick(programs[i].id). */
export function listPrograms(programs: ReadonlyArray<{ id: string; name: string }>, pick: (id: string) => void): void {
  for (let i = 0; i < PROGRAM_ROWS; i++) {
    const program = programs[i];
    const row = el('program-' + i);
    show(row, !!program);
    if (!program) continue;
    (el('program-' + i + '-label') as TextElement).text = program.name;
    onTap('program-' + i, () => pick(program.id));
  }
}

export function setStatusLine(text: string): void {
  (el('programs-status') as TextElement).text = text;
}

function countText(v: ViewModel): string {
  if (v.count === null) return '';
  const unit = v.countingMode === 'steps' ? 'steps' : v.countingMode === 'cadence' ? 'revs' : 'reps';
  return (v.countTarget !== null ? v.count + '/' + v.countTarget : String(v.count)) + ' ' + unit;
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
    this.phase.text = v.phaseName;
    this.time.text = v.timeLeftText;
    this.set.text = v.setCount > 1 ? 'Set ' + v.setNumber + ' of ' + v.setCount : '';
    this.count.text = v.instructionText !== null ? v.instructionText : countText(v);
    show(this.count, !overlay);
    show(this.stop, active && !overlay);
    show(this.pain, active && this.withCuffs && !overlay);
    show(this.confirm, v.status === 'confirmStop');
    const line = v.alarmText || v.noticeText;
    this.message.text = line || '';
    this.message.style.fill = v.alarmText ? COLOR.alarm : COLOR.outOfBand;
    show(this.message, line !== null && !overlay);
    show(this.pressure, v.pressure !== null && !overlay);
    if (v.pressure) {
      this.pressure.text = Math.round(v.pressure.mmHg) + ' mmHg ' + v.pressure.percentLop + '%';
      this.pressure.style.fill = v.pressure.inBand ? COLOR.inBand : COLOR.outOfBand;
    }
  }
}

export function showSummary(record: SessionRecord): void {
  let counted = 0;
  for (let i = 0; i < record.sets.length; i++) counted += record.sets[i].corrected;
  const minutes = Math.round(((record.endedAtMs || record.startedAtMs) - record.startedAtMs) / 60000);
  (el('summary-program') as TextElement).text = record.programName;
  (el('summary-status') as TextElement).text = record.status === 'completed' ? 'Completed' : 'Stopped';
  (el('summary-time') as TextElement).text = minutes + ' min, ' + record.sets.length + ' sets';
  (el('summary-count') as TextElement).text = counted + (record.sets.length && record.sets[0].countingMode === 'steps' ? ' steps' : ' counted');
}

export function setSummarySync(text: string): void {
  (el('summary-sync') as TextElement).text = text;
}
