// Heart-rate samples kept in the session record: one per HR_SAMPLE_EVERY_MS at most and no
// more than HR_MAX_SAMPLES, so a long session stays small on the watch and over BLE. Readings
// the sensor gives more often are dropped here, not stored and thinned later. Samples are
// time-stamped like pressure samples: milliseconds since the session started.
import { isValidHeartRate } from '../safety/heartRateCeiling';
import { HR_MAX_SAMPLES, type HeartRateSample } from '../protocol/sessionRecord';

export { HR_MAX_SAMPLES };
export const HR_SAMPLE_EVERY_MS = 5000;

/** The log with the reading appended if it is valid and due, else the same log (same object). */
export function appendHeartRate(log: ReadonlyArray<HeartRateSample>, bpm: number | null, atMs: number): ReadonlyArray<HeartRateSample> {
  if (!isValidHeartRate(bpm) || log.length >= HR_MAX_SAMPLES) return log;
  const last = log.length ? log[log.length - 1] : null;
  if (last && atMs - last.atMs < HR_SAMPLE_EVERY_MS) return log;
  return log.concat([{ atMs, bpm: Math.round(bpm) }]);
}

export interface HeartRateSummary { meanBpm: number; maxBpm: number; samples: number }

/** Mean and max of the samples in [fromMs, toMs) (session-relative); null when there are none. */
export function summariseHeartRate(log: ReadonlyArray<HeartRateSample>, fromMs: number, toMs: number): HeartRateSummary | null {
  let sum = 0;
  let max = 0;
  let n = 0;
  for (let i = 0; i < log.length; i++) {
    const t = log[i].atMs;
    if (t < fromMs || t >= toMs) continue;
    sum += log[i].bpm;
    if (log[i].bpm > max) max = log[i].bpm;
    n++;
  }
  return n ? { meanBpm: Math.round(sum / n), maxBpm: max, samples: n } : null;
}
