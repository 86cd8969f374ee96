// Accuracy figures of the evaluation command (definitions in shared/motion/README.md).

export interface TraceResult {
  file: string;
  kind: 'reps' | 'steps';
  activity: string;
  /** Participant (labels.json `subject`). */
  subject?: string;
  truth: number;
  /** The count for the record: for reps the end-of-set recount, for steps the live count. */
  counted: number;
  /** Reps: the live count (what ends the set). */
  live?: number;
  /** Input samples whose time the stream repair moved / that it dropped. */
  repaired?: number;
  dropped?: number;
  /** Rest traces: the exercise the worst-case run used. */
  ranAs?: string;
  /** Second source, if any (e.g. a platform pedometer); not used by the metrics. */
  reference?: number;
}

export interface CountSummary {
  mae: number;
  within1: number;
  exact: number;
  restFalse: number;
}

export interface RepsSummary extends CountSummary {
  kind: 'reps';
  sets: number;
  /** The same figures for the live count (present when the results carry it). */
  live?: CountSummary;
}

export interface StepsSummary {
  kind: 'steps';
  traces: number;
  mape: number;
  maxApe: number;
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

function summary(sets: { truth: number; n: number }[], rest: number[]): CountSummary {
  const err = sets.map((r) => Math.abs(r.n - r.truth));
  const n = err.length;
  return {
    mae: n ? round(err.reduce((a, b) => a + b, 0) / n, 4) : 0,
    within1: n ? round(err.filter((e) => e <= 1).length / n, 4) : 0,
    exact: n ? round(err.filter((e) => e === 0).length / n, 4) : 0,
    restFalse: rest.reduce((a, b) => a + b, 0),
  };
}

/** Sets are traces with count > 0; rest traces (count 0) only feed restFalse. */
export function summariseReps(results: TraceResult[]): RepsSummary {
  const sets = results.filter((r) => r.truth > 0);
  const rest = results.filter((r) => r.truth === 0);
  const rec = summary(
    sets.map((r) => ({ truth: r.truth, n: r.counted })),
    rest.map((r) => r.counted),
  );
  const out: RepsSummary = { kind: 'reps', sets: sets.length, mae: rec.mae, within1: rec.within1, exact: rec.exact, restFalse: rec.restFalse };
  if (results.length && results.every((r) => r.live !== undefined)) {
    out.live = summary(
      sets.map((r) => ({ truth: r.truth, n: r.live as number })),
      rest.map((r) => r.live as number),
    );
  }
  return out;
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
  /** Reps: the live count's figures. */
  liveMae?: number;
  liveWithin1?: number;
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
    const row: ActivityRow = {
      kind: g[0].kind,
      activity: g[0].activity,
      n: g.length,
      mae: round(err.reduce((a, b) => a + b, 0) / g.length, 3),
      within1: round(err.filter((e) => e <= 1).length / g.length, 3),
      mape: round((100 * g.reduce((a, r) => a + Math.abs(r.counted - r.truth) / r.truth, 0)) / g.length, 2),
    };
    if (g.every((r) => r.live !== undefined)) {
      const le = g.map((r) => Math.abs((r.live as number) - r.truth));
      row.liveMae = round(le.reduce((a, b) => a + b, 0) / g.length, 3);
      row.liveWithin1 = round(le.filter((e) => e <= 1).length / g.length, 3);
    }
    return row;
  });
}
