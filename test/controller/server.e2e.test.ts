// End to end: the real controller simulator on a loopback port, driven by the real controller
// client over Node's fetch. The model runs 50x real time so a LOP measurement takes ~150 ms.
// No verdict here depends on how fast the machine is: waits are for states, bounded only by a
// safety net far above any real run; a test about staleness moves the client's clock itself.
import { controllerFailure as failure } from '../helpers/controllerFailure';
import { startControllerServer, type ControllerServer } from '../../sim/controller/server';
import {
  ControllerError,
  createControllerClient,
  startTelemetryLoop,
  type ControllerClientOptions,
  type ControllerLinkState,
  type FetchLike,
  type TelemetryLoop,
} from '../../companion/controllerClient';
import { MAX_TELEMETRY_WAIT_MS, type LopResponse, type Reading } from '../../shared/protocol/controller';

const TOKEN = 'e2e-token';
const nodeFetch: FetchLike = (url, init) => fetch(url, init as RequestInit);

function clientFor(server: { url: string }, extra: Partial<ControllerClientOptions> = {}) {
  const states: ControllerLinkState[] = [];
  const client = createControllerClient({
    baseUrl: server.url,
    token: TOKEN,
    fetch: nodeFetch,
    now: () => Date.now(),
    // only a safety net: loopback answers in ms, but a busy machine may hold a request up
    timeoutMs: 20000,
    retries: 2,
    backoff: { baseMs: 5, maxMs: 20, factor: 2 },
    onStateChange: (s) => states.push(s),
    ...extra,
  });
  return { client, states };
}

// Every telemetry loop a test starts is stopped even when the test fails half-way.
const loops: TelemetryLoop[] = [];
function loopFor(...args: Parameters<typeof startTelemetryLoop>): TelemetryLoop {
  const loop = startTelemetryLoop(...args);
  loops.push(loop);
  return loop;
}
afterEach(async () => {
  await Promise.all(loops.splice(0).map((l) => l.stop()));
});


/** Waits for a state of the model or the client (real time: the model runs on it, x50). */
async function until(check: () => boolean, what = 'condition'): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > 60000) throw new Error('no ' + what + ' after a minute (a hang)');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function measureSeated(client: ReturnType<typeof clientFor>['client'], cuffId: string): Promise<LopResponse> {
  // seated measurements fail ~10 % of the time; a person would simply try again
  for (let i = 0; i < 6; i++) {
    try {
      return await client.measureLop(cuffId, 'seated');
    } catch (e) {
      if (!(e instanceof ControllerError) || e.code !== 'lop-failed') throw e;
      await new Promise((r) => setTimeout(r, 200)); // let the cuff deflate
    }
  }
  throw new Error('LOP failed 6 times seated');
}

describe('controller simulator + client, end to end', () => {
  let server: ControllerServer;
  const logs: string[] = [];

  beforeAll(async () => {
    server = await startControllerServer({ token: TOKEN, seed: 3, timeScale: 50, verbose: true, log: (l) => logs.push(l) });
  });
  afterAll(() => server.close());
  afterEach(async () => {
    server.setFaults({ delayMs: 0, dropRate: 0, garbageRate: 0, badSchemaRate: 0, errorRate: 0, stuckValve: false, traineeMoving: false, leakFactor: 1 });
    server.model.cuffs.forEach((c) => (c.fault = c.state === 'fault' ? c.fault : null));
    const { client } = clientFor(server);
    await client.deflateAll();
    await until(() => server.model.cuffs.every((c) => c.state === 'idle'), 'cuffs idle');
  });

  it('listens on loopback only, and refuses to start elsewhere', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(startControllerServer({ token: 't', host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('runs a session: status, LOP seated, inflate to 60 % LOP, telemetry in band, deflate, deflate-all', async () => {
    const { client, states } = clientFor(server);
    const status = await client.status();
    expect(status.cuffs.map((c) => [c.id, c.limb, c.state])).toEqual([
      ['arm', 'arm', 'idle'],
      ['leg', 'leg', 'idle'],
    ]);
    expect(client.state).toBe('connected');
    expect(states[0]).toBe('connected');

    const lop = await measureSeated(client, 'arm');
    expect(lop.ok).toBe(true);
    expect(Math.abs(lop.lopMmHg - server.model.cuffs[0].params.trueLopMmHg)).toBeLessThanOrEqual(8);
    await until(() => server.model.cuffs[0].state === 'idle', 'arm deflated after LOP');
    expect((await client.status()).cuffs[0].lopMmHg).toBe(lop.lopMmHg);

    const readings: Reading[] = [];
    const loop = loopFor(client, (rs) => readings.push(...rs), { waitMs: 2000, afterSeq: server.model.seq });
    const target = Math.round(0.6 * lop.lopMmHg);
    const inflated = await client.inflate('arm', target);
    expect(inflated.cuff.targetMmHg).toBe(target);
    expect(inflated.cuff.state).toBe('inflating');

    const inBand = (r: Reading) => r.cuffId === 'arm' && r.state === 'holding' && Math.abs(r.pressureMmHg - target) <= 0.1 * target;
    await until(() => readings.filter(inBand).length >= 20, 'arm pressure in band');
    expect(client.state).toBe('connected');
    const seqs = readings.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);

    const deflated = await client.deflate('arm');
    expect(deflated.cuff.state).toBe('deflating');
    await until(() => readings.some((r) => r.cuffId === 'arm' && r.state === 'idle' && r.pressureMmHg < 5 && r.seq > seqs[seqs.length - 1]), 'arm idle');

    await client.inflate('leg', 120);
    await until(() => server.model.cuffs[1].pressureMmHg > 30, 'leg pressurised');
    const all = await client.deflateAll();
    expect(all.cuffs.map((c) => c.state)).toEqual(['idle', 'deflating']);
    await loop.stop();
    expect(loop.running).toBe(false);
    expect(client.stats.errors.network + client.stats.errors.timeout + client.stats.errors['bad-schema']).toBe(0);
    expect(logs.some((l) => /^POST \/v1\/cuffs\/arm\/inflate -> 200/.test(l))).toBe(true);
  });

  it('long-poll holds until a newer reading exists, and answers at once for old seqs', async () => {
    const { client } = clientFor(server);
    const first = await client.telemetry(0, 0);
    expect(first.readings.length).toBeGreaterThan(0);
    // Readings come every 4 ms of real time at 50x: held for the longest wait allowed, the poll
    // still answers at once; half of that wait is only a bound far above any busy machine.
    const t0 = Date.now();
    const next = await client.telemetry(first.seq, MAX_TELEMETRY_WAIT_MS);
    expect(Date.now() - t0).toBeLessThan(MAX_TELEMETRY_WAIT_MS / 2);
    expect(next.readings.every((r) => r.seq > first.seq)).toBe(true);
    // a seq from the future (a restarted controller) gets an immediate answer with the real seq
    const future = await client.telemetry(first.seq + 1e6, 5000);
    expect(future.readings).toEqual([]);
    expect(future.seq).toBeLessThan(first.seq + 1e6);
  });

  it('answers API errors with codes: 404 unknown cuff, 422 over hard max, 409 busy, 400 bad body/query', async () => {
    const { client } = clientFor(server);
    const e404 = await failure(client.inflate('knee', 100));
    expect([e404.kind, e404.status, e404.code]).toEqual(['rejected', 404, 'unknown-cuff']);
    const e422 = await failure(client.inflate('arm', 301));
    expect([e422.status, e422.code]).toEqual([422, 'target-above-max']);
    expect(e422.attempts).toBe(1);

    const measuring = client.measureLop('leg', 'seated').catch((e) => e);
    await until(() => server.model.cuffs[1].state === 'measuring', 'leg measuring');
    const e409 = await failure(client.inflate('leg', 100));
    expect([e409.status, e409.code]).toEqual([409, 'cuff-busy']);
    await measuring;

    const raw = (path: string, init: RequestInit = {}) =>
      fetch(server.url + path, { ...init, headers: { Authorization: 'Bearer ' + TOKEN, ...(init.headers || {}) } });
    let res = await raw('/v1/cuffs/arm/inflate', { method: 'POST', body: '{"targetMmHg":"high"}' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'bad-body', message: 'targetMmHg: expected number' } });
    res = await raw('/v1/cuffs/arm/inflate', { method: 'POST', body: '{nope' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('bad-json');
    res = await raw('/v1/telemetry?after=-1');
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/^after:/);
    res = await raw('/v1/telemetry?waitMs=999999');
    expect((await res.json()).error.message).toMatch(/^waitMs:/);
    res = await raw('/v1/status', { method: 'POST' });
    expect(res.status).toBe(405);
    res = await raw('/v1/nothing');
    expect(res.status).toBe(404);
    res = await raw('/v1/deflate-all', { method: 'POST', body: 'x'.repeat(20000) });
    expect(res.status).toBe(413);
  });

  it('a failed LOP measurement says to sit still (trainee moving)', async () => {
    const { client } = clientFor(server);
    server.setFaults({ traineeMoving: true });
    let failed: ControllerError | undefined;
    for (let i = 0; i < 5 && !failed; i++) {
      try {
        await client.measureLop('arm', 'standing');
      } catch (e) {
        failed = e as ControllerError;
      }
      await until(() => server.model.cuffs[0].state === 'idle', 'arm idle');
    }
    expect(failed).toBeDefined();
    expect([failed!.kind, failed!.status, failed!.code]).toEqual(['rejected', 422, 'lop-failed']);
    expect(failed!.message).toMatch(/sit down/i);
    expect(failed!.attempts).toBe(1); // never retried
  });

  it('wrong token: unauthorised, not retried; the right token recovers', async () => {
    const { client, states } = clientFor(server, { token: 'wrong' });
    const e = await failure(client.status());
    expect([e.kind, e.status, e.code, e.attempts]).toEqual(['unauthorised', 401, 'unauthorised', 1]);
    expect(client.state).toBe('unauthorised');
    expect(states).toEqual(['unauthorised']);
    const missing = await fetch(server.url + '/v1/status');
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/Bearer/);
    const sim = await fetch(server.url + '/v1/sim/faults', { method: 'POST', body: '{"errorRate":1}' });
    expect(sim.status).toBe(401);
    client.setToken(TOKEN);
    await client.status();
    expect(client.state).toBe('connected');
  });

  it('controller down: network error after bounded retries, state unreachable', async () => {
    const gone = await startControllerServer({ token: TOKEN, timeScale: 50 });
    const url = gone.url;
    await gone.close();
    const { client } = clientFor({ url });
    const e = await failure(client.status());
    expect(e.kind).toBe('network');
    expect(e.attempts).toBe(3);
    expect(client.stats.errors.network).toBe(3);
    expect(client.stats.retries).toBe(2);
    expect(client.state).toBe('unreachable');
    const d = await failure(client.deflateAll());
    expect(d.attempts).toBe(7); // the safety action is retried hardest
  });

  it('fault: delay -> timeout, retried, then unreachable', async () => {
    server.setFaults({ delayMs: 300 });
    const { client } = clientFor(server, { timeoutMs: 80, retries: 1 });
    // The client gives up on its own timeout: it never waits for the delayed answer.
    const e = await failure(client.status());
    expect(e.kind).toBe('timeout');
    expect(e.attempts).toBe(2);
    expect(client.stats.errors.timeout).toBe(2);
    expect(client.state).toBe('unreachable');
    expect(server.stats.injected.delayed).toBeGreaterThanOrEqual(2);
  });

  it('fault: drop -> network error; deflate-all was still carried out', async () => {
    const { client } = clientFor(server);
    await client.inflate('arm', 80);
    server.faults.dropRate = 1;
    const e = await failure(client.deflateAll());
    expect(e.kind).toBe('network');
    expect(e.attempts).toBe(7);
    expect(server.stats.injected.dropped).toBeGreaterThanOrEqual(7);
    expect(['deflating', 'idle']).toContain(server.model.cuffs[0].state);
  });

  it('fault: garbage body -> bad-json, counted and retried', async () => {
    server.setFaults({ garbageRate: 1 });
    const { client } = clientFor(server);
    const e = await failure(client.status());
    expect(e.kind).toBe('bad-json');
    expect(e.attempts).toBe(3);
    expect(client.stats.errors['bad-json']).toBe(3);
  });

  it('fault: schema-breaking body -> bad-schema naming the field, not retried', async () => {
    server.setFaults({ badSchemaRate: 1 });
    const { client } = clientFor(server);
    const e = await failure(client.status());
    expect(e.kind).toBe('bad-schema');
    expect(e.field).toBe('cuffs.0.pressureMmHg');
    expect(e.message).toMatch(/cuffs\.0\.pressureMmHg: too small/);
    expect(e.attempts).toBe(1);
    expect(client.stats.errors['bad-schema']).toBe(1);
  });

  it('fault: 500 -> retried with backoff, then an error; inflate is never retried', async () => {
    server.faults.errorRate = 1;
    const { client } = clientFor(server);
    const e = await failure(client.status());
    expect([e.kind, e.status, e.code, e.attempts]).toEqual(['server', 500, 'internal', 3]);
    const i = await failure(client.inflate('arm', 80));
    expect(i.attempts).toBe(1);
    expect(server.model.cuffs[0].state).toBe('idle'); // a 500 means nothing was done
    expect(client.stats.errors.server).toBe(4);
    expect(client.stats.retries).toBe(2);
  });

  it('fault: no telemetry for a while -> stale, then connected again', async () => {
    // The client's own clock moves only when the test moves it: a slow machine cannot make
    // telemetry look stale, and "a while" is exactly the 1 s this test says.
    let now = 0;
    const { client, states } = clientFor(server, { staleAfterMs: 300, now: () => now });
    const loop = loopFor(client, () => undefined, { waitMs: 200, watchdogMs: 50, backoff: { baseMs: 20, maxMs: 50, factor: 2 } });
    await until(() => client.state === 'connected', 'connected');
    server.setFaults({ errorRate: 1 });
    const failed = client.stats.errors.server;
    await until(() => client.stats.errors.server > failed, 'a failed poll');
    expect(client.state).toBe('connected');
    now += 1000;
    await until(() => client.state === 'stale', 'stale');
    server.setFaults({ errorRate: 0 });
    await until(() => client.state === 'connected', 'connected again');
    await loop.stop();
    expect(states).toEqual(['connected', 'stale', 'connected']);
  });

  it('fault: pressure spike shows in telemetry, set over HTTP like a browser page would', async () => {
    const { client } = clientFor(server);
    await client.inflate('arm', 90);
    await until(() => server.model.cuffs[0].state === 'holding', 'holding');
    const after = (await client.status()).seq;
    const res = await fetch(server.url + '/v1/sim/faults', {
      method: 'POST',
      headers: { Authorization: 'Bearer ' + TOKEN },
      body: JSON.stringify({ spike: { cuffId: 'arm', mmHg: 150 } }), // 90 -> 240 mmHg, vented within a second
    });
    expect(res.status).toBe(200);
    // poll on from before the spike until telemetry shows it (a second of cuff time at most)
    const arm: Reading[] = [];
    for (let seq = after; arm.length < 10 || Math.max(...arm.map((r) => r.pressureMmHg)) <= 150; ) {
      const t = await client.telemetry(seq, 2000);
      arm.push(...t.readings.filter((r) => r.cuffId === 'arm'));
      seq = t.seq;
      if (arm.length > 200) break;
    }
    expect(Math.max(...arm.map((r) => r.pressureMmHg))).toBeGreaterThan(150);
    const bad = await fetch(server.url + '/v1/sim/faults', { method: 'POST', headers: { Authorization: 'Bearer ' + TOKEN }, body: '{"dropRate":2}' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^dropRate: too big/);
    const state = await (await fetch(server.url + '/v1/sim/state', { headers: { Authorization: 'Bearer ' + TOKEN } })).json();
    expect(state.cuffs[0]).toHaveProperty('trueLopMmHg');
    expect(state.stats.injected.spikes).toBeGreaterThanOrEqual(1);
  });

  it('fault: stuck valve -> deflate and deflate-all fail with valve-stuck; freed, they work', async () => {
    const { client } = clientFor(server);
    await client.inflate('arm', 100);
    await until(() => server.model.cuffs[0].state === 'holding', 'holding');
    await fetch(server.url + '/v1/sim/faults', { method: 'POST', headers: { Authorization: 'Bearer ' + TOKEN }, body: '{"stuckValve":["arm"]}' });
    const d = await failure(client.deflate('arm'));
    expect([d.kind, d.status, d.code, d.attempts]).toEqual(['server', 500, 'valve-stuck', 3]);
    const all = await failure(client.deflateAll());
    expect(all.code).toBe('valve-stuck');
    expect(all.attempts).toBe(7);
    const status = await client.status();
    expect(status.cuffs[0]).toMatchObject({ state: 'fault', valve: 'stuck', fault: 'valve-stuck' });
    expect(status.cuffs[0].pressureMmHg).toBeGreaterThan(80);
    server.setFaults({ stuckValve: false });
    await client.deflateAll();
    await until(() => server.model.cuffs[0].state === 'idle', 'arm idle');
  });
});

describe('controller simulator with an injected clock', () => {
  let server: ControllerServer;
  let nowMs = 0;
  beforeAll(async () => {
    server = await startControllerServer({ token: TOKEN, seed: 1, clock: () => nowMs, tickMs: 0 });
  });
  afterAll(() => server.close());

  it('holds a long-poll until the model makes a newer reading', async () => {
    const { client } = clientFor(server);
    nowMs = 1000;
    server.sync();
    const seq = server.model.seq;
    expect(seq).toBe(10); // 2 cuffs x 5 Hz x 1 s
    const empty = await client.telemetry(seq, 100); // the clock stands still: nothing new
    expect(empty).toEqual({ v: 1, seq, readings: [] });

    const pending = client.telemetry(seq, 5000);
    await new Promise((r) => setTimeout(r, 30));
    nowMs = 1200;
    server.sync();
    const res = await pending;
    expect(res.readings.map((r) => r.seq)).toEqual([seq + 1, seq + 2]);
    expect(res.readings.map((r) => r.tMs)).toEqual([1010, 1010]); // samples every 200 ms from t=10
  });

  it('advances controller time on demand', async () => {
    const before = server.model.tMs;
    server.advanceModel(60000);
    expect(server.model.tMs - before).toBe(60000);
  });
});
