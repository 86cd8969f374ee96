// The session engine: a pure reducer. step(state, event) returns the next state and the effects
// the shell must perform; nothing here reads a clock, touches a device or mutates its input,
// so a whole session replays in a test from a list of events.
import { MAX_COUNT, type SetRecord } from '../protocol/sessionRecord';
import { isFiniteNumber, isValidRpe, isWholeIn } from '../safety/bounds';
import { rpeRequiresStop } from '../safety/stopRules';
import { onControllerError, onLinkDown, onPressure, reconcileCuffs, safetyDeflate, timeRules } from './cuffControl';
import { canStart } from './create';
import { currentPhase, Draft, isActive, patchSet, raiseAlarm, resolveAlarm } from './draft';
import { onHeartRate } from './heartRate';
import { checkIntegrity, resumeRefusal } from './integrity';
import type { Effect } from './effects';
import type { ButtonPress, SessionEvent } from './events';
import { setNotice, type NoticeKind } from './notices';
import { parseSessionState, SessionState } from './state';
import { advanceClock, beginSession, endPhase, finishSession, timedCues } from './timeline';
import { buildView } from './view';

export interface StepResult {
  state: SessionState;
  effects: Effect[];
}

/** Steps in one `step` event: more is not a count the pedometer could give in one go. */
const MAX_STEPS_PER_EVENT = 10000;

export function step(state: SessionState, input: SessionEvent): StepResult {
  // A malformed event is a tick at the last known time (the safety rules still run).
  const event: SessionEvent = input && typeof input === 'object' ? input : { type: 'tick', nowMs: state.nowMs };
  let base = state;
  let notice: { kind: NoticeKind; detail: string } | undefined;
  if (event.type === 'resume') {
    // Restore only a state that parses, is this session, is not older than the one in memory
    // and does not bring an ended session back.
    const saved = parseSessionState(event.saved);
    const refusal = saved.ok ? resumeRefusal(state, saved.value) : 'Saved session could not be restored';
    if (saved.ok && refusal === null) base = saved.value;
    else notice = { kind: 'resumeRefused', detail: refusal || 'Saved session could not be restored' };
  }
  // Any state handed in (a resumed one, one the shell built from storage) is checked first:
  // what breaks an invariant is repaired toward safety or ended, never run as it is.
  const integrity = checkIntegrity(base);
  base = integrity.state;
  if (integrity.problems.length) notice = { kind: 'stateDamaged', detail: 'Saved session was damaged: ' + integrity.problems[0] };
  // Time never runs backwards inside a session, and is whole milliseconds.
  const now = isFiniteNumber(event.nowMs) ? Math.max(base.nowMs, Math.floor(event.nowMs)) : base.nowMs;
  const d: Draft = { s: { ...base, nowMs: now }, now, effects: [], boundaryBuzz: null, persist: false, deflateAll: false };
  if (notice !== undefined) setNotice(d.s, notice.kind, notice.detail);
  if (integrity.deflate) {
    if (isActive(d.s)) safetyDeflate(d);
    else d.deflateAll = true;
    d.persist = true;
  }

  advanceClock(d);
  handle(d, event);
  advanceClock(d); // a rep target or skipped rest may have ended a phase
  timeRules(d);
  timedCues(d);
  reconcileCuffs(d);

  if (d.boundaryBuzz) d.effects.push({ type: 'vibrate', pattern: d.boundaryBuzz });
  if (d.persist && d.s.status !== 'ready') d.effects.push({ type: 'persist', record: d.s.record });
  d.effects.push({ type: 'view', view: buildView(d.s, now) });
  return { state: d.s, effects: d.effects };
}

function handle(d: Draft, event: SessionEvent): void {
  switch (event.type) {
    case 'tick':
    case 'resume':
      return;
    case 'rep':
      return count(d, 'rep', 1);
    case 'step':
      // A whole number of steps, 1..10000; anything else is refused.
      if (event.count !== undefined && !isWholeIn(event.count, 1, MAX_STEPS_PER_EVENT)) return;
      return count(d, 'step', event.count === undefined ? 1 : event.count);
    case 'recount':
      return recount(d, event.setIndex, event.reps, event.live);
    case 'pedometer':
      if (isWholeIn(event.totalSteps, 0, Number.MAX_SAFE_INTEGER)) {
        d.s.pedometerLast = event.totalSteps;
        if (d.s.pedometerAtSetStart === null) d.s.pedometerAtSetStart = d.s.pedometerLast;
      }
      return;
    case 'pressure':
      return onPressure(d, event.reading);
    case 'heartRate':
      return onHeartRate(d, event.bpm);
    case 'button':
      return press(d, event.press);
    case 'linkUp':
      d.s.linkUp = true;
      resolveAlarm(d, 'linkLost');
      return;
    case 'linkDown':
      return onLinkDown(d);
    case 'controllerError':
      return onControllerError(d);
  }
}

/** Reps (and pedal strokes in cadence mode) or steps count toward the current work set. */
function count(d: Draft, source: 'rep' | 'step', amount: number): void {
  const phase = currentPhase(d.s);
  if (!phase || phase.kind !== 'work' || !(amount > 0)) return;
  const mode = d.s.program.sets[phase.setIndex].countingMode;
  const wanted = mode === 'steps' ? 'step' : mode === 'reps' || mode === 'cadence' ? 'rep' : null;
  if (wanted !== source) return;
  const set = d.s.record.sets[phase.setIndex];
  const n = Math.min(MAX_COUNT, Math.floor(amount));
  patchSet(d, phase.setIndex, { counted: Math.min(MAX_COUNT, set.counted + n), corrected: Math.min(MAX_COUNT, set.corrected + n) });
  checkTarget(d);
}

/**
 * The end-of-set recount of a rep set goes into its record as recountedReps: the live count
 * (`counted`) stays as the watch showed it, and the count that the summary and exports use
 * (`corrected`) becomes the recount unless the trainee already corrected it with +/- (their
 * word wins). Accepted once per set, only for a rep set whose work is over; anything
 * malformed is ignored (the live count stands).
 */
function recount(d: Draft, setIndex: unknown, reps: unknown, live: unknown): void {
  const record = d.s.record;
  if (!isWholeIn(setIndex, 0, record.sets.length - 1) || !isWholeIn(reps, 0, MAX_COUNT) || !isWholeIn(live, 0, MAX_COUNT)) return;
  const set = record.sets[setIndex];
  if (set.countingMode !== 'reps' || set.recountedReps !== undefined) return;
  let over = false;
  for (const p of record.phases) {
    if (p.kind === 'work' && p.setIndex === setIndex && p.actualStartMs !== null) over = p.actualEndMs !== null;
  }
  if (!over) return;
  const recounted = Math.max(0, Math.min(MAX_COUNT, set.counted + reps - live));
  const patch: Partial<SetRecord> = { recountedReps: recounted };
  if (set.corrected === set.counted) patch.corrected = recounted;
  patchSet(d, setIndex, patch);
  d.persist = true;
}

/** A rep set ends as soon as its (corrected) count reaches the target. */
function checkTarget(d: Draft): void {
  const phase = currentPhase(d.s);
  if (!phase || phase.kind !== 'work') return;
  const target = d.s.program.sets[phase.setIndex].targetReps;
  if (target !== null && d.s.record.sets[phase.setIndex].corrected >= target) endPhase(d, d.now, true);
}

function press(d: Draft, p: ButtonPress): void {
  const s = d.s;
  switch (p.button) {
    case 'start': {
      if (s.status !== 'ready') return;
      const verdict = canStart(s);
      if (!verdict.ok) {
        setNotice(s, verdict.notice, verdict.reason);
        return;
      }
      setNotice(s, null);
      beginSession(d);
      return;
    }
    case 'stop':
      if (s.status === 'running') s.status = 'confirmStop';
      else if (s.status === 'confirmStop') finishSession(d, d.now, 'userStopped');
      return;
    case 'confirmStop':
      if (isActive(s)) finishSession(d, d.now, 'userStopped');
      return;
    case 'cancelStop':
      if (s.status === 'confirmStop') s.status = 'running';
      return;
    case 'pain':
      if (!isActive(s)) return;
      raiseAlarm(d, 'pain');
      finishSession(d, d.now, 'pain');
      return;
    case 'rpe': {
      const rating: unknown = p.rating;
      if (s.status === 'ready') return;
      if (!isValidRpe(rating)) {
        // Outside 1-10 or not whole (7.4, 11, NaN): not recorded. One that still says "above 7"
        // stops the session all the same: the stop rule is the conservative reading.
        if (isActive(s) && typeof rating === 'number' && rpeRequiresStop(rating)) {
          raiseAlarm(d, 'highEffort');
          finishSession(d, d.now, 'highEffort');
        } else {
          setNotice(s, 'rpeInvalid', 'Effort rating not understood: rate 1-10');
        }
        return;
      }
      s.record = { ...s.record, rpe: rating };
      d.persist = true;
      if (isActive(s) && rpeRequiresStop(rating)) {
        raiseAlarm(d, 'highEffort');
        finishSession(d, d.now, 'highEffort');
      }
      return;
    }
    case 'skipRest': {
      const phase = currentPhase(s);
      if (phase && phase.kind === 'rest') endPhase(d, d.now, false);
      return;
    }
    case 'repCorrection': {
      const phase = currentPhase(s);
      if (!phase || (p.delta !== 1 && p.delta !== -1)) return;
      const set = s.record.sets[phase.setIndex];
      patchSet(d, phase.setIndex, { corrected: Math.max(0, Math.min(MAX_COUNT, set.corrected + p.delta)) });
      d.persist = true;
      checkTarget(d);
      return;
    }
  }
}
