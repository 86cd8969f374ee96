// The session state: plain JSON, so the shell can store it after any step and a relaunched app
// resumes exactly where it was (the `resume` event parses it with this schema first).
import * as z from 'zod/mini';
import { cuffId, epochMs, intIn, lopMmHgSchema, measuredMmHg, numberIn, parseWith, ParseResult, text } from '../protocol/common';
import { screeningAnswersSchema } from '../protocol/screening';
import { sessionRecordSchema } from '../protocol/sessionRecord';
import { alarmKindSchema, cuffSourceSchema, restrictionKindSchema } from '../protocol/vocabulary';
import { programSchema } from '../programs/program';
import { noticeSchema } from './notices';

export const SESSION_STATE_VERSION = 1;
const nullableMs = z.nullable(epochMs);

export const cuffRuntimeSchema = z.object({
  cuffId: cuffId,
  lopMmHg: z.nullable(lopMmHgSchema),
  /** mmHg this cuff is asked to hold while inflated (from % LOP, clamped to the ceiling). */
  targetMmHg: z.nullable(numberIn(0, 300)),
  lastReadingAtMs: nullableMs,
  lastMmHg: z.nullable(measuredMmHg),
  lastSeq: z.nullable(intIn(0, Number.MAX_SAFE_INTEGER)),
  /** The controller reports it has reached target and is holding. */
  holding: z.boolean(),
  overSinceMs: nullableMs,
  underNoticed: z.boolean(),
  staleWarned: z.boolean(),
  lastSampleAtMs: nullableMs,
  /**
   * The target the controller reports holding (reading.targetMmHg), capped at this watch's
   * ceiling; band checks and the view use it, so a phone LOP that differs from the watch's does
   * not read as "pressure low". Null while deflated or before a reading names one.
   */
  heldTargetMmHg: z._default(z.nullable(numberIn(0, 300)), null),
});
export type CuffRuntime = z.infer<typeof cuffRuntimeSchema>;

/** The heart-rate watch (safety/heartRateCeiling.ts) and this session's ceiling (null: none). */
export const heartRateRuntimeSchema = z.object({
  ceilingBpm: z.nullable(intIn(100, 200)),
  aboveSinceMs: nullableMs,
  tripped: z.boolean(),
  lastBpm: z.nullable(numberIn(30, 230)),
  lastAtMs: nullableMs,
});
export type HeartRateRuntime = z.infer<typeof heartRateRuntimeSchema>;
export const freshHeartRateRuntime: HeartRateRuntime = { ceilingBpm: null, aboveSinceMs: null, tripped: false, lastBpm: null, lastAtMs: null };

export const sessionStateSchema = z.object({
  v: z.literal(SESSION_STATE_VERSION),
  status: z.enum(['ready', 'running', 'confirmStop', 'finished']),
  program: programSchema,
  restriction: restrictionKindSchema,
  screening: z.nullable(screeningAnswersSchema),
  tempoCue: z.boolean(),
  /** Time of the latest event seen; time never runs backwards inside the engine. */
  nowMs: epochMs,
  /** Index into record.phases; its actual start and the absolute end of the current phase. */
  phaseIndex: intIn(0, 64),
  phaseStartMs: epochMs,
  phaseEndMs: epochMs,
  /** The ten-second warning was given for the current phase. */
  tenSecondWarned: z.boolean(),
  /** Tempo cues given in the current phase. */
  tempoBeats: intIn(0, 100000),
  cuffs: z.array(cuffRuntimeSchema).check(z.maxLength(4)),
  /** Cuffs were commanded up (and not yet down). */
  inflated: z.boolean(),
  /** After a safety deflation, no inflation before this phase index. */
  holdUntilPhase: z.nullable(intIn(0, 65)),
  budget: z.object({ usedMs: intIn(0, 86400000), inflatedSinceMs: nullableMs, deflatedSinceMs: nullableMs }),
  linkUp: z.boolean(),
  pedometerLast: z.nullable(intIn(0, Number.MAX_SAFE_INTEGER)),
  pedometerAtSetStart: z.nullable(intIn(0, Number.MAX_SAFE_INTEGER)),
  /** Controller cuffs (commanded) or a read-only Bluetooth cuff (bleCuff.ts); older states: controller. */
  cuffSource: z._default(cuffSourceSchema, 'controller'),
  /**
   * Bluetooth cuff only: a release is asked of the trainee and not yet seen in a reading.
   * inflatedAtMs is when the cuff went up (the screen shows the time since), reason the rule
   * that asked, nextBuzzAtMs when the reminder buzz repeats.
   */
  release: z._default(z.nullable(z.object({
    inflatedAtMs: epochMs, reason: z.nullable(alarmKindSchema), nextBuzzAtMs: epochMs,
  })), null),
  /** Alarms whose condition still holds (alarms.ts orders them); the screen shows the most severe. */
  /** Added with heart rate: a state saved before it has none (integrity.ts sets the ceiling). */
  heartRate: z._default(heartRateRuntimeSchema, freshHeartRateRuntime),
  activeAlarms: z._default(z.array(alarmKindSchema).check(z.maxLength(16)), []),
  /** English message of the most severe active alarm (derived from activeAlarms; logs only, shells show `alarm.<kind>`). */
  alarmText: z.nullable(text(120)),
  /** English detail of the notice (logs only; shells show `notice` from their catalog). */
  noticeText: z.nullable(text(120)),
  /** The notice the screen shows, as a code with its number (notices.ts). */
  notice: z._default(z.nullable(noticeSchema), null),
  record: sessionRecordSchema,
});
export type SessionState = z.infer<typeof sessionStateSchema>;

export function parseSessionState(input: unknown): ParseResult<SessionState> {
  return parseWith(sessionStateSchema, input, 'saved session');
}
