// The part of `zod/mini` that shared/ uses, small and ES5-only, for the Fitbit device bundle
// (scripts/buildFitbit.js resolves `zod/mini` to this file for the device app and nowhere else).
// Why: zod itself needs Set, Symbol, Object.entries and more at load time, which the watch's
// JerryScript lacks, and its ~27 KB of code did not fit the 128 KB JS heap next to the app.
// The schemas stay the ones in shared/ (one source of truth); only the engine that runs them
// differs. test/fitbit/zodMini.test.ts parses the same inputs with both engines and requires
// identical results: success, parsed value, and the error text shared/protocol/common.ts
// builds from the issues (so issue codes, paths, order and bounds match zod 4's).
//
// Supported: string, number, int, boolean, literal, enum, object (unknown keys stripped),
// array, nullable, optional, _default, discriminatedUnion; checks minimum, maximum, minLength,
// maxLength, regex, superRefine; safeParse (function and method) and .check(). And `lazy`, not
// zod's: a schema made when used, which the device build wraps some shared schemas in.
//
// Memory: shared/ builds a few hundred schemas when it loads, so a schema is one small object
// (kind, parameter, checks) and a check a two-field object; no closures per schema. A parse
// keeps one list of issues for the whole input (a field's issues get their path from its
// parent), not a result object and list per field: the watch parses a pressure message twice a
// second in a set, when the heap is fullest. And a parse copies only what it must: an object
// or array that passes unchanged (nothing to strip) comes back as the input itself, where zod
// returns an equal copy, so a session record read from a file is not held twice in the heap.

type Key = string | number;

export interface Issue {
  code: string;
  path?: Key[];
  message?: string;
  expected?: string;
  values?: unknown[];
  minimum?: number;
  maximum?: number;
  origin?: string;
  format?: string;
  input?: unknown;
  /** true: later checks still run (zod's `continue`); absent: the value is unusable. */
  continue?: boolean;
  [extra: string]: unknown;
}

// Schema kinds, and check kinds.
const STRING = 0, NUMBER = 1, BOOLEAN = 2, VALUES = 3, OBJECT = 4, ARRAY = 5, NULLABLE = 6, OPTIONAL = 7, UNION = 8, DEFAULT = 9, LAZY = 10;
const INT = 0, MIN = 1, MAX = 2, MIN_LENGTH = 3, MAX_LENGTH = 4, REGEX = 5, REFINE = 6;

export interface Check {
  k: number;
  v?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const MAX_SAFE = 9007199254740991;

export class Schema {
  /** Checks after the type, in order. */
  declare c?: Check[];
  /** Values (VALUES), shape (OBJECT), element or inner schema, [discriminator, options] (UNION). */
  declare x?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** 1: an absent object key is allowed (z.optional, and z.nullable around it). */
  declare o?: number;

  constructor(readonly k: number, x?: unknown) {
    if (x !== undefined) this.x = x;
  }

  /** A copy with more checks (the original is unchanged, as in zod). */
  check(...more: Array<Check | Schema>): Schema {
    if (this.k === LAZY) return lazy(() => built(this).check(...more)); // still made when used
    const copy = new Schema(this.k, this.x);
    if (this.o) copy.o = this.o;
    const list = this.c ? this.c.slice() : [];
    for (let i = 0; i < more.length; i++) {
      const c = more[i];
      list.push(c instanceof Schema ? INT_CHECK : c); // z.int() used as a check
    }
    copy.c = same(list);
    return copy;
  }

  safeParse(input: unknown): SafeParseResult {
    return safeParse(this, input);
  }
}

export type ZodMiniType = Schema;

export type SafeParseResult =
  | { success: true; data: any } // eslint-disable-line @typescript-eslint/no-explicit-any
  | { success: false; error: { issues: Issue[] } };

const INT_CHECK: Check = { k: INT };
/** An object key the input does not have. */
const ABSENT = {};

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function oneOf(values: ReadonlyArray<unknown>, v: unknown): boolean {
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x === v || (x !== x && v !== v)) return true; // SameValueZero, as a Set lookup
  }
  return false;
}

/** Any issue from `from` on that stops the checks after it (zod: `continue !== true`). */
function aborted(issues: Issue[], from: number): boolean {
  for (let i = from; i < issues.length; i++) if (issues[i].continue !== true) return true;
  return false;
}

/** The issues from `from` on were found under `key`: their paths start with it. */
function prefix(key: Key, issues: Issue[], from: number): void {
  for (let i = from; i < issues.length; i++) {
    const iss = issues[i];
    (iss.path || (iss.path = [])).unshift(key);
  }
}

/**
 * Parses v with s: returns the value (v itself unless something had to change) and appends
 * what is wrong to `issues`, one list for the whole parse (a field's issues are the ones it
 * appended, their paths made absolute by its parent): no object per field or value parsed.
 */
function run(s: Schema, v: any, issues: Issue[]): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (s.k === LAZY) return run(built(s), v, issues);
  const from = issues.length;
  v = parse(s, v, issues);
  const checks = s.c;
  if (!checks) return v;
  let stop = aborted(issues, from);
  for (let i = 0; i < checks.length; i++) {
    const ch = checks[i];
    if (ch.k === MIN_LENGTH || ch.k === MAX_LENGTH) {
      // zod runs length checks whenever the value has a length, even after a type error,
      // unless an issue said `continue: false`.
      if (v === null || v === undefined || v.length === undefined) continue;
      let hard = false;
      for (let j = from; j < issues.length; j++) if (issues[j].continue === false) hard = true;
      if (hard) continue;
    } else if (stop) {
      continue;
    }
    const before = issues.length;
    check(ch, v, issues);
    if (!stop && issues.length !== before) stop = aborted(issues, before);
  }
  return v;
}

function parse(s: Schema, v: any, issues: Issue[]): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  const x = s.x;
  switch (s.k) {
    case STRING:
      if (typeof v !== 'string') issues.push({ expected: 'string', code: 'invalid_type' });
      return v;
    case NUMBER:
      if (typeof v !== 'number' || !isFinite(v)) issues.push({ expected: 'number', code: 'invalid_type' });
      return v;
    case BOOLEAN:
      if (typeof v !== 'boolean') issues.push({ expected: 'boolean', code: 'invalid_type' });
      return v;
    case VALUES:
      if (!oneOf(x, v)) issues.push({ code: 'invalid_value', values: x });
      return v;
    case NULLABLE:
      return v !== null ? run(x, v, issues) : v;
    case OPTIONAL:
      return v !== undefined ? run(x, v, issues) : v;
    case DEFAULT:
      // zod 4: an absent value becomes (a shallow copy of) the default, unparsed.
      return v === undefined ? shallowCopy(x[1]) : run(x[0], v, issues);
    case ARRAY: {
      if (!Array.isArray(v)) {
        issues.push({ expected: 'array', code: 'invalid_type' });
        return v;
      }
      // zod's size cap: an array longer than a leading maxLength is refused whole, its
      // elements unread, and nothing after it runs.
      const checks = s.c || [];
      for (let i = 0; i < checks.length && (checks[i].k === MIN_LENGTH || checks[i].k === MAX_LENGTH); i++) {
        if (checks[i].k === MAX_LENGTH && v.length > checks[i].v) {
          issues.push({ origin: 'array', code: 'too_big', maximum: checks[i].v, continue: false });
          return v;
        }
      }
      // The input array itself comes back when no element changed (see `same`).
      const el: Schema = x.k === LAZY ? built(x) : x; // made once for all elements
      let out: unknown[] | null = null;
      for (let i = 0; i < v.length; i++) {
        const at = issues.length;
        const r = run(el, v[i], issues);
        if (issues.length !== at) prefix(i, issues, at);
        if (out === null && (r !== v[i] || !(i in v))) out = v.slice(0, i);
        if (out !== null) out[i] = r;
      }
      return out !== null ? out : v;
    }
    case OBJECT: {
      if (!isObject(v)) {
        issues.push({ expected: 'object', code: 'invalid_type' });
        return v;
      }
      // The input object itself comes back when it is a plain object, every field came back
      // unchanged and nothing is to be stripped; otherwise a new object, as zod makes.
      const values: unknown[] = [];
      let same = Object.getPrototypeOf(v) === Object.prototype;
      let kept = 0;
      for (const key in x) {
        if (!Object.prototype.hasOwnProperty.call(x, key) || key === '__proto__') continue;
        const el: Schema = x[key];
        const at = issues.length;
        const r = run(el, v[key], issues);
        const present = key in v;
        values.push(present || el.k === DEFAULT ? r : ABSENT);
        if (!present && (el.k === DEFAULT || el.o)) {
          // an absent key that may be absent: what its schema said of `undefined` does not count
          issues.length = at;
          if (el.k === DEFAULT) same = false;
          continue;
        }
        if (issues.length !== at) prefix(key, issues, at);
        if (!present) {
          if (issues.length === at) issues.push({ code: 'invalid_type', expected: 'nonoptional', path: [key] });
          continue;
        }
        kept++;
        if (r !== v[key] || !Object.prototype.hasOwnProperty.call(v, key)) same = false;
      }
      if (same) {
        let own = 0;
        for (const key in v) if (Object.prototype.hasOwnProperty.call(v, key)) own++;
        if (own === kept) return v;
      }
      const out: { [key: string]: unknown } = {};
      let i = 0;
      for (const key in x) {
        if (!Object.prototype.hasOwnProperty.call(x, key) || key === '__proto__') continue;
        if (values[i] !== ABSENT) out[key] = values[i];
        i++;
      }
      return out;
    }
    case UNION: {
      if (!isObject(v)) {
        issues.push({ code: 'invalid_type', expected: 'object' });
        return v;
      }
      const options: Schema[] = x[1];
      for (let i = 0; i < options.length; i++) {
        const option = options[i].k === LAZY ? built(options[i]) : options[i];
        if (oneOf(option.x[x[0]].x, v[x[0]])) return run(option, v, issues);
      }
      issues.push({ code: 'invalid_union', note: 'No matching discriminator', path: [x[0]] });
    }
  }
  return v;
}

/** Length in code points, as zod counts strings (a surrogate pair is one). */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    if ((s.charCodeAt(i) & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n--;
      i++;
    }
  }
  return n;
}

function lengthOrigin(v: unknown): string {
  return Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : 'unknown';
}

function check(ch: Check, v: any, issues: Issue[]): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  const limit = ch.v;
  let len;
  switch (ch.k) {
    case INT:
      if (Math.floor(v) !== v) issues.push({ expected: 'int', format: 'safeint', code: 'invalid_type', continue: false });
      else if (v > MAX_SAFE) issues.push({ code: 'too_big', maximum: MAX_SAFE, origin: 'int', continue: true });
      else if (v < -MAX_SAFE) issues.push({ code: 'too_small', minimum: -MAX_SAFE, origin: 'int', continue: true });
      return;
    case MIN:
      if (!(v >= limit)) issues.push({ origin: 'number', code: 'too_small', minimum: limit, continue: true });
      return;
    case MAX:
      if (!(v <= limit)) issues.push({ origin: 'number', code: 'too_big', maximum: limit, continue: true });
      return;
    case MIN_LENGTH:
      len = typeof v === 'string' && v.length >= limit && v.length < limit * 2 ? codePoints(v) : v.length;
      if (!(len >= limit)) issues.push({ origin: lengthOrigin(v), code: 'too_small', minimum: limit, continue: true });
      return;
    case MAX_LENGTH:
      len = typeof v === 'string' && v.length > limit ? codePoints(v) : v.length;
      if (!(len <= limit)) issues.push({ origin: lengthOrigin(v), code: 'too_big', maximum: limit, continue: true });
      return;
    case REGEX:
      limit.lastIndex = 0;
      if (!limit.test(v)) issues.push({ origin: 'string', code: 'invalid_format', format: 'regex', continue: true });
      return;
    case REFINE:
      limit(v, {
        addIssue(iss: Issue) {
          if (iss.code === undefined) iss.code = 'custom';
          if (iss.continue === undefined) iss.continue = true;
          issues.push(iss);
        },
      });
  }
}

export function safeParse(schema: Schema, input: unknown): SafeParseResult {
  const found: Issue[] = [];
  const value = run(schema, input, found);
  if (!found.length) return { success: true, data: value };
  const issues: Issue[] = [];
  for (let i = 0; i < found.length; i++) {
    const iss = found[i];
    issues.push({
      code: iss.code, path: iss.path || [], message: iss.message || 'Invalid input',
      expected: iss.expected, values: iss.values, minimum: iss.minimum, maximum: iss.maximum,
      origin: iss.origin, format: iss.format,
    });
  }
  return { success: false, error: { issues } };
}

// Schemas and checks are never changed once made (.check() copies), so equal ones are shared.
// Both kept as plain lists searched from the start: a small array is 48 bytes in JerryScript
// (its values come in blocks of eight), an object keyed by strings costs a string and a
// property per entry, and these lists are only searched while the schemas are built.
const checks: Check[] = [];
/** The check lists in use: schemas with the same checks in the same order share one. */
const lists: Check[][] = [];
const STRING_SCHEMA = new Schema(STRING);
const NUMBER_SCHEMA = new Schema(NUMBER);
const BOOLEAN_SCHEMA = new Schema(BOOLEAN);
const INT_SCHEMA = NUMBER_SCHEMA.check(INT_CHECK);

function shared(k: number, v: number): Check {
  for (let i = 0; i < checks.length; i++) if (checks[i].k === k && checks[i].v === v) return checks[i];
  const made = { k, v };
  checks.push(made);
  return made;
}

function same(list: Check[]): Check[] {
  for (let i = 0; i < lists.length; i++) {
    const l = lists[i];
    if (l.length !== list.length) continue;
    let j = 0;
    while (j < l.length && l[j] === list[j]) j++;
    if (j === l.length) return l;
  }
  lists.push(list);
  return list;
}

export function string(): Schema {
  return STRING_SCHEMA;
}

export function number(): Schema {
  return NUMBER_SCHEMA;
}

export function boolean(): Schema {
  return BOOLEAN_SCHEMA;
}

/** A safe integer (zod: a number with the `safeint` format check first). */
export function int(): Schema {
  return INT_SCHEMA;
}

/** One list per literal value, shared like the check lists. */
const literals: unknown[][] = [];

export function literal(value: unknown): Schema {
  for (let i = 0; i < literals.length; i++) if (literals[i][0] === value) return new Schema(VALUES, literals[i]);
  const values = [value];
  literals.push(values);
  return new Schema(VALUES, values);
}

function enumOf(values: ReadonlyArray<unknown>): Schema {
  return new Schema(VALUES, values);
}
export { enumOf as enum };

export function nullable(inner: Schema): Schema {
  const s = new Schema(NULLABLE, inner);
  if (inner.o) s.o = 1;
  return s;
}

export function optional(inner: Schema): Schema {
  const s = new Schema(OPTIONAL, inner);
  s.o = 1;
  return s;
}

function shallowCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.slice();
  if (isObject(value)) {
    const out: { [key: string]: unknown } = {};
    for (const key in value as object) if (Object.prototype.hasOwnProperty.call(value, key)) out[key] = (value as { [key: string]: unknown })[key];
    return out;
  }
  return value;
}

/** zod's `_default`: an absent value (undefined) parses to the default; the key may be missing. */
export function _default(inner: Schema, value: unknown): Schema {
  const s = new Schema(DEFAULT, [inner, value]);
  s.o = 1;
  return s;
}

export function array(element: Schema): Schema {
  return new Schema(ARRAY, element);
}

/** Unknown keys are dropped; keys come out in the shape's order. */
export function object(shape: { [key: string]: Schema }): Schema {
  return new Schema(OBJECT, shape);
}

/**
 * A schema made when used: `make` runs at each parse with it (or when checks are added to it),
 * and what it makes is garbage after the parse. Not in zod/mini's API: scripts/buildFitbit.js
 * wraps the big top-level schemas of a few shared modules in it for the device bundle only
 * (the session state and record: a few hundred small objects, used only to resume or to read a
 * finished record back, so rarely that making them again costs less than keeping them in the
 * 128 KB heap through a session). It parses exactly as the schema it makes.
 */
export function lazy(make: () => Schema): Schema {
  return new Schema(LAZY, make);
}

/** The schema a lazy one makes, made again at each use and not kept (see lazy). */
function built(s: Schema): Schema {
  return s.x();
}

export function discriminatedUnion(discriminator: string, options: Schema[]): Schema {
  return new Schema(UNION, [discriminator, options]);
}

export function maxLength(max: number): Check {
  return shared(MAX_LENGTH, max);
}

export function minLength(min: number): Check {
  return shared(MIN_LENGTH, min);
}

export function minimum(min: number): Check {
  return shared(MIN, min);
}

export function maximum(max: number): Check {
  return shared(MAX, max);
}

export function regex(pattern: RegExp): Check {
  return { k: REGEX, v: pattern };
}

/** fn(value, ctx): ctx.addIssue({ code?, path?, message, input? }) records a problem. */
export function superRefine(fn: (value: any, ctx: { addIssue(issue: Partial<Issue>): void }) => void): Check { // eslint-disable-line @typescript-eslint/no-explicit-any
  return { k: REFINE, v: fn };
}
