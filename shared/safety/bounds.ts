// The documented bounds of every number a safety rule reads, as predicates: finite, in range,
// whole where the unit is whole. Every entry point (engine, checkCuffCommand, the companion)
// refuses a value these reject; nothing is clamped into range, because a LOP of 0 or a % LOP
// of NaN is a bug upstream, not a small error to round away.
import { LOP_MAX_MMHG, LOP_MIN_MMHG, PERCENT_LOP_MAX, PERCENT_LOP_MIN, RPE_MAX, RPE_MIN } from './limits';

export function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && isFinite(x);
}

export function isWholeIn(x: unknown, min: number, max: number): x is number {
  return isFiniteNumber(x) && Math.floor(x) === x && x >= min && x <= max;
}

/** A measured limb occlusion pressure the app may use: 30-400 mmHg. */
export function isValidLop(x: unknown): x is number {
  return isFiniteNumber(x) && x >= LOP_MIN_MMHG && x <= LOP_MAX_MMHG;
}

/** A prescribed pressure: a whole % of LOP, 1-100 (the limb ceiling is checked separately). */
export function isValidPercentLop(x: unknown): x is number {
  return isWholeIn(x, PERCENT_LOP_MIN, PERCENT_LOP_MAX);
}

/** An effort rating: a whole number 1-10. */
export function isValidRpe(x: unknown): x is number {
  return isWholeIn(x, RPE_MIN, RPE_MAX);
}

export function isLimb(x: unknown): x is 'arm' | 'leg' {
  return x === 'arm' || x === 'leg';
}

export const LOP_RANGE_TEXT = LOP_MIN_MMHG + '-' + LOP_MAX_MMHG + ' mmHg';
