// Real sensor streams: repeated timestamps, timestamps that step backwards, gaps of several
// seconds, rate jitter, samples delivered in bursts with one shared timestamp, exact
// re-deliveries and values that are not numbers. The counters accept all of it and keep
// counting (no exception, no stop), and say what they repaired or dropped.
import { createCadenceEstimator, createRepCounter, createStepCounter } from '../../shared/motion';
import { synthReps, synthWalk, SynthTrace } from '../../shared/motion/synth';

interface Stream {
  t: number[];
  x: number[];
  y: number[];
  z: number[];
}

function toStream(tr: SynthTrace): Stream {
  return { t: Array.from(tr.t), x: Array.from(tr.x), y: Array.from(tr.y), z: Array.from(tr.z) };
}

/** Every k-th sample again right after it, same time, other values (a repeated timestamp). */
function repeatTimes(s: Stream, k: number): Stream {
  const o: Stream = { t: [], x: [], y: [], z: [] };
  for (let i = 0; i < s.t.length; i++) {
    o.t.push(s.t[i]); o.x.push(s.x[i]); o.y.push(s.y[i]); o.z.push(s.z[i]);
    if (i % k === 0 && i + 1 < s.t.length) {
      o.t.push(s.t[i]); o.x.push(s.x[i + 1]); o.y.push(s.y[i + 1]); o.z.push(s.z[i + 1]);
    }
  }
  return o;
}

/** Every k-th sample sent twice, identical (a re-delivery). */
function redeliver(s: Stream, k: number): { s: Stream; copies: number } {
  const o: Stream = { t: [], x: [], y: [], z: [] };
  let copies = 0;
  for (let i = 0; i < s.t.length; i++) {
    const n = i % k === 0 ? 2 : 1;
    for (let c = 0; c < n; c++) { o.t.push(s.t[i]); o.x.push(s.x[i]); o.y.push(s.y[i]); o.z.push(s.z[i]); }
    copies += n - 1;
  }
  return { s: o, copies };
}

/** Every k-th timestamp moved back by `ms` (jitter that reorders). */
function stepBack(s: Stream, k: number, ms: number): Stream {
  return { ...s, t: s.t.map((t, i) => (i % k === 0 && i > 0 ? t - ms : t)) };
}

/** From sample `at` on, the clock is `ms` earlier (the clock was set back). */
function clockBack(s: Stream, at: number, ms: number): Stream {
  return { ...s, t: s.t.map((t, i) => (i >= at ? t - ms : t)) };
}

/** Groups of `n` samples delivered with the timestamp of the group's last sample. */
function bursts(s: Stream, n: number): Stream {
  const t = s.t.slice();
  for (let i = 0; i < t.length; i += n) {
    const last = Math.min(i + n, t.length) - 1;
    for (let j = i; j <= last; j++) t[j] = s.t[last];
  }
  return { ...s, t };
}

/** Samples with NaN or Infinity in them, every k-th. */
function badValues(s: Stream, k: number): { s: Stream; bad: number } {
  const o: Stream = { t: s.t.slice(), x: s.x.slice(), y: s.y.slice(), z: s.z.slice() };
  let bad = 0;
  for (let i = 5; i < o.t.length; i += k) {
    if (bad % 2) o.x[i] = NaN;
    else o.z[i] = Infinity;
    bad++;
  }
  return { s: o, bad };
}

function removeWindow(s: Stream, fromMs: number, toMs: number): Stream {
  const o: Stream = { t: [], x: [], y: [], z: [] };
  for (let i = 0; i < s.t.length; i++) {
    if (s.t[i] >= fromMs && s.t[i] < toMs) continue;
    o.t.push(s.t[i]); o.x.push(s.x[i]); o.y.push(s.y[i]); o.z.push(s.z[i]);
  }
  return o;
}

function reps(s: Stream) {
  const c = createRepCounter({ exercise: 'bench' });
  let returned = 0;
  for (let i = 0; i < s.t.length; i++) returned += c.push(s.t[i], s.x[i], s.y[i], s.z[i]);
  expect(returned).toBe(c.count);
  return { live: c.count, record: c.finish(), repaired: c.repaired, dropped: c.dropped };
}

function steps(s: Stream) {
  const c = createStepCounter();
  for (let i = 0; i < s.t.length; i++) c.push(s.t[i], s.x[i], s.y[i], s.z[i]);
  return { count: c.count, repaired: c.repaired, dropped: c.dropped };
}

describe('stream repair: the rep counter keeps counting', () => {
  const set = toStream(synthReps({ seed: 51, rateHz: 25, reps: 12, downS: 1.2, upS: 1.0, pauseS: 0.3, leadS: 2, tailS: 3, noise: 0.05, jitter: 0.2, tiltDeg: 8 }));
  const clean = reps(set);

  it('on the clean stream (reference)', () => {
    expect(Math.abs(clean.live - 12)).toBeLessThanOrEqual(1);
    expect(Math.abs(clean.record - 12)).toBeLessThanOrEqual(1);
    expect(clean.repaired).toBe(0);
    expect(clean.dropped).toBe(0);
  });

  it.each([
    ['repeated timestamps', repeatTimes(set, 7)],
    ['timestamps stepping back 30 ms', stepBack(set, 11, 30)],
    ['the clock set back by a minute in the middle', clockBack(set, 400, 60000)],
    ['bursts of 25 samples with one timestamp (1 s batches)', bursts(set, 25)],
    ['bursts of 5 samples with one timestamp', bursts(set, 5)],
  ])('%s: count within one rep of the clean stream, repairs reported', (_name, s) => {
    const r = reps(s);
    expect(Math.abs(r.live - clean.live)).toBeLessThanOrEqual(1);
    expect(Math.abs(r.record - clean.record)).toBeLessThanOrEqual(1);
    expect(r.repaired).toBeGreaterThan(0);
  });

  it('exact re-deliveries and values that are not numbers are dropped and counted', () => {
    const d = redeliver(set, 9);
    const r1 = reps(d.s);
    expect(r1.dropped).toBe(d.copies);
    expect(r1.live).toBe(clean.live);
    const b = badValues(set, 13);
    const r2 = reps(b.s);
    expect(r2.dropped).toBe(b.bad);
    expect(Math.abs(r2.live - clean.live)).toBeLessThanOrEqual(1);
  });

  it('a 3 s gap in the middle of the set: the hidden reps are added by phase', () => {
    const r = reps(removeWindow(set, 12000, 15000));
    expect(Math.abs(r.live - 12)).toBeLessThanOrEqual(1);
    expect(Math.abs(r.record - 12)).toBeLessThanOrEqual(1);
  });

  it('heavy jitter (+-45 % of the sample interval) and a low rate (10 Hz)', () => {
    const s = toStream(synthReps({ seed: 52, rateHz: 10, reps: 12, downS: 1.2, upS: 1.0, pauseS: 0.3, leadS: 2, tailS: 3, noise: 0.05, jitter: 0.45, tiltDeg: 8 }));
    const r = reps(s);
    expect(Math.abs(r.live - 12)).toBeLessThanOrEqual(1);
    expect(Math.abs(r.record - 12)).toBeLessThanOrEqual(1);
  });

  it('never throws on nonsense (all-equal times, huge jumps, empty and single samples)', () => {
    const c = createRepCounter({ exercise: 'squat' });
    expect(c.finish()).toBe(0);
    for (let i = 0; i < 500; i++) c.push(1000, 0, 9.8, i % 7);
    c.push(1e12, 0, 9.8, 0);
    c.push(-1e12, 0, 9.8, 0);
    for (let i = 0; i < 200; i++) c.push(1e12 + i * 40, Math.sin(i), 9.8, 0);
    expect(Number.isFinite(c.count)).toBe(true);
    expect(Number.isFinite(c.finish())).toBe(true);
  });
});

describe('stream repair: the step counter and the cadence estimator keep counting', () => {
  const walk = toStream(synthWalk({ seed: 53, rateHz: 50, steps: 200, cadence: 110, noise: 0.15, jitter: 0.2, leadS: 2, tailS: 2 }));
  const clean = steps(walk);

  it.each([
    ['repeated timestamps', repeatTimes(walk, 7)],
    ['timestamps stepping back 15 ms', stepBack(walk, 11, 15)],
    ['the clock set back by a minute', clockBack(walk, 3000, 60000)],
    ['Fitbit-style batches: 25 samples, one timestamp', bursts(walk, 25)],
  ])('%s: steps within 3 % of the clean stream', (_name, s) => {
    const r = steps(s);
    expect(Math.abs(r.count - clean.count)).toBeLessThanOrEqual(Math.ceil(0.03 * clean.count));
    expect(r.repaired).toBeGreaterThan(0);
  });

  it('the cadence estimator takes the same streams without an exception', () => {
    for (const s of [repeatTimes(walk, 3), bursts(walk, 25), clockBack(walk, 1000, 5000), badValues(walk, 5).s]) {
      const c = createCadenceEstimator();
      for (let i = 0; i < s.t.length; i++) c.push(s.t[i], s.x[i], s.y[i], s.z[i]);
      expect(Number.isFinite(c.rpm)).toBe(true);
    }
  });
});
