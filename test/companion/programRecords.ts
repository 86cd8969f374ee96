// A session record for every program in the catalog, written by the real session engine
// (shared/session) as the watch writes it: started, fed a tick and cuff readings every second,
// counts at a steady human pace, an effort rating in each rest, run to the end. Every record
// persisted on the way is collected too (the pushes the watch would make).
import { PROGRAMS, PROGRAM_IDS, type ProgramId } from '../../shared/programs/catalog';
import { createSession, step } from '../../shared/session';
import type { SessionEvent, SessionState } from '../../shared/session';
import type { SessionRecord } from '../../shared/protocol/sessionRecord';
import type { ScreeningAnswers } from '../../shared/protocol/screening';

export const T0 = Date.UTC(2026, 4, 11, 17, 30, 0);

const screening: ScreeningAnswers = {
  v: 1, kind: 'screening', answeredAtMs: T0 - 60000,
  answers: {
    pregnancy: false, clotting: false, dialysisPort: false, woundOrFracture: false,
    limbInfection: false, sickleCell: false, severeHypertension: false, recentSurgery: false,
  },
};

export interface ProgramRun {
  programId: ProgramId;
  record: SessionRecord;
  /** Every record the engine asked to persist, in order (in progress ones included). */
  persisted: SessionRecord[];
}

/**
 * A wrist heart rate for runProgram: given the seconds since start and whether a work phase
 * runs, a bpm, or null for a dropout (no event that second).
 */
export type HeartRateFeed = (second: number, working: boolean) => number | null;

/** Runs one program through the engine; the final record is completed. */
export function runProgram(programId: ProgramId, sessionId = 'prog-' + programId, heartRate?: HeartRateFeed): ProgramRun {
  const program = PROGRAMS[programId];
  const cuffs = program.device === 'cuffs' ? [{ cuffId: program.limb, lopMmHg: program.limb === 'leg' ? 180 : 140 }] : [];
  let s: SessionState = createSession({
    sessionId, program, restriction: program.device === 'cuffs' ? 'cuffs' : 'wraps', cuffs, screening,
    device: { platform: 'zepp', model: 'Balance', appVersion: '0.1.0', controller: cuffs.length ? 'sim' : null }, nowMs: T0,
  });
  const persisted: SessionRecord[] = [];
  const feed = (e: SessionEvent) => {
    const r = step(s, e);
    s = r.state;
    for (const eff of r.effects) if (eff.type === 'persist') persisted.push(eff.record);
  };
  feed({ type: 'button', nowMs: T0, press: { button: 'start' } });
  let seq = 0;
  let rated = -1;
  for (let t = T0 + 1000; s.status !== 'finished' && t < T0 + 3 * 3600000; t += 1000) {
    const phase = s.record.phases[s.phaseIndex];
    if (phase && phase.kind === 'work') {
      const mode = program.sets[phase.setIndex].countingMode;
      // Steps ~1.8/s (odd counts now and then), pedal strokes 1/s, reps every 3 s.
      if (mode === 'steps') feed({ type: 'step', nowMs: t, count: (t / 1000) % 5 === 0 ? 1 : 2 });
      else if (mode === 'cadence') feed({ type: 'rep', nowMs: t });
      else if (mode === 'reps' && ((t - T0) / 1000) % 3 === 0) feed({ type: 'rep', nowMs: t });
    }
    if (phase && phase.kind === 'rest' && rated !== s.phaseIndex) {
      rated = s.phaseIndex;
      feed({ type: 'button', nowMs: t, press: { button: 'rpe', rating: 5 } });
    }
    for (const c of s.record.cuffs) {
      const target = c.targetMmHg;
      const holding = s.inflated && target !== null;
      const mmHg = holding ? target + Math.sin(t / 3000) * 4 : 2;
      feed({
        type: 'pressure', nowMs: t,
        reading: { v: 1, kind: 'pressure', cuffId: c.cuffId, mmHg: Math.round(mmHg * 10) / 10, targetMmHg: holding ? target : null, state: holding ? 'holding' : 'idle', seq: ++seq, controllerTimeMs: t - T0 },
      });
    }
    if (heartRate) {
      const bpm = heartRate((t - T0) / 1000, !!phase && phase.kind === 'work');
      if (bpm !== null) feed({ type: 'heartRate', nowMs: t, bpm });
    }
    feed({ type: 'tick', nowMs: t });
  }
  if (s.status !== 'finished') throw new Error(programId + ' did not finish');
  return { programId, record: s.record, persisted };
}

/** One run per program in the catalog. */
export function runEveryProgram(): ProgramRun[] {
  return PROGRAM_IDS.map((id) => runProgram(id));
}
