// Alarms by severity. Several alarms can be active at once (a stale reading and a controller
// error in the same second); every one buzzes and is recorded when raised, and the screen shows
// the most severe active one until it is resolved, then the next. Keyed by alarm kind, so the
// order does not depend on the message texts.
import type { AlarmKind } from '../protocol/vocabulary';

/**
 * Most severe first. The order is what the trainee must do or know first:
 * - controllerError: the deflate may have failed, "loosen cuffs by hand" (a manual action) beats all;
 * - releaseCuff: a Bluetooth cuff the watch cannot deflate must be released by hand, same footing;
 * - pain, highEffort: the session stopped for the trainee's body;
 * - overPressure: a measured over-pressure;
 * - heartRateHigh: cuffs released for the trainee's heart, who must slow down (an action);
 * - linkLost: the watch can no longer command the cuffs at all;
 * - stalePressureDeflate, occlusionBudget: cuffs released by a rule;
 * - stalePressureWarn, underPressure: warnings, nothing released.
 */
export const ALARM_SEVERITY_ORDER: ReadonlyArray<AlarmKind> = [
  'controllerError', 'releaseCuff', 'pain', 'highEffort', 'overPressure', 'heartRateHigh', 'linkLost',
  'stalePressureDeflate', 'occlusionBudget', 'stalePressureWarn', 'underPressure',
];

/** Larger is more severe; an unknown kind ranks below every known one. */
export function alarmSeverity(kind: AlarmKind): number {
  const i = ALARM_SEVERITY_ORDER.indexOf(kind);
  return i < 0 ? -1 : ALARM_SEVERITY_ORDER.length - i;
}

/** Active alarms, most severe first (no duplicates). */
export function sortBySeverity(kinds: ReadonlyArray<AlarmKind>): AlarmKind[] {
  const out: AlarmKind[] = [];
  for (const k of ALARM_SEVERITY_ORDER) if (kinds.indexOf(k) >= 0) out.push(k);
  return out;
}

export function mostSevere(kinds: ReadonlyArray<AlarmKind>): AlarmKind | null {
  let best: AlarmKind | null = null;
  for (const k of kinds) if (best === null || alarmSeverity(k) > alarmSeverity(best)) best = k;
  return best;
}
