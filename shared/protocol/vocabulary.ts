// The domain words that more than one message, the programs and the engine share. Kept apart
// so the session record can name them without importing programs or the engine.
import * as z from 'zod/mini';

/** How the program restricts blood flow: deflate in rest, or keep the cuffs up through rests. */
export const RESTRICTION_MODES = ['intermittent', 'continuous'] as const;
export const restrictionModeSchema = z.enum(RESTRICTION_MODES);
export type RestrictionMode = z.infer<typeof restrictionModeSchema>;

/** What restricts flow in this session: controller cuffs, elastic wraps, or nothing (timer only). */
export const RESTRICTION_KINDS = ['cuffs', 'wraps', 'none'] as const;
export const restrictionKindSchema = z.enum(RESTRICTION_KINDS);
export type RestrictionKind = z.infer<typeof restrictionKindSchema>;

/**
 * Where the cuff pressure comes from: the phone's controller (the watch can command a deflate)
 * or a standard Bluetooth cuff read by the watch itself (read-only: the trainee pumps and
 * releases it by hand, so a rule that would deflate asks the trainee to release instead).
 */
export const CUFF_SOURCES = ['controller', 'ble'] as const;
export const cuffSourceSchema = z.enum(CUFF_SOURCES);
export type CuffSource = z.infer<typeof cuffSourceSchema>;

/** What the watch counts during a work phase. */
export const COUNTING_MODES = ['reps', 'steps', 'cadence', 'none'] as const;
export const countingModeSchema = z.enum(COUNTING_MODES);
export type CountingMode = z.infer<typeof countingModeSchema>;

/** Exercises the rep counter knows how to be told about. */
export const EXERCISES = ['arm-curl', 'sit-to-stand', 'heel-raise', 'walk', 'cycle'] as const;
export const exerciseSchema = z.enum(EXERCISES);
export type Exercise = z.infer<typeof exerciseSchema>;

export const PHASE_KINDS = ['work', 'rest'] as const;
export const phaseKindSchema = z.enum(PHASE_KINDS);
export type PhaseKind = z.infer<typeof phaseKindSchema>;

/** Everything that raises an alarm (vibration + message). See safety/ for the rules. */
export const ALARM_KINDS = [
  'overPressure', // > +10 % of target for 5 s: deflate
  'underPressure', // < -10 % of target: notice only
  'stalePressureWarn', // no reading for 5 s while inflated
  'stalePressureDeflate', // no reading for 15 s while inflated: deflate
  'linkLost', // phone link lost while inflated: deflate
  'occlusionBudget', // continuous occlusion budget spent: deflate for reperfusion
  'pain', // pain / numbness button: stop and deflate
  'highEffort', // RPE above 7: stop and deflate
  'controllerError', // the cuff controller reported an error: deflate
  'heartRateHigh', // heart rate above the age ceiling for 15 s: deflate until it falls (docs/HEART_RATE.md)
  'releaseCuff', // Bluetooth cuff: a rule would deflate, the watch cannot: release it by hand now
] as const;
export const alarmKindSchema = z.enum(ALARM_KINDS);
export type AlarmKind = z.infer<typeof alarmKindSchema>;
