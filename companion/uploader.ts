// Optional upload of stored sessions to an HTTPS endpoint the user configures (URL + token),
// e.g. their own server or an automation hook. A session counts as uploaded only when the
// endpoint answers 2xx with the ack {"ok": true, "id": "<session id>"}; until then it stays
// unsynced in the inbox (never evicted) and the next run tries again.
//
// Request: POST <url>, Authorization: Bearer <token>, Content-Type: application/json,
// Idempotency-Key: <id>:<rev>, body {"format":"bfr-coach.session","version":1,"session":{...}}.
// The same session may arrive more than once (a retry after a lost ack, or a newer state of a
// session first uploaded while in progress): the endpoint should upsert by session.id.
//
// Per run: sessions oldest first, each tried up to maxAttemptsPerRun times with exponential
// backoff on network errors, timeouts, 5xx, 408, 429 and 2xx answers without a valid ack.
// 401/403 stop the run (state 'unauthorised') until configure() is called with a new token;
// other 4xx skip that session for this run.
//
// The session goes to the configured URL and nowhere else: the request asks fetch not to
// follow redirects (`redirect: 'manual'`), and any 3xx answer is refused (that session is
// skipped for this run, with the Location in the error) instead of being followed to another
// host or to plain HTTP. When a fetch ignores that (Zepp's side-service fetch takes only url,
// method, headers and body, and what its native layer does with a 3xx is not documented), a
// reply whose final `url` is on another origin is never taken as an ack. Each attempt, reply
// body included, must finish within timeoutMs (30 s): it is aborted then where fetch takes an
// AbortSignal, and given up on in any case, so a stalled body cannot hold up later uploads. The
// ack body is read with a 64 KB cap.
import * as z from 'zod/mini';
import { identifier, ParseResult, parseWith, text } from '../shared/protocol/common';
import { JSON_EXPORT_FORMAT, JSON_EXPORT_VERSION } from './exporters/json';
import type { SessionInbox } from './sessionInbox';
import type { SettingsStore } from './settingsStore';
import { readBodyCapped } from './httpBody';
import { makeAbort } from './timers';
import { redact } from './addressRules';

/** Largest ack body read. */
const MAX_ACK_BYTES = 64 * 1024;

/** Settings storage key the Settings App writes the endpoint to (JSON {url, token}). */
export const UPLOAD_ENDPOINT_KEY = 'upload:endpoint';

/** https:// anywhere; plain http only to this machine (tests, a local relay). */
const HTTPS_URL = /^https:\/\/[^\s/?#@]+(?:[/?#]\S*)?$/i;
const LOOPBACK_HTTP_URL = /^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?(?:[/?#]\S*)?$/i;

export const uploadEndpointSchema = z.object({
  url: text(2000, 1).check(z.refine((u) => HTTPS_URL.test(u) || LOOPBACK_HTTP_URL.test(u), {
    message: 'must be an https:// URL (plain http only to 127.0.0.1 or localhost)',
  })),
  /** Sent as a Bearer token; no spaces or line breaks (they would break the header). */
  token: text(4096, 1).check(z.regex(/^[\x21-\x7e]+$/, 'printable characters, no spaces')),
});
export type UploadEndpoint = z.infer<typeof uploadEndpointSchema>;

export function parseUploadEndpoint(input: unknown): ParseResult<UploadEndpoint> {
  const parsed = parseWith(uploadEndpointSchema, input, 'upload endpoint');
  if (parsed.ok || !input || typeof input !== 'object') return parsed;
  // zod/mini's custom refinements say only "Invalid input"; say what a URL must look like.
  const url = (input as { url?: unknown }).url;
  if (typeof url === 'string' && url && !HTTPS_URL.test(url) && !LOOPBACK_HTTP_URL.test(url)) {
    return { ok: false, error: 'upload endpoint rejected: url: must be an https:// URL (plain http only to 127.0.0.1 or localhost)', fields: parsed.fields };
  }
  return parsed;
}

/** The endpoint the user saved in the Settings App; null when none is set. */
export function readUploadEndpoint(store: SettingsStore): ParseResult<UploadEndpoint> | null {
  const raw = store.getItem(UPLOAD_ENDPOINT_KEY);
  if (raw === null || raw === undefined || raw === '') return null;
  try {
    return parseUploadEndpoint(JSON.parse(raw));
  } catch {
    return { ok: false, error: 'upload endpoint rejected: not JSON', fields: ['(root)'] };
  }
}

const uploadAckSchema = z.object({ ok: z.literal(true), id: identifier });

/** The parts of a fetch Response we read. The side service's fetch may give `body` (string or parsed) instead of text(). */
export interface ResponseLike {
  status: number;
  headers?: { get?(name: string): string | null } | Record<string, unknown>;
  text?(): Promise<string>;
  body?: unknown;
  /** The final URL, when the fetch reports it (WHATWG Response.url). */
  url?: string;
}
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; redirect?: 'manual' | 'error' | 'follow'; signal?: unknown; timeoutMs?: number },
) => Promise<ResponseLike>;

export type UploaderState = 'notConfigured' | 'invalidEndpoint' | 'idle' | 'uploading' | 'failing' | 'unauthorised';

export interface UploaderCounters {
  attempts: number;
  uploaded: number;
  retries: number;
  networkErrors: number;
  serverErrors: number;
  badAcks: number;
  rejected: number;
  unauthorised: number;
}

export interface UploaderStatus {
  state: UploaderState;
  lastError: string | null;
  lastSuccessAtMs: number | null;
  counters: UploaderCounters;
}

export interface UploadRunReport {
  uploaded: string[];
  /** Sessions still not uploaded after this run, with the last reason. */
  failed: Array<{ id: string; error: string }>;
  state: UploaderState;
}

export interface UploaderOptions {
  inbox: SessionInbox;
  fetch: FetchLike;
  endpoint?: UploadEndpoint | unknown;
  maxAttemptsPerRun?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

export interface Uploader {
  /** Set or clear the endpoint; returns the parse result (an invalid one leaves state 'invalidEndpoint'). */
  configure(endpoint: unknown): ParseResult<UploadEndpoint> | null;
  /** Upload every session not yet acknowledged. Concurrent calls share one run. */
  run(): Promise<UploadRunReport>;
  status(): UploaderStatus;
}

type AttemptResult =
  | { kind: 'acked' }
  | { kind: 'retry'; error: string; delayMs?: number }
  | { kind: 'skip'; error: string }
  | { kind: 'unauthorised'; error: string };

function defaultSleep(ms: number): Promise<void> {
  const g = globalThis as unknown as { setTimeout?: (fn: () => void, ms: number) => unknown };
  return new Promise((resolve) => {
    if (g.setTimeout) g.setTimeout(resolve, ms);
    else resolve();
  });
}

function headerValue(res: ResponseLike, name: string): string | null {
  const h = res.headers;
  if (!h) return null;
  if (typeof (h as { get?: unknown }).get === 'function') return (h as { get(n: string): string | null }).get(name);
  const rec = h as Record<string, unknown>;
  for (const key of Object.keys(rec)) if (key.toLowerCase() === name.toLowerCase() && typeof rec[key] === 'string') return rec[key] as string;
  return null;
}

/** The ack body (JSON), read with the size cap; undefined when too large or not JSON. */
async function bodyOf(res: ResponseLike): Promise<unknown> {
  const read = await readBodyCapped(res, MAX_ACK_BYTES);
  if (!read.ok) return undefined;
  if ('value' in read) return read.value;
  try {
    return JSON.parse(read.text);
  } catch {
    return undefined;
  }
}

/** scheme://host[:port] of a URL, lower-cased; null when it does not look like one. */
function originOf(url: string): string | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i.exec(url);
  return m ? m[1].toLowerCase() + '://' + m[2].toLowerCase() : null;
}

export function createUploader(options: UploaderOptions): Uploader {
  const maxAttempts = Math.max(1, options.maxAttemptsPerRun ?? 4);
  const baseDelayMs = options.baseDelayMs ?? 2000;
  const maxDelayMs = options.maxDelayMs ?? 60000;
  const timeoutMs = options.timeoutMs ?? 30000;
  const now = options.now || (() => Date.now());
  const sleep = options.sleep || defaultSleep;
  const log = options.log || (() => undefined);
  const { inbox } = options;

  let endpoint: UploadEndpoint | null = null;
  let state: UploaderState = 'notConfigured';
  let lastError: string | null = null;
  let lastSuccessAtMs: number | null = null;
  let running: Promise<UploadRunReport> | null = null;
  const counters: UploaderCounters = {
    attempts: 0, uploaded: 0, retries: 0, networkErrors: 0, serverErrors: 0, badAcks: 0, rejected: 0, unauthorised: 0,
  };

  function configure(input: unknown): ParseResult<UploadEndpoint> | null {
    if (input === null || input === undefined) {
      endpoint = null;
      state = 'notConfigured';
      lastError = null;
      return null;
    }
    const parsed = parseUploadEndpoint(input);
    if (parsed.ok) {
      endpoint = parsed.value;
      state = 'idle';
      lastError = null;
    } else {
      endpoint = null;
      state = 'invalidEndpoint';
      lastError = parsed.error;
      log('uploader: ' + parsed.error);
    }
    return parsed;
  }

  /** Reject when no answer comes in time (a real timer, cleared on settle; 0 disables it);
   * `onTimeout` aborts the request where the fetch can be aborted. */
  function withTimeout<T>(promise: Promise<T>, onTimeout?: () => void): Promise<T> {
    const g = globalThis as unknown as {
      setTimeout?: (fn: () => void, ms: number) => unknown;
      clearTimeout?: (handle: unknown) => void;
    };
    if (!timeoutMs || !g.setTimeout) return promise;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const timer = g.setTimeout!(() => {
        if (!settled) {
          settled = true;
          if (onTimeout) onTimeout();
          reject(new Error('no answer within ' + timeoutMs + ' ms'));
        }
      }, timeoutMs);
      const done = () => {
        settled = true;
        if (g.clearTimeout) g.clearTimeout(timer);
      };
      promise.then(
        (v) => { if (!settled) { done(); resolve(v); } },
        (e) => { if (!settled) { done(); reject(e); } },
      );
    });
  }

  async function attempt(target: UploadEndpoint, id: string, rev: number, body: string): Promise<AttemptResult> {
    counters.attempts++;
    const abort = makeAbort();
    const init: Parameters<FetchLike>[1] = {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: 'Bearer ' + target.token,
        'Idempotency-Key': id + ':' + rev,
      },
      body,
      redirect: 'manual',
      timeoutMs,
    };
    if (abort) init.signal = abort.signal;
    // The whole exchange, ack body included, is under the one deadline.
    type Exchange = { res: ResponseLike; payload: unknown; redirected: string | null };
    const exchange = (async (): Promise<Exchange> => {
      const res = await options.fetch(target.url, init);
      const status = res.status;
      if (status >= 300 && status < 400) {
        const cancel = (res.body as { cancel?: () => Promise<void> } | undefined);
        if (cancel && typeof cancel.cancel === 'function') cancel.cancel().then(undefined, () => undefined);
        return { res, payload: undefined, redirected: headerValue(res, 'location') || '(no Location)' };
      }
      const wanted = originOf(target.url);
      const final = typeof res.url === 'string' && res.url ? originOf(res.url) : null;
      if (final && wanted && final !== wanted) return { res, payload: undefined, redirected: res.url as string };
      let payload: unknown;
      if (status >= 200 && status < 300) {
        try {
          payload = await bodyOf(res);
        } catch {
          payload = undefined;
        }
      }
      return { res, payload, redirected: null };
    })();
    exchange.catch(() => undefined); // reported by the race below; never unhandled
    let got: Exchange;
    try {
      got = await withTimeout(exchange, () => { if (abort) abort.abort(); });
    } catch (error) {
      counters.networkErrors++;
      return { kind: 'retry', error: 'network error: ' + redact(error instanceof Error ? error.message : String(error), target.token) };
    }
    const { res, payload, redirected } = got;
    const status = res.status;
    if (redirected !== null) {
      counters.rejected++;
      return { kind: 'skip', error: 'endpoint redirected (HTTP ' + status + ') to ' + redact(redirected, target.token).slice(0, 120) + '; redirects are not followed: set the final https:// URL' };
    }
    if (status === 401 || status === 403) {
      counters.unauthorised++;
      return { kind: 'unauthorised', error: 'endpoint refused the token (HTTP ' + status + ')' };
    }
    if (status >= 200 && status < 300) {
      const ackParsed = z.safeParse(uploadAckSchema, payload);
      if (ackParsed.success && ackParsed.data.id === id) return { kind: 'acked' };
      counters.badAcks++;
      return { kind: 'retry', error: 'endpoint answered HTTP ' + status + ' without an ack {ok: true, id: "' + id + '"}' };
    }
    if (status === 408 || status === 429 || status >= 500) {
      counters.serverErrors++;
      const retryAfter = Number(headerValue(res, 'retry-after'));
      return {
        kind: 'retry', error: 'endpoint answered HTTP ' + status,
        delayMs: Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, maxDelayMs) : undefined,
      };
    }
    counters.rejected++;
    return { kind: 'skip', error: 'endpoint rejected the session (HTTP ' + status + ')' };
  }

  async function uploadAll(target: UploadEndpoint): Promise<UploadRunReport> {
    const report: UploadRunReport = { uploaded: [], failed: [], state: 'uploading' };
    state = 'uploading';
    const pending = inbox.list().filter((e) => !e.uploaded).sort((a, b) => a.startedAtMs - b.startedAtMs);
    for (let p = 0; p < pending.length; p++) {
      const entry = pending[p];
      const record = inbox.get(entry.id);
      if (!record) continue;
      const body = JSON.stringify({ format: JSON_EXPORT_FORMAT, version: JSON_EXPORT_VERSION, session: record });
      let outcome: AttemptResult = { kind: 'retry', error: 'not tried' };
      for (let n = 0; n < maxAttempts; n++) {
        if (n > 0) {
          counters.retries++;
          const backoff = Math.min(maxDelayMs, baseDelayMs * Math.pow(2, n - 1));
          await sleep(outcome.kind === 'retry' && outcome.delayMs !== undefined ? outcome.delayMs : backoff);
        }
        outcome = await attempt(target, entry.id, entry.rev, body);
        if (outcome.kind !== 'retry') break;
        log('uploader: ' + entry.id + ' attempt ' + (n + 1) + ' failed: ' + outcome.error);
      }
      if (outcome.kind === 'acked') {
        // With the revision we sent: if a newer state arrived meanwhile, it stays pending.
        inbox.markUploaded(entry.id, entry.rev);
        counters.uploaded++;
        lastSuccessAtMs = now();
        report.uploaded.push(entry.id);
        continue;
      }
      report.failed.push({ id: entry.id, error: outcome.error });
      lastError = outcome.error;
      if (outcome.kind === 'unauthorised') {
        for (const rest of pending.slice(p + 1)) report.failed.push({ id: rest.id, error: 'not tried: ' + outcome.error });
        state = 'unauthorised';
        report.state = state;
        log('uploader: ' + outcome.error + '; stopped until the token is changed');
        return report;
      }
    }
    state = report.failed.length ? 'failing' : 'idle';
    if (!report.failed.length) lastError = null;
    report.state = state;
    return report;
  }

  function run(): Promise<UploadRunReport> {
    if (running) return running;
    if (!endpoint || state === 'unauthorised') {
      return Promise.resolve({ uploaded: [], failed: [], state });
    }
    const target = endpoint;
    running = uploadAll(target).then(
      (report) => { running = null; return report; },
      (error) => {
        running = null;
        state = 'failing';
        lastError = 'upload run failed: ' + (error instanceof Error ? error.message : String(error));
        return { uploaded: [], failed: [], state };
      },
    );
    return running;
  }

  if (options.endpoint !== undefined) configure(options.endpoint);

  return {
    configure,
    run,
    status() {
      return { state, lastError, lastSuccessAtMs, counters: { ...counters } };
    },
  };
}
