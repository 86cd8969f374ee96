// Numerical regression (stepcount-style): the counters on fixed synthesised signals must give
// exactly the stored numbers. A change here is a change of behaviour: if it is intended,
// check the eval figures (bin/bfr-coach eval) and update the baseline in the same change.
import { createRepCounter, createStepCounter } from '../../shared/motion';
import { synthReps, synthRest, synthWalk, SynthTrace } from '../../shared/motion/synth';

const BASELINE = {
  bfrBench: { count: 8, reportedAt: [8802, 12902, 17002, 20802, 24902, 29002, 33002] },
  squat12Hz: { count: 11, reportedAt: [5100, 7100, 9100, 11000, 13000, 15000, 17100, 19100, 21100] },
  walk: { count: 123, lastStepTMs: 72163 },
  restOhp: { count: 2 },
};

function reps(tr: SynthTrace, exercise: string) {
  const c = createRepCounter({ exercise });
  const reportedAt: number[] = [];
  for (let i = 0; i < tr.t.length; i++) if (c.push(tr.t[i], tr.x[i], tr.y[i], tr.z[i])) reportedAt.push(c.lastRepTMs);
  return { count: c.count, reportedAt };
}

describe('motion counters regression baseline', () => {
  it('slow BFR bench set', () => {
    expect(reps(synthReps({ seed: 101, rateHz: 25, reps: 8, downS: 2, upS: 2, noise: 0.1, jitter: 0.2, leadS: 3, tailS: 3 }), 'bench')).toEqual(BASELINE.bfrBench);
  });
  it('squat set at 12.5 Hz', () => {
    expect(reps(synthReps({ seed: 102, rateHz: 12.5, reps: 10, downS: 1, upS: 1, noise: 0.1, leadS: 2, tailS: 2 }), 'squat')).toEqual(BASELINE.squat12Hz);
  });
  it('walk', () => {
    const s = createStepCounter();
    const w = synthWalk({ seed: 103, rateHz: 50, steps: 120, cadence: 105, noise: 0.15, jitter: 0.2, leadS: 2, tailS: 2 });
    for (let i = 0; i < w.t.length; i++) s.push(w.t[i], w.x[i], w.y[i], w.z[i]);
    expect({ count: s.count, lastStepTMs: s.lastStepTMs }).toEqual(BASELINE.walk);
  });
  it('rest', () => {
    expect({ count: reps(synthRest({ seed: 104, rateHz: 25, durationS: 40, noise: 0.05 }), 'ohp').count }).toEqual(BASELINE.restOhp);
  });
});
