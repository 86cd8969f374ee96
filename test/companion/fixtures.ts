// Realistic session records for companion tests. Every record made here passes
// parseSessionRecord (makeRecord throws otherwise), so a schema change shows up here first.
import {
  parseSessionRecord, PhaseRecord, PressureSample, SessionRecord, SetRecord,
} from '../../shared/protocol/sessionRecord';
import type { CountingMode, Exercise } from '../../shared/protocol/vocabulary';

export type FixtureKind = 'walk' | 'resistance' | 'cycle' | 'wraps';

export interface FixtureOptions {
  id?: string;
  kind?: FixtureKind;
  startedAtMs?: number;
  /** Phases finished so far; when fewer than all, the record is in progress. */
  phasesDone?: number;
  programName?: string;
  rpe?: number | null;
}

interface Plan {
  programId: string;
  programName: string;
  limb: 'arm' | 'leg';
  restrictionMode: 'intermittent' | 'continuous';
  restriction: 'cuffs' | 'wraps';
  exercise: Exercise;
  countingMode: CountingMode;
  targets: Array<number | null>;
  workMs: number;
  restMs: number;
  /** What the counter counts per set. */
  perSet: (i: number) => number;
}

const PLANS: Record<FixtureKind, Plan> = {
  walk: {
    programId: 'walk-intervals', programName: 'Walk intervals', limb: 'leg', restrictionMode: 'intermittent',
    restriction: 'cuffs', exercise: 'walk', countingMode: 'steps', targets: [null, null, null, null, null],
    workMs: 120000, restMs: 60000, perSet: (i) => 221 + 3 * i,
  },
  resistance: {
    programId: 'resistance-30-15-15-15', programName: 'Resistance 30-15-15-15', limb: 'arm',
    restrictionMode: 'continuous', restriction: 'cuffs', exercise: 'arm-curl', countingMode: 'reps',
    targets: [30, 15, 15, 15], workMs: 75000, restMs: 30000, perSet: (i) => (i === 0 ? 29 : 15 - i),
  },
  cycle: {
    programId: 'cycle-intervals', programName: 'Cycle intervals', limb: 'leg', restrictionMode: 'intermittent',
    restriction: 'cuffs', exercise: 'cycle', countingMode: 'cadence', targets: [null, null, null],
    workMs: 120000, restMs: 60000, perSet: (i) => 140 + i,
  },
  wraps: {
    programId: 'quick-wrist', programName: 'Quick wraps', limb: 'arm', restrictionMode: 'continuous',
    restriction: 'wraps', exercise: 'arm-curl', countingMode: 'reps', targets: [null, null, null, null],
    workMs: 60000, restMs: 30000, perSet: (i) => 20 - i,
  },
};

/** 2026-03-14 09:00:00 UTC. */
export const T0 = Date.UTC(2026, 2, 14, 9, 0, 0);
let counter = 0;

export function makeRecord(options: FixtureOptions = {}): SessionRecord {
  const kind = options.kind || 'walk';
  const plan = PLANS[kind];
  const startedAtMs = options.startedAtMs ?? T0;
  const id = options.id || 'sess-' + kind + '-' + (++counter);
  const cuffs = plan.restriction === 'cuffs';

  // Timeline: work, rest, work, ..., work (no rest after the last set). Actual times drift a
  // little from planned ones, as they do on a real watch.
  const phases: PhaseRecord[] = [];
  let t = startedAtMs;
  plan.targets.forEach((_, i) => {
    phases.push({ kind: 'work', setIndex: i, plannedStartMs: t, plannedEndMs: t + plan.workMs, actualStartMs: t + 40 * i, actualEndMs: t + plan.workMs + 40 * i + 17 });
    t += plan.workMs;
    if (i < plan.targets.length - 1) {
      phases.push({ kind: 'rest', setIndex: i, plannedStartMs: t, plannedEndMs: t + plan.restMs, actualStartMs: t + 40 * i + 17, actualEndMs: t + plan.restMs + 40 * (i + 1) });
      t += plan.restMs;
    }
  });
  const phasesDone = Math.min(options.phasesDone ?? phases.length, phases.length);
  const inProgress = phasesDone < phases.length;
  phases.forEach((p, i) => {
    if (i === phasesDone) p.actualEndMs = null; // the phase running now
    if (i > phasesDone) {
      p.actualStartMs = null;
      p.actualEndMs = null;
    }
  });
  const lastEnd = phases[phases.length - 1].actualEndMs as number;
  const reachedMs = inProgress ? (phases[phasesDone].actualStartMs as number) : lastEnd;

  const startedSets = new Set(phases.filter((p) => p.actualStartMs !== null).map((p) => p.setIndex));
  const sets: SetRecord[] = plan.targets
    .map((target, i): SetRecord => {
      const counted = plan.perSet(i);
      const set: SetRecord = {
        setIndex: i, exercise: plan.exercise, countingMode: plan.countingMode, target,
        counted, corrected: i === 1 ? counted + 1 : counted,
        inBandMs: cuffs ? 2 * plan.workMs - 4000 * (i + 1) : 0,
        pressureMs: cuffs ? 2 * plan.workMs : 0,
      };
      if (plan.countingMode === 'steps') set.systemSteps = counted + 4;
      return set;
    })
    .filter((s) => startedSets.has(s.setIndex));

  // Pressure: two cuffs, interval doubled until the samples fit (as the watch does).
  const samples: PressureSample[] = [];
  let sampleIntervalMs = 1000;
  if (cuffs) {
    const durationMs = reachedMs - startedAtMs;
    while ((durationMs / sampleIntervalMs + 1) * 2 > 1200) sampleIntervalMs *= 2;
    for (let at = 0; at <= durationMs; at += sampleIntervalMs) {
      const wobble = Math.round(Math.sin(at / 7000) * 40) / 10;
      samples.push({ atMs: at, cuffId: 'left', mmHg: 108 + wobble });
      samples.push({ atMs: at, cuffId: 'right', mmHg: 110.5 - wobble });
    }
  }

  const record: SessionRecord = {
    v: 1,
    id,
    programId: plan.programId,
    programName: options.programName ?? plan.programName,
    limb: plan.limb,
    restrictionMode: plan.restrictionMode,
    restriction: plan.restriction,
    usedCuffs: cuffs,
    percentLop: cuffs ? 60 : null,
    cuffs: cuffs
      ? [{ cuffId: 'left', lopMmHg: 180, targetMmHg: 108 }, { cuffId: 'right', lopMmHg: 184, targetMmHg: 110.4 }]
      : [],
    startedAtMs,
    endedAtMs: inProgress ? null : lastEnd,
    status: inProgress ? 'inProgress' : 'completed',
    endReason: inProgress ? null : 'completed',
    phases,
    sets,
    sampleIntervalMs,
    pressureSamples: samples,
    occlusion: cuffs ? [{ limb: plan.limb, totalMs: reachedMs - startedAtMs, longestContinuousMs: plan.workMs + plan.restMs }] : [],
    alarms: cuffs ? [{ atMs: startedAtMs + 30000, kind: 'underPressure', message: 'Left cuff below band' }] : [],
    alarmsDropped: 0,
    rpe: options.rpe !== undefined ? options.rpe : inProgress ? null : 6,
    device: { platform: 'zeppos', model: 'Balance', appVersion: '0.1.0', controller: cuffs ? 'sim-controller' : null },
  };
  const parsed = parseSessionRecord(record);
  if (!parsed.ok) throw new Error('fixture does not pass the schema: ' + parsed.error);
  return record;
}

export function push(record: SessionRecord): unknown {
  return { v: 1, kind: 'sessionPush', record };
}

/** Deep copy through JSON, as a record arrives over BLE. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** RFC 4180 reader for checking CSV output (quoted cells, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell); rows.push(row); row = []; cell = ''; i++;
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}
