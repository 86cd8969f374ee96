// The cuff controller simulator: a real HTTP server (node:http, loopback only) that speaks the
// controller API of shared/protocol/controller.ts over the pneumatic model in pneumatics.ts.
//
// Time: the model follows a clock, `clock()` real ms (default: a monotonic clock) x timeScale,
// plus any time a test adds with advanceModel(ms). A short ticker keeps it moving so long-polls
// and LOP measurements finish on their own; every request also syncs first.
//
// Fault switches (settable on the returned `faults` object, with setFaults(patch), or over HTTP
// with POST /v1/sim/faults and the same token) act on the /v1 API routes, not on /v1/sim:
//   delayMs      every response waits this long first
//   dropRate     0..1: the request is handled, then the connection is destroyed (no response)
//   garbageRate  0..1: 200 with a body that is not JSON
//   badSchemaRate 0..1: 200 with JSON that breaks the schema (a pressure of -12 mmHg)
//   errorRate    0..1: 500 'internal' before the request is handled (nothing happens)
//   stuckValve   true, or cuff ids: valve stuck closed, deflate fails with 'valve-stuck'
//   traineeMoving  LOP measurements fail ~90 % of the time
//   leakFactor   multiplies the cuffs' slow leak
//   spike        one-shot (patch only): { cuffId?, mmHg? } or true: a sudden pressure rise
//
// Web pages the user visits must not be able to reach it (a page can scan loopback ports):
//   - Host must name this server (127.0.0.1:<port>, localhost:<port>, [::1]:<port>, or one of
//     `allowedHosts`): anything else is 403 'bad-host', which defeats DNS rebinding.
//   - No wildcard CORS. A request with an Origin header is served only when that origin is
//     this server's own or in `allowedOrigins` (then it gets Access-Control-Allow-Origin: that
//     origin, Vary: Origin); any other origin gets 403 'origin-not-allowed' and no CORS headers,
//     and its preflight is refused too, so a browser never sends it the token-bearing request.
//     The phone and the CLI send no Origin.
//   - A body larger than 16 KB is answered 413 before it is read: at once from Content-Length
//     (or on "Expect: 100-continue", without asking for the body); a chunked body as soon as it
//     passes the limit. The rest of an oversized body is discarded unread and the connection
//     closed after the 413, so the client gets the answer rather than a reset.
//   - A cuff id with a malformed %-escape is 400 'bad-path' (not a 500).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import {
  CONTROLLER_HARD_MAX_MMHG,
  ERROR_STATUS,
  MAX_READINGS_PER_POLL,
  cuffIdSchema,
  describeIssues,
  inflateRequestSchema,
  lopRequestSchema,
  parseTelemetryQuery,
  type LopResponse,
  type Posture,
} from '../../shared/protocol/controller';
import {
  advance,
  createModel,
  cuffStatus,
  deflate,
  deflateAll,
  findCuff,
  inflate,
  nextRandom,
  readingsAfter,
  spike,
  startLop,
  statusOf,
  type CommandFailure,
  type PneumaticModel,
} from './pneumatics';

export interface FaultSwitches {
  delayMs: number;
  dropRate: number;
  garbageRate: number;
  badSchemaRate: number;
  errorRate: number;
  stuckValve: boolean | string[];
  traineeMoving: boolean;
  leakFactor: number;
}

const rate = z.number().check(z.minimum(0), z.maximum(1));
export const faultPatchSchema = z.object({
  delayMs: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(120000))),
  dropRate: z.optional(rate),
  garbageRate: z.optional(rate),
  badSchemaRate: z.optional(rate),
  errorRate: z.optional(rate),
  stuckValve: z.optional(z.union([z.boolean(), z.array(cuffIdSchema).check(z.maxLength(8))])),
  traineeMoving: z.optional(z.boolean()),
  leakFactor: z.optional(z.number().check(z.minimum(0), z.maximum(1000))),
  spike: z.optional(
    z.union([
      z.boolean(),
      z.object({
        cuffId: z.optional(cuffIdSchema),
        mmHg: z.optional(z.number().check(z.minimum(1), z.maximum(400))),
      }),
    ]),
  ),
});
export type FaultPatch = z.infer<typeof faultPatchSchema>;

export function noFaults(): FaultSwitches {
  return { delayMs: 0, dropRate: 0, garbageRate: 0, badSchemaRate: 0, errorRate: 0, stuckValve: false, traineeMoving: false, leakFactor: 1 };
}

export interface ControllerServerOptions {
  port?: number;
  /** Loopback only: '127.0.0.1' or '::1'. */
  host?: string;
  token: string;
  cuffs?: string[];
  seed?: number;
  /** Controller seconds per real second (60 = a minute of cuff time per second). */
  timeScale?: number;
  /** Real clock in ms (monotonic); a test may pass its own and call sync(). */
  clock?: () => number;
  /** Real ms between model ticks; 0 = no ticker (a test drives the model with sync()). */
  tickMs?: number;
  /** How the delayMs fault waits (default: real setTimeout). A test on a virtual clock passes
   * the clock's own timer, so an injected delay is measured in the same time as the client's
   * timeouts. */
  sleep?: (ms: number) => Promise<void>;
  sampleIntervalMs?: number;
  faults?: Partial<FaultSwitches>;
  verbose?: boolean;
  log?: (line: string) => void;
  /** Origins (scheme://host:port) whose pages may call the API from a browser; default none
   * besides this server's own. */
  allowedOrigins?: string[];
  /** Extra Host header values accepted (e.g. "controller.lan:8787"); loopback names always are. */
  allowedHosts?: string[];
}

export interface ServerStats {
  requests: number;
  byStatus: Record<string, number>;
  injected: { delayed: number; dropped: number; garbage: number; badSchema: number; errors: number; spikes: number };
}

/** One pneumatic command the controller carried out (its own record, for invariant checks). */
export interface CommandLogEntry {
  /** The server's clock (ms), as passed in `clock`. */
  atMs: number;
  command: 'inflate' | 'deflate' | 'deflate-all' | 'lop';
  cuffId: string | null;
  targetMmHg: number | null;
}

export interface ControllerServer {
  url: string;
  /** Every command the model accepted, oldest first. */
  commands: CommandLogEntry[];
  port: number;
  token: string;
  /** Live switches: assign fields directly or use setFaults. */
  faults: FaultSwitches;
  setFaults(patch: FaultPatch): FaultSwitches;
  model: PneumaticModel;
  /** Advances the model to the clock's now (x timeScale). */
  sync(): void;
  /** Jumps the model ahead by ms of controller time (on top of the clock). */
  advanceModel(ms: number): void;
  stats: ServerStats;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function apiError(code: keyof typeof ERROR_STATUS, message: string): HttpError {
  return new HttpError(ERROR_STATUS[code], code, message);
}

function fromFailure(f: CommandFailure): HttpError {
  return apiError(f.code, f.message);
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === '::1' || host === 'localhost';
}

function defaultClock(): number {
  return Number(process.hrtime.bigint() / BigInt(1000)) / 1000;
}

interface Reply {
  status: number;
  body: unknown;
}

export async function startControllerServer(options: ControllerServerOptions): Promise<ControllerServer> {
  const host = options.host || '127.0.0.1';
  if (!isLoopback(host)) throw new Error('the controller simulator listens on loopback only, not "' + host + '"');
  if (!options.token) throw new Error('a token is required');
  const timeScale = options.timeScale === undefined ? 1 : options.timeScale;
  if (!(timeScale > 0 && timeScale <= 1000)) throw new Error('timeScale must be in (0, 1000]');
  const clock = options.clock || defaultClock;
  const model = createModel({ seed: options.seed, cuffs: options.cuffs, sampleIntervalMs: options.sampleIntervalMs });
  const faults: FaultSwitches = { ...noFaults(), ...(options.faults || {}) };
  // Fault dice use their own stream, so switching faults on does not change the physics.
  const faultDice = { rngState: (model.seed ^ 0x5bd1e995) >>> 0 };
  const tokenDigest = digest(options.token);
  const log = options.log || ((line: string) => console.log(line));
  const stats: ServerStats = {
    requests: 0,
    byStatus: {},
    injected: { delayed: 0, dropped: 0, garbage: 0, badSchema: 0, errors: 0, spikes: 0 },
  };

  const commands: CommandLogEntry[] = [];
  const logCommand = (command: CommandLogEntry['command'], cuffId: string | null, targetMmHg: number | null) => {
    commands.push({ atMs: clock(), command, cuffId, targetMmHg });
  };
  const startedAt = clock();
  let offsetMs = 0;
  let advancedMs = 0;
  type Waiter = { check: () => boolean };
  const waiters = new Set<Waiter>();

  function sync(): void {
    const targetMs = (clock() - startedAt) * timeScale + offsetMs;
    const dt = targetMs - advancedMs;
    if (dt > 0) {
      // A long stall (debugger, suspended laptop) is capped so the model does not churn.
      advance(model, Math.min(dt, 10 * 60 * 1000));
      advancedMs = targetMs;
    }
    model.faults.stuckValve = faults.stuckValve;
    model.faults.traineeMoving = faults.traineeMoving;
    model.faults.leakFactor = faults.leakFactor;
    for (const w of Array.from(waiters)) if (w.check()) waiters.delete(w);
  }

  function setFaults(patch: FaultPatch): FaultSwitches {
    const parsed = faultPatchSchema.safeParse(patch);
    if (!parsed.success) throw apiError('bad-body', describeIssues(parsed.error.issues));
    const p = parsed.data;
    if (p.delayMs !== undefined) faults.delayMs = p.delayMs;
    if (p.dropRate !== undefined) faults.dropRate = p.dropRate;
    if (p.garbageRate !== undefined) faults.garbageRate = p.garbageRate;
    if (p.badSchemaRate !== undefined) faults.badSchemaRate = p.badSchemaRate;
    if (p.errorRate !== undefined) faults.errorRate = p.errorRate;
    if (p.stuckValve !== undefined) {
      if (Array.isArray(p.stuckValve)) {
        for (const id of p.stuckValve) if (!findCuff(model, id)) throw apiError('unknown-cuff', 'stuckValve: no cuff "' + id + '"');
      }
      faults.stuckValve = p.stuckValve;
    }
    if (p.traineeMoving !== undefined) faults.traineeMoving = p.traineeMoving;
    if (p.leakFactor !== undefined) faults.leakFactor = p.leakFactor;
    sync();
    if (p.spike) {
      const s = p.spike === true ? {} : p.spike;
      const r = spike(model, s.cuffId, s.mmHg === undefined ? 120 : s.mmHg);
      if (!r.ok) throw fromFailure(r);
      stats.injected.spikes++;
    }
    return { ...faults, stuckValve: Array.isArray(faults.stuckValve) ? faults.stuckValve.slice() : faults.stuckValve };
  }

  /** Holds a reply until check() gives one (re-checked after every model sync), timeoutMs
   * passes, or the caller hangs up (res 'close'). */
  function waitFor<T>(check: () => T | undefined, timeoutMs: number, onTimeout: () => T, res: http.ServerResponse): Promise<T> {
    return new Promise<T>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        check: () => {
          const v = check();
          if (v === undefined) return false;
          finish(v);
          return true;
        },
      };
      const finish = (v: T) => {
        if (timer) clearTimeout(timer);
        waiters.delete(waiter);
        res.off('close', onClose);
        resolve(v);
      };
      const onClose = () => finish(onTimeout());
      const first = check();
      if (first !== undefined) {
        resolve(first);
        return;
      }
      waiters.add(waiter);
      timer = setTimeout(() => finish(onTimeout()), Math.max(0, timeoutMs));
      res.on('close', onClose);
    });
  }

  /** Reads the body up to MAX_BODY_BYTES; past that, stops keeping it (the rest is read and
   * dropped, not buffered, so the connection survives to carry the 413). */
  function readBody(req: http.IncomingMessage): Promise<unknown> {
    return new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let over = false;
      const onData = (chunk: Buffer) => {
        if (over) return;
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          over = true;
          chunks.length = 0;
          reject(apiError('body-too-large', 'body larger than ' + MAX_BODY_BYTES + ' bytes'));
          return;
        }
        chunks.push(chunk);
      };
      req.on('data', onData);
      req.once('end', () => { if (!over) resolve(Buffer.concat(chunks)); });
      req.once('error', (e) => { if (!over) reject(e); });
    }).then((buf) => parseBodyText(buf.toString('utf8').trim()));
  }

  function parseBodyText(text: string): unknown {
    if (!text) return {};
    try {
      return JSON.parse(text);
    } catch (e) {
      throw apiError('bad-json', 'body is not JSON: ' + (e instanceof Error ? e.message : String(e)));
    }
  }

  function parseWith<S extends z.ZodMiniType>(schema: S, body: unknown): z.infer<S> {
    const r = schema.safeParse(body);
    if (!r.success) throw apiError('bad-body', describeIssues(r.error.issues));
    return r.data;
  }

  function requireCuff(id: string) {
    const cuff = findCuff(model, id);
    if (!cuff) throw apiError('unknown-cuff', 'no cuff "' + id + '" (cuffs: ' + model.cuffs.map((c) => c.id).join(', ') + ')');
    return cuff;
  }

  function simState() {
    return {
      v: 1,
      tMs: model.tMs,
      seq: model.seq,
      timeScale,
      battery: Math.round(model.battery * 10) / 10,
      faults: { ...faults },
      cuffs: model.cuffs.map((c) => ({
        ...cuffStatus(model, c),
        trueLopMmHg: c.params.trueLopMmHg,
        meanPressureMmHg: Math.round(c.pressureMmHg * 10) / 10,
        pumpSpeed: Math.round(c.pumpSpeed * 100) / 100,
        measuring: c.measurement ? { posture: c.measurement.posture, startedMs: c.measurement.startedMs } : null,
        lastLop: c.lastLop,
      })),
      readings: model.readings.slice(-Math.min(model.readings.length, 300)),
      stats,
    };
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse, method: string, parts: string[], query: URLSearchParams): Promise<Reply> {
    // parts: ['v1', ...]
    const p1 = parts[1];
    if (parts.length === 2 && p1 === 'status') {
      if (method !== 'GET') throw apiError('method-not-allowed', 'use GET for /v1/status');
      return { status: 200, body: statusOf(model) };
    }
    if (parts.length === 2 && p1 === 'telemetry') {
      if (method !== 'GET') throw apiError('method-not-allowed', 'use GET for /v1/telemetry');
      const raw: Record<string, string> = {};
      query.forEach((v, k) => {
        if (k === 'after' || k === 'waitMs') raw[k] = v;
      });
      const q = parseTelemetryQuery(raw);
      if (!q.ok) throw apiError('bad-query', q.message);
      const { after, waitMs } = q.value;
      const answer = () => ({ status: 200, body: { v: 1, seq: model.seq, readings: readingsAfter(model, after, MAX_READINGS_PER_POLL) } });
      // after > seq: the caller saw a previous run of the controller; answer at once so it resets
      return waitFor(() => (model.seq > after || after > model.seq ? answer() : undefined), waitMs, answer, res);
    }
    if (parts.length === 2 && p1 === 'deflate-all') {
      if (method !== 'POST') throw apiError('method-not-allowed', 'use POST for /v1/deflate-all');
      await readBody(req);
      const r = deflateAll(model);
      if (!r.ok) throw fromFailure(r);
      logCommand('deflate-all', null, null);
      return { status: 200, body: { v: 1, cuffs: model.cuffs.map((c) => cuffStatus(model, c)) } };
    }
    if (parts.length === 4 && p1 === 'cuffs') {
      let id: string;
      try {
        id = decodeURIComponent(parts[2]);
      } catch (e) {
        throw new HttpError(400, 'bad-path', 'cuff id "' + parts[2].slice(0, 40) + '" has a malformed %-escape');
      }
      const action = parts[3];
      if (action !== 'lop' && action !== 'inflate' && action !== 'deflate') throw apiError('not-found', 'no route ' + method + ' /' + parts.join('/'));
      if (method !== 'POST') throw apiError('method-not-allowed', 'use POST for /v1/cuffs/{id}/' + action);
      requireCuff(id);
      const body = await readBody(req);
      sync();
      if (action === 'inflate') {
        const { targetMmHg } = parseWith(inflateRequestSchema, body);
        if (targetMmHg > CONTROLLER_HARD_MAX_MMHG) {
          throw apiError('target-above-max', 'targetMmHg ' + targetMmHg + ' is above the controller hard max of ' + CONTROLLER_HARD_MAX_MMHG + ' mmHg');
        }
        const r = inflate(model, id, targetMmHg);
        if (!r.ok) throw fromFailure(r);
        logCommand('inflate', id, targetMmHg);
        return { status: 200, body: { v: 1, cuff: cuffStatus(model, r.value) } };
      }
      if (action === 'deflate') {
        const r = deflate(model, id);
        if (!r.ok) throw fromFailure(r);
        logCommand('deflate', id, null);
        return { status: 200, body: { v: 1, cuff: cuffStatus(model, r.value) } };
      }
      const { posture } = parseWith(lopRequestSchema, body);
      const started = startLop(model, id, (posture || 'seated') as Posture);
      if (!started.ok) throw fromFailure(started);
      logCommand('lop', id, null);
      const { cuff, measurementId } = started.value;
      // The reply waits for the measurement (a few controller seconds); the cuff goes on if the
      // caller hangs up, as a real controller's would.
      return waitFor<Reply>(
        () => {
          const res = cuff.lastLop;
          if (!res || res.id !== measurementId) return undefined;
          if (res.ok) {
            const body: LopResponse = { v: 1, ok: true, cuffId: id, lopMmHg: res.lopMmHg as number, posture: res.posture, durationMs: res.durationMs };
            return { status: 200, body };
          }
          const e = apiError(res.code || 'lop-failed', res.message || 'LOP measurement failed');
          return { status: e.status, body: { error: { code: e.code, message: e.message } } };
        },
        120000,
        () => ({ status: 500, body: { error: { code: 'internal', message: 'LOP measurement did not finish' } } }),
        res,
      );
    }
    if (parts.length === 3 && p1 === 'sim' && parts[2] === 'faults') {
      if (method === 'GET') return { status: 200, body: { v: 1, faults } };
      if (method !== 'POST') throw apiError('method-not-allowed', 'use GET or POST for /v1/sim/faults');
      const body = await readBody(req);
      return { status: 200, body: { v: 1, faults: setFaults(body as FaultPatch) } };
    }
    if (parts.length === 3 && p1 === 'sim' && parts[2] === 'state') {
      if (method !== 'GET') throw apiError('method-not-allowed', 'use GET for /v1/sim/state');
      return { status: 200, body: simState() };
    }
    throw apiError('not-found', 'no route ' + method + ' /' + parts.join('/'));
  }

  function corrupt(body: unknown): unknown {
    const b = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
    const cuffs = b.cuffs as Array<Record<string, unknown>> | undefined;
    const readings = b.readings as Array<Record<string, unknown>> | undefined;
    if (cuffs && cuffs.length) cuffs[0].pressureMmHg = -12;
    else if (b.cuff) (b.cuff as Record<string, unknown>).pressureMmHg = -12;
    else if (readings && readings.length) readings[0].pressureMmHg = -12;
    else if ('lopMmHg' in b) b.lopMmHg = -12;
    else b.seq = -12;
    return b;
  }

  const GARBAGE = ['<html><body><h1>502 Bad Gateway</h1></body></html>', '{"v":1,"seq":12,"cuf', '\u0000\u0007\u001b\ufffd not json'];

  /** The Host header names this server (DNS rebinding defence). */
  function hostAllowed(req: http.IncomingMessage): boolean {
    const h = String(req.headers.host || '').toLowerCase();
    if (!h) return false;
    const own = ['127.0.0.1:' + port, 'localhost:' + port, '[::1]:' + port];
    return own.indexOf(h) >= 0 || allowedHosts.indexOf(h) >= 0;
  }

  /** null: no Origin header (not a browser); true/false: that origin may call us. */
  function originAllowed(req: http.IncomingMessage): boolean | null {
    const o = req.headers.origin;
    if (o === undefined) return null;
    const origin = String(o).toLowerCase();
    const own = ['http://127.0.0.1:' + port, 'http://localhost:' + port, 'http://[::1]:' + port];
    return own.indexOf(origin) >= 0 || allowedOrigins.indexOf(origin) >= 0;
  }

  /** A reply before routing: no body is read; the connection closes after it when the
   * request still has a body coming (so its unread rest is not taken for the next request). */
  function early(req: http.IncomingMessage, res: http.ServerResponse, status: number, code: string, message: string, extra: http.OutgoingHttpHeaders = {}): void {
    stats.byStatus[status] = (stats.byStatus[status] || 0) + 1;
    const hasBody = Number(req.headers['content-length'] || 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra };
    if (hasBody) headers.connection = 'close';
    res.writeHead(status, headers);
    res.end(JSON.stringify({ error: { code, message } }));
    // Let the unread body drain (discarded, never buffered) instead of resetting the socket.
    req.resume();
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const t0 = clock();
    stats.requests++;
    const method = req.method || 'GET';
    let url: URL;
    try {
      url = new URL(req.url || '/', 'http://controller.local');
    } catch (e) {
      early(req, res, 400, 'bad-path', 'malformed request target');
      return;
    }
    const parts = url.pathname.split('/').filter(Boolean);
    const isApi = parts[0] === 'v1' && parts[1] !== 'sim';
    let note = '';
    const origin = originAllowed(req);
    const cors: http.OutgoingHttpHeaders = origin === true ? { 'access-control-allow-origin': String(req.headers.origin), vary: 'Origin' } : {};
    if (!hostAllowed(req)) {
      early(req, res, 403, 'bad-host', 'unexpected Host header "' + String(req.headers.host || '').slice(0, 80) + '"');
      return;
    }
    if (origin === false) {
      early(req, res, 403, 'origin-not-allowed', 'requests from web pages of other origins are refused');
      return;
    }
    const length = req.headers['content-length'] === undefined ? 0 : Number(req.headers['content-length']);
    if (!(length >= 0)) {
      early(req, res, 400, 'bad-body', 'Content-Length is not a number', cors);
      return;
    }
    if (length > MAX_BODY_BYTES) {
      early(req, res, 413, 'body-too-large', 'body of ' + length + ' bytes is larger than ' + MAX_BODY_BYTES + ' bytes', cors);
      return;
    }
    let bodyTooLarge = false;
    const send = (reply: Reply, rawBody?: string) => {
      if (res.writableEnded || res.destroyed) return;
      const text = rawBody !== undefined ? rawBody : JSON.stringify(reply.body);
      const headers: http.OutgoingHttpHeaders = {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
        ...cors,
      };
      if (reply.status === 401) headers['www-authenticate'] = 'Bearer realm="bfr-controller"';
      if (bodyTooLarge) headers.connection = 'close';
      res.writeHead(reply.status, headers);
      res.end(text);
      if (bodyTooLarge) req.resume();
      stats.byStatus[reply.status] = (stats.byStatus[reply.status] || 0) + 1;
      if (options.verbose) log(method + ' ' + url.pathname + url.search + ' -> ' + reply.status + ' ' + Math.round(clock() - t0) + 'ms' + note);
    };
    try {
      if (method === 'OPTIONS') {
        // Only an allowed origin (checked above) gets here with an Origin header.
        res.writeHead(204, {
          ...cors,
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': 'authorization, content-type',
          'access-control-max-age': '600',
        });
        res.end();
        return;
      }
      if (isApi && faults.delayMs > 0) {
        stats.injected.delayed++;
        note += ' [delay ' + faults.delayMs + 'ms]';
        await (options.sleep ? options.sleep(faults.delayMs) : new Promise((r) => setTimeout(r, faults.delayMs)));
      }
      const auth = req.headers.authorization || '';
      const m = /^Bearer\s+(.+)$/i.exec(auth);
      if (!m) throw apiError('unauthorised', 'missing bearer token (Authorization: Bearer <token>)');
      if (!timingSafeEqual(digest(m[1].trim()), tokenDigest)) throw apiError('unauthorised', 'wrong token');
      if (parts[0] !== 'v1') throw apiError('not-found', 'no route ' + method + ' ' + url.pathname + ' (the API lives under /v1)');
      if (isApi && faults.errorRate > 0 && nextRandom(faultDice) < faults.errorRate) {
        stats.injected.errors++;
        note += ' [error]';
        throw apiError('internal', 'simulated controller failure');
      }
      sync();
      const reply = await route(req, res, method, parts, url.searchParams);
      if (isApi && faults.dropRate > 0 && nextRandom(faultDice) < faults.dropRate) {
        stats.injected.dropped++;
        if (options.verbose) log(method + ' ' + url.pathname + url.search + ' -> dropped');
        res.destroy();
        return;
      }
      if (isApi && reply.status === 200 && faults.garbageRate > 0 && nextRandom(faultDice) < faults.garbageRate) {
        stats.injected.garbage++;
        note += ' [garbage]';
        send(reply, GARBAGE[Math.floor(nextRandom(faultDice) * GARBAGE.length)]);
        return;
      }
      if (isApi && reply.status === 200 && faults.badSchemaRate > 0 && nextRandom(faultDice) < faults.badSchemaRate) {
        stats.injected.badSchema++;
        note += ' [bad schema]';
        send({ status: 200, body: corrupt(reply.body) });
        return;
      }
      send(reply);
    } catch (e) {
      if (e instanceof HttpError && e.code === 'body-too-large') bodyTooLarge = true;
      if (e instanceof HttpError) send({ status: e.status, body: { error: { code: e.code, message: e.message } } });
      else send({ status: 500, body: { error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } } });
    }
  }

  const allowedOrigins = (options.allowedOrigins || []).map((o) => o.toLowerCase().replace(/\/+$/, ''));
  const allowedHosts = (options.allowedHosts || []).map((h) => h.toLowerCase());
  let port = 0;
  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.destroyed) res.destroy();
    });
  });
  // "Expect: 100-continue": decide before the client sends the body.
  server.on('checkContinue', (req, res) => {
    const length = Number(req.headers['content-length'] || 0);
    if (length > MAX_BODY_BYTES) {
      stats.requests++;
      stats.byStatus[413] = (stats.byStatus[413] || 0) + 1;
      res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
      res.end(JSON.stringify({ error: { code: 'body-too-large', message: 'body of ' + length + ' bytes is larger than ' + MAX_BODY_BYTES + ' bytes' } }));
      return;
    }
    res.writeContinue();
    server.emit('request', req, res);
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port || 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const tickMs = options.tickMs === undefined ? 20 : options.tickMs;
  const ticker = tickMs > 0 ? setInterval(sync, tickMs) : undefined;
  const urlHost = host.indexOf(':') >= 0 ? '[' + host + ']' : host;

  let closing: Promise<void> | undefined;
  return {
    url: 'http://' + urlHost + ':' + port,
    commands,
    port,
    token: options.token,
    faults,
    setFaults,
    model,
    sync,
    advanceModel(ms: number) {
      offsetMs += ms;
      sync();
    },
    stats,
    close() {
      if (!closing) {
        if (ticker) clearInterval(ticker);
        closing = new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      }
      return closing;
    },
  };
}
