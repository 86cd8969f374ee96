// Invariance properties of the rep and step counters, on synthesised traces (npm test runs
// without ../shared; `bfr-coach eval --invariance` checks the same properties on recordings):
// a random 3-D rotation of the wrist, resampling to 25, 50 and 100 Hz, a time stretch of
// +-20 % and a gain change of +-20 % change a set's count by at most one.
import { createRepCounter, createStepCounter } from '../../shared/motion';
import { seededRandom, synthReps, synthWalk, SynthTrace, RepSynthOptions } from '../../shared/motion/synth';
import { TRANSFORMS, transformTrace } from '../../sim/motionEval/transforms';

interface RepCase {
  name: string;
  exercise: string;
  tempo?: { upMs: number; downMs: number; pauseMs?: number };
  synth: RepSynthOptions;
}

const BASE_HZ = 200;

const CASES: RepCase[] = [
  { name: 'bench, lowering first', exercise: 'bench', synth: { seed: 31, rateHz: BASE_HZ, reps: 10, downS: 1.2, upS: 1.0, pauseS: 0.3, leadS: 2, tailS: 3, noise: 0.05, tiltDeg: 8 } },
  { name: 'overhead press, lifting first', exercise: 'ohp', synth: { seed: 32, rateHz: BASE_HZ, reps: 8, downS: 1.3, upS: 1.1, pauseS: 0.3, leadS: 2, tailS: 3, noise: 0.05, tiltDeg: 8, upFirst: true } },
  { name: 'squat at BFR tempo with the cue on', exercise: 'squat', tempo: { upMs: 2000, downMs: 2000 }, synth: { seed: 33, rateHz: BASE_HZ, reps: 8, downS: 2, upS: 2, pauseS: 0.5, leadS: 2, tailS: 3, noise: 0.05, tiltDeg: 5 } },
  { name: 'arm curl, forearm turning', exercise: 'arm-curl', synth: { seed: 34, rateHz: BASE_HZ, reps: 12, downS: 1.2, upS: 1.0, pauseS: 0.3, leadS: 1.5, tailS: 3, noise: 0.05, tiltDeg: 60, upFirst: true } },
];

function countReps(c: RepCase, tr: SynthTrace): { live: number; record: number } {
  const counter = createRepCounter({ exercise: c.exercise, tempo: c.tempo || null, startTMs: tr.t[0] });
  for (let i = 0; i < tr.t.length; i++) counter.push(tr.t[i], tr.x[i], tr.y[i], tr.z[i]);
  return { live: counter.count, record: counter.finish() };
}

describe('rep counts are invariant (within one rep) under', () => {
  for (const c of CASES) {
    const base = synthReps(c.synth);
    const ref = countReps(c, transformTrace(base, { kind: 'resample', rateHz: 50 }, 1));
    it(`${c.name}: the untransformed count is right within one`, () => {
      expect(Math.abs(ref.record - c.synth.reps)).toBeLessThanOrEqual(1);
      expect(Math.abs(ref.live - c.synth.reps)).toBeLessThanOrEqual(1);
    });
    for (const t of TRANSFORMS) {
      it(`${c.name}: ${t.name}`, () => {
        // Rotations are random: several seeds; the others are deterministic.
        const seeds = t.kind === 'rotate' ? [1, 2, 3, 4, 5] : [1];
        for (const seed of seeds) {
          // Resampling starts from the 200 Hz trace; the other transforms from the 50 Hz one.
          const from = t.kind === 'resample' ? base : transformTrace(base, { kind: 'resample', rateHz: 50 }, 1);
          const got = countReps(c, transformTrace(from, t, seed));
          expect({ seed, live: Math.abs(got.live - ref.live) <= 1, record: Math.abs(got.record - ref.record) <= 1 }).toEqual({ seed, live: true, record: true });
        }
      });
    }
  }
});

describe('step counts are invariant (within one step per 100) under', () => {
  const base = synthWalk({ seed: 41, rateHz: BASE_HZ, steps: 150, cadence: 110, noise: 0.15, leadS: 2, tailS: 2 });
  const count = (tr: SynthTrace) => {
    const c = createStepCounter();
    for (let i = 0; i < tr.t.length; i++) c.push(tr.t[i], tr.x[i], tr.y[i], tr.z[i]);
    return c.count;
  };
  const ref = count(transformTrace(base, { kind: 'resample', rateHz: 50 }, 1));
  for (const t of TRANSFORMS) {
    it(t.name, () => {
      const from = t.kind === 'resample' ? base : transformTrace(base, { kind: 'resample', rateHz: 50 }, 1);
      const seeds = t.kind === 'rotate' ? [1, 2, 3] : [1];
      for (const seed of seeds) expect(Math.abs(count(transformTrace(from, t, seed)) - ref)).toBeLessThanOrEqual(2);
    });
  }
});

describe('the transforms', () => {
  const tr = synthReps({ seed: 1, rateHz: 100, reps: 3, downS: 1, upS: 1, noise: 0.01 });
  it('rotate keeps the size of every sample', () => {
    const r = transformTrace(tr, { kind: 'rotate', name: '' }, 7);
    for (let i = 0; i < tr.t.length; i += 37) {
      expect(Math.hypot(r.x[i], r.y[i], r.z[i])).toBeCloseTo(Math.hypot(tr.x[i], tr.y[i], tr.z[i]), 9);
    }
    const rnd = seededRandom(3);
    expect(rnd()).not.toBe(rnd());
  });
  it('resample gives the asked rate and stretch the asked length', () => {
    const r = transformTrace(tr, { kind: 'resample', name: '', rateHz: 25 }, 1);
    expect(r.t[1] - r.t[0]).toBe(40);
    const s = transformTrace(tr, { kind: 'stretch', name: '', factor: 1.2 }, 1);
    expect(s.t[s.t.length - 1] - s.t[0]).toBeCloseTo(1.2 * (tr.t[tr.t.length - 1] - tr.t[0]), 6);
  });
});
