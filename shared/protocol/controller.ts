// The cuff controller HTTP API (companion <-> controller), version 1. One source of truth for
// the controller simulator (sim/controller/) and the phone's controller client
// (companion/controllerClient.ts); both parse every body they receive with these schemas.
//
// Routes (all JSON, all need `Authorization: Bearer <token>`):
//   GET  /v1/status                          -> StatusResponse
//   GET  /v1/telemetry?after=SEQ&waitMs=N    -> TelemetryResponse (long-poll: held up to waitMs
//                                               until a reading with seq > after exists)
//   POST /v1/cuffs/{id}/lop     LopRequest    -> LopResponse, or 422 'lop-failed'
//   POST /v1/cuffs/{id}/inflate InflateRequest -> CuffResponse
//   POST /v1/cuffs/{id}/deflate                -> CuffResponse
//   POST /v1/deflate-all                       -> DeflateAllResponse
// Errors: ErrorResponse `{ error: { code, message } }` with the status in ERROR_STATUS.
//
// Every number has bounds and every array a maximum length, so a broken or hostile controller
// cannot hand the phone a body that makes it allocate or draw nonsense.
import * as z from 'zod/mini';

export const CONTROLLER_API_VERSION = 1;
/** No controller inflates above this, whatever it is asked. */
export const CONTROLLER_HARD_MAX_MMHG = 300;
/** Sensor range of a reading; a spike may read above the hard max, never above this. */
export const PRESSURE_RANGE_MAX_MMHG = 500;
export const MAX_CUFFS = 8;
export const MAX_READINGS_PER_POLL = 500;
export const MAX_TELEMETRY_WAIT_MS = 30000;
export const MAX_SEQ = 9007199254740991; // Number.MAX_SAFE_INTEGER, spelled out for ES2019 readers
/** Controller clock: ms since the controller started; bounded at about 300 years. */
export const MAX_CONTROLLER_TIME_MS = 1e13;

// Same bound as the watch protocol's cuffId (shared/protocol/common.ts: 16 chars), stricter alphabet.
export const cuffIdSchema = z.string().check(z.minLength(1), z.maxLength(16), z.regex(/^[a-z0-9][a-z0-9-]*$/));
export const limbSchema = z.enum(['arm', 'leg']);
export const cuffStateSchema = z.enum(['idle', 'inflating', 'holding', 'deflating', 'measuring', 'fault']);
export const valveStateSchema = z.enum(['open', 'closed', 'stuck']);
export const postureSchema = z.enum(['seated', 'standing', 'supine']);
/** Why a cuff is in state 'fault' (open list: a newer controller may name others). */
export const cuffFaultSchema = z.string().check(z.minLength(1), z.maxLength(64));

const seqSchema = z.number().check(z.int(), z.minimum(0), z.maximum(MAX_SEQ));
const pressureSchema = z.number().check(z.minimum(0), z.maximum(PRESSURE_RANGE_MAX_MMHG));
const targetSchema = z.number().check(z.minimum(0), z.maximum(CONTROLLER_HARD_MAX_MMHG));
const lopSchema = z.number().check(z.minimum(20), z.maximum(CONTROLLER_HARD_MAX_MMHG));

export type CuffId = z.infer<typeof cuffIdSchema>;
export type Limb = z.infer<typeof limbSchema>;
export type CuffState = z.infer<typeof cuffStateSchema>;
export type ValveState = z.infer<typeof valveStateSchema>;
export type Posture = z.infer<typeof postureSchema>;

// ---- responses ----

export const cuffStatusSchema = z.object({
  id: cuffIdSchema,
  limb: limbSchema,
  state: cuffStateSchema,
  pressureMmHg: pressureSchema,
  targetMmHg: z.nullable(targetSchema),
  lopMmHg: z.nullable(lopSchema),
  valve: valveStateSchema,
  /** Set while state is 'fault' (e.g. 'valve-stuck', 'over-pressure'); optional on the wire. */
  fault: z.optional(z.nullable(cuffFaultSchema)),
});
export type CuffStatus = z.infer<typeof cuffStatusSchema>;

export const statusResponseSchema = z.object({
  v: z.literal(1),
  seq: seqSchema,
  /** Battery charge in percent. */
  battery: z.number().check(z.minimum(0), z.maximum(100)),
  cuffs: z.array(cuffStatusSchema).check(z.maxLength(MAX_CUFFS)),
});
export type StatusResponse = z.infer<typeof statusResponseSchema>;

export const readingSchema = z.object({
  seq: seqSchema,
  cuffId: cuffIdSchema,
  /** Controller clock (ms since it started), not wall time. */
  tMs: z.number().check(z.minimum(0), z.maximum(MAX_CONTROLLER_TIME_MS)),
  pressureMmHg: pressureSchema,
  targetMmHg: z.nullable(targetSchema),
  state: cuffStateSchema,
});
export type Reading = z.infer<typeof readingSchema>;

export const telemetryResponseSchema = z.object({
  v: z.literal(1),
  /** Newest reading seq the controller has; pass it as `after` next time. Lower than the
   * `after` that was sent means the controller restarted: start again from it. */
  seq: seqSchema,
  readings: z.array(readingSchema).check(z.maxLength(MAX_READINGS_PER_POLL)),
});
export type TelemetryResponse = z.infer<typeof telemetryResponseSchema>;

export const lopResponseSchema = z.object({
  v: z.literal(1),
  ok: z.literal(true),
  cuffId: cuffIdSchema,
  lopMmHg: lopSchema,
  posture: postureSchema,
  /** How long the measurement took on the controller clock. */
  durationMs: z.number().check(z.minimum(0), z.maximum(600000)),
});
export type LopResponse = z.infer<typeof lopResponseSchema>;

export const cuffResponseSchema = z.object({
  v: z.literal(1),
  cuff: cuffStatusSchema,
});
export type CuffResponse = z.infer<typeof cuffResponseSchema>;

export const deflateAllResponseSchema = z.object({
  v: z.literal(1),
  cuffs: z.array(cuffStatusSchema).check(z.maxLength(MAX_CUFFS)),
});
export type DeflateAllResponse = z.infer<typeof deflateAllResponseSchema>;

/** Error codes the API uses, with their HTTP status. `code` on the wire is an open string. */
export const ERROR_STATUS = {
  'bad-json': 400,
  'bad-body': 400,
  'bad-query': 400,
  unauthorised: 401,
  'not-found': 404,
  'unknown-cuff': 404,
  'method-not-allowed': 405,
  'cuff-busy': 409,
  'cuff-fault': 409,
  'lop-aborted': 409,
  'body-too-large': 413,
  'target-above-max': 422,
  'lop-failed': 422,
  'valve-stuck': 500,
  internal: 500,
} as const;
export type ControllerErrorCode = keyof typeof ERROR_STATUS;

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string().check(z.minLength(1), z.maxLength(64)),
    message: z.string().check(z.maxLength(1000)),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

// ---- requests ----

/** Query of GET /v1/telemetry, as the strings a URL carries. Both fields may be left out (0). */
export const telemetryQuerySchema = z.object({
  after: z.optional(z.string().check(z.regex(/^\d{1,16}$/))),
  waitMs: z.optional(z.string().check(z.regex(/^\d{1,6}$/))),
});
export interface TelemetryQuery {
  after: number;
  waitMs: number;
}

export const lopRequestSchema = z.object({
  posture: z.optional(postureSchema),
});
export type LopRequest = z.infer<typeof lopRequestSchema>;

/** The wire bound is wide on purpose: above CONTROLLER_HARD_MAX_MMHG the controller answers
 * 422 'target-above-max' (a request it understood and refuses), not 400. */
export const inflateRequestSchema = z.object({
  targetMmHg: z.number().check(z.minimum(1), z.maximum(1000)),
});
export type InflateRequest = z.infer<typeof inflateRequestSchema>;

/** Parses a telemetry query; returns the numbers or the name of the bad field. */
export function parseTelemetryQuery(query: unknown): { ok: true; value: TelemetryQuery } | { ok: false; message: string } {
  const parsed = telemetryQuerySchema.safeParse(query);
  if (!parsed.success) return { ok: false, message: describeIssues(parsed.error.issues) };
  const after = parsed.data.after === undefined ? 0 : Number(parsed.data.after);
  const waitMs = parsed.data.waitMs === undefined ? 0 : Number(parsed.data.waitMs);
  if (after > MAX_SEQ) return { ok: false, message: 'after: too big (max ' + MAX_SEQ + ')' };
  if (waitMs > MAX_TELEMETRY_WAIT_MS) return { ok: false, message: 'waitMs: too big (max ' + MAX_TELEMETRY_WAIT_MS + ')' };
  return { ok: true, value: { after, waitMs } };
}

// ---- readable issues ----

/** The minimal shape of a zod issue that describeIssue reads. */
export interface IssueLike {
  code: string;
  path: ReadonlyArray<PropertyKey>;
  message: string;
  expected?: unknown;
  maximum?: unknown;
  minimum?: unknown;
  values?: ReadonlyArray<unknown>;
  origin?: unknown;
}

/** "cuffs.0.pressureMmHg: too big (max 500)": field path first, then what was wrong. zod/mini
 * ships no messages ("Invalid input"), so the text is built from the issue's fields. */
export function describeIssue(issue: IssueLike): string {
  const where = issue.path.length ? issue.path.map((p) => String(p)).join('.') : '(body)';
  let what: string;
  switch (issue.code) {
    case 'invalid_type':
      what = 'expected ' + String(issue.expected);
      break;
    case 'too_big':
      what = (issue.origin === 'array' || issue.origin === 'string' ? 'too long (max ' : 'too big (max ') + String(issue.maximum) + ')';
      break;
    case 'too_small':
      what = (issue.origin === 'array' || issue.origin === 'string' ? 'too short (min ' : 'too small (min ') + String(issue.minimum) + ')';
      break;
    case 'invalid_value':
      what = 'expected one of ' + (issue.values || []).map((v) => JSON.stringify(v)).join(', ');
      break;
    case 'invalid_format':
      what = 'bad format';
      break;
    case 'unrecognized_keys':
      what = 'unknown field';
      break;
    default:
      what = issue.message && issue.message !== 'Invalid input' ? issue.message : 'invalid (' + issue.code + ')';
  }
  return where + ': ' + what;
}

/** The first issue (the one a person fixes first), plus how many more there were. */
export function describeIssues(issues: ReadonlyArray<IssueLike>): string {
  if (!issues.length) return '(body): invalid';
  const more = issues.length > 1 ? ' (and ' + (issues.length - 1) + ' more)' : '';
  return describeIssue(issues[0]) + more;
}

/** The path of the first issue as a dotted string ('(body)' for the whole body). */
export function firstIssuePath(issues: ReadonlyArray<IssueLike>): string {
  const issue = issues[0];
  return issue && issue.path.length ? issue.path.map((p) => String(p)).join('.') : '(body)';
}
