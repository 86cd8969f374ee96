import fc from 'fast-check';
import {
  HR_ABOVE_DEFLATE_MS, HR_STALE_MS, ageMaxHeartRate, freshHeartRateWatch, heartRateCeilingBpm, judgeHeartRate, sessionCeilingBpm, shownHeartRate,
  type HeartRateVerdict, type HeartRateWatch,
} from '../../../shared/safety/heartRateCeiling';

describe('heart-rate ceiling', () => {
  it('follows Tanaka 2001 at 85 %, and an unknown or bad age means the older default', () => {
    expect(ageMaxHeartRate(70)).toBe(159);
    expect(heartRateCeilingBpm(70)).toBe(135);
    expect(heartRateCeilingBpm(40)).toBe(153);
    expect(heartRateCeilingBpm(null)).toBe(heartRateCeilingBpm(80));
    expect(heartRateCeilingBpm(80)).toBe(129); // docs/HEART_RATE.md: 152 x 0.85, rounded down
    for (const bad of [NaN, -5, 7, 150, 70.5]) expect(heartRateCeilingBpm(bad)).toBe(heartRateCeilingBpm(80));
  });

  function feed(samples: Array<[number, number | null]>, ceiling: number): HeartRateVerdict[] {
    let w: HeartRateWatch = freshHeartRateWatch;
    return samples.map(([t, bpm]) => {
      const r = judgeHeartRate(w, bpm, t, ceiling);
      w = r.watch;
      return r.verdict;
    });
  }

  it('deflates only after 15 s above, once, and recovers 10 bpm below the ceiling', () => {
    const s: Array<[number, number | null]> = [];
    for (let t = 0; t <= 20000; t += 1000) s.push([t, 150]);
    s.push([21000, 136], [22000, 125]);
    const v = feed(s, 135);
    expect(v.indexOf('deflate')).toBe(15);
    expect(v.filter((x) => x === 'deflate')).toHaveLength(1);
    expect(v[v.length - 2]).toBe('above');
    expect(v[v.length - 1]).toBe('recovered');
  });

  it('a dropout (0 bpm, loose watch) is neither a recovery nor a reset within the stale time', () => {
    const v = feed([[0, 150], [5000, 0], [8000, null], [10000, 150], [15000, 150]], 135);
    expect(v).toEqual(['above', 'ok', 'ok', 'above', 'deflate']);
  });

  it('a silence longer than the stale time restarts the 15 s count (a stale reading is not judged)', () => {
    const v = feed([[0, 150], [12000, 150], [20000, 150], [27000, 150]], 135);
    expect(v).toEqual(['above', 'above', 'above', 'deflate']);
  });

  it('sessionCeilingBpm: always for the guided routine, for others only when turned on', () => {
    expect(sessionCeilingBpm('guided-older-adult', null)).toBe(129);
    expect(sessionCeilingBpm('guided-older-adult', { ageYears: 70, ceilingAllPrograms: false })).toBe(135);
    expect(sessionCeilingBpm('walk-intervals', { ageYears: 70, ceilingAllPrograms: false })).toBeNull();
    expect(sessionCeilingBpm('walk-intervals', null)).toBeNull();
    expect(sessionCeilingBpm('walk-intervals', { ageYears: 40, ceilingAllPrograms: true })).toBe(153);
  });

  it('a spike shorter than 15 s never deflates', () => {
    const v = feed([[0, 170], [10000, 170], [14000, 130], [20000, 170], [30000, 170]], 135);
    expect(v).not.toContain('deflate');
  });

  it('never shows a stale number', () => {
    const r = judgeHeartRate(freshHeartRateWatch, 100, 1000, 135);
    expect(shownHeartRate(r.watch, 1000 + HR_STALE_MS)).toBe(100);
    expect(shownHeartRate(r.watch, 1001 + HR_STALE_MS)).toBeNull();
  });

  it('property: deflate is said iff valid readings stayed above the ceiling for the whole window', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: 200, max: 3000 }), fc.oneof(fc.integer({ min: 0, max: 250 }), fc.constant(null))), { maxLength: 80 }),
      fc.integer({ min: 18, max: 100 }),
      (steps, age) => {
        const ceiling = heartRateCeilingBpm(age);
        let w: HeartRateWatch = freshHeartRateWatch;
        let t = 0;
        let tripped = false;
        const seen: Array<[number, number | null]> = [];
        for (const [dt, bpm] of steps) {
          t += dt;
          seen.push([t, bpm]);
          const r = judgeHeartRate(w, bpm, t, ceiling);
          if (r.verdict === 'deflate') {
            expect(tripped).toBe(false);
            // every valid reading in the last window was above the ceiling, and the window is long enough
            const since = r.watch.aboveSinceMs as number;
            expect(t - since).toBeGreaterThanOrEqual(HR_ABOVE_DEFLATE_MS);
            let prevValid = -1;
            for (const [ts, b] of seen) {
              if (ts < since || b === null || b < 30 || b > 230) continue;
              expect(b).toBeGreaterThan(ceiling);
              // ...and seen without a silence longer than the stale time
              if (prevValid >= 0) expect(ts - prevValid).toBeLessThanOrEqual(HR_STALE_MS);
              prevValid = ts;
            }
            tripped = true;
          }
          if (r.verdict === 'recovered') tripped = false;
          if (tripped) expect(r.verdict === 'deflate' || r.verdict === 'above').toBe(true);
          w = r.watch;
        }
      },
    ), { seed: 18, numRuns: 200 });
  });
});
