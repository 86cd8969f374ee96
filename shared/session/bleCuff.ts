// The engine side of a standard Bluetooth cuff (Blood Pressure Service 0x1810): the watch reads
// its pressure but cannot deflate it. The trainee pumps it up and opens its valve, so:
//   - inflated / released is what the readings say (with hysteresis), not what we commanded;
//   - every rule that would deflate controller cuffs (over-pressure, occlusion budget, stale
//     reading, pain, effort, the end) asks the trainee instead: alarm `releaseCuff`, a buzz
//     repeated every RELEASE_REMINDER_MS until a reading shows the cuff released;
//   - the phone link plays no part (no phone needed), and no cuff command is ever emitted.
import type { AlarmKind } from '../protocol/vocabulary';
import { BAND_FRACTION } from '../safety/limits';
import { mayInflate } from '../safety/occlusionBudget';
import { Draft, isActive, isAlarmActive, raiseAlarm, resolveAlarm } from './draft';
import { markDeflated, markInflated } from './inflation';
import type { CuffRuntime, SessionState } from './state';

/** A reading at or above this counts as the cuff being up (a hand pump's first strokes). */
export const BLE_INFLATED_MMHG = 20;
/** At or below this the cuff counts as released (well under any restrictive pressure). */
export const BLE_RELEASED_MMHG = 10;
/** The "release the cuff now" buzz repeats this often until the release is seen. */
export const RELEASE_REMINDER_MS = 5000;

/**
 * A hand-pumped cuff has no "holding" state to report: it counts as holding once it has come
 * within the band of its target during this inflation (under-band while pumping is expected).
 */
export function bleHolding(cuff: CuffRuntime, mmHg: number, inflated: boolean): boolean {
  if (!inflated) return false;
  return cuff.holding || (cuff.targetMmHg !== null && mmHg >= cuff.targetMmHg * (1 - BAND_FRACTION));
}

/**
 * Ask the trainee to release the cuff (once per inflation; the reminder buzz repeats it). A
 * rule's request is an alarm; the normal end (completed, stopped by the trainee) expects the
 * release like a rest does, so it asks on screen and by the reminder buzz without an alarm.
 */
export function requestRelease(d: Draft, reason: AlarmKind | null, alarm = true): void {
  const s = d.s;
  if (s.release !== null) {
    if (alarm && !isAlarmActive(s, 'releaseCuff')) raiseAlarm(d, 'releaseCuff');
    return;
  }
  const inflatedAtMs = s.budget.inflatedSinceMs === null ? d.now : s.budget.inflatedSinceMs;
  s.release = { inflatedAtMs, reason, nextBuzzAtMs: d.now + RELEASE_REMINDER_MS };
  if (alarm) raiseAlarm(d, 'releaseCuff');
}

/** Released: the request and its alarm end (the record keeps the alarm). */
function released(d: Draft): void {
  d.s.release = null;
  resolveAlarm(d, 'releaseCuff');
}

/** The reading moved the cuff up or down (called with every parsed reading). */
export function observeBleReading(d: Draft, mmHg: number): void {
  const s = d.s;
  if (mmHg <= BLE_RELEASED_MMHG) {
    if (s.inflated) markDeflated(d);
    if (s.release !== null) released(d);
    return;
  }
  if (s.inflated || !isActive(s) || mmHg < BLE_INFLATED_MMHG) return;
  markInflated(d);
  // Up while a rule still keeps the cuffs down (after a safety release, or before the
  // reperfusion time is over): ask for the release again.
  const held = s.holdUntilPhase !== null && s.phaseIndex < s.holdUntilPhase;
  if (!mayInflate(s.program.limb, s.budget, d.now)) requestRelease(d, 'occlusionBudget');
  else if (held) requestRelease(d, null);
}

/**
 * End of the engine step for a Bluetooth cuff: a deflate any rule asked for (finish, damaged
 * state) becomes a release request; after the session the inflation is closed in the record
 * (the request stays until a reading shows the release); the reminder buzz repeats.
 */
export function reconcileBle(d: Draft): void {
  const s = d.s;
  if (d.deflateAll && s.inflated) {
    const reason = s.record.endReason;
    requestRelease(d, null, !(s.status === 'finished' && (reason === 'completed' || reason === 'userStopped')));
  }
  if (!isActive(s) && s.inflated) markDeflated(d);
  if (s.release !== null && d.now >= s.release.nextBuzzAtMs) {
    d.effects.push({ type: 'vibrate', pattern: 'alarm' });
    s.release = { ...s.release, nextBuzzAtMs: d.now + RELEASE_REMINDER_MS };
  }
}

/** Time since the cuff went up while a release is asked, else null (the view shows it). */
export function releaseHeldMs(s: SessionState, nowMs: number): number | null {
  return s.release === null ? null : Math.max(0, nowMs - s.release.inflatedAtMs);
}
