// Runs the streaming counters over a trace sample by sample, exactly as the watch would, and
// evaluates folders of traces, optionally leave-one-participant-out with the tunable
// constants re-chosen inside each fold (definitions in shared/motion/README.md).
import { createRepCounter, REP_TUNING_GRID, REP_TUNING_PRIOR, RepTuning } from '../../shared/motion/repCounter';
import { createStepCounter } from '../../shared/motion/stepCounter';
import type { Trace } from './traces';
import { summariseReps, summariseSteps, TraceResult } from './metrics';
import { TRANSFORMS, transformTrace } from './transforms';

/** What the program would tell the counter about the set (the data set has no tempo cue). */
export interface SetContext {
  exercise: string;
}

/** One rep trace: the live count, the end-of-set recount (the record) and the stream repair. */
export function runRepTrace(trace: Trace, ctx: SetContext, tuning: RepTuning): { live: number; counted: number; repaired: number; dropped: number } {
  const { t, x, y, z } = trace;
  // The set starts with the recording (the first sample's time).
  const c = createRepCounter({ exercise: ctx.exercise, unitScale: 1, startTMs: t.length ? t[0] : 0, tuning });
  for (let i = 0; i < t.length; i++) c.push(t[i], x[i], y[i], z[i]);
  const live = c.count;
  const counted = c.finish();
  return { live, counted, repaired: c.repaired, dropped: c.dropped };
}

export function runStepTrace(trace: Trace): { counted: number; repaired: number; dropped: number } {
  const { t, x, y, z } = trace;
  const c = createStepCounter({ unitScale: 1 });
  for (let i = 0; i < t.length; i++) c.push(t[i], x[i], y[i], z[i]);
  return { counted: c.count, repaired: c.repaired, dropped: c.dropped };
}

/**
 * The exercises rest traces are run as: a rest trace (count 0) is what the counter sees when
 * the person does not lift during a set, so it is run once for every exercise that the
 * folder's sets use, and the largest count is its result (the worst case).
 */
export function restExercises(traces: Trace[]): string[] {
  const names = new Set<string>();
  for (const tr of traces) if (tr.label.kind === 'reps' && tr.label.count > 0) names.add(tr.label.activity);
  return names.size ? [...names].sort() : ['unknown'];
}

/** Number of counter runs `evalReps` makes (for progress). */
export function repRuns(traces: Trace[], restAs: string[]): number {
  let n = 0;
  for (const tr of traces) if (tr.label.kind === 'reps') n += tr.label.count > 0 ? 1 : restAs.length;
  return n;
}

export function evalReps(traces: Trace[], tuning: RepTuning, restAs: string[], tick?: () => void): TraceResult[] {
  const out: TraceResult[] = [];
  for (const tr of traces) {
    if (tr.label.kind !== 'reps') continue;
    const as = tr.label.count > 0 ? [tr.label.activity] : restAs;
    let best: TraceResult | null = null;
    for (const exercise of as) {
      const r = runRepTrace(tr, { exercise }, tuning);
      if (tick) tick();
      const res: TraceResult = {
        file: tr.label.file,
        kind: 'reps',
        activity: tr.label.activity,
        subject: tr.label.subject,
        truth: tr.label.count,
        counted: r.counted,
        live: r.live,
        repaired: r.repaired,
        dropped: r.dropped,
        ranAs: tr.label.count > 0 ? undefined : exercise,
      };
      if (!best || res.counted + (res.live || 0) > best.counted + (best.live || 0)) best = res;
    }
    if (best) out.push(best);
  }
  return out;
}

export function evalSteps(traces: Trace[], tick?: () => void): TraceResult[] {
  const out: TraceResult[] = [];
  for (const tr of traces) {
    if (tr.label.kind !== 'steps') continue;
    const r = runStepTrace(tr);
    if (tick) tick();
    out.push({
      file: tr.label.file,
      kind: 'steps',
      activity: tr.label.activity,
      subject: tr.label.subject,
      truth: tr.label.count,
      counted: r.counted,
      repaired: r.repaired,
      dropped: r.dropped,
    });
  }
  return out;
}

/** Every combination of the tuning grid, the prior first. */
export function tuningCandidates(): RepTuning[] {
  const keys = Object.keys(REP_TUNING_GRID) as (keyof RepTuning)[];
  let out: RepTuning[] = [{ ...REP_TUNING_PRIOR }];
  for (const k of keys) {
    const next: RepTuning[] = [];
    for (const c of out) for (const v of REP_TUNING_GRID[k]) next.push({ ...c, [k]: v });
    out = next;
  }
  const same = (a: RepTuning, b: RepTuning) => keys.every((k) => a[k] === b[k]);
  return [{ ...REP_TUNING_PRIOR }, ...out.filter((c) => !same(c, REP_TUNING_PRIOR))];
}

/** Grid steps between a candidate and the prior (REP_TUNING_PRIOR): what breaks a tie. */
export function priorDistance(c: RepTuning): number {
  let d = 0;
  for (const k of Object.keys(REP_TUNING_GRID) as (keyof RepTuning)[]) {
    const grid = REP_TUNING_GRID[k];
    d += Math.abs(grid.indexOf(c[k]) - grid.indexOf(REP_TUNING_PRIOR[k]));
  }
  return d;
}

/**
 * What tuning minimises: the mean absolute error of the record and of the live count over the
 * sets, plus the reps counted in rest traces (each one as bad as a rep missed in a set).
 */
export function tuningLoss(results: TraceResult[]): number {
  const s = summariseReps(results);
  if (!s.sets) return s.restFalse + (s.live ? s.live.restFalse : 0);
  const live = s.live || { mae: 0, restFalse: 0 };
  return (s.mae + live.mae) / 2 + (s.restFalse + live.restFalse) / (2 * s.sets);
}

/**
 * Chooses the tuning on `train` (no trace of the person judged): the lowest loss; among equal
 * losses the candidate closest to the data-free prior (REP_TUNING_PRIOR), so nothing chosen
 * with the person judged (such as the shipped REP_TUNING) decides a tie.
 */
export function tuneReps(train: Trace[], restAs: string[], tick?: () => void): { tuning: RepTuning; loss: number } {
  const reps = train.filter((tr) => tr.label.kind === 'reps');
  if (!reps.some((tr) => tr.label.count > 0)) return { tuning: { ...REP_TUNING_PRIOR }, loss: NaN };
  let best: RepTuning = { ...REP_TUNING_PRIOR };
  let bestLoss = Infinity;
  let bestDist = Infinity;
  for (const cand of tuningCandidates()) {
    const loss = tuningLoss(evalReps(reps, cand, restAs, tick));
    const dist = priorDistance(cand);
    if (loss < bestLoss - 1e-9 || (loss < bestLoss + 1e-9 && dist < bestDist)) {
      bestLoss = loss;
      bestDist = dist;
      best = cand;
    }
  }
  return { tuning: best, loss: bestLoss };
}

export { summariseReps, summariseSteps };

export interface InvarianceCheck {
  file: string;
  transform: string;
  seed: number;
  base: { live: number; counted: number };
  got: { live: number; counted: number };
}

/**
 * The invariance properties on recordings: every rep set (count > 0) is transformed (a random
 * 3-D rotation with `rotations` seeds, resampling to 25/50/100 Hz, time stretch and gain of
 * +-20 %) and counted again; a check fails when the live count or the record moves by more
 * than one from the untransformed trace's.
 */
export function invarianceChecks(traces: Trace[], tuning: RepTuning, rotations: number, tick?: () => void): { checks: InvarianceCheck[]; failed: InvarianceCheck[] } {
  const checks: InvarianceCheck[] = [];
  for (const tr of traces) {
    if (tr.label.kind !== 'reps' || tr.label.count === 0) continue;
    const ctx = { exercise: tr.label.activity };
    const b = runRepTrace(tr, ctx, tuning);
    for (const tf of TRANSFORMS) {
      const seeds = tf.kind === 'rotate' ? Array.from({ length: rotations }, (_, i) => i + 1) : [1];
      for (const seed of seeds) {
        const s = transformTrace(tr, tf, seed);
        const g = runRepTrace({ ...tr, t: s.t, x: s.x, y: s.y, z: s.z }, ctx, tuning);
        if (tick) tick();
        checks.push({ file: tr.label.file, transform: tf.name, seed, base: { live: b.live, counted: b.counted }, got: { live: g.live, counted: g.counted } });
      }
    }
  }
  const failed = checks.filter((c) => Math.abs(c.got.live - c.base.live) > 1 || Math.abs(c.got.counted - c.base.counted) > 1);
  return { checks, failed };
}

/** Counter runs `invarianceChecks` makes (for progress). */
export function invarianceRuns(traces: Trace[], rotations: number): number {
  const per = TRANSFORMS.reduce((a, tf) => a + (tf.kind === 'rotate' ? rotations : 1), 0);
  return traces.filter((tr) => tr.label.kind === 'reps' && tr.label.count > 0).length * per;
}
