// bfr-coach eval --data DIR [--json] [floors]: runs the streaming motion counters over a
// folder of labelled traces, sample by sample, and prints accuracy. With floor flags it is a
// regression guard (exit 1 naming each breached floor).
import { parseArgs } from 'util';
import { readDataset, TraceFormatError } from '../../sim/motionEval/traces';
import { runTrace } from '../../sim/motionEval/run';
import { byActivity, summariseReps, summariseSteps, TraceResult } from '../../sim/motionEval/metrics';

export const usage = `bfr-coach eval --data DIR [--json] [--min-within1 X] [--max-mae X] [--max-rest-false N] [--max-mape X]

Runs the rep and step counters over DIR (labels.json + CSV traces, see shared/datasets/README.md)
one sample at a time. Prints a table per trace and one JSON line per kind:
  {"kind":"reps","sets":N,"mae":..,"within1":..,"exact":..,"restFalse":..}
  {"kind":"steps","traces":N,"mape":..,"maxApe":..}        (mape, maxApe in percent)
--json             print only the JSON lines
--min-within1 X    fail (exit 1) if reps within1 < X (fraction 0..1)
--max-mae X        fail if reps mae > X
--max-rest-false N fail if more than N reps are counted in rest traces
--max-mape X       fail if steps mape > X (percent)`;

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

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({
      args,
      strict: true,
      options: {
        data: { type: 'string' },
        json: { type: 'boolean' },
        'min-within1': { type: 'string' },
        'max-mae': { type: 'string' },
        'max-rest-false': { type: 'string' },
        'max-mape': { type: 'string' },
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
  let results: TraceResult[];
  let floors;
  try {
    floors = {
      minWithin1: num('min-within1', values['min-within1']),
      maxMae: num('max-mae', values['max-mae']),
      maxRestFalse: num('max-rest-false', values['max-rest-false']),
      maxMape: num('max-mape', values['max-mape']),
    };
    const ds = readDataset(values.data);
    for (const f of ds.unlisted) console.error(`bfr-coach eval: note: ${f} is not listed in labels.json and was not evaluated`);
    results = ds.traces.map(runTrace);
  } catch (e) {
    if (e instanceof TraceFormatError) {
      console.error(`bfr-coach eval: ${e.message}`);
      return 1;
    }
    throw e;
  }
  const reps = results.filter((r) => r.kind === 'reps');
  const steps = results.filter((r) => r.kind === 'steps');
  if (!values.json) {
    const rows = [['trace', 'kind', 'activity', 'truth', 'counted', 'error']];
    for (const r of results) {
      const e = r.counted - r.truth;
      rows.push([r.file, r.kind, r.activity, String(r.truth), String(r.counted), (e > 0 ? '+' : '') + e]);
    }
    console.log(table(rows));
    console.log('');
    const act = [['kind', 'activity', 'n', 'mae', 'within1', 'mape%']];
    for (const a of byActivity(results)) act.push([a.kind, a.activity, String(a.n), a.mae.toFixed(2), a.within1.toFixed(2), a.mape.toFixed(2)]);
    console.log(table(act));
    console.log('');
  }
  const breaches: string[] = [];
  if (reps.length) {
    const s = summariseReps(reps);
    console.log(JSON.stringify(s));
    if (floors.minWithin1 !== undefined && s.within1 < floors.minWithin1) breaches.push(`reps within1 ${s.within1} < --min-within1 ${floors.minWithin1}`);
    if (floors.maxMae !== undefined && s.mae > floors.maxMae) breaches.push(`reps mae ${s.mae} > --max-mae ${floors.maxMae}`);
    if (floors.maxRestFalse !== undefined && s.restFalse > floors.maxRestFalse) breaches.push(`reps restFalse ${s.restFalse} > --max-rest-false ${floors.maxRestFalse}`);
  } else if (floors.minWithin1 !== undefined || floors.maxMae !== undefined || floors.maxRestFalse !== undefined) {
    breaches.push('a reps floor was given but the folder has no reps traces');
  }
  if (steps.length) {
    const s = summariseSteps(steps);
    console.log(JSON.stringify(s));
    if (floors.maxMape !== undefined && s.mape > floors.maxMape) breaches.push(`steps mape ${s.mape} > --max-mape ${floors.maxMape}`);
  } else if (floors.maxMape !== undefined) {
    breaches.push('--max-mape was given but the folder has no steps traces');
  }
  for (const b of breaches) console.error(`bfr-coach eval: floor breached: ${b}`);
  return breaches.length ? 1 : 0;
}
