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
  restrictionModeSchema, cuffSourceSchema,
} from './vocabulary';

export const SESSION_RECORD_VERSION = 1;
/** Caps keep a record small enough for watch storage and one BLE push. */
export const MAX_PHASES = 64;
export const MAX_SETS = 32;
export const MAX_CUFFS = 4;
export const MAX_PRESSURE_SAMPLES = 1200;
export const MAX_ALARMS = 100;
/** Heart-rate samples: one per 5 s for two hours (shared/session/heartRateLog.ts). */
export const HR_MAX_SAMPLES = 1440;
/** Valid heart rates (docs/HEART_RATE.md): 0 from a loose watch is no reading, not a sample. */
const heartRateBpm = intIn(30, 230);
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
  /** The program's set id, a code (the watch shows msgid `set.<setId>`); absent in older records. */
  setId: z.optional(identifier),
  exercise: z.nullable(exerciseSchema),
  countingMode: countingModeSchema,
  /** Reps to reach in this set; null for timed sets. */
  target: z.nullable(intIn(1, 1000)),
  /** What our counter counted live (what the watch showed and what ended the set). */
  counted: intIn(0, MAX_COUNT),
  /**
   * The count after the user's +/- corrections. Starts at counted; when the set ends it becomes
   * the end-of-set recount (recountedReps) unless the trainee had already corrected it.
   */
  corrected: intIn(0, MAX_COUNT),
  /**
   * Rep sets only, optional (records written before it existed have none): the end-of-set
   * recount over the set's buffered samples (shared/motion/recount.ts), which corrects the
   * live count (the live count must decide on the spot; the recount sees the whole set).
   */
  recountedReps: z.optional(intIn(0, MAX_COUNT)),
  /** Second opinion for walking: the watch's system pedometer over this set, when available. */
  systemSteps: z.optional(intIn(0, MAX_COUNT)),
  /** Cuff-milliseconds within +-10 % of target during this set (summed over cuffs). */
  inBandMs: durationMs,
  /** Cuff-milliseconds with a fresh pressure reading while a target was set (the denominator). */
  pressureMs: durationMs,
  /**
   * Heart rate over this set's work time (mean and max of the record's samples), when the
   * watch read any. Optional: records stored before heart rate was read have none.
   */
  heartRateMeanBpm: z.optional(heartRateBpm),
  heartRateMaxBpm: z.optional(heartRateBpm),
});
export type SetRecord = z.infer<typeof setRecordSchema>;

export const pressureSampleSchema = z.object({
  /** Milliseconds since startedAtMs. */
  atMs: durationMs,
  cuffId: cuffId,
  mmHg: measuredMmHg,
});
export type PressureSample = z.infer<typeof pressureSampleSchema>;

export const heartRateSampleSchema = z.object({
  /** Milliseconds since startedAtMs, like pressure samples. */
  atMs: durationMs,
  bpm: heartRateBpm,
});
export type HeartRateSample = z.infer<typeof heartRateSampleSchema>;

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
  /**
   * Wrist heart rate, one sample per 5 s at most (optional: records from before heart rate was
   * read have none, and still parse with the same version number).
   */
  heartRateSamples: z.optional(z.array(heartRateSampleSchema).check(z.maxLength(HR_MAX_SAMPLES))),
  occlusion: z.array(occlusionRecordSchema).check(z.maxLength(2)),
  alarms: z.array(alarmRecordSchema).check(z.maxLength(MAX_ALARMS)),
  /** Alarms not kept because the list was full. */
  alarmsDropped: intIn(0, 1000000),
  rpe: z.nullable(intIn(1, 10)),
  device: deviceInfoSchema,
  /** 'ble' when a read-only Bluetooth cuff gave the pressure; absent (older records): controller. */
  cuffSource: z.optional(cuffSourceSchema),
});
export type SessionRecord = z.infer<typeof sessionRecordSchema>;

/** No counter sees more than this many reps, steps or pedal strokes per second of work. */
export const MAX_COUNTS_PER_SECOND = 10;
/** Slack for pressure time over work time per cuff: the first reading of a set may cover a few
 * seconds before it (the engine caps one reading's share at its stale-pressure window). */
const PRESSURE_SLACK_MS = 60000;

export interface RecordIssue { path: Array<string | number>; message: string }

/**
 * Rules between fields that the per-field schema cannot see. A record the engine writes always
 * passes (its clock only moves forward, phases are entered one after another, a set's pressure
 * time only grows while that set's work phase runs):
 *   - times ordered: the end is not before the start; a finished session (completed, stopped)
 *     has an end and an end reason that matches its status; a running one has neither
 *   - phases ordered and within the session: planned starts in order and each planned end at or
 *     after its start; phases start one after another (no phase starts before the one before it
 *     ended), every actual time lies within [startedAtMs, endedAtMs]
 *   - set numbers unique
 *   - heart-rate samples in time order, a set's mean heart rate not above its max
 *   - in-band time <= pressure time in every set
 *   - counts bounded by time: a set whose work is over counted (and recounted) at most 10 per
 *     second of work (+10), and its pressure time is at most its work time (+60 s) for each cuff
 * Returns the issues found, at most `max`, each with the path of the field it is about.
 */
export function crossFieldIssues(record: SessionRecord, max = 5): RecordIssue[] {
  const issues: RecordIssue[] = [];
  const add = (path: Array<string | number>, message: string) => {
    if (issues.length < max) issues.push({ path, message });
  };
  const start = record.startedAtMs;
  const end = record.endedAtMs;
  if (end !== null && end < start) add(['endedAtMs'], 'before startedAtMs');
  if (record.status === 'inProgress') {
    if (end !== null) add(['endedAtMs'], 'a session in progress has no end time');
    if (record.endReason !== null) add(['endReason'], 'a session in progress has no end reason');
  } else {
    if (end === null) add(['endedAtMs'], 'a ' + record.status + ' session needs an end time');
    if (record.endReason === null) add(['endReason'], 'a ' + record.status + ' session needs an end reason');
    else if ((record.status === 'completed') !== (record.endReason === 'completed')) {
      add(['endReason'], '"' + record.endReason + '" does not match status "' + record.status + '"');
    }
  }
  let previous: PhaseRecord | null = null;
  let notStartedAt = -1;
  record.phases.forEach((phase, i) => {
    if (phase.plannedEndMs < phase.plannedStartMs) add(['phases', i, 'plannedEndMs'], 'before plannedStartMs');
    if (previous && phase.plannedStartMs < previous.plannedStartMs) add(['phases', i, 'plannedStartMs'], 'before the previous phase\'s');
    const s = phase.actualStartMs;
    const e = phase.actualEndMs;
    if (s === null) {
      if (e !== null) add(['phases', i, 'actualEndMs'], 'an end without a start');
      if (notStartedAt < 0) notStartedAt = i;
    } else {
      if (notStartedAt >= 0) add(['phases', i, 'actualStartMs'], 'started although phase ' + notStartedAt + ' before it never did');
      if (s < start) add(['phases', i, 'actualStartMs'], 'before the session started');
      if (end !== null && s > end) add(['phases', i, 'actualStartMs'], 'after the session ended');
      if (previous && previous.actualStartMs !== null) {
        if (previous.actualEndMs === null) add(['phases', i, 'actualStartMs'], 'started while phase ' + (i - 1) + ' had not ended');
        else if (s < previous.actualEndMs) add(['phases', i, 'actualStartMs'], 'before phase ' + (i - 1) + ' ended');
      }
    }
    if (e !== null && s !== null) {
      if (e < s) add(['phases', i, 'actualEndMs'], 'before actualStartMs');
      if (end !== null && e > end) add(['phases', i, 'actualEndMs'], 'after the session ended');
    }
    previous = phase;
  });
  const hr = record.heartRateSamples || [];
  for (let i = 1; i < hr.length; i++) {
    if (hr[i].atMs <= hr[i - 1].atMs) {
      add(['heartRateSamples', i, 'atMs'], 'not after the sample before it');
      break;
    }
  }
  const cuffCount = Math.max(1, record.cuffs.length);
  const seen: { [setIndex: number]: boolean } = {};
  record.sets.forEach((set, i) => {
    if (seen[set.setIndex]) add(['sets', i, 'setIndex'], 'set ' + set.setIndex + ' appears twice');
    seen[set.setIndex] = true;
    if (set.inBandMs > set.pressureMs) add(['sets', i, 'inBandMs'], 'more than pressureMs (' + set.pressureMs + ')');
    if (set.heartRateMeanBpm !== undefined && set.heartRateMaxBpm !== undefined && set.heartRateMeanBpm > set.heartRateMaxBpm) {
      add(['sets', i, 'heartRateMeanBpm'], 'more than heartRateMaxBpm (' + set.heartRateMaxBpm + ')');
    }
    // Work time of the set, when all of its work phases are over.
    let workMs = 0;
    let over = true;
    let any = false;
    for (const p of record.phases) {
      if (p.kind !== 'work' || p.setIndex !== set.setIndex) continue;
      any = true;
      if (p.actualStartMs === null) continue;
      if (p.actualEndMs === null) over = false;
      else workMs += Math.max(0, p.actualEndMs - p.actualStartMs);
    }
    if (!any || !over) return;
    const maxCount = Math.floor((workMs / 1000) * MAX_COUNTS_PER_SECOND) + 10;
    if (set.counted > maxCount) add(['sets', i, 'counted'], 'more than ' + maxCount + ' in ' + Math.round(workMs / 1000) + ' s of work');
    if (set.recountedReps !== undefined && set.recountedReps > maxCount) add(['sets', i, 'recountedReps'], 'more than ' + maxCount + ' in ' + Math.round(workMs / 1000) + ' s of work');
    const maxPressureMs = (workMs + PRESSURE_SLACK_MS) * cuffCount;
    if (set.pressureMs > maxPressureMs) add(['sets', i, 'pressureMs'], 'more than ' + maxPressureMs + ' for ' + Math.round(workMs / 1000) + ' s of work on ' + cuffCount + ' cuff(s)');
  });
  return issues;
}

/** The record schema with the cross-field rules: what a pushed record must pass. */
export const checkedSessionRecordSchema = sessionRecordSchema.check(
  z.superRefine((record: SessionRecord, ctx) => {
    for (const issue of crossFieldIssues(record)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, input: record });
  }),
);

/**
 * Parse a stored record (per-field rules only): records written before the cross-field rules
 * existed keep loading, so nothing already kept on the phone or the watch disappears. The error
 * names the field ("sets.2.counted: ...").
 */
export function parseSessionRecord(input: unknown): ParseResult<SessionRecord> {
  return parseWith(sessionRecordSchema, input, 'session record');
}

/** Parse a record with the cross-field rules too: for records arriving from elsewhere. */
export function parseCheckedSessionRecord(input: unknown): ParseResult<SessionRecord> {
  return parseWith(checkedSessionRecordSchema, input, 'session record');
}
