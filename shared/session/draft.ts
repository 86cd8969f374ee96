// One step's working copy. `s` is a fresh shallow copy of the input state: helpers replace its
// fields with new objects and never write into anything the input state still points to, so
// step() stays a pure reducer.
import type { AlarmKind } from '../protocol/vocabulary';
import { MAX_ALARMS, MAX_PRESSURE_SAMPLES, PhaseRecord, PressureSample, SetRecord } from '../protocol/sessionRecord';
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

/** Every alarm: a vibration, an alarm effect, the text on screen (the step always ends with a view) and a record entry. */
export function raiseAlarm(d: Draft, kind: AlarmKind): void {
  const message = ALARM_MESSAGES[kind];
  d.effects.push({ type: 'vibrate', pattern: 'alarm' }, { type: 'alarm', kind, message });
  d.s.alarmText = message;
  const record = d.s.record;
  if (record.alarms.length < MAX_ALARMS) {
    d.s.record = { ...record, alarms: record.alarms.concat([{ atMs: d.now, kind, message }]) };
  } else {
    d.s.record = { ...record, alarmsDropped: record.alarmsDropped + 1 };
  }
  d.persist = true;
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
