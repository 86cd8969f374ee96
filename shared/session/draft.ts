// One step's working copy. `s` is a fresh shallow copy of the input state: helpers replace its
// fields with new objects and never write into anything the input state still points to, so
// step() stays a pure reducer.
import type { AlarmKind } from '../protocol/vocabulary';
import { MAX_ALARMS, MAX_PRESSURE_SAMPLES, PhaseRecord, PressureSample, SetRecord } from '../protocol/sessionRecord';
import { mostSevere } from './alarms';
import type { Effect, VibrationPattern } from './effects';
import type { SessionState, CuffRuntime } from './state';

export interface Draft {
  s: SessionState;
  now: number;
  effects: Effect[];
  /** The buzz for the latest phase boundary of this step (one buzz even if a late tick crossed several). */
  boundaryBuzz: VibrationPattern | null;
  /** A persist effect is due (phase boundary, end, rating). */
  persist: boolean;
  /** Deflate with deflateAll (safety) rather than cuff by cuff. */
  deflateAll: boolean;
}

export const ALARM_MESSAGES: Readonly<Record<AlarmKind, string>> = {
  overPressure: 'Pressure too high: cuffs released',
  underPressure: 'Pressure low',
  stalePressureWarn: 'No pressure reading',
  stalePressureDeflate: 'No pressure reading: cuffs released',
  linkLost: 'Phone link lost: cuffs released',
  occlusionBudget: 'Time limit: cuffs down for 3 min',
  pain: 'Stopped for pain or numbness',
  highEffort: 'Stopped: effort above 7/10',
  // The deflate that follows may fail too (stuck valve, wrong token, controller down): never
  // claim the cuffs are down, tell the trainee what to do.
  controllerError: 'Cuff controller error: loosen cuffs by hand',
  // Also said with wraps (nothing to deflate): the trainee takes them off and slows down.
  heartRateHigh: 'Heart rate high: cuffs off, slow down',
  // A Bluetooth cuff is read-only: the watch cannot release it, the trainee must (the view adds
  // the time since inflation).
  releaseCuff: 'Release the cuff now',
};

export function isActive(s: SessionState): boolean {
  return s.status === 'running' || s.status === 'confirmStop';
}

export function currentPhase(s: SessionState): PhaseRecord | null {
  return isActive(s) ? s.record.phases[s.phaseIndex] || null : null;
}

export function patchPhase(d: Draft, index: number, patch: Partial<PhaseRecord>): void {
  const phases = d.s.record.phases.slice();
  phases[index] = { ...phases[index], ...patch };
  d.s.record = { ...d.s.record, phases };
}

export function patchSet(d: Draft, index: number, patch: Partial<SetRecord>): void {
  const sets = d.s.record.sets.slice();
  sets[index] = { ...sets[index], ...patch };
  d.s.record = { ...d.s.record, sets };
}

export function patchCuff(d: Draft, index: number, patch: Partial<CuffRuntime>): void {
  const cuffs = d.s.cuffs.slice();
  cuffs[index] = { ...cuffs[index], ...patch };
  d.s.cuffs = cuffs;
}

/**
 * Every alarm: a vibration, an alarm effect, a record entry, and the alarm joins the active set.
 * The screen shows the most severe active alarm (alarms.ts), so a lesser alarm raised later in
 * the same step (or any later step) never hides a more severe one that is still active.
 */
export function raiseAlarm(d: Draft, kind: AlarmKind): void {
  const message = ALARM_MESSAGES[kind];
  d.effects.push({ type: 'vibrate', pattern: 'alarm' }, { type: 'alarm', kind, message });
  if (d.s.activeAlarms.indexOf(kind) < 0) d.s.activeAlarms = d.s.activeAlarms.concat([kind]);
  syncAlarmText(d.s);
  const record = d.s.record;
  if (record.alarms.length < MAX_ALARMS) {
    d.s.record = { ...record, alarms: record.alarms.concat([{ atMs: d.now, kind, message }]) };
  } else {
    d.s.record = { ...record, alarmsDropped: record.alarmsDropped + 1 };
  }
  d.persist = true;
}

export function isAlarmActive(s: SessionState, kind: AlarmKind): boolean {
  return s.activeAlarms.indexOf(kind) >= 0;
}

/** The condition behind this alarm is over: it leaves the screen (the record keeps it). */
export function resolveAlarm(d: Draft, kind: AlarmKind): void {
  if (!isAlarmActive(d.s, kind)) return;
  d.s.activeAlarms = d.s.activeAlarms.filter((k) => k !== kind);
  syncAlarmText(d.s);
}

/**
 * A new phase resolves every alarm except a lost link that is still lost, a heart rate still
 * high, and a Bluetooth cuff not yet released (only a reading that shows it released ends that one).
 */
export function resolveAlarmsAtPhase(d: Draft): void {
  const keep = d.s.activeAlarms.filter((k) => (k === 'linkLost' && !d.s.linkUp) || (k === 'heartRateHigh' && d.s.heartRate.tripped) || (k === 'releaseCuff' && d.s.release !== null));
  if (keep.length === d.s.activeAlarms.length) return;
  d.s.activeAlarms = keep;
  syncAlarmText(d.s);
}

/** alarmText is derived: the message of the most severe active alarm. */
export function syncAlarmText(s: SessionState): void {
  const top = mostSevere(s.activeAlarms);
  s.alarmText = top === null ? null : ALARM_MESSAGES[top];
}

/** Append a pressure sample; when the buffer is full keep every other sample per cuff and double the spacing. */
export function appendSample(d: Draft, sample: PressureSample): void {
  const record = d.s.record;
  let samples = record.pressureSamples;
  let intervalMs = record.sampleIntervalMs;
  if (samples.length >= MAX_PRESSURE_SAMPLES) {
    const seen: Record<string, number> = {};
    samples = samples.filter((x) => {
      const n = seen[x.cuffId] || 0;
      seen[x.cuffId] = n + 1;
      return n % 2 === 0;
    });
    intervalMs = Math.min(intervalMs * 2, 1024000);
  }
  d.s.record = { ...record, pressureSamples: samples.concat([sample]), sampleIntervalMs: intervalMs };
}
