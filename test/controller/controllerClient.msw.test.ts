// Unit tests of the controller client against msw 2 (Node's fetch intercepted): every error
// path, retries and backoff, body parsing and the link state machine.
// msw's CommonJS build needs ESM-only packages jest.config.js does not transform yet: see mswBundle.ts.
jest.mock('msw', () => jest.requireActual(require('./mswBundle').mswBundlePath()));
jest.mock('msw/node', () => jest.requireActual(require('./mswBundle').mswBundlePath()));
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  ControllerError,
  createControllerClient,
  fromZeppFetch,
  startTelemetryLoop,
  type ControllerClientOptions,
  type ControllerLinkState,
  type FetchLike,
} from '../../companion/controllerClient';
import { backoffDelayMs, withRetries } from '../../companion/backoff';
import type { CuffStatus, Reading } from '../../shared/protocol/controller';

const BASE = 'http://controller.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const cuff = (over: Partial<CuffStatus> = {}): CuffStatus => ({
  id: 'arm',
  limb: 'arm',
  state: 'idle',
  pressureMmHg: 0,
  targetMmHg: null,
  lopMmHg: null,
  valve: 'open',
  ...over,
});
const statusBody = (over: Record<string, unknown> = {}) => ({ v: 1, seq: 5, battery: 90, cuffs: [cuff(), cuff({ id: 'leg', limb: 'leg' })], ...over });
const reading = (seq: number, over: Partial<Reading> = {}): Reading => ({ seq, cuffId: 'arm', tMs: seq * 100, pressureMmHg: 90, targetMmHg: 90, state: 'holding', ...over });
const errorBody = (code: string, message = code) => ({ error: { code, message } });

function setup(extra: Partial<ControllerClientOptions> = {}) {
  const clock = { now: 1000 };
  const sleeps: number[] = [];
  const states: Array<[ControllerLinkState, ControllerLinkState]> = [];
  const calls: Array<{ method: string; url: string; auth: string | null; body: string }> = [];
  const fetchSpy: FetchLike = async (url, init) => {
    calls.push({ method: init.method, url, auth: init.headers.Authorization || null, body: init.body || '' });
    return fetch(url, init as RequestInit);
  };
  const client = createControllerClient({
    baseUrl: BASE + '/',
    token: 'tok',
    fetch: fetchSpy,
    now: () => clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    timeoutMs: 200,
    retries: 2,
    backoff: { baseMs: 100, maxMs: 1000, factor: 2 },
    onStateChange: (s, prev) => states.push([s, prev]),
    ...extra,
  });
  return { client, clock, sleeps, states, calls };
}

async function failure(p: Promise<unknown>): Promise<ControllerError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ControllerError);
    return e as ControllerError;
  }
  throw new Error('expected a failure');
}

/** Lets msw and the loop run until check() holds; the bound is only a safety net against a hang. */
async function eventually(check: () => boolean): Promise<void> {
  const t0 = Date.now();
  while (!check() && Date.now() - t0 < 30000) await new Promise((r) => setTimeout(r, 2));
}

describe('backoff', () => {
  it('doubles from base, caps at max, and jitters within the upper half', () => {
    const p = { baseMs: 100, maxMs: 1000, factor: 2 };
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelayMs(p, a))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelayMs(p, 2, () => 0)).toBe(200);
    expect(backoffDelayMs(p, 2, () => 1)).toBe(400);
  });

  it('retries only what shouldRetry allows, at most `retries` times', async () => {
    const sleeps: number[] = [];
    let n = 0;
    const opts = { retries: 3, policy: { baseMs: 10, maxMs: 100, factor: 2 }, sleep: async (ms: number) => void sleeps.push(ms), shouldRetry: (e: unknown) => e === 'again' };
    await expect(withRetries(async () => { n++; throw 'again'; }, opts)).rejects.toBe('again');
    expect(n).toBe(4);
    expect(sleeps).toEqual([10, 20, 40]);
    n = 0;
    await expect(withRetries(async () => { n++; throw 'fatal'; }, opts)).rejects.toBe('fatal');
    expect(n).toBe(1);
  });
});

describe('controller client', () => {
  it('sends the bearer token, parses status and becomes connected', async () => {
    server.use(http.get(BASE + '/v1/status', () => HttpResponse.json(statusBody())));
    const { client, states, calls } = setup();
    expect(client.state).toBe('unreachable'); // nothing heard yet
    const s = await client.status();
    expect(s.cuffs.map((c) => c.id)).toEqual(['arm', 'leg']);
    expect(calls[0]).toMatchObject({ method: 'GET', url: BASE + '/v1/status', auth: 'Bearer tok' });
    expect(client.state).toBe('connected');
    expect(states).toEqual([['connected', 'unreachable']]);
    expect(client.stats).toMatchObject({ requests: 1, successes: 1, retries: 0 });
  });

  it('posts JSON bodies to the cuff routes', async () => {
    const seen: Array<[string, unknown, string | null]> = [];
    const record = async ({ request }: { request: Request }) => {
      const text = await request.text();
      seen.push([new URL(request.url).pathname, text ? JSON.parse(text) : undefined, request.headers.get('content-type')]);
    };
    server.use(
      http.post(BASE + '/v1/cuffs/:id/inflate', async (info) => (await record(info), HttpResponse.json({ v: 1, cuff: cuff({ state: 'inflating', targetMmHg: 90, valve: 'closed' }) }))),
      http.post(BASE + '/v1/cuffs/:id/deflate', async (info) => (await record(info), HttpResponse.json({ v: 1, cuff: cuff({ state: 'deflating' }) }))),
      http.post(BASE + '/v1/cuffs/:id/lop', async (info) => (await record(info), HttpResponse.json({ v: 1, ok: true, cuffId: 'arm-left', lopMmHg: 151, posture: 'seated', durationMs: 6000 }))),
      http.post(BASE + '/v1/deflate-all', async (info) => (await record(info), HttpResponse.json({ v: 1, cuffs: [cuff()] }))),
    );
    const { client } = setup();
    expect((await client.inflate('arm', 90)).cuff.targetMmHg).toBe(90);
    expect((await client.deflate('arm')).cuff.state).toBe('deflating');
    expect((await client.measureLop('arm-left')).lopMmHg).toBe(151);
    expect((await client.deflateAll()).cuffs).toHaveLength(1);
    expect(seen).toEqual([
      ['/v1/cuffs/arm/inflate', { targetMmHg: 90 }, 'application/json'],
      ['/v1/cuffs/arm/deflate', {}, 'application/json'],
      ['/v1/cuffs/arm-left/lop', { posture: 'seated' }, 'application/json'],
      ['/v1/deflate-all', {}, 'application/json'],
    ]);
  });

  it('network error: retried with exponential backoff, then unreachable', async () => {
    server.use(http.get(BASE + '/v1/status', () => HttpResponse.error()));
    const { client, sleeps } = setup();
    await client.status().catch(() => undefined);
    const e = await failure(client.status());
    expect(e.kind).toBe('network');
    expect(e.attempts).toBe(3);
    expect(sleeps).toEqual([100, 200, 100, 200]);
    expect(client.stats.errors.network).toBe(6);
    expect(client.stats.retries).toBe(4);
    expect(client.state).toBe('unreachable');
  });

  it('recovers when a retry succeeds', async () => {
    let n = 0;
    server.use(http.get(BASE + '/v1/status', () => (++n < 3 ? HttpResponse.error() : HttpResponse.json(statusBody()))));
    const { client, sleeps } = setup();
    await client.status();
    expect(n).toBe(3);
    expect(sleeps).toEqual([100, 200]);
    expect(client.state).toBe('connected');
  });

  it('timeout: aborts, retries, counts', async () => {
    server.use(http.get(BASE + '/v1/status', async () => (await delay('infinite'), HttpResponse.json(statusBody()))));
    const { client } = setup({ timeoutMs: 30, retries: 1 });
    // The handler never answers: that the call fails at all is the client's own timeout.
    const e = await failure(client.status());
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/no answer within 30 ms/);
    expect(e.attempts).toBe(2);
    expect(client.stats.errors.timeout).toBe(2);
    expect(client.state).toBe('unreachable');
  });

  it('timeout without AbortController support: the race still wins', async () => {
    let resolveHang: () => void = () => undefined;
    const hanging: FetchLike = () => new Promise((resolve) => (resolveHang = () => resolve({ status: 200, body: statusBody() })));
    const client = createControllerClient({ baseUrl: BASE, token: 't', fetch: hanging, now: () => 0, timeoutMs: 20, retries: 0 });
    const e = await failure(client.status());
    expect(e.kind).toBe('timeout');
    resolveHang();
  });

  it('the long-poll timeout is the request timeout plus waitMs', async () => {
    server.use(http.get(BASE + '/v1/telemetry', async () => (await delay(120), HttpResponse.json({ v: 1, seq: 1, readings: [reading(1)] }))));
    const { client, calls } = setup({ timeoutMs: 50 });
    const t = await client.telemetry(0, 100);
    expect(t.readings).toHaveLength(1);
    expect(calls[0].url).toBe(BASE + '/v1/telemetry?after=0&waitMs=100');
  });

  it('401: unauthorised, never retried, sticky until a success with a new token', async () => {
    server.use(
      http.get(BASE + '/v1/status', ({ request }) =>
        request.headers.get('authorization') === 'Bearer good' ? HttpResponse.json(statusBody()) : HttpResponse.json(errorBody('unauthorised', 'wrong token'), { status: 401 }),
      ),
      http.post(BASE + '/v1/deflate-all', () => HttpResponse.json(errorBody('unauthorised'), { status: 401 })),
    );
    const { client, states, sleeps } = setup();
    const e = await failure(client.status());
    expect([e.kind, e.status, e.code, e.attempts]).toEqual(['unauthorised', 401, 'unauthorised', 1]);
    expect(e.message).toMatch(/wrong token/);
    expect((await failure(client.deflateAll())).attempts).toBe(1);
    expect(sleeps).toEqual([]);
    expect(client.state).toBe('unauthorised');
    client.setToken('good');
    await client.status();
    expect(states.map((s) => s[0])).toEqual(['unauthorised', 'connected']);
  });

  it.each([
    [404, 'unknown-cuff', 'inflate'],
    [409, 'cuff-busy', 'inflate'],
    [422, 'target-above-max', 'inflate'],
    [400, 'bad-body', 'inflate'],
    [422, 'lop-failed', 'lop'],
  ])('%d %s: rejected with the code, not retried', async (status, code, action) => {
    server.use(http.post(BASE + '/v1/cuffs/:id/' + action, () => HttpResponse.json(errorBody(code, 'because ' + code), { status })));
    const { client, sleeps } = setup();
    const e = await failure(action === 'lop' ? client.measureLop('arm', 'standing') : client.inflate('arm', 100));
    expect([e.kind, e.status, e.code, e.attempts]).toEqual(['rejected', status, code, 1]);
    expect(e.message).toContain('because ' + code);
    expect(sleeps).toEqual([]);
    expect(client.stats.errors.rejected).toBe(1);
    expect(client.state).toBe('connected'); // it answered: the link is fine
  });

  it('500: GETs and deflate retried with backoff; deflate-all retried hardest; inflate and LOP never', async () => {
    const hits: Record<string, number> = {};
    const fail500 = (name: string) => () => {
      hits[name] = (hits[name] || 0) + 1;
      return HttpResponse.json(errorBody('internal', 'boom'), { status: 500 });
    };
    server.use(
      http.get(BASE + '/v1/status', fail500('status')),
      http.post(BASE + '/v1/cuffs/arm/deflate', fail500('deflate')),
      http.post(BASE + '/v1/cuffs/arm/inflate', fail500('inflate')),
      http.post(BASE + '/v1/cuffs/arm/lop', fail500('lop')),
      http.post(BASE + '/v1/deflate-all', fail500('deflateAll')),
    );
    const { client, sleeps } = setup();
    const s = await failure(client.status());
    expect([s.kind, s.status, s.code, s.attempts]).toEqual(['server', 500, 'internal', 3]);
    expect(sleeps.splice(0)).toEqual([100, 200]);
    expect((await failure(client.deflate('arm'))).attempts).toBe(3);
    sleeps.length = 0;
    expect((await failure(client.inflate('arm', 90))).attempts).toBe(1);
    expect((await failure(client.measureLop('arm'))).attempts).toBe(1);
    expect(sleeps).toEqual([]);
    const all = await failure(client.deflateAll());
    expect(all.attempts).toBe(7); // max(2 x 2, 6) retries
    expect(sleeps).toEqual([100, 200, 400, 800, 1000, 1000]); // brisk, capped
    expect(hits).toEqual({ status: 3, deflate: 3, inflate: 1, lop: 1, deflateAll: 7 });
    expect(client.stats.errors.server).toBe(3 + 3 + 1 + 1 + 7);
  });

  it('deflate-all gets through when the controller recovers on a late retry', async () => {
    let n = 0;
    server.use(http.post(BASE + '/v1/deflate-all', () => (++n < 6 ? HttpResponse.error() : HttpResponse.json({ v: 1, cuffs: [cuff({ state: 'deflating' })] }))));
    const { client } = setup();
    expect((await client.deflateAll()).cuffs[0].state).toBe('deflating');
    expect(n).toBe(6);
  });

  it('a 5xx without an error body still gives a clear error', async () => {
    server.use(http.get(BASE + '/v1/status', () => new HttpResponse('Bad Gateway', { status: 502 })));
    const e = await failure(setup({ retries: 0 }).client.status());
    expect([e.kind, e.code, e.status]).toEqual(['server', 'http-502', 502]);
  });

  it('garbage JSON: bad-json, retried (could be a flaky link), counted', async () => {
    server.use(http.get(BASE + '/v1/status', () => new HttpResponse('{"v":1,"seq":', { status: 200, headers: { 'content-type': 'application/json' } })));
    const { client } = setup();
    const e = await failure(client.status());
    expect(e.kind).toBe('bad-json');
    expect(e.message).toContain('{\\"v\\":1,\\"seq\\":');
    expect(e.attempts).toBe(3);
    expect(client.stats.errors['bad-json']).toBe(3);
  });

  it.each([
    ['a negative pressure', 'cuffs.0.pressureMmHg', statusBody({ cuffs: [cuff({ pressureMmHg: -3 })] }), /too small/],
    ['a missing field', 'battery', { v: 1, seq: 5, cuffs: [] }, /expected number/],
    ['an unknown state', 'cuffs.0.state', statusBody({ cuffs: [cuff({ state: 'exploded' as never })] }), /expected one of/],
    ['a wrong version', 'v', statusBody({ v: 2 }), /expected one of 1/],
    ['too many cuffs', 'cuffs', statusBody({ cuffs: Array.from({ length: 9 }, () => cuff()) }), /too long \(max 8\)/],
    ['a bad cuff id', 'cuffs.0.id', statusBody({ cuffs: [cuff({ id: '../../etc' })] }), /bad format/],
  ])('schema-invalid JSON (%s): bad-schema naming %s, not retried', async (_what, field, body, message) => {
    server.use(http.get(BASE + '/v1/status', () => HttpResponse.json(body)));
    const { client, sleeps } = setup();
    const e = await failure(client.status());
    expect(e.kind).toBe('bad-schema');
    expect(e.field).toBe(field);
    expect(e.message).toContain(field + ':');
    expect(e.message).toMatch(message);
    expect(e.attempts).toBe(1);
    expect(sleeps).toEqual([]);
    expect(client.stats.errors['bad-schema']).toBe(1);
  });

  it('rejects an oversized telemetry batch', async () => {
    server.use(http.get(BASE + '/v1/telemetry', () => HttpResponse.json({ v: 1, seq: 501, readings: Array.from({ length: 501 }, (_, i) => reading(i + 1)) })));
    const e = await failure(setup().client.telemetry(0, 0));
    expect([e.kind, e.field]).toEqual(['bad-schema', 'readings']);
  });

  it('accepts a JSON body sent as text/plain (a string body)', async () => {
    server.use(http.get(BASE + '/v1/status', () => HttpResponse.text(JSON.stringify(statusBody()))));
    expect((await setup().client.status()).seq).toBe(5);
  });

  it("Zepp's side-service fetch: body as a string or already an object, both parsed", async () => {
    const seen: unknown[] = [];
    let body: unknown = JSON.stringify(statusBody());
    const zeppFetch = async (opts: { url: string; method: string; headers?: Record<string, string>; body?: string; timeout?: number }) => {
      seen.push(opts);
      return { status: 200, body };
    };
    const client = createControllerClient({ baseUrl: BASE, token: 'z', fetch: fromZeppFetch(zeppFetch, 3000), now: () => 0, sleep: async () => undefined });
    expect((await client.status()).battery).toBe(90);
    body = statusBody({ battery: 42 });
    expect((await client.status()).battery).toBe(42);
    body = statusBody({ battery: 'full' });
    expect((await failure(client.status())).field).toBe('battery');
    body = undefined;
    expect((await failure(client.status())).kind).toBe('bad-json');
    // The request's own deadline (5 s default) goes to the native fetch as `timeout`; the
    // adapter's 3000 is only the fallback for a request that names none.
    expect(seen[0]).toMatchObject({ url: BASE + '/v1/status', method: 'GET', headers: { Authorization: 'Bearer z' }, timeout: 5000 });
  });

  it('bad arguments fail before anything is sent', async () => {
    const { client, calls } = setup();
    expect((await failure(client.inflate('arm', NaN))).field).toBe('targetMmHg');
    expect((await failure(client.inflate('arm', 0))).kind).toBe('bad-argument');
    expect((await failure(client.deflate('ARM/../x'))).field).toBe('cuffId');
    expect((await failure(client.measureLop('arm', 'lying' as never))).field).toBe('posture');
    expect((await failure(client.telemetry(-1, 0))).field).toBe('afterSeq');
    expect((await failure(client.telemetry(0, 60000))).field).toBe('waitMs');
    expect(calls).toEqual([]);
    expect(client.stats.errors['bad-argument']).toBe(6);
    expect(client.state).toBe('unreachable'); // nothing learned about the link
  });

  it('state machine: connected -> stale (no telemetry > 5 s) -> connected -> unreachable -> connected -> unauthorised', async () => {
    let mode: 'ok' | 'down' | '401' | '409' = 'ok';
    server.use(
      http.get(BASE + '/v1/telemetry', () =>
        mode === 'ok' ? HttpResponse.json({ v: 1, seq: 1, readings: [reading(1)] }) : mode === 'down' ? HttpResponse.error() : HttpResponse.json(errorBody('unauthorised'), { status: 401 }),
      ),
      http.get(BASE + '/v1/status', () => (mode === 'down' ? HttpResponse.error() : HttpResponse.json(statusBody()))),
      http.post(BASE + '/v1/cuffs/arm/inflate', () => HttpResponse.json(errorBody('cuff-busy'), { status: 409 })),
    );
    const { client, clock, states } = setup({ retries: 0 });
    await client.telemetry(0, 0);
    expect(client.state).toBe('connected');
    clock.now += 5000;
    expect(client.state).toBe('connected'); // exactly 5 s is not more than 5 s
    clock.now += 1;
    expect(client.state).toBe('stale');
    await client.status(); // an answer, but not telemetry: still stale
    expect(client.state).toBe('stale');
    await client.telemetry(0, 0);
    expect(client.state).toBe('connected');
    mode = 'down';
    await failure(client.telemetry(1, 0));
    expect(client.state).toBe('unreachable');
    await failure(client.inflate('arm', 90)).catch(() => undefined);
    mode = 'ok';
    const e409 = await failure(client.inflate('arm', 90)); // a refusal proves the link: grace to poll
    expect(e409.code).toBe('cuff-busy');
    expect(client.state).toBe('connected');
    mode = '401';
    await failure(client.telemetry(1, 0));
    expect(client.state).toBe('unauthorised');
    expect(states.map((s) => s[0])).toEqual(['connected', 'stale', 'connected', 'unreachable', 'connected', 'unauthorised']);
    expect(client.lastError!.kind).toBe('unauthorised');
  });

  it('a throwing onStateChange does not break the client', async () => {
    server.use(http.get(BASE + '/v1/status', () => HttpResponse.json(statusBody())));
    const { client } = setup({
      onStateChange: () => {
        throw new Error('listener bug');
      },
    });
    await expect(client.status()).resolves.toBeDefined();
  });
});

describe('telemetry loop', () => {
  it('delivers batches in order, follows seq, and resets when the controller restarted', async () => {
    const queries: string[] = [];
    const answers = [
      { v: 1, seq: 3, readings: [reading(1), reading(2), reading(3)] },
      { v: 1, seq: 4, readings: [reading(4)] },
      { v: 1, seq: 2, readings: [] }, // restarted: seq went back
      { v: 1, seq: 2, readings: [reading(1), reading(2)] },
    ];
    server.use(
      http.get(BASE + '/v1/telemetry', async ({ request }) => {
        queries.push(new URL(request.url).search);
        const a = answers.shift();
        if (!a) {
          await delay('infinite'); // held until the loop is stopped
          return HttpResponse.json({ v: 1, seq: 2, readings: [] });
        }
        return HttpResponse.json(a);
      }),
    );
    const { client } = setup();
    const batches: number[][] = [];
    const loop = startTelemetryLoop(client, (rs) => batches.push(rs.map((r) => r.seq)), { waitMs: 1000, watchdogMs: 0 });
    await eventually(() => batches.length >= 3);
    expect(batches).toEqual([[1, 2, 3], [4], [1, 2]]);
    expect(queries.slice(0, 4)).toEqual(['?after=0&waitMs=1000', '?after=3&waitMs=1000', '?after=4&waitMs=1000', '?after=0&waitMs=1000']);
    expect(loop.afterSeq).toBe(2);
    await loop.stop(); // cancels the held poll at once: it ends cancelled, not by its timeout
    expect(loop.running).toBe(false);
    expect(client.stats.errors.timeout).toBe(0);
  });

  it('backs off while unreachable, slowly while unauthorised, and reports errors', async () => {
    let mode: 'down' | '401' = 'down';
    server.use(http.get(BASE + '/v1/telemetry', () => (mode === 'down' ? HttpResponse.error() : HttpResponse.json(errorBody('unauthorised'), { status: 401 }))));
    const loopSleeps: number[] = [];
    const { client } = setup({ retries: 0 });
    const errors: Array<[string, number]> = [];
    const loop = startTelemetryLoop(client, () => undefined, {
      watchdogMs: 0,
      backoff: { baseMs: 100, maxMs: 800, factor: 2 },
      sleep: async (ms) => {
        loopSleeps.push(ms);
        await new Promise((r) => setTimeout(r, 1));
      },
      onError: (e, n) => errors.push([e.kind, n]),
    });
    await eventually(() => loopSleeps.length >= 6);
    expect(loopSleeps.slice(0, 6)).toEqual([100, 200, 400, 800, 800, 800]);
    expect(client.state).toBe('unreachable');
    mode = '401';
    const n = loopSleeps.length;
    await eventually(() => loopSleeps.length >= n + 3);
    expect(loopSleeps.slice(n + 1, n + 3)).toEqual([800, 800]);
    expect(client.state).toBe('unauthorised');
    await loop.stop();
    expect(errors[0]).toEqual(['network', 1]);
    expect(errors.some(([k]) => k === 'unauthorised')).toBe(true);
  });

  it('its watchdog turns the state stale while a poll hangs', async () => {
    server.use(
      http.get(BASE + '/v1/telemetry', async ({ request }) => {
        if (new URL(request.url).searchParams.get('after') === '0') return HttpResponse.json({ v: 1, seq: 1, readings: [reading(1)] });
        await delay('infinite');
        return HttpResponse.json({ v: 1, seq: 1, readings: [] });
      }),
    );
    const { client, clock } = setup({ timeoutMs: 10000 });
    const loop = startTelemetryLoop(client, () => undefined, { watchdogMs: 10 });
    await eventually(() => client.stats.successes >= 1);
    expect(client.state).toBe('connected');
    clock.now += 6000;
    await eventually(() => client.refreshState() === 'stale');
    expect(client.state).toBe('stale');
    await loop.stop();
  });
});
