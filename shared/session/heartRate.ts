// The engine's heart-rate side: each wrist reading goes into the record's bounded log and
// through the ceiling rule (safety/heartRateCeiling.ts, numbers in docs/HEART_RATE.md). Above
// the ceiling for 15 s: alarm, cuffs down and kept down (cuffControl's cuffsWanted) until a
// reading 10 bpm below the ceiling; then the alarm resolves and the cuffs may go up again.
import type { HeartRateSample } from '../protocol/sessionRecord';
import { judgeHeartRate } from '../safety/heartRateCeiling';
import { Draft, isActive, raiseAlarm, resolveAlarm } from './draft';
import { appendHeartRate } from './heartRateLog';
import { setNotice } from './notices';

export function onHeartRate(d: Draft, bpm: unknown): void {
  const s = d.s;
  if (!isActive(s)) return;
  // Anything but a finite number is "no reading" (the rule then waits, it never guesses).
  const reading = typeof bpm === 'number' && isFinite(bpm) ? bpm : null;
  const log = s.record.heartRateSamples || [];
  const next = appendHeartRate(log, reading, Math.max(0, d.now - s.record.startedAtMs));
  if (next !== log) s.record = { ...s.record, heartRateSamples: next as HeartRateSample[] };
  const hr = s.heartRate;
  // Without a ceiling the watch still keeps the last reading for the screen.
  const ceiling = hr.ceilingBpm === null ? Infinity : hr.ceilingBpm;
  const judged = judgeHeartRate(hr, reading, d.now, ceiling);
  s.heartRate = { ceilingBpm: hr.ceilingBpm, ...judged.watch };
  if (judged.verdict === 'deflate') {
    raiseAlarm(d, 'heartRateHigh');
    // deflateAll now; `tripped` keeps the cuffs down past this step, across phases if need be.
    if (s.inflated) d.deflateAll = true;
  } else if (judged.verdict === 'recovered') {
    resolveAlarm(d, 'heartRateHigh');
    setNotice(s, 'heartRateDown');
    d.persist = true;
  }
}
