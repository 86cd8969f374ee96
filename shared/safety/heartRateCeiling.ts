// Heart-rate ceiling: BFR adds cardiovascular load, most of all for older adults, so a session
// can be told to stop restricting when the heart rate stays above an age-based ceiling.
// Numbers and sources: docs/HEART_RATE.md. Pure functions, no allocation per sample: the
// watcher is a small record updated in place by its caller's reducer (a new object per
// decision, not per sample stored anywhere).

/** Tanaka, Monahan & Seals 2001 (J Am Coll Cardiol 37:153): HRmax = 208 - 0.7 x age. */
export function ageMaxHeartRate(ageYears: number): number {
  return Math.round(208 - 0.7 * ageYears);
}

/** Ages the app accepts for the formula (the meta-analysis behind it spans 18-81; 100 is a hard bound). */
export const HR_AGE_MIN = 18;
export const HR_AGE_MAX = 100;
/** With no age given, assume an older trainee: a lower ceiling is the safe side. */
export const HR_DEFAULT_AGE = 80;
/** Ceiling as a fraction of age-predicted maximum: the usual end point of a submaximal exercise test. */
export const HR_CEILING_FRACTION = 0.85;
/** Above the ceiling this long (wrist optical readings spike for a few seconds): deflate. */
export const HR_ABOVE_DEFLATE_MS = 15000;
/** May resume once the heart rate is this far below the ceiling (hysteresis against flapping). */
export const HR_RESUME_MARGIN_BPM = 10;
/** A reading outside this range is no reading (0 is what optical sensors give off the wrist). */
export const HR_VALID_MIN_BPM = 30;
export const HR_VALID_MAX_BPM = 230;
/** A reading older than this is not shown and not judged: never a stale number. */
export const HR_STALE_MS = 10000;

export function isValidHeartRate(bpm: unknown): bpm is number {
  return typeof bpm === 'number' && isFinite(bpm) && bpm >= HR_VALID_MIN_BPM && bpm <= HR_VALID_MAX_BPM;
}

export function isValidAge(age: unknown): age is number {
  return typeof age === 'number' && isFinite(age) && Math.floor(age) === age && age >= HR_AGE_MIN && age <= HR_AGE_MAX;
}

/** The ceiling in beats per minute; a bad or missing age falls back to the default (older) age. */
export function heartRateCeilingBpm(ageYears: number | null): number {
  const age = isValidAge(ageYears) ? ageYears : HR_DEFAULT_AGE;
  return Math.floor(ageMaxHeartRate(age) * HR_CEILING_FRACTION);
}

export interface HeartRateWatch {
  /** When the current run of readings above the ceiling began, or null. */
  aboveSinceMs: number | null;
  /** Tripped: cuffs must stay down until the rate falls below ceiling - margin. */
  tripped: boolean;
  lastBpm: number | null;
  lastAtMs: number | null;
}

export const freshHeartRateWatch: HeartRateWatch = { aboveSinceMs: null, tripped: false, lastBpm: null, lastAtMs: null };

export type HeartRateVerdict = 'ok' | 'above' | 'deflate' | 'recovered';

/**
 * One reading (or null for "the sensor said nothing usable") at nowMs. 'deflate' is returned
 * once, when the rate has stayed above the ceiling for HR_ABOVE_DEFLATE_MS; 'recovered' once,
 * when a tripped watch sees a rate below ceiling - margin. An invalid reading breaks an
 * "above" run only if readings stay missing past HR_STALE_MS: a dropout is not a recovery.
 */
export function judgeHeartRate(w: HeartRateWatch, bpm: number | null, nowMs: number, ceilingBpm: number): { watch: HeartRateWatch; verdict: HeartRateVerdict } {
  if (!isValidHeartRate(bpm)) {
    const stale = w.lastAtMs === null || nowMs - w.lastAtMs > HR_STALE_MS;
    const watch: HeartRateWatch = stale ? { aboveSinceMs: null, tripped: w.tripped, lastBpm: null, lastAtMs: w.lastAtMs } : w;
    return { watch, verdict: w.tripped ? 'above' : 'ok' };
  }
  if (w.tripped) {
    const recovered = bpm <= ceilingBpm - HR_RESUME_MARGIN_BPM;
    return {
      watch: { aboveSinceMs: null, tripped: !recovered, lastBpm: bpm, lastAtMs: nowMs },
      verdict: recovered ? 'recovered' : 'above',
    };
  }
  if (bpm <= ceilingBpm) return { watch: { aboveSinceMs: null, tripped: false, lastBpm: bpm, lastAtMs: nowMs }, verdict: 'ok' };
  // A run of readings above the ceiling is broken by a gap longer than the stale time (a sensor
  // that said nothing for a while): the 15 s count only what was seen, never a guess across it.
  const gap = w.lastAtMs === null || nowMs - w.lastAtMs > HR_STALE_MS;
  const since = w.aboveSinceMs === null || gap ? nowMs : w.aboveSinceMs;
  if (nowMs - since >= HR_ABOVE_DEFLATE_MS) return { watch: { aboveSinceMs: since, tripped: true, lastBpm: bpm, lastAtMs: nowMs }, verdict: 'deflate' };
  return { watch: { aboveSinceMs: since, tripped: false, lastBpm: bpm, lastAtMs: nowMs }, verdict: 'above' };
}

/** What the screen may show: the last reading if it is fresh, else nothing. */
export function shownHeartRate(w: HeartRateWatch, nowMs: number): number | null {
  if (w.lastBpm === null || w.lastAtMs === null) return null;
  return nowMs - w.lastAtMs <= HR_STALE_MS ? w.lastBpm : null;
}

/** Programs that always watch the ceiling: the guided routine is the one for older adults. */
export const HR_CEILING_PROGRAM_IDS: ReadonlyArray<string> = ['guided-older-adult'];

/**
 * The ceiling a session uses, or null when it watches none: always for the guided routine,
 * for every program when the trainee turned it on in the settings. The age comes from the
 * settings (asked once); none given means the default (older) age.
 */
export function sessionCeilingBpm(programId: string, settings: { ageYears: number | null; ceilingAllPrograms: boolean } | null | undefined): number | null {
  const on = HR_CEILING_PROGRAM_IDS.indexOf(programId) >= 0 || (!!settings && settings.ceilingAllPrograms === true);
  return on ? heartRateCeilingBpm(settings ? settings.ageYears : null) : null;
}
