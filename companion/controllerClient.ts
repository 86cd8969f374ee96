// The phone side's client of the cuff controller (API: shared/protocol/controller.ts). Runs in
// the Zepp OS side service, which has `fetch` and no sockets, so telemetry is a long-poll.
//
// - Every response body is parsed with its zod schema; a body that is not JSON or breaks the
//   schema becomes a ControllerError ('bad-json' / 'bad-schema', naming the field) and is counted.
// - Every call has a timeout that covers the whole exchange, reply body included. Where the
//   runtime's fetch takes an AbortSignal (Node, browsers) the request is really aborted then,
//   body stream and all; the Zepp OS side-service fetch takes no signal (PLATFORMS.md), so there
//   the client passes the `timeout` option ZML itself passes to the native fetch and, whatever
//   the native layer does with it, stops waiting at the deadline and ignores a late answer.
// - Replies are capped (maxReplyBytes, 256 KB): Content-Length is checked first and a body
//   stream is cancelled as soon as it passes the cap (./httpBody). Redirects are refused
//   (`redirect: 'error'`): the controller API never redirects, and a redirect would carry the
//   token elsewhere.
// - The token must be printable ASCII without spaces: a client with any other token sends
//   nothing (every call fails 'bad-argument'), and no error text ever contains the token.
// - cancelAll() stops every call in flight except deflate and deflate-all, which must be
//   allowed to land.
// - Safe calls are retried a bounded number of times with exponential backoff: GET status and
//   telemetry, deflate, and deflate-all (the safety action, retried hardest). inflate and LOP
//   measurement are never retried (see below).
// - A link state: 'connected' | 'stale' | 'unreachable' | 'unauthorised', with onStateChange.
//     unreachable   nothing heard yet, or the last call failed on the network / timed out
//     unauthorised  the controller answered 401 (wrong or missing token); sticky until a success
//     connected     the controller answers and telemetry succeeded within staleAfterMs
//     stale         the controller answered, but no telemetry succeeded for > staleAfterMs
//                   (5 s): the pressure the phone knows is old; the session must not trust it
//   5xx answers and garbage bodies do not mark the controller unreachable by themselves (it did
//   answer), but they are not telemetry either, so a controller that only fails goes 'stale'.
import * as z from 'zod/mini';
import {
  cuffIdSchema,
  cuffResponseSchema,
  deflateAllResponseSchema,
  describeIssues,
  errorResponseSchema,
  firstIssuePath,
  inflateRequestSchema,
  lopResponseSchema,
  MAX_SEQ,
  MAX_TELEMETRY_WAIT_MS,
  postureSchema,
  statusResponseSchema,
  telemetryResponseSchema,
  type CuffResponse,
  type DeflateAllResponse,
  type LopResponse,
  type Posture,
  type Reading,
  type StatusResponse,
  type TelemetryResponse,
} from '../shared/protocol/controller';
import { DEFAULT_BACKOFF, backoffDelayMs, withRetries, type BackoffPolicy } from './backoff';
import { makeAbort, platformTimers, sleepWith, type Timers } from './timers';
import { readBodyCapped } from './httpBody';
import { checkToken, redact } from './addressRules';

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// ---- the fetch this client needs (WHATWG-like; the side service's is adapted below) ----

export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: unknown;
  /** WHATWG fetch: what to do with a 3xx (this client always says 'error'). */
  redirect?: 'error' | 'manual' | 'follow';
  /** The request's own deadline, for fetches that take one (Zepp's `timeout` option). */
  timeoutMs?: number;
}

/** What the client reads from a response: a status and a body, by text() or as `body`. */
export interface FetchResponseLike {
  status: number;
  text?: () => Promise<string>;
  /** Zepp's side-service fetch hands the body over directly: a string, or already parsed. */
  body?: unknown;
  headers?: unknown;
}

export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponseLike>;

/** The Zepp OS side service's global fetch: one options object, `{ status, body }` back. */
export type ZeppFetch = (options: {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
  timeout?: number;
}) => Promise<{ status: number; body?: unknown; headers?: unknown }>;

/**
 * Adapts the side service's fetch to FetchLike. Its body may be a string or an object. It takes
 * no AbortSignal; the request's deadline goes in `timeout` (ZML passes the same option, 10 s by
 * default; `timeoutMs` here is the fallback when a request names none).
 */
export function fromZeppFetch(zeppFetch: ZeppFetch, timeoutMs?: number): FetchLike {
  return (url, init) => {
    const timeout = init.timeoutMs !== undefined ? init.timeoutMs : timeoutMs;
    const options: Parameters<ZeppFetch>[0] = { url, method: init.method, headers: init.headers, body: init.body };
    if (timeout !== undefined) options.timeout = timeout;
    return zeppFetch(options).then((res) => ({ status: res.status, body: res.body, headers: res.headers }));
  };
}

// ---- errors ----

export type ControllerErrorKind =
  | 'network' // fetch rejected: refused, reset, dropped, DNS
  | 'timeout' // no answer within the timeout
  | 'unauthorised' // 401/403
  | 'rejected' // another 4xx: the controller understood and refused (code says why)
  | 'server' // 5xx
  | 'bad-json' // 2xx with a body that is not JSON
  | 'bad-schema' // 2xx JSON that breaks the schema (field names the first bad field)
  | 'bad-argument' // the caller's own arguments were invalid; nothing was sent
  | 'cancelled' // the caller stopped the call (a stopped telemetry loop)
  | 'too-large'; // the reply was bigger than maxReplyBytes (not read further)

export const ERROR_KINDS: ReadonlyArray<ControllerErrorKind> = [
  'network',
  'timeout',
  'unauthorised',
  'rejected',
  'server',
  'bad-json',
  'bad-schema',
  'bad-argument',
  'cancelled',
  'too-large',
];

export class ControllerError extends Error {
  readonly kind: ControllerErrorKind;
  /** The controller's error code ('cuff-busy', 'lop-failed', ...) or the kind itself. */
  readonly code: string;
  readonly status?: number;
  /** For 'bad-schema' and 'bad-argument': the first bad field, dotted ('cuffs.0.pressureMmHg'). */
  readonly field?: string;
  /** Attempts made, retries included. */
  attempts: number;
  constructor(kind: ControllerErrorKind, message: string, extra: { code?: string; status?: number; field?: string } = {}) {
    super(message);
    this.name = 'ControllerError';
    this.kind = kind;
    this.code = extra.code || kind;
    this.status = extra.status;
    this.field = extra.field;
    this.attempts = 1;
  }
}

function isRetryable(e: unknown): boolean {
  if (!(e instanceof ControllerError)) return false;
  return e.kind === 'network' || e.kind === 'timeout' || e.kind === 'server' || e.kind === 'bad-json';
}

// ---- client ----

export type ControllerLinkState = 'connected' | 'stale' | 'unreachable' | 'unauthorised';

export interface ControllerClientOptions {
  baseUrl: string;
  token: string;
  fetch: FetchLike;
  /** Wall clock in ms (Date.now on the phone; a fake in tests). */
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
  timers?: Timers;
  /** Per-request timeout; a long-poll gets its waitMs on top. */
  timeoutMs?: number;
  /** LOP measurement takes several seconds on the controller. */
  lopTimeoutMs?: number;
  /** Retries for GETs and deflate. */
  retries?: number;
  /** Retries for deflate-all (default: max(retries x 2, 6)). */
  safetyRetries?: number;
  backoff?: BackoffPolicy;
  /** Backoff for deflate-all: starts sooner and caps lower, so it keeps trying briskly. */
  safetyBackoff?: BackoffPolicy;
  staleAfterMs?: number;
  /** Largest reply body read (default 256 KB; a full telemetry batch is ~60 KB). */
  maxReplyBytes?: number;
  onStateChange?: (state: ControllerLinkState, previous: ControllerLinkState, reason: string) => void;
}

export interface ControllerClientStats {
  requests: number;
  retries: number;
  successes: number;
  /** Failed attempts by kind (each attempt of a retried call counts). */
  errors: Record<ControllerErrorKind, number>;
}

export interface CallOptions {
  cancel?: CancelToken;
}

/** Per call of deflateAll: the dead-man runs its own schedule of single bounded tries. */
export interface DeflateAllOptions {
  /** Timeout of each try (default: the client's timeoutMs). */
  timeoutMs?: number;
  /** Retries after the first try (default: safetyRetries). */
  retries?: number;
}

export interface ControllerClient {
  readonly state: ControllerLinkState;
  readonly stats: ControllerClientStats;
  readonly lastError: ControllerError | undefined;
  /** Re-evaluates 'stale' against the clock (the telemetry loop calls it every second). */
  refreshState(): ControllerLinkState;
  setToken(token: string): void;
  /** Stops every call in flight (they fail 'cancelled'), except deflate and deflate-all. */
  cancelAll(): void;
  status(options?: CallOptions): Promise<StatusResponse>;
  telemetry(afterSeq: number, waitMs: number, options?: CallOptions): Promise<TelemetryResponse>;
  measureLop(cuffId: string, posture?: Posture): Promise<LopResponse>;
  inflate(cuffId: string, targetMmHg: number): Promise<CuffResponse>;
  deflate(cuffId: string): Promise<CuffResponse>;
  deflateAll(options?: DeflateAllOptions): Promise<DeflateAllResponse>;
}

/** A way to stop an in-flight call (used by the telemetry loop's stop()). */
export interface CancelToken {
  cancelled: boolean;
  cancel(): void;
  onCancel(fn: () => void): () => void;
}

export function createCancelToken(): CancelToken {
  const listeners: Array<() => void> = [];
  const token: CancelToken = {
    cancelled: false,
    cancel() {
      if (token.cancelled) return;
      token.cancelled = true;
      listeners.splice(0).forEach((fn) => fn());
    },
    onCancel(fn) {
      listeners.push(fn);
      return () => {
        const i = listeners.indexOf(fn);
        if (i >= 0) listeners.splice(i, 1);
      };
    },
  };
  return token;
}

interface RequestSpec<S extends z.ZodMiniType> {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  schema: S;
  timeoutMs: number;
  retries: number;
  backoff: BackoffPolicy;
  isTelemetry?: boolean;
  cancel?: CancelToken;
}

/** deflate and deflate-all move toward safety: cancelAll() leaves them alone. */
function isSafetyCall(spec: { method: string; path: string }): boolean {
  return spec.method === 'POST' && (spec.path === '/v1/deflate-all' || /^\/v1\/cuffs\/[^/]+\/deflate$/.test(spec.path));
}

function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false };
  }
}

/** The body as a value, read with the size cap (./httpBody): a string body is parsed. */
async function readJson(res: FetchResponseLike, maxBytes: number): Promise<{ ok: true; value: unknown } | { ok: false; preview: string } | { ok: false; tooLarge: string }> {
  const read = await readBodyCapped(res, maxBytes);
  if (!read.ok) return read.reason === 'too-large' ? { ok: false, tooLarge: read.detail } : { ok: false, preview: 'undefined' };
  if ('value' in read) return { ok: true, value: read.value };
  const parsed = parseJsonText(read.text);
  return parsed.ok ? parsed : { ok: false, preview: read.text.slice(0, 40) };
}

export function createControllerClient(options: ControllerClientOptions): ControllerClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timers = options.timers || platformTimers;
  const sleep = options.sleep || sleepWith(timers);
  const timeoutMs = options.timeoutMs === undefined ? 5000 : options.timeoutMs;
  const lopTimeoutMs = options.lopTimeoutMs === undefined ? 30000 : options.lopTimeoutMs;
  const retries = options.retries === undefined ? 2 : Math.max(0, options.retries);
  const safetyRetries = options.safetyRetries === undefined ? Math.max(retries * 2, 6) : Math.max(0, options.safetyRetries);
  const backoff = options.backoff || DEFAULT_BACKOFF;
  const safetyBackoff = options.safetyBackoff || { baseMs: Math.min(backoff.baseMs, 200), maxMs: Math.min(backoff.maxMs, 2000), factor: backoff.factor };
  const staleAfterMs = options.staleAfterMs === undefined ? 5000 : options.staleAfterMs;
  const maxReplyBytes = options.maxReplyBytes === undefined ? 256 * 1024 : options.maxReplyBytes;
  let token = options.token;
  /** Cancelled by cancelAll(); replaced by a fresh one each time. */
  let generation = createCancelToken();

  const errors = {} as Record<ControllerErrorKind, number>;
  for (const k of ERROR_KINDS) errors[k] = 0;
  const stats: ControllerClientStats = { requests: 0, retries: 0, successes: 0, errors };

  let state: ControllerLinkState = 'unreachable';
  let lastError: ControllerError | undefined;
  /** When the link last proved alive for telemetry purposes (a telemetry success, or the
   * moment the controller was first heard after being unreachable: grace to start polling). */
  let lastTelemetryOkAt = -Infinity;

  function setState(next: ControllerLinkState, reason: string): void {
    if (next === state) return;
    const previous = state;
    state = next;
    if (options.onStateChange) {
      try {
        options.onStateChange(next, previous, reason);
      } catch (e) {
        // a listener's bug must not break the client
      }
    }
  }

  function refreshState(): ControllerLinkState {
    if (state === 'connected' && options.now() - lastTelemetryOkAt > staleAfterMs) {
      setState('stale', 'no telemetry for more than ' + staleAfterMs + ' ms');
    }
    return state;
  }

  function noteSuccess(isTelemetry: boolean): void {
    const t = options.now();
    if (isTelemetry) lastTelemetryOkAt = t;
    else if (state === 'unreachable' || state === 'unauthorised') lastTelemetryOkAt = Math.max(lastTelemetryOkAt, t);
    if (t - lastTelemetryOkAt > staleAfterMs) setState('stale', 'controller answers, but no telemetry for more than ' + staleAfterMs + ' ms');
    else setState('connected', isTelemetry ? 'telemetry received' : 'controller answered');
  }

  function noteFailure(e: ControllerError): void {
    lastError = e;
    if (e.kind === 'cancelled' || e.kind === 'bad-argument') return;
    if (e.kind === 'unauthorised') setState('unauthorised', e.message);
    else if (e.kind === 'network' || e.kind === 'timeout') setState('unreachable', e.message);
    else if (e.kind === 'rejected') {
      // it answered and understood us: the link is fine (the request was not)
      if (state === 'unreachable' || state === 'unauthorised') noteSuccess(false);
      else refreshState();
    } else refreshState();
  }

  async function attempt<S extends z.ZodMiniType>(spec: RequestSpec<S>): Promise<z.infer<S>> {
    const tokenOk = checkToken(token);
    if (!tokenOk.ok) {
      // Nothing is sent with a token that would break the header (or smuggle another one).
      throw new ControllerError('bad-argument', spec.method + ' ' + spec.path + ': not sent: the ' + tokenOk.error, { field: 'token' });
    }
    stats.requests++;
    const abort = makeAbort();
    const init: FetchInit = {
      method: spec.method,
      headers: { Authorization: 'Bearer ' + tokenOk.token, Accept: 'application/json' },
      redirect: 'error',
      timeoutMs: spec.timeoutMs,
    };
    if (spec.body !== undefined) {
      init.body = JSON.stringify(spec.body);
      init.headers['Content-Type'] = 'application/json';
    }
    if (abort) init.signal = abort.signal;
    const url = baseUrl + spec.path;

    let timer: unknown;
    const offCancel: Array<() => void> = [];
    const guard = new Promise<never>((_, reject) => {
      timer = timers.set(() => {
        if (abort) abort.abort();
        reject(new ControllerError('timeout', spec.method + ' ' + spec.path + ': no answer within ' + spec.timeoutMs + ' ms'));
      }, spec.timeoutMs);
      const cancels = isSafetyCall(spec) ? [spec.cancel] : [spec.cancel, generation];
      for (const c of cancels) {
        if (!c) continue;
        offCancel.push(c.onCancel(() => {
          if (abort) abort.abort();
          reject(new ControllerError('cancelled', spec.method + ' ' + spec.path + ': cancelled'));
        }));
        if (c.cancelled) reject(new ControllerError('cancelled', spec.method + ' ' + spec.path + ': cancelled'));
      }
    });
    guard.catch(() => undefined); // the race below reports it; never an unhandled rejection

    const exchange = (async () => {
      let res: FetchResponseLike;
      try {
        res = await options.fetch(url, init);
      } catch (e) {
        throw new ControllerError('network', spec.method + ' ' + spec.path + ': ' + redact(errorText(e), tokenOk.token));
      }
      const status = typeof res.status === 'number' ? res.status : 0;
      let read: Awaited<ReturnType<typeof readJson>>;
      try {
        read = await readJson(res, maxReplyBytes);
      } catch (e) {
        // the connection broke while the body was arriving
        throw new ControllerError('network', spec.method + ' ' + spec.path + ': body lost: ' + redact(errorText(e), tokenOk.token), { status });
      }
      if (!read.ok && 'tooLarge' in read) {
        if (abort) abort.abort();
        throw new ControllerError('too-large', spec.method + ' ' + spec.path + ': ' + read.tooLarge, { status });
      }
      const body = read;
      if (status < 200 || status >= 300) {
        const err = body.ok ? errorResponseSchema.safeParse(body.value) : undefined;
        const code = err && err.success ? err.data.error.code : 'http-' + status;
        const message = spec.method + ' ' + spec.path + ': ' + status + ' ' + (err && err.success ? err.data.error.code + ': ' + err.data.error.message : 'no error body');
        const kind: ControllerErrorKind = status === 401 || status === 403 ? 'unauthorised' : status >= 500 || status < 200 ? 'server' : 'rejected';
        throw new ControllerError(kind, redact(status >= 300 && status < 400 ? message + ' (redirects are not followed)' : message, tokenOk.token), { code, status });
      }
      if (!body.ok) {
        throw new ControllerError('bad-json', spec.method + ' ' + spec.path + ': body is not JSON (' + JSON.stringify(body.preview) + ')', { status });
      }
      const parsed = spec.schema.safeParse(body.value);
      if (!parsed.success) {
        throw new ControllerError('bad-schema', spec.method + ' ' + spec.path + ': unexpected body: ' + describeIssues(parsed.error.issues), {
          status,
          field: firstIssuePath(parsed.error.issues),
        });
      }
      return parsed.data as z.infer<S>;
    })();
    exchange.catch(() => undefined);

    try {
      return await Promise.race([exchange, guard]);
    } catch (e) {
      const err = e instanceof ControllerError ? e : new ControllerError('network', String(e));
      errors[err.kind]++;
      throw err;
    } finally {
      timers.clear(timer);
      for (const off of offCancel) off();
    }
  }

  async function request<S extends z.ZodMiniType>(spec: RequestSpec<S>): Promise<z.infer<S>> {
    let attempts = 0;
    try {
      const value = await withRetries<z.infer<S>, unknown>(
        () => {
          attempts++;
          return attempt(spec);
        },
        {
          retries: spec.retries,
          policy: spec.backoff,
          sleep,
          shouldRetry: isRetryable,
          onRetry: () => {
            stats.retries++;
          },
          cancelled: () => !!(spec.cancel && spec.cancel.cancelled),
        },
      );
      stats.successes++;
      noteSuccess(!!spec.isTelemetry);
      return value;
    } catch (e) {
      const err = e instanceof ControllerError ? e : new ControllerError('network', String(e));
      err.attempts = attempts;
      noteFailure(err);
      throw err;
    }
  }

  function badArgument(message: string, field: string): Promise<never> {
    const e = new ControllerError('bad-argument', message, { field });
    stats.errors['bad-argument']++;
    lastError = e;
    return Promise.reject(e);
  }

  function cuffPath(cuffId: string, action: string): string | undefined {
    return cuffIdSchema.safeParse(cuffId).success ? '/v1/cuffs/' + encodeURIComponent(cuffId) + '/' + action : undefined;
  }

  const get = <S extends z.ZodMiniType>(path: string, schema: S, extra: Partial<RequestSpec<S>> = {}) =>
    request({ method: 'GET', path, schema, timeoutMs, retries, backoff, ...extra });

  return {
    get state() {
      return refreshState();
    },
    stats,
    get lastError() {
      return lastError;
    },
    refreshState,
    setToken(next: string) {
      token = next;
    },
    cancelAll() {
      const old = generation;
      generation = createCancelToken();
      old.cancel();
    },

    status(callOptions: CallOptions = {}) {
      return get('/v1/status', statusResponseSchema, { cancel: callOptions.cancel });
    },

    telemetry(afterSeq: number, waitMs: number, callOptions: CallOptions = {}) {
      if (!(afterSeq >= 0 && afterSeq <= MAX_SEQ && Math.floor(afterSeq) === afterSeq)) return badArgument('telemetry: afterSeq must be a whole number >= 0', 'afterSeq');
      if (!(waitMs >= 0 && waitMs <= MAX_TELEMETRY_WAIT_MS)) return badArgument('telemetry: waitMs must be 0-' + MAX_TELEMETRY_WAIT_MS, 'waitMs');
      const wait = Math.floor(waitMs);
      return get('/v1/telemetry?after=' + afterSeq + '&waitMs=' + wait, telemetryResponseSchema, {
        timeoutMs: timeoutMs + wait,
        isTelemetry: true,
        cancel: callOptions.cancel,
      });
    },

    measureLop(cuffId: string, posture: Posture = 'seated') {
      const path = cuffPath(cuffId, 'lop');
      if (!path) return badArgument('measureLop: bad cuff id ' + JSON.stringify(cuffId), 'cuffId');
      if (!postureSchema.safeParse(posture).success) return badArgument('measureLop: posture must be seated, standing or supine', 'posture');
      // Not retried: a measurement squeezes the limb to full occlusion. If it failed (most often
      // because the trainee moved), the person has to hear why and settle before another one.
      return request({ method: 'POST', path, body: { posture }, schema: lopResponseSchema, timeoutMs: lopTimeoutMs, retries: 0, backoff });
    },

    inflate(cuffId: string, targetMmHg: number) {
      const path = cuffPath(cuffId, 'inflate');
      if (!path) return badArgument('inflate: bad cuff id ' + JSON.stringify(cuffId), 'cuffId');
      if (!inflateRequestSchema.safeParse({ targetMmHg }).success) return badArgument('inflate: targetMmHg must be a number from 1 to 1000', 'targetMmHg');
      // Never retried. Inflating is not a safe repeat: when an attempt times out or its answer
      // is lost, the controller may already have acted, and by the time a backoff has passed
      // the session may have moved on (rest phase, stop button, a deflate-all from the safety
      // rules). A late retry would then squeeze a limb that was meant to be free. The caller
      // (the session engine) decides afresh from the next status/telemetry instead.
      return request({ method: 'POST', path, body: { targetMmHg }, schema: cuffResponseSchema, timeoutMs, retries: 0, backoff });
    },

    deflate(cuffId: string) {
      const path = cuffPath(cuffId, 'deflate');
      if (!path) return badArgument('deflate: bad cuff id ' + JSON.stringify(cuffId), 'cuffId');
      // Idempotent and moves toward safety: retried.
      return request({ method: 'POST', path, body: {}, schema: cuffResponseSchema, timeoutMs, retries, backoff });
    },

    deflateAll(callOptions: DeflateAllOptions = {}) {
      // The safety action: idempotent, so retried hardest, with a brisk capped backoff.
      const tryMs = callOptions.timeoutMs === undefined ? timeoutMs : callOptions.timeoutMs;
      const tries = callOptions.retries === undefined ? safetyRetries : Math.max(0, callOptions.retries);
      return request({ method: 'POST', path: '/v1/deflate-all', body: {}, schema: deflateAllResponseSchema, timeoutMs: tryMs, retries: tries, backoff: safetyBackoff });
    },
  };
}

// ---- the telemetry loop ----

export interface TelemetryLoopOptions {
  /** Long-poll hold asked of the controller. */
  waitMs?: number;
  /** Start after this seq (0 = everything the controller still has). */
  afterSeq?: number;
  /** Backoff between failed polls (the client's own retries come first). */
  backoff?: BackoffPolicy;
  /** How often the loop re-checks 'stale' while a poll is in flight or backing off. */
  watchdogMs?: number;
  sleep?: (ms: number) => Promise<void>;
  timers?: Timers;
  onError?: (error: ControllerError, consecutiveFailures: number) => void;
}

export interface TelemetryLoop {
  /** The seq the next poll asks after. */
  readonly afterSeq: number;
  readonly running: boolean;
  /** Stops polling: cancels the poll in flight; resolves when the loop has ended. */
  stop(): Promise<void>;
}

/**
 * Keeps long-polling telemetry and hands each batch (oldest first) to onReadings. On failure it
 * backs off exponentially (capped, so an unreachable controller is retried every few seconds
 * forever, and an unauthorised one slowly); a controller whose seq went backwards restarted, so
 * the loop starts again from 0.
 */
export function startTelemetryLoop(
  client: ControllerClient,
  onReadings: (readings: Reading[], response: TelemetryResponse) => void,
  options: TelemetryLoopOptions = {},
): TelemetryLoop {
  const timers = options.timers || platformTimers;
  const waitMs = options.waitMs === undefined ? 10000 : options.waitMs;
  const policy = options.backoff || { baseMs: 500, maxMs: 5000, factor: 2 };
  const watchdogMs = options.watchdogMs === undefined ? 1000 : options.watchdogMs;
  let afterSeq = options.afterSeq || 0;
  let running = true;
  const cancel = createCancelToken();

  // sleeps that stop() can cut short
  const baseSleep = options.sleep || sleepWith(timers);
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const off = cancel.onCancel(resolve);
      baseSleep(ms).then(() => {
        off();
        resolve();
      });
    });

  let watchdog: unknown;
  const tick = () => {
    client.refreshState();
    if (running) watchdog = timers.set(tick, watchdogMs);
  };
  if (watchdogMs > 0) watchdog = timers.set(tick, watchdogMs);

  const done = (async () => {
    let failures = 0;
    while (running) {
      try {
        const res = await client.telemetry(afterSeq, waitMs, { cancel });
        failures = 0;
        if (res.seq < afterSeq) {
          afterSeq = 0; // the controller restarted: its seqs start again
          continue;
        }
        if (res.readings.length) {
          afterSeq = res.readings[res.readings.length - 1].seq;
          try {
            onReadings(res.readings, res);
          } catch (e) {
            // a consumer's bug must not stop the pressure stream
          }
        }
      } catch (e) {
        if (!running) break;
        const err = e instanceof ControllerError ? e : new ControllerError('network', String(e));
        failures++;
        if (options.onError) {
          try {
            options.onError(err, failures);
          } catch (ignored) {
            // ignore
          }
        }
        const delay = err.kind === 'unauthorised' ? policy.maxMs : backoffDelayMs(policy, failures - 1);
        await sleep(delay);
      }
    }
  })();

  return {
    get afterSeq() {
      return afterSeq;
    },
    get running() {
      return running;
    },
    stop() {
      running = false;
      timers.clear(watchdog);
      cancel.cancel();
      return done;
    },
  };
}
