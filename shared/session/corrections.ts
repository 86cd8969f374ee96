// The trainee's +/- on the summary screen ("it said 12, I did 13"): the corrected count of a
// set changes, the counted one (what the counter saw) never does, so both stay in the record.
import { MAX_COUNT, type SessionRecord } from '../protocol/sessionRecord';

export function correctSetCount(record: SessionRecord, setIndex: number, delta: number): SessionRecord {
  const sets = record.sets.slice();
  const set = sets[setIndex];
  if (!set || (delta !== 1 && delta !== -1)) return record;
  const corrected = Math.max(0, Math.min(MAX_COUNT, set.corrected + delta));
  if (corrected === set.corrected) return record;
  sets[setIndex] = { ...set, corrected };
  return { ...record, sets };
}

/** Share of pressure-tracked time within +-10 % of target, 0..1 (null without pressure). */
export function inBandFraction(record: SessionRecord): number | null {
  let inBand = 0;
  let tracked = 0;
  for (let i = 0; i < record.sets.length; i++) {
    inBand += record.sets[i].inBandMs;
    tracked += record.sets[i].pressureMs;
  }
  return tracked > 0 ? inBand / tracked : null;
}

/** Total occlusion time over both limbs, ms. */
export function occlusionTotalMs(record: SessionRecord): number {
  let total = 0;
  for (let i = 0; i < record.occlusion.length; i++) total += record.occlusion[i].totalMs;
  return total;
}
