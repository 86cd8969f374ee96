// Out-of-band alarms around the cuff's target: above +10 % for 5 s -> deflate request (an
// over-pressure that persists is the dangerous direction); below -10 % -> a notice only, once
// per excursion, and only once the controller says it is holding (not while ramping up).
import { BAND_FRACTION, OVER_BAND_DEFLATE_MS } from './limits';

export interface BandWatch {
  /** When the pressure first went over the band, null while not over. */
  overSinceMs: number | null;
  /** Under-band notice already given for the current excursion. */
  underNoticed: boolean;
}

export const quietBand: BandWatch = { overSinceMs: null, underNoticed: false };

export type BandVerdict = 'inBand' | 'over' | 'overDeflate' | 'under' | 'underNotice';

export function isInBand(mmHg: number, targetMmHg: number): boolean {
  return Math.abs(mmHg - targetMmHg) <= targetMmHg * BAND_FRACTION;
}

/**
 * Assess one reading against the target. `holding` is whether the cuff has finished inflating
 * (under-pressure during the ramp is expected). Returns the new watch and what to do.
 */
export function assessBand(
  watch: BandWatch, mmHg: number, targetMmHg: number, holding: boolean, nowMs: number,
): { watch: BandWatch; verdict: BandVerdict } {
  if (mmHg > targetMmHg * (1 + BAND_FRACTION)) {
    const overSinceMs = watch.overSinceMs === null ? nowMs : watch.overSinceMs;
    const next = { overSinceMs, underNoticed: false };
    return { watch: next, verdict: nowMs - overSinceMs >= OVER_BAND_DEFLATE_MS ? 'overDeflate' : 'over' };
  }
  if (mmHg < targetMmHg * (1 - BAND_FRACTION) && holding) {
    if (watch.underNoticed) return { watch: { overSinceMs: null, underNoticed: true }, verdict: 'under' };
    return { watch: { overSinceMs: null, underNoticed: true }, verdict: 'underNotice' };
  }
  return { watch: quietBand, verdict: 'inBand' };
}
