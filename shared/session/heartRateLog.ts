// Heart-rate samples kept in the session record: one per HR_SAMPLE_EVERY_MS at most and no
// more than HR_MAX_SAMPLES, so a long session stays small on the watch and over BLE. Readings
// the sensor gives more often are dropped here, not stored and thinned later.
import { isValidHeartRate } from '../safety/heartRateCeiling';

export const HR_SAMPLE_EVERY_MS = 5000;
/** Two hours at one sample per 5 s; no program is longer. */
export const HR_MAX_SAMPLES = 1440;

/** [atMs, bpm] pairs, oldest first. */
export type HeartRateSamples = ReadonlyArray<readonly [number, number]>;

/** The log with the reading appended if it is valid and due, else the same log (same object). */
export function appendHeartRate(log: HeartRateSamples, bpm: number | null, atMs: number): HeartRateSamples {
  if (!isValidHeartRate(bpm) || log.length >= HR_MAX_SAMPLES) return log;
  const last = log.length ? log[log.length - 1] : null;
  if (last && atMs - last[0] < HR_SAMPLE_EVERY_MS) return log;
  return log.concat([[atMs, Math.round(bpm)] as const]);
}

export interface HeartRateSummary { meanBpm: number; maxBpm: number; samples: number }

/** Mean and max of the samples in [fromMs, toMs); null when there are none. */
export function summariseHeartRate(log: HeartRateSamples, fromMs: number, toMs: number): HeartRateSummary | null {
  let sum = 0;
  let max = 0;
  let n = 0;
  for (let i = 0; i < log.length; i++) {
    const t = log[i][0];
    if (t < fromMs || t >= toMs) continue;
    sum += log[i][1];
    if (log[i][1] > max) max = log[i][1];
    n++;
  }
  return n ? { meanBpm: Math.round(sum / n), maxBpm: max, samples: n } : null;
}
