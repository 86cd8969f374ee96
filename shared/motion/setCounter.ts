// One counter for one work set, chosen by what the program counts: reps of an exercise, steps,
// or cycling revolutions (the integral of the cadence estimate, one count per whole
// revolution). Every platform's accelerometer feed pushes samples into it in m/s^2 x unitScale;
// it allocates nothing per sample.
import type { CountingMode } from '../protocol/vocabulary';
import { createCadenceEstimator } from './cadence';
import { createRepCounter } from './repCounter';
import { createStepCounter } from './stepCounter';

export type CountKind = 'rep' | 'step';

export interface SetCounter {
  push(tMs: number, x: number, y: number, z: number): void;
}

const NOTHING: SetCounter = { push: () => undefined };

export function createSetCounter(
  mode: CountingMode,
  exercise: string | null,
  unitScale: number,
  onCount: (kind: CountKind, tMs: number) => void,
): SetCounter {
  if (mode === 'reps') {
    const reps = createRepCounter({ exercise: exercise || 'arm-curl', unitScale, onRep: (t: number) => onCount('rep', t) });
    return { push: (t, x, y, z) => { reps.push(t, x, y, z); } };
  }
  if (mode === 'steps') {
    const steps = createStepCounter({ unitScale, onStep: (t: number) => onCount('step', t) });
    return { push: (t, x, y, z) => { steps.push(t, x, y, z); } };
  }
  if (mode === 'cadence') {
    const cadence = createCadenceEstimator({ unitScale });
    let revolutions = 0;
    let lastT = -1;
    return {
      push: (t, x, y, z) => {
        const rpm = cadence.push(t, x, y, z);
        if (lastT >= 0 && rpm > 0) {
          revolutions += (rpm * (t - lastT)) / 60000;
          while (revolutions >= 1) {
            revolutions -= 1;
            onCount('rep', t);
          }
        }
        lastT = t;
      },
    };
  }
  return NOTHING;
}
