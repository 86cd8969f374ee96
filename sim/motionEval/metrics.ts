// Accuracy figures of the evaluation command (definitions in shared/motion/README.md).

export interface TraceResult {
  file: string;
  kind: 'reps' | 'steps';
  activity: string;
  truth: number;
  counted: number;
  /** Second source, if any (e.g. a platform pedometer); not used by the metrics. */
  reference?: number;
}

export interface RepsSummary {
  kind: 'reps';
  sets: number;
  mae: number;
  within1: number;
  exact: number;
  restFalse: number;
}

export interface StepsSummary {
  kind: 'steps';
  traces: number;
  mape: number;
  maxApe: number;
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** Sets are traces with count > 0; rest traces (count 0) only feed restFalse. */
export function summariseReps(results: TraceResult[]): RepsSummary {
  const sets = results.filter((r) => r.truth > 0);
  const rest = results.filter((r) => r.truth === 0);
  const err = sets.map((r) => Math.abs(r.counted - r.truth));
  const n = sets.length;
  return {
    kind: 'reps',
    sets: n,
    mae: n ? round(err.reduce((a, b) => a + b, 0) / n, 4) : 0,
    within1: n ? round(err.filter((e) => e <= 1).length / n, 4) : 0,
    exact: n ? round(err.filter((e) => e === 0).length / n, 4) : 0,
    restFalse: rest.reduce((a, r) => a + r.counted, 0),
  };
}

/** Absolute percentage error per walk with count > 0; mape and maxApe are in percent. */
export function summariseSteps(results: TraceResult[]): StepsSummary {
  const walks = results.filter((r) => r.truth > 0);
  const ape = walks.map((r) => (100 * Math.abs(r.counted - r.truth)) / r.truth);
  return {
    kind: 'steps',
    traces: walks.length,
    mape: walks.length ? round(ape.reduce((a, b) => a + b, 0) / walks.length, 3) : 0,
    maxApe: walks.length ? round(Math.max(...ape), 3) : 0,
  };
}

export interface ActivityRow {
  kind: string;
  activity: string;
  n: number;
  mae: number;
  within1: number;
  mape: number;
}

/** Per-activity breakdown (count > 0 traces only). */
export function byActivity(results: TraceResult[]): ActivityRow[] {
  const groups = new Map<string, TraceResult[]>();
  for (const r of results) {
    if (r.truth === 0) continue;
    const key = `${r.kind}\u0000${r.activity}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()].map((g) => {
    const err = g.map((r) => Math.abs(r.counted - r.truth));
    return {
      kind: g[0].kind,
      activity: g[0].activity,
      n: g.length,
      mae: round(err.reduce((a, b) => a + b, 0) / g.length, 3),
      within1: round(err.filter((e) => e <= 1).length / g.length, 3),
      mape: round((100 * g.reduce((a, r) => a + Math.abs(r.counted - r.truth) / r.truth, 0)) / g.length, 2),
    };
  });
}
