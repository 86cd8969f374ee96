// The session record: what one training session was, written by the watch at every phase
// boundary and at the end, sent to the companion (sessionPush) and kept in its inbox.
// Field meanings: docs/ENGINE.md ("Session record"). The watch deletes nothing the companion
// has not acknowledged, and sending twice is harmless because `id` identifies the session.
import * as z from 'zod/mini';
import {
  cuffId, durationMs, epochMs, identifier, intIn, limbSchema, lopMmHgSchema, measuredMmHg,
  numberIn, parseWith, ParseResult, percentLopSchema, text,
} from './common';
import {
  alarmKindSchema, countingModeSchema, exerciseSchema, phaseKindSchema, restrictionKindSchema,
  restrictionModeSchema,
} from './vocabulary';

export const SESSION_RECORD_VERSION = 1;
/** Caps keep a record small enough for watch storage and one BLE push. */
export const MAX_PHASES = 64;
export const MAX_SETS = 32;
export const MAX_CUFFS = 4;
export const MAX_PRESSURE_SAMPLES = 1200;
export const MAX_ALARMS = 100;
/** Largest count a set can hold (reps, steps or pedal strokes). */
export const MAX_COUNT = 100000;

export const SESSION_STATUSES = ['inProgress', 'completed', 'stopped'] as const;
export const END_REASONS = ['completed', 'userStopped', 'pain', 'highEffort'] as const;

export const phaseRecordSchema = z.object({
  kind: phaseKindSchema,
  /** 0-based set this phase belongs to (a rest belongs to the set before it). */
  setIndex: intIn(0, MAX_SETS - 1),
  plannedStartMs: epochMs,
  plannedEndMs: epochMs,
  actualStartMs: z.nullable(epochMs),
  actualEndMs: z.nullable(epochMs),
});
export type PhaseRecord = z.infer<typeof phaseRecordSchema>;

export const setRecordSchema = z.object({
  setIndex: intIn(0, MAX_SETS - 1),
  exercise: z.nullable(exerciseSchema),
  countingMode: countingModeSchema,
  /** Reps to reach in this set; null for timed sets. */
  target: z.nullable(intIn(1, 1000)),
  /** What our counter counted. */
  counted: intIn(0, MAX_COUNT),
  /** The count after the user's +/- corrections (equals counted when none were made). */
  corrected: intIn(0, MAX_COUNT),
  /** Second opinion for walking: the watch's system pedometer over this set, when available. */
  systemSteps: z.optional(intIn(0, MAX_COUNT)),
  /** Cuff-milliseconds within +-10 % of target during this set (summed over cuffs). */
  inBandMs: durationMs,
  /** Cuff-milliseconds with a fresh pressure reading while a target was set (the denominator). */
  pressureMs: durationMs,
});
export type SetRecord = z.infer<typeof setRecordSchema>;

export const pressureSampleSchema = z.object({
  /** Milliseconds since startedAtMs. */
  atMs: durationMs,
  cuffId: cuffId,
  mmHg: measuredMmHg,
});
export type PressureSample = z.infer<typeof pressureSampleSchema>;

export const occlusionRecordSchema = z.object({
  limb: limbSchema,
  totalMs: durationMs,
  longestContinuousMs: durationMs,
});
export type OcclusionRecord = z.infer<typeof occlusionRecordSchema>;

export const alarmRecordSchema = z.object({
  atMs: epochMs,
  kind: alarmKindSchema,
  message: text(120),
});
export type AlarmRecord = z.infer<typeof alarmRecordSchema>;

export const deviceInfoSchema = z.object({
  platform: text(16, 1),
  model: text(40),
  appVersion: text(32),
  /** Controller name or address when cuffs were used, else null. */
  controller: z.nullable(text(64)),
});
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;

export const cuffRecordSchema = z.object({
  cuffId: cuffId,
  lopMmHg: z.nullable(lopMmHgSchema),
  targetMmHg: z.nullable(numberIn(0, 300)),
});
export type CuffRecord = z.infer<typeof cuffRecordSchema>;

export const sessionRecordSchema = z.object({
  v: z.literal(SESSION_RECORD_VERSION),
  id: identifier,
  programId: identifier,
  programName: text(40),
  limb: limbSchema,
  restrictionMode: restrictionModeSchema,
  restriction: restrictionKindSchema,
  usedCuffs: z.boolean(),
  percentLop: z.nullable(percentLopSchema),
  cuffs: z.array(cuffRecordSchema).check(z.maxLength(MAX_CUFFS)),
  startedAtMs: epochMs,
  endedAtMs: z.nullable(epochMs),
  status: z.enum(SESSION_STATUSES),
  endReason: z.nullable(z.enum(END_REASONS)),
  phases: z.array(phaseRecordSchema).check(z.maxLength(MAX_PHASES)),
  sets: z.array(setRecordSchema).check(z.maxLength(MAX_SETS)),
  /** Spacing of pressureSamples per cuff: 1000 ms, doubled each time the buffer fills. */
  sampleIntervalMs: intIn(1000, 1024000),
  pressureSamples: z.array(pressureSampleSchema).check(z.maxLength(MAX_PRESSURE_SAMPLES)),
  occlusion: z.array(occlusionRecordSchema).check(z.maxLength(2)),
  alarms: z.array(alarmRecordSchema).check(z.maxLength(MAX_ALARMS)),
  /** Alarms not kept because the list was full. */
  alarmsDropped: intIn(0, 1000000),
  rpe: z.nullable(intIn(1, 10)),
  device: deviceInfoSchema,
});
export type SessionRecord = z.infer<typeof sessionRecordSchema>;

/** Parse a stored or received record; the error names the field ("sets.2.counted: ..."). */
export function parseSessionRecord(input: unknown): ParseResult<SessionRecord> {
  return parseWith(sessionRecordSchema, input, 'session record');
}
