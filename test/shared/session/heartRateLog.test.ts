import fc from 'fast-check';
import { HR_MAX_SAMPLES, HR_SAMPLE_EVERY_MS, appendHeartRate, summariseHeartRate, type HeartRateSamples } from '../../../shared/session/heartRateLog';

describe('heart-rate log', () => {
  it('keeps one valid sample per 5 s, drops zeros and gaps, summarises per window', () => {
    let log: HeartRateSamples = [];
    const feed: Array<[number, number | null]> = [[0, 90], [1000, 95], [5000, 0], [6000, 100], [9000, null], [11000, 120.4], [20000, 110]];
    for (const [t, b] of feed) log = appendHeartRate(log, b, t);
    expect(log).toEqual([[0, 90], [6000, 100], [11000, 120], [20000, 110]]);
    expect(summariseHeartRate(log, 0, 12000)).toEqual({ meanBpm: 103, maxBpm: 120, samples: 3 });
    expect(summariseHeartRate(log, 12000, 15000)).toBeNull();
  });

  it('property: bounded, spaced, ordered, all valid', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 9000 }), fc.integer({ min: -5, max: 300 })), { maxLength: 3000 }), (steps) => {
      let log: HeartRateSamples = [];
      let t = 0;
      for (const [dt, b] of steps) { t += dt; log = appendHeartRate(log, b, t); }
      expect(log.length).toBeLessThanOrEqual(HR_MAX_SAMPLES);
      for (let i = 0; i < log.length; i++) {
        expect(log[i][1]).toBeGreaterThanOrEqual(30);
        expect(log[i][1]).toBeLessThanOrEqual(230);
        if (i) expect(log[i][0] - log[i - 1][0]).toBeGreaterThanOrEqual(HR_SAMPLE_EVERY_MS);
      }
    }));
  });
});
