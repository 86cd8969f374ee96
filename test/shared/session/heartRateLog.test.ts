import fc from 'fast-check';
import type { HeartRateSample } from '../../../shared/protocol/sessionRecord';
import { HR_MAX_SAMPLES, HR_SAMPLE_EVERY_MS, appendHeartRate, summariseHeartRate, type HeartRateSummary } from '../../../shared/session/heartRateLog';

describe('heart-rate log', () => {
  it('keeps one valid sample per 5 s, drops zeros and gaps, summarises per window', () => {
    let log: ReadonlyArray<HeartRateSample> = [];
    const feed: Array<[number, number | null]> = [[0, 90], [1000, 95], [5000, 0], [6000, 100], [9000, null], [11000, 120.4], [20000, 110]];
    for (const [t, b] of feed) log = appendHeartRate(log, b, t);
    expect(log).toEqual([{ atMs: 0, bpm: 90 }, { atMs: 6000, bpm: 100 }, { atMs: 11000, bpm: 120 }, { atMs: 20000, bpm: 110 }]);
    const want: HeartRateSummary = { meanBpm: 103, maxBpm: 120, samples: 3 };
    expect(summariseHeartRate(log, 0, 12000)).toEqual(want);
    expect(summariseHeartRate(log, 12000, 15000)).toBeNull();
  });

  it('property: bounded, spaced, ordered, all valid', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 9000 }), fc.integer({ min: -5, max: 300 })), { maxLength: 3000 }), (steps) => {
      let log: ReadonlyArray<HeartRateSample> = [];
      let t = 0;
      for (const [dt, b] of steps) { t += dt; log = appendHeartRate(log, b, t); }
      expect(log.length).toBeLessThanOrEqual(HR_MAX_SAMPLES);
      for (let i = 0; i < log.length; i++) {
        expect(log[i].bpm).toBeGreaterThanOrEqual(30);
        expect(log[i].bpm).toBeLessThanOrEqual(230);
        if (i) expect(log[i].atMs - log[i - 1].atMs).toBeGreaterThanOrEqual(HR_SAMPLE_EVERY_MS);
      }
    }), { seed: 18, numRuns: 60 });
  });
});
