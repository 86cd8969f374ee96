// Phases on the clock. The plan is laid out once at start; each phase ends at an absolute time
// (its actual start + its planned length), and the next one starts at that time, not at the
// tick that noticed it, so a late tick never stretches a phase.
import { MAX_COUNT, PhaseRecord, SetRecord } from '../protocol/sessionRecord';
import type { Program } from '../programs/program';
import { summariseHeartRate } from './heartRateLog';
import { currentPhase, Draft, isActive, patchPhase, patchSet, resolveAlarmsAtPhase } from './draft';

const TEN_SECONDS = 10000;

export function planPhases(program: Program, startMs: number): { phases: PhaseRecord[]; sets: SetRecord[] } {
  const phases: PhaseRecord[] = [];
  const sets: SetRecord[] = [];
  let t = startMs;
  program.sets.forEach((set, i) => {
    phases.push({ kind: 'work', setIndex: i, plannedStartMs: t, plannedEndMs: t + set.workMs, actualStartMs: null, actualEndMs: null });
    t += set.workMs;
    sets.push({
      setIndex: i, setId: set.id, exercise: set.exercise, countingMode: set.countingMode, target: set.targetReps,
      counted: 0, corrected: 0, inBandMs: 0, pressureMs: 0,
    });
    if (i < program.sets.length - 1 && set.restAfterMs > 0) {
      phases.push({ kind: 'rest', setIndex: i, plannedStartMs: t, plannedEndMs: t + set.restAfterMs, actualStartMs: null, actualEndMs: null });
      t += set.restAfterMs;
    }
  });
  return { phases, sets };
}

function phaseLengthMs(phase: PhaseRecord): number {
  return phase.plannedEndMs - phase.plannedStartMs;
}

export function beginSession(d: Draft): void {
  const s = d.s;
  const plan = planPhases(s.program, d.now);
  s.status = 'running';
  s.record = { ...s.record, startedAtMs: d.now, phases: plan.phases, sets: plan.sets };
  enterPhase(d, 0, d.now);
  d.boundaryBuzz = 'workStart';
}

function enterPhase(d: Draft, index: number, atMs: number): void {
  const s = d.s;
  const phase = s.record.phases[index];
  s.phaseIndex = index;
  s.phaseStartMs = atMs;
  s.phaseEndMs = atMs + phaseLengthMs(phase);
  s.tenSecondWarned = false;
  s.tempoBeats = 0;
  resolveAlarmsAtPhase(d);
  if (phase.kind === 'work') s.pedometerAtSetStart = s.pedometerLast;
  patchPhase(d, index, { actualStartMs: atMs });
  d.persist = true;
}

/** Close a work phase's set: the pedometer's second opinion and the heart rate over the set. */
function closeSet(d: Draft, setIndex: number): void {
  const s = d.s;
  const phase = s.record.phases[s.phaseIndex];
  const log = s.record.heartRateSamples;
  if (log && log.length && phase && phase.actualStartMs !== null && phase.actualEndMs !== null) {
    const start = s.record.startedAtMs;
    const hr = summariseHeartRate(log, phase.actualStartMs - start, phase.actualEndMs - start + 1);
    if (hr) patchSet(d, setIndex, { heartRateMeanBpm: hr.meanBpm, heartRateMaxBpm: hr.maxBpm });
  }
  if (s.pedometerLast !== null && s.pedometerAtSetStart !== null && s.pedometerLast >= s.pedometerAtSetStart) {
    patchSet(d, setIndex, { systemSteps: Math.min(MAX_COUNT, s.pedometerLast - s.pedometerAtSetStart) });
  }
}

/** End the current phase at atMs; `reachedTarget` when a rep set hit its count. */
export function endPhase(d: Draft, atMs: number, reachedTarget: boolean): void {
  const s = d.s;
  const index = s.phaseIndex;
  const phase = s.record.phases[index];
  patchPhase(d, index, { actualEndMs: atMs });
  if (phase.kind === 'work') closeSet(d, phase.setIndex);
  if (index + 1 >= s.record.phases.length) {
    finishSession(d, atMs, 'completed');
    return;
  }
  enterPhase(d, index + 1, atMs);
  if (s.record.phases[index + 1].kind === 'work') d.boundaryBuzz = 'workStart';
  else d.boundaryBuzz = reachedTarget ? 'setDone' : 'restStart';
}

export type EndReason = 'completed' | 'userStopped' | 'pain' | 'highEffort';

/** End the session. Cuffs always go down with deflateAll; the record is persisted. */
export function finishSession(d: Draft, atMs: number, reason: EndReason): void {
  const s = d.s;
  if (s.status === 'finished' || s.status === 'ready') return;
  const phase = s.record.phases[s.phaseIndex];
  if (phase && phase.actualEndMs === null) {
    patchPhase(d, s.phaseIndex, { actualEndMs: atMs });
    if (phase.kind === 'work') closeSet(d, phase.setIndex);
  }
  s.status = 'finished';
  s.record = { ...s.record, endedAtMs: atMs, status: reason === 'completed' ? 'completed' : 'stopped', endReason: reason };
  d.deflateAll = true;
  d.persist = true;
  if (reason === 'completed' || reason === 'userStopped') d.boundaryBuzz = 'sessionDone';
  else d.boundaryBuzz = null; // the alarm already buzzed
}

/** Cross every phase boundary up to d.now. */
export function advanceClock(d: Draft): void {
  const s = d.s;
  while (isActive(s) && d.now >= s.phaseEndMs) endPhase(d, s.phaseEndMs, false);
}

/** Ten-second warning before a timed phase ends, and the tempo cue in resistance sets. */
export function timedCues(d: Draft): void {
  const s = d.s;
  const phase = currentPhase(s);
  if (!phase) return;
  const set = s.program.sets[phase.setIndex];
  const timed = phase.kind === 'rest' || set.targetReps === null;
  const left = s.phaseEndMs - d.now;
  if (timed && !s.tenSecondWarned && left > 0 && left <= TEN_SECONDS && s.phaseEndMs - s.phaseStartMs > TEN_SECONDS) {
    s.tenSecondWarned = true;
    if (!d.boundaryBuzz) d.boundaryBuzz = 'tenSecondWarning';
  }
  const beats = tempoBeatsAt(d);
  if (beats !== null && beats > s.tempoBeats) {
    s.tempoBeats = beats;
    if (!d.boundaryBuzz) d.boundaryBuzz = 'tempoTick';
  }
}

/** Tempo beats (each up and each down) elapsed in the current work phase, or null without tempo. */
export function tempoBeatsAt(d: { s: Draft['s']; now: number }): number | null {
  const s = d.s;
  const tempo = s.program.tempo;
  const phase = currentPhase(s);
  if (!tempo || !s.tempoCue || !phase || phase.kind !== 'work' || s.status !== 'running') return null;
  const elapsed = Math.max(0, d.now - s.phaseStartMs);
  const cycle = tempo.upMs + tempo.downMs;
  return Math.floor(elapsed / cycle) * 2 + (elapsed % cycle >= tempo.upMs ? 1 : 0);
}
