// One counter for one work set, chosen by what the program counts: reps of an exercise, steps,
// or cycling revolutions (the integral of the cadence estimate, one count per whole
// revolution). Every platform's accelerometer feed pushes samples into it in m/s^2 x unitScale;
// it allocates nothing per sample.
import type { CountingMode } from '../protocol/vocabulary';
import { createCadenceEstimator } from './cadence';
import { createRepCounter, TempoCue } from './repCounter';
import { createStepCounter } from './stepCounter';

export type CountKind = 'rep' | 'step';

/** What the program knows about the set, for the counter (all optional). */
export interface SetContext {
  /** The tempo cue, when the program plays one. */
  tempo?: TempoCue | null;
  /** The set's target reps (not used to shape the count; see shared/motion/README.md). */
  targetReps?: number | null;
  /** When the set starts, on the clock the samples come with (ms). */
  startTMs?: number;
  /** Seconds of movement kept for the end-of-set recount (rep counter's bufferS; default 180). */
  bufferS?: number;
}

export interface SetCounter {
  push(tMs: number, x: number, y: number, z: number): void;
  /**
   * The set is over: the count for the record (reps: the end-of-set recount over the set
   * buffer; otherwise the live count). The live count that was reported stays as it was.
   */
  finish(): number;
  /** The live count so far (what onCount reported). */
  live(): number;
}

const NOTHING: SetCounter = { push: () => undefined, finish: () => 0, live: () => 0 };

export function createSetCounter(
  mode: CountingMode,
  exercise: string | null,
  unitScale: number,
  onCount: (kind: CountKind, tMs: number) => void,
  context: SetContext = {},
): SetCounter {
  if (mode === 'reps') {
    const reps = createRepCounter({
      exercise: exercise || 'arm-curl',
      unitScale,
      onRep: (t: number) => onCount('rep', t),
      tempo: context.tempo,
      targetReps: context.targetReps,
      startTMs: context.startTMs,
      bufferS: context.bufferS,
    });
    return { push: (t, x, y, z) => { reps.push(t, x, y, z); }, finish: () => reps.finish(), live: () => reps.count };
  }
  if (mode === 'steps') {
    const steps = createStepCounter({ unitScale, onStep: (t: number) => onCount('step', t) });
    return { push: (t, x, y, z) => { steps.push(t, x, y, z); }, finish: () => steps.count, live: () => steps.count };
  }
  if (mode === 'cadence') {
    const cadence = createCadenceEstimator({ unitScale });
    let revolutions = 0;
    let lastT = -1;
    let counted = 0;
    return {
      finish: () => counted,
      live: () => counted,
      push: (t, x, y, z) => {
        const rpm = cadence.push(t, x, y, z);
        if (lastT >= 0 && rpm > 0) {
          revolutions += (rpm * (t - lastT)) / 60000;
          while (revolutions >= 1) {
            revolutions -= 1;
            counted++;
            onCount('rep', t);
          }
        }
        lastT = t;
      },
    };
  }
  return NOTHING;
}
