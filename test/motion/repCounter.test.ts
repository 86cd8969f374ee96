import { createRepCounter } from '../../shared/motion';
import type { TempoCue } from '../../shared/motion/repCounter';
import { synthReps, synthRest, RepSynthOptions } from '../../shared/motion/synth';
import { feed } from './helpers';

// noise 0.02 m/s^2 per axis: a typical MEMS accelerometer at these bandwidths (about 2 mg).
const base: RepSynthOptions = { seed: 1, rateHz: 25, reps: 10, downS: 1.2, upS: 1.2, noise: 0.02, jitter: 0.2, leadS: 3, tailS: 3 };

function count(o: RepSynthOptions, exercise = 'bench', unitScale = 1, tempo: TempoCue | null = null): number {
  const c = createRepCounter({ exercise, unitScale, tempo });
  const returned = feed(c, synthReps(o));
  expect(returned).toBe(c.count); // push() reports every rep exactly once
  return c.count;
}

describe('rep counter on synthesised sets', () => {
  it.each([
    ['slow BFR tempo 2 s / 2 s at 25 Hz', { reps: 15, downS: 2, upS: 2 }],
    ['BFR tempo with a pause at 10 Hz, tempo cue on', { reps: 12, downS: 2, upS: 2, pauseS: 1, rateHz: 10, cue: { upMs: 2000, downMs: 2000, pauseMs: 1000 } }],
    ['normal tempo at 12.5 Hz', { reps: 10, downS: 1, upS: 1, rateHz: 12.5 }],
    ['fast reps at 50 Hz', { reps: 12, downS: 0.6, upS: 0.6, rateHz: 50 }],
    ['30 reps at 100 Hz', { reps: 30, downS: 1.5, upS: 1.5, rateHz: 100 }],
  ])('%s: within +-1 rep', (_name, over) => {
    const { cue, ...rest } = over as Partial<RepSynthOptions> & { cue?: TempoCue };
    const o = { ...base, ...rest } as RepSynthOptions;
    expect(Math.abs(count(o, 'bench', 1, cue || null) - o.reps)).toBeLessThanOrEqual(1);
  });

  it('is independent of the unit once told the scale (Zepp cm/s^2)', () => {
    const o = { ...base, reps: 10, downS: 1.5, upS: 1.5 };
    expect(count({ ...o, unit: 100 }, 'bench', 0.01)).toBe(count(o));
  });

  it('counts the same in any mounting orientation (different seeds rotate the sensor)', () => {
    for (const seed of [11, 12, 13, 14]) expect(Math.abs(count({ ...base, seed }) - base.reps)).toBeLessThanOrEqual(1);
  });

  it('survives a slow change of orientation during the set', () => {
    expect(Math.abs(count({ ...base, rotateDeg: 90, rateHz: 100 }) - base.reps)).toBeLessThanOrEqual(1);
  });

  it('survives short gaps in sampling and heavy jitter', () => {
    const o = { ...base, reps: 12, gaps: [[8, 0.4], [15, 0.3]], jitter: 0.45 };
    expect(Math.abs(count(o) - 12)).toBeLessThanOrEqual(1);
  });

  it('adds the reps hidden by a longer sampling gap inside a set (phase bridge)', () => {
    // 12 reps of 3 s; 4 s without samples in the middle hide about one rep.
    const o = { ...base, reps: 12, downS: 1.5, upS: 1.5, gaps: [[20, 4]] };
    expect(Math.abs(count(o) - 12)).toBeLessThanOrEqual(1);
  });

  it('counts (close to) nothing during rest', () => {
    for (const seed of [21, 22, 23]) {
      const c = createRepCounter({ exercise: 'bench' });
      feed(c, synthRest({ seed, rateHz: 25, durationS: 60, noise: 0.05 }));
      expect(c.count).toBeLessThanOrEqual(1);
    }
  });

  it('reports each rep with an increasing time, a confidence in 0..1, within about a period of its end', () => {
    const o = { ...base, reps: 8, downS: 1.5, upS: 1.5, tailS: 0.5 };
    const events: { t: number; conf: number; n: number }[] = [];
    const c = createRepCounter({ exercise: 'squat', onRep: (t, conf, n) => events.push({ t, conf, n }) });
    const tr = synthReps(o);
    let lastSeenAt = -1;
    for (let i = 0; i < tr.t.length; i++) if (c.push(tr.t[i], tr.x[i], tr.y[i], tr.z[i]) > 0) lastSeenAt = tr.t[i];
    expect(events.length).toBe(c.count);
    events.forEach((e, i) => {
      expect(e.n).toBe(i + 1);
      expect(e.conf).toBeGreaterThan(0);
      expect(e.conf).toBeLessThanOrEqual(1);
      if (i) expect(e.t).toBeGreaterThan(events[i - 1].t);
    });
    // the last rep ends at lead + reps * 3 s; it must be reported within one period (3 s)
    expect(lastSeenAt).toBeLessThanOrEqual((3 + 8 * 3 + 3) * 1000);
    expect(c.lastRepTMs).toBe(events[events.length - 1].t);
  });

  it('reset() starts from zero and counts the same again', () => {
    const c = createRepCounter({ exercise: 'bench' });
    const tr = synthReps(base);
    feed(c, tr);
    const first = c.count;
    c.reset();
    expect(c.count).toBe(0);
    feed(c, tr);
    expect(c.count).toBe(first);
  });

  it('counts the middle turnaround of the exercise: lifting first (press, curl) and lowering first (bench, squat)', () => {
    const press = { ...base, reps: 8, downS: 1.3, upS: 1.1, pauseS: 0.3, upFirst: true, tiltDeg: 8 };
    expect(count(press, 'ohp')).toBe(8);
    expect(count({ ...press, tiltDeg: 60 }, 'arm-curl')).toBe(8);
    expect(count({ ...base, reps: 8, tiltDeg: 8 }, 'squat')).toBe(8);
  });

  it('finish() recounts the set from its buffer; the live count stays as it was', () => {
    const c = createRepCounter({ exercise: 'bench' });
    feed(c, synthReps({ ...base, reps: 10, downS: 1.2, upS: 1.0, pauseS: 0.3, tiltDeg: 8 }));
    const live = c.count;
    const record = c.finish();
    expect(Math.abs(record - 10)).toBeLessThanOrEqual(1);
    expect(c.count).toBe(live);
    expect(c.finish()).toBe(record); // idempotent
    expect(c.bufferSeconds).toBe(180);
  });

  it.each([10, 15])('a set longer than its %i s buffer keeps in the record the live reps that left the buffer (the Fitbit keeps 15 s)', (bufferS) => {
    const c = createRepCounter({ exercise: 'bench', bufferS });
    feed(c, synthReps({ ...base, reps: 30, downS: 1.2, upS: 1.0, pauseS: 0.3 }));
    expect(c.count).toBe(30);
    expect(c.finish()).toBe(30);
  });

  it('keeps them too after a sampling gap over 10 s, where the buffer\'s time axis falls behind the clock', () => {
    // The gap hides reps (over 10 s nothing is bridged); none of those counted live is lost.
    const c = createRepCounter({ exercise: 'bench', bufferS: 15 });
    feed(c, synthReps({ ...base, reps: 30, downS: 1.2, upS: 1.0, pauseS: 0.3, gaps: [[30, 12]] }));
    expect(c.count).toBeGreaterThan(20);
    expect(c.finish()).toBe(c.count);
  });

  it('does not invent a set in the recount: rest stays at the live count', () => {
    const c = createRepCounter({ exercise: 'bench' });
    feed(c, synthRest({ seed: 21, rateHz: 25, durationS: 60, noise: 0.05 }));
    expect(c.finish()).toBe(c.count);
  });

  it('counts nothing before the set start', () => {
    const tr = synthReps({ ...base, reps: 10, downS: 1.2, upS: 1.0, pauseS: 0.3, tiltDeg: 8, leadS: 1 });
    // The set "starts" after about four reps: those are not counted, live or in the record.
    const c = createRepCounter({ exercise: 'bench', startTMs: 1000 + 4 * 2500 });
    feed(c, tr);
    expect(Math.abs(c.count - 6)).toBeLessThanOrEqual(1);
    expect(Math.abs(c.finish() - 6)).toBeLessThanOrEqual(1);
  });

  it('with the tempo cue on, a slow set is found around the cue period', () => {
    const o = { ...base, reps: 10, downS: 2.5, upS: 2.5, pauseS: 0.5, rateHz: 25 };
    const c = createRepCounter({ exercise: 'squat', tempo: { upMs: 2500, downMs: 2500, pauseMs: 500 } });
    feed(c, synthReps(o));
    expect(Math.abs(c.count - 10)).toBeLessThanOrEqual(1);
    expect(c.periodMs).toBeGreaterThan(4500);
    expect(c.periodMs).toBeLessThan(6500);
  });
});

describe('rep counter: when a rep is counted (confirm)', () => {
  // 8 bench reps, 2 s down / 2 s up after 3 s of stillness: the counted turnaround (the bottom)
  // of rep k is at 3 + 4k + 2 s. Runs the counter until `endS` and returns the count and how
  // long after its turnaround each rep was reported.
  function run(confirm: number, endS = Infinity) {
    const tr = synthReps({ ...base, reps: 8, downS: 2, upS: 2, leadS: 3, tailS: 3 });
    const c = createRepCounter({ exercise: 'bench', tuning: { confirm } });
    const lags: number[] = [];
    for (let i = 0; i < tr.t.length && tr.t[i] <= endS * 1000; i++) {
      if (c.push(tr.t[i], tr.x[i], tr.y[i], tr.z[i]) === 1) lags.push(tr.t[i] - c.lastRepTMs);
    }
    return { count: c.count, lags };
  }

  it('counts a turnaround once the signal is back below 0.7 of its peak: sooner than at the zero crossing', () => {
    const early = run(0.7);
    const zero = run(0);
    expect(early.count).toBe(8);
    expect(zero.count).toBe(8);
    // A quarter of the 4 s period is 1 s; the zero crossing comes ~1.1 s after the bottom.
    expect(Math.max(...early.lags)).toBeLessThan(800);
    expect(Math.min(...zero.lags)).toBeGreaterThan(1000);
  });

  it('counts the last rep when the set stops 1 s after its turnaround; the zero crossing misses it', () => {
    const lastBottomS = 3 + 7 * 4 + 2;
    expect(run(0.7, lastBottomS + 1).count).toBe(8);
    expect(run(0, lastBottomS + 1).count).toBe(7);
  });
});
