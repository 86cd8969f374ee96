// Building blocks every schema uses, so a bound such as "an id is at most 64 characters" lives
// in one place, and every parse failure reads the same way: "field.path: what was wrong".
import * as z from 'zod/mini';

/** A safe integer in [min, max]. */
export function intIn(min: number, max: number) {
  return z.int().check(z.minimum(min), z.maximum(max));
}

/** A finite number in [min, max] (zod rejects NaN and Infinity). */
export function numberIn(min: number, max: number) {
  return z.number().check(z.minimum(min), z.maximum(max));
}

/** A string of at most max characters (and at least min). */
export function text(max: number, min?: number) {
  return min ? z.string().check(z.minLength(min), z.maxLength(max)) : z.string().check(z.maxLength(max));
}

/** Milliseconds since the Unix epoch, as sent by the watch or phone clock. */
export const epochMs = intIn(0, 8640000000000000);
/** A duration in milliseconds; a day is far more than any session. */
export const durationMs = intIn(0, 86400000);
/** Identifiers (session ids, cuff ids, request ids): short, printable, no spaces. */
export const identifier = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9._:-]+$/));
export const cuffId = z.string().check(z.minLength(1), z.maxLength(16), z.regex(/^[A-Za-z0-9._-]+$/));

export const LIMBS = ['arm', 'leg'] as const;
export const limbSchema = z.enum(LIMBS);
export type Limb = z.infer<typeof limbSchema>;

/** Pressure a sensor may report; above the 300 mmHg command ceiling so an over-pressure is still readable. */
export const measuredMmHg = numberIn(0, 500);
/** Limb occlusion pressure: wide cuffs ~144, narrow ~235 mmHg (BFR.md); 400 leaves room for outliers. */
export const lopMmHgSchema = numberIn(30, 400);
/** Percent of LOP a cuff is asked to hold. */
export const percentLopSchema = intIn(1, 100);

export interface ParseOk<T> { ok: true; value: T }
export interface ParseFailed { ok: false; error: string; fields: string[] }
export type ParseResult<T> = ParseOk<T> | ParseFailed;

interface IssueLike {
  path: ReadonlyArray<PropertyKey>;
  message: string;
  code?: string;
  expected?: unknown;
  values?: ReadonlyArray<unknown>;
  maximum?: unknown;
  minimum?: unknown;
  origin?: string;
}

/** "sets.2.counted: Too big: expected number to be <=10000" — the field first, so logs are greppable. */
export function fieldName(path: ReadonlyArray<PropertyKey>): string {
  return path.length ? path.map(String).join('.') : '(root)';
}

/** zod/mini ships no message locale (it says "Invalid input"); say what was expected instead. */
export function describeIssue(issue: IssueLike): string {
  const unit = issue.origin === 'array' || issue.origin === 'string' ? ' items' : '';
  switch (issue.code) {
    case 'invalid_type': return 'expected ' + String(issue.expected);
    case 'invalid_value': return 'expected one of ' + (issue.values || []).map((v) => JSON.stringify(v)).join(', ');
    case 'too_big': return 'too big (max ' + String(issue.maximum) + (unit && issue.origin === 'string' ? ' characters' : unit) + ')';
    case 'too_small': return 'too small (min ' + String(issue.minimum) + (unit && issue.origin === 'string' ? ' characters' : unit) + ')';
    case 'invalid_format': return 'wrong format';
    case 'invalid_union': return 'matches none of the allowed shapes';
    default: return issue.message;
  }
}

export function formatIssues(issues: ReadonlyArray<IssueLike>): string {
  const shown = issues.slice(0, 5).map((i) => fieldName(i.path) + ': ' + describeIssue(i));
  if (issues.length > 5) shown.push('(+' + (issues.length - 5) + ' more)');
  return shown.join('; ');
}

/** Parse untrusted input (BLE message, stored record, settings value) without throwing. */
export function parseWith<T>(schema: z.ZodMiniType<T>, input: unknown, what: string): ParseResult<T> {
  const result = z.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues;
  return {
    ok: false,
    error: what + ' rejected: ' + formatIssues(issues),
    fields: issues.map((i) => fieldName(i.path)),
  };
}
