// Runs the streaming counters over a trace sample by sample, exactly as the watch would.
import { createRepCounter } from '../../shared/motion/repCounter';
import { createStepCounter } from '../../shared/motion/stepCounter';
import type { Trace } from './traces';
import type { TraceResult } from './metrics';

export function runTrace(trace: Trace): TraceResult {
  const { label, t, x, y, z } = trace;
  const n = t.length;
  let counted = 0;
  if (label.kind === 'reps') {
    const c = createRepCounter({ exercise: label.activity, unitScale: 1 });
    for (let i = 0; i < n; i++) c.push(t[i], x[i], y[i], z[i]);
    counted = c.count;
  } else {
    const c = createStepCounter({ unitScale: 1 });
    for (let i = 0; i < n; i++) c.push(t[i], x[i], y[i], z[i]);
    counted = c.count;
  }
  return { file: label.file, kind: label.kind, activity: label.activity, truth: label.count, counted };
}
