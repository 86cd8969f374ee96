// bfr-coach eval --data DIR [--folds participant] [--json] [floors]: runs the streaming motion
// counters over a folder of labelled traces, sample by sample, and prints accuracy. With
// --folds participant it is leave-one-participant-out: for each participant (labels.json
// `subject`) the tunable constants are chosen on the others only, then that participant is
// judged; the pooled line sums the held-out results. With floor flags it is a regression
// guard (exit 1 naming each breached floor; the floors apply to the pooled line).
import { parseArgs } from 'util';
import { readDataset, Trace, TraceFormatError } from '../../sim/motionEval/traces';
import { evalReps, evalSteps, invarianceChecks, invarianceRuns, repRuns, restExercises, tuneReps, tuningCandidates } from '../../sim/motionEval/run';
import { byActivity, summariseReps, summariseSteps, TraceResult, CountSummary } from '../../sim/motionEval/metrics';
import { REP_TUNING, RepTuning } from '../../shared/motion/repCounter';
import { progress } from '../lib/progress';

export const usage = `bfr-coach eval --data DIR [--folds participant] [--invariance] [--json] [--min-within1 X] [--max-mae X]
                 [--max-rest-false N] [--min-live-within1 X] [--max-live-mae X] [--max-mape X] [--max-invariance-failures N]

Runs the rep and step counters over DIR (labels.json + CSV traces, see ../shared/datasets/README.md)
one sample at a time, as the watch does. Reps: the live count (what ends a set) and the end-of-set
recount (the record); steps: the live count. Prints a table per trace (with the samples the stream
repair moved or dropped) and one JSON line per kind:
  {"kind":"reps","sets":N,"within1":..,"mae":..,"exact":..,"restFalse":..,"live":{..},"repaired":..,"dropped":..}
  {"kind":"steps","traces":N,"mape":..,"maxApe":..,"repaired":..,"dropped":..}     (mape, maxApe in percent)
--folds participant  leave-one-participant-out: one JSON line per fold ("fold": the participant,
                     "tuned": the constants chosen without them), then the pooled line (no "fold")
--invariance         also count every rep set again after a random 3-D rotation (3 seeds), resampling
                     to 25/50/100 Hz, a time stretch and a gain change of +-20 %; one JSON line
                     {"kind":"invariance","checks":N,"failed":N,...}: a check fails when the live
                     count or the record moves by more than one rep
--json               print only the JSON lines (and {"kind":"repair",...} for traces that needed it)
--min-within1 X      fail (exit 1) if reps within1 < X (fraction 0..1); --max-mae X: if reps mae > X
--max-rest-false N   fail if more than N reps are counted in rest traces
--min-live-within1 X, --max-live-mae X: the same for the live count
--max-mape X         fail if steps mape > X (percent)
--max-invariance-failures N  fail if more than N invariance checks fail (with --invariance)`;

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new TraceFormatError(`--${name}: "${v}" is not a number`);
  return n;
}

function table(rows: string[][]): string {
  const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(w[c]) : cell.padStart(w[c]))).join('  ')).join('\n');
}

const signed = (e: number) => (e > 0 ? '+' : '') + e;

function repairTotals(results: TraceResult[]): { repaired: number; dropped: number } {
  return {
    repaired: results.reduce((a, r) => a + (r.repaired || 0), 0),
    dropped: results.reduce((a, r) => a + (r.dropped || 0), 0),
  };
}

interface FoldOutcome {
  fold: string;
  results: TraceResult[];
  tuned?: RepTuning;
}

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      strict: true,
      options: {
        data: { type: 'string' },
        json: { type: 'boolean' },
        folds: { type: 'string' },
        'min-within1': { type: 'string' },
        'max-mae': { type: 'string' },
        'max-rest-false': { type: 'string' },
        'min-live-within1': { type: 'string' },
        'max-live-mae': { type: 'string' },
        'max-mape': { type: 'string' },
        invariance: { type: 'boolean' },
        'max-invariance-failures': { type: 'string' },
      },
    }).values;
  } catch (e) {
    console.error(`bfr-coach eval: ${(e as Error).message}\n\n${usage}`);
    return 2;
  }
  if (!values.data) {
    console.error(`bfr-coach eval: --data DIR is required\n\n${usage}`);
    return 2;
  }
  const folds = values.folds === undefined ? 'none' : values.folds;
  if (folds !== 'none' && folds !== 'participant') {
    console.error(`bfr-coach eval: --folds: expected participant (or none), got "${folds}"\n\n${usage}`);
    return 2;
  }
  let floors;
  let traces: Trace[];
  try {
    floors = {
      minWithin1: num('min-within1', values['min-within1']),
      maxMae: num('max-mae', values['max-mae']),
      maxRestFalse: num('max-rest-false', values['max-rest-false']),
      minLiveWithin1: num('min-live-within1', values['min-live-within1']),
      maxLiveMae: num('max-live-mae', values['max-live-mae']),
      maxMape: num('max-mape', values['max-mape']),
      maxInvarianceFailures: num('max-invariance-failures', values['max-invariance-failures']),
    };
    const ds = readDataset(values.data);
    for (const f of ds.unlisted) console.error(`bfr-coach eval: note: ${f} is not listed in labels.json and was not evaluated`);
    traces = ds.traces;
  } catch (e) {
    if (e instanceof TraceFormatError) {
      console.error(`bfr-coach eval: ${e.message}`);
      return 1;
    }
    throw e;
  }
  const json = values.json === true;
  const repTraces = traces.filter((t) => t.label.kind === 'reps');
  const stepTraces = traces.filter((t) => t.label.kind === 'steps');
  const restAs = restExercises(repTraces);

  // Plan the folds and count the counter runs, for the progress bar.
  const subjects = (list: Trace[]) => [...new Set(list.map((t) => t.label.subject))].sort();
  const repFolds = folds === 'participant' ? subjects(repTraces) : [];
  const stepFolds = folds === 'participant' ? subjects(stepTraces) : [];
  const grid = tuningCandidates().length;
  let total = stepTraces.length;
  if (folds === 'participant') {
    for (const p of repFolds) {
      const train = repTraces.filter((t) => t.label.subject !== p);
      const trainsSets = train.some((t) => t.label.count > 0);
      total += (trainsSets ? grid * repRuns(train, restAs) : 0) + repRuns(repTraces.filter((t) => t.label.subject === p), restAs);
    }
  } else {
    total += repRuns(repTraces, restAs);
  }
  const ROTATIONS = 3;
  if (values.invariance) total += invarianceRuns(repTraces, ROTATIONS);
  const bar = progress('eval', { json });
  let done = 0;
  const tick = () => bar.update(++done, total);

  const repOutcomes: FoldOutcome[] = [];
  const stepOutcomes: FoldOutcome[] = [];
  if (folds === 'participant') {
    for (const p of repFolds) {
      const train = repTraces.filter((t) => t.label.subject !== p);
      const test = repTraces.filter((t) => t.label.subject === p);
      const { tuning } = tuneReps(train, restAs, tick);
      repOutcomes.push({ fold: p, results: evalReps(test, tuning, restAs, tick), tuned: tuning });
    }
    for (const p of stepFolds) stepOutcomes.push({ fold: p, results: evalSteps(stepTraces.filter((t) => t.label.subject === p), tick) });
  } else {
    if (repTraces.length) repOutcomes.push({ fold: '', results: evalReps(repTraces, { ...REP_TUNING }, restAs, tick) });
    if (stepTraces.length) stepOutcomes.push({ fold: '', results: evalSteps(stepTraces, tick) });
  }
  const inv = values.invariance ? invarianceChecks(repTraces, { ...REP_TUNING }, ROTATIONS, tick) : null;
  bar.end();
  const repResults = repOutcomes.flatMap((o) => o.results);
  const stepResults = stepOutcomes.flatMap((o) => o.results);
  const all = [...repResults, ...stepResults];

  if (!json) {
    const rows = [['trace', 'subject', 'kind', 'activity', 'truth', 'live', 'counted', 'error', 'repaired', 'dropped']];
    for (const r of all) {
      rows.push([
        r.file + (r.ranAs ? ` (as ${r.ranAs})` : ''),
        r.subject || '',
        r.kind,
        r.activity,
        String(r.truth),
        r.live === undefined ? '' : String(r.live),
        String(r.counted),
        signed(r.counted - r.truth),
        String(r.repaired || 0),
        String(r.dropped || 0),
      ]);
    }
    console.log(table(rows));
    console.log('');
    const act = [['kind', 'activity', 'n', 'mae', 'within1', 'live mae', 'live within1', 'mape%']];
    for (const a of byActivity(all)) {
      act.push([
        a.kind,
        a.activity,
        String(a.n),
        a.mae.toFixed(2),
        a.within1.toFixed(2),
        a.liveMae === undefined ? '' : a.liveMae.toFixed(2),
        a.liveWithin1 === undefined ? '' : a.liveWithin1.toFixed(2),
        a.mape.toFixed(2),
      ]);
    }
    console.log(table(act));
    console.log('');
  } else {
    for (const r of all) {
      if (r.repaired || r.dropped) console.log(JSON.stringify({ kind: 'repair', file: r.file, repaired: r.repaired || 0, dropped: r.dropped || 0 }));
    }
  }

  const breaches: string[] = [];
  if (repResults.length) {
    if (folds === 'participant') {
      for (const o of repOutcomes) console.log(JSON.stringify({ ...summariseReps(o.results), fold: o.fold, tuned: o.tuned, ...repairTotals(o.results) }));
    }
    const s = summariseReps(repResults);
    const line = folds === 'participant' ? { ...s, folds: 'participant', ...repairTotals(repResults) } : { ...s, ...repairTotals(repResults) };
    console.log(JSON.stringify(line));
    const live: CountSummary = s.live || { mae: 0, within1: 0, exact: 0, restFalse: 0 };
    if (floors.minWithin1 !== undefined && s.within1 < floors.minWithin1) breaches.push(`reps within1 ${s.within1} < --min-within1 ${floors.minWithin1}`);
    if (floors.maxMae !== undefined && s.mae > floors.maxMae) breaches.push(`reps mae ${s.mae} > --max-mae ${floors.maxMae}`);
    if (floors.maxRestFalse !== undefined && s.restFalse > floors.maxRestFalse) breaches.push(`reps restFalse ${s.restFalse} > --max-rest-false ${floors.maxRestFalse}`);
    if (floors.minLiveWithin1 !== undefined && live.within1 < floors.minLiveWithin1) breaches.push(`reps live within1 ${live.within1} < --min-live-within1 ${floors.minLiveWithin1}`);
    if (floors.maxLiveMae !== undefined && live.mae > floors.maxLiveMae) breaches.push(`reps live mae ${live.mae} > --max-live-mae ${floors.maxLiveMae}`);
  } else if (
    floors.minWithin1 !== undefined || floors.maxMae !== undefined || floors.maxRestFalse !== undefined || floors.minLiveWithin1 !== undefined || floors.maxLiveMae !== undefined
  ) {
    breaches.push('a reps floor was given but the folder has no reps traces');
  }
  if (stepResults.length) {
    if (folds === 'participant') {
      for (const o of stepOutcomes) console.log(JSON.stringify({ ...summariseSteps(o.results), fold: o.fold, ...repairTotals(o.results) }));
    }
    const s = summariseSteps(stepResults);
    const line = folds === 'participant' ? { ...s, folds: 'participant', ...repairTotals(stepResults) } : { ...s, ...repairTotals(stepResults) };
    console.log(JSON.stringify(line));
    if (floors.maxMape !== undefined && s.mape > floors.maxMape) breaches.push(`steps mape ${s.mape} > --max-mape ${floors.maxMape}`);
  } else if (floors.maxMape !== undefined) {
    breaches.push('--max-mape was given but the folder has no steps traces');
  }
  if (inv) {
    if (!json) {
      for (const f of inv.failed) {
        console.log(`invariance: ${f.file} under ${f.transform}${f.transform.includes('rotation') ? ` (seed ${f.seed})` : ''}: live ${f.base.live} -> ${f.got.live}, record ${f.base.counted} -> ${f.got.counted}`);
      }
    }
    const maxMove = (k: 'live' | 'counted') => inv.checks.reduce((a, c) => Math.max(a, Math.abs(c.got[k] - c.base[k])), 0);
    console.log(JSON.stringify({ kind: 'invariance', checks: inv.checks.length, failed: inv.failed.length, maxLiveMove: maxMove('live'), maxRecordMove: maxMove('counted') }));
    if (floors.maxInvarianceFailures !== undefined && inv.failed.length > floors.maxInvarianceFailures) {
      breaches.push(`invariance failures ${inv.failed.length} > --max-invariance-failures ${floors.maxInvarianceFailures}`);
    }
  } else if (floors.maxInvarianceFailures !== undefined) {
    breaches.push('--max-invariance-failures needs --invariance');
  }
  for (const b of breaches) console.error(`bfr-coach eval: floor breached: ${b}`);
  return breaches.length ? 1 : 0;
}
