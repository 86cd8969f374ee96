import { createCadenceEstimator, createStepCounter } from '../../shared/motion';
import { synthRest, synthWalk, seededRandom } from '../../shared/motion/synth';
import { feed } from './helpers';

describe('step counter on synthesised walks', () => {
  it.each([
    [80, 25],
    [100, 50],
    [120, 100],
    [140, 50],
  ])('cadence %d steps/min at %d Hz: within 3 %', (cadence, rateHz) => {
    const c = createStepCounter();
    feed(c, synthWalk({ seed: cadence, rateHz, steps: 200, cadence, noise: 0.2, jitter: 0.2, leadS: 3, tailS: 3 }));
    expect(Math.abs(c.count - 200)).toBeLessThanOrEqual(6);
  });

  it('reports a cadence close to the true one while walking', () => {
    const c = createStepCounter({ unitScale: 0.01 });
    const tr = synthWalk({ seed: 3, rateHz: 50, steps: 100, cadence: 110, noise: 0.1, unit: 100, leadS: 1 });
    for (let i = 0; i < tr.t.length - 50; i++) c.push(tr.t[i], tr.x[i], tr.y[i], tr.z[i]);
    expect(c.cadenceSpm).toBeGreaterThan(105);
    expect(c.cadenceSpm).toBeLessThan(115);
  });

  it('counts nothing while standing', () => {
    const c = createStepCounter();
    feed(c, synthRest({ seed: 4, rateHz: 50, durationS: 60, noise: 0.05 }));
    expect(c.count).toBe(0);
  });
});

describe('cadence estimator (experimental)', () => {
  function pedal(rpm: number, rateHz: number, seconds: number) {
    const rnd = seededRandom(rpm);
    const n = Math.round(seconds * rateHz);
    const t = new Float64Array(n), x = new Float64Array(n), y = new Float64Array(n), z = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const ts = i / rateHz;
      const ph = (2 * Math.PI * rpm * ts) / 60;
      t[i] = Math.round(ts * 1000);
      x[i] = 0.8 * Math.sin(ph) + 0.1 * (rnd() - 0.5);
      y[i] = 9.81 * Math.cos(0.3) + 0.3 * Math.sin(2 * ph) + 0.1 * (rnd() - 0.5);
      z[i] = 9.81 * Math.sin(0.3) + 0.1 * (rnd() - 0.5);
    }
    return { t, x, y, z };
  }

  it.each([60, 80, 100])('finds %d rpm from a steady wrist sway', (rpm) => {
    const c = createCadenceEstimator();
    feed(c, pedal(rpm, 25, 30));
    expect(Math.abs(c.rpm - rpm)).toBeLessThan(rpm * 0.05);
    expect(c.confidence).toBeGreaterThan(0.5);
  });

  it('reports 0 rpm when the wrist is still', () => {
    const c = createCadenceEstimator();
    feed(c, synthRest({ seed: 5, rateHz: 25, durationS: 30, noise: 0.02 }));
    expect(c.rpm).toBe(0);
  });
});

describe('synthesiser', () => {
  it('is deterministic for a seed', () => {
    const a = synthWalk({ seed: 7, rateHz: 50, steps: 20, cadence: 100, noise: 0.1, jitter: 0.3 });
    const b = synthWalk({ seed: 7, rateHz: 50, steps: 20, cadence: 100, noise: 0.1, jitter: 0.3 });
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.t)).toEqual(Array.from(b.t));
  });
});
