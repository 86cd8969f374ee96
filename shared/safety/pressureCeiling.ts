// Pressure ceiling per limb: arm 50 % LOP, leg 80 % LOP, never above 300 mmHg, and nothing at
// all without a measured LOP (a guessed LOP is how a cuff over-occludes).
import type { Limb } from '../protocol/common';
import { isLimb, isValidLop, isValidPercentLop } from './bounds';
import { ABSOLUTE_CEILING_MMHG, CEILING_FRACTION_OF_LOP } from './limits';

/** Highest whole-percent of LOP allowed on this limb. */
export function maxPercentLop(limb: Limb): number {
  return Math.round(CEILING_FRACTION_OF_LOP[limb] * 100);
}

/**
 * Highest mmHg a cuff on this limb may hold, or null when LOP is unknown or outside 30-400 mmHg
 * (then: no inflate), or the limb is not one we know.
 */
export function ceilingMmHg(limb: Limb, lopMmHg: number | null): number | null {
  if (!isLimb(limb) || !isValidLop(lopMmHg)) return null;
  return Math.min(ABSOLUTE_CEILING_MMHG, Math.floor(lopMmHg * CEILING_FRACTION_OF_LOP[limb]));
}

/** mmHg for percentLop of LOP, clamped to the ceiling; null when LOP or % LOP is out of bounds. */
export function targetMmHg(limb: Limb, lopMmHg: number | null, percentLop: number): number | null {
  const ceiling = ceilingMmHg(limb, lopMmHg);
  if (ceiling === null || !isValidPercentLop(percentLop)) return null;
  return Math.min(ceiling, Math.round(((lopMmHg as number) * percentLop) / 100));
}
