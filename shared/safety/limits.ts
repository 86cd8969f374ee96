// Every safety number in one place, with where it comes from (../../docs BFR.md tables).
// Where sources disagree we take the conservative side.
import type { Limb } from '../protocol/common';

/** Highest pressure a cuff may be asked to hold, as a fraction of LOP (arm 40-50 %, leg 60-80 % LOP). */
export const CEILING_FRACTION_OF_LOP: Readonly<Record<Limb, number>> = { arm: 0.5, leg: 0.8 };
/** Never command more than this, whatever the LOP. */
export const ABSOLUTE_CEILING_MMHG = 300;
/**
 * A measured LOP outside this range is refused (not clamped): wide cuffs ~144, narrow ~235 mmHg
 * (BFR.md); 30 and 400 leave room for outliers (the same bounds as protocol/common lopMmHgSchema).
 */
export const LOP_MIN_MMHG = 30;
export const LOP_MAX_MMHG = 400;
/** % LOP is a whole number in this range (then capped by the limb ceiling). */
export const PERCENT_LOP_MIN = 1;
export const PERCENT_LOP_MAX = 100;

/** Continuous restriction budget: upper limb under 15 min, lower limb under 20 min. */
export const OCCLUSION_BUDGET_MS: Readonly<Record<Limb, number>> = { arm: 15 * 60000, leg: 20 * 60000 };
/** Deflated time that restores a full budget. */
export const REPERFUSION_MS = 3 * 60000;
/**
 * The engine only acts when an event arrives (ticks come at ~1 Hz), so it deflates this much
 * before the budget is spent; a tick up to this late still keeps occlusion within budget.
 */
export const OCCLUSION_SLACK_MS = 1500;

/** Band around target that counts as "holding": +-10 % (Swain et al. 2025). */
export const BAND_FRACTION = 0.1;
/** Over the band this long: deflate. */
export const OVER_BAND_DEFLATE_MS = 5000;

/** No pressure reading this long while inflated: warn; then deflate. */
export const STALE_WARN_MS = 5000;
export const STALE_DEFLATE_MS = 15000;

/** Effort rated above this (1-10 scale, whole numbers) stops the session. */
export const RPE_STOP_ABOVE = 7;
export const RPE_MIN = 1;
export const RPE_MAX = 10;
