// The controller client against controllers that misbehave on the wire, on real loopback
// sockets and Node's fetch: a reply that never ends, a reply too big, a redirect elsewhere, a
// token that would break the header. What is checked is what reaches the network: the request
// is really gone (the server sees its connection close) at the deadline or the size cap.
import { controllerFailure as failure } from '../helpers/controllerFailure';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createControllerClient, fromZeppFetch, type FetchLike } from '../../companion/controllerClient';

const nodeFetch: FetchLike = (url, init) => fetch(url, init as RequestInit);
const STATUS = JSON.stringify({ v: 1, seq: 1, battery: 90, cuffs: [] });

interface Server { url: string; hits: string[]; closedAt: number[]; written: number[]; close(): Promise<void> }

/** A server whose handler may stream; it records when each request's connection closed. */
async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, count: (n: number) => void) => void): Promise<Server> {
  const hits: string[] = [];
  const closedAt: number[] = [];
  const written: number[] = [];
  const server = http.createServer((req, res) => {
    hits.push((req.method || '') + ' ' + req.url + ' auth=' + String(req.headers.authorization));
    const i = written.push(0) - 1;
    res.on('close', () => closedAt.push(Date.now()));
    handler(req, res, (n) => { written[i] += n; });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: 'http://127.0.0.1:' + (server.address() as AddressInfo).port, hits, closedAt, written,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** Waits for something the test then asserts (a liveness bound only, not a verdict on speed). */
async function until(check: () => boolean, limitMs = 20000): Promise<void> {
  const t0 = Date.now();
  while (!check() && Date.now() - t0 < limitMs) await new Promise((r) => setTimeout(r, 10));
}


const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
async function server(handler: Parameters<typeof serve>[0]): Promise<Server> {
  const s = await serve(handler);
  servers.push(s);
  return s;
}

describe('controller client on the wire', () => {
  test('a reply body that never ends is cut at the timeout: the connection closes then', async () => {
    const s = await server((_req, res, count) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"v":1,"seq":1,"battery":90,"cuffs":[');
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      const t = setInterval(() => {
        if (res.destroyed) return clearInterval(t);
        res.write(chunk);
        count(chunk.length);
      }, 5);
      res.on('close', () => clearInterval(t));
    });
    const client = createControllerClient({ baseUrl: s.url, token: 'tok-1', fetch: nodeFetch, now: Date.now, timeoutMs: 400, retries: 0, maxReplyBytes: 100 * 1024 * 1024 });
    const e = await failure(client.status());
    expect(e.kind).toBe('timeout');
    // The server never ends this reply by itself: a closed connection means the abort reached it.
    await until(() => s.closedAt.length === 1);
    expect(s.closedAt).toHaveLength(1);
  });

  test('a reply over the size cap is refused and the stream cancelled (with and without Content-Length)', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024, 0x20);
    const declared = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(big.length) });
      res.end(big);
    });
    const client = createControllerClient({ baseUrl: declared.url, token: 'tok-1', fetch: nodeFetch, now: Date.now, timeoutMs: 2000, retries: 0, maxReplyBytes: 64 * 1024 });
    const e = await failure(client.status());
    expect(e.kind).toBe('too-large');
    expect(e.message).toMatch(/over the 65536-byte limit/);

    const streamed = await server((_req, res, count) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const t = setInterval(() => {
        if (res.destroyed) return clearInterval(t);
        res.write(big.subarray(0, 64 * 1024));
        count(64 * 1024);
      }, 2);
      res.on('close', () => clearInterval(t));
    });
    const c2 = createControllerClient({ baseUrl: streamed.url, token: 'tok-1', fetch: nodeFetch, now: Date.now, timeoutMs: 5000, retries: 0, maxReplyBytes: 256 * 1024 });
    const e2 = await failure(c2.status());
    expect(e2.kind).toBe('too-large');
    // This reply never ends by itself: a closed connection means the client cancelled the stream.
    await until(() => streamed.closedAt.length === 1);
    expect(streamed.closedAt).toHaveLength(1);
  });

  test('a redirect is not followed (the token never goes to the other host)', async () => {
    const other = await server((_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(STATUS); });
    const s = await server((_req, res) => { res.writeHead(307, { location: other.url + '/v1/status' }); res.end(); });
    const client = createControllerClient({ baseUrl: s.url, token: 'tok-1', fetch: nodeFetch, now: Date.now, timeoutMs: 1000, retries: 0 });
    const e = await failure(client.status());
    expect(e.kind).toBe('network');
    expect(other.hits).toEqual([]);
  });

  test('a token with CR/LF or spaces: nothing is sent, and the error does not carry the token', async () => {
    const s = await server((_req, res) => { res.writeHead(200); res.end(STATUS); });
    for (const token of ['abc\r\nX-Injected: 1', 'two words', '']) {
      const client = createControllerClient({ baseUrl: s.url, token, fetch: nodeFetch, now: Date.now, timeoutMs: 1000, retries: 0 });
      const e = await failure(client.status());
      expect([e.kind, e.field]).toEqual(['bad-argument', 'token']);
      if (token) expect(e.message).not.toContain(token);
      expect(e.message).not.toMatch(/X-Injected/);
    }
    expect(s.hits).toEqual([]);
  });

  test('an error text that quotes the token (a fetch error, a controller echoing it) has it blanked', async () => {
    const token = 'sec-ret-42';
    const leaky: FetchLike = async () => { throw new Error('connect failed for Bearer ' + token); };
    const client = createControllerClient({ baseUrl: 'http://127.0.0.1:9', token, fetch: leaky, now: Date.now, timeoutMs: 500, retries: 0 });
    const e = await failure(client.status());
    expect(e.message).toBe('GET /v1/status: connect failed for Bearer <token>');
    const echo = await server((_req, res) => { res.writeHead(401, { 'content-type': 'application/json' }); res.end(JSON.stringify({ error: { code: 'unauthorised', message: 'token ' + token + ' is wrong' } })); });
    const c2 = createControllerClient({ baseUrl: echo.url, token, fetch: nodeFetch, now: Date.now, timeoutMs: 500, retries: 0 });
    const e2 = await failure(c2.status());
    expect(e2.message).toContain('token <token> is wrong');
    expect(e2.message).not.toContain(token);
  });

  test('cancelAll() stops calls in flight (really: the connection closes), but not a deflate-all', async () => {
    let deflates = 0;
    const s = await server((req, res) => {
      if (req.url === '/v1/deflate-all') {
        deflates++;
        setTimeout(() => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify({ v: 1, cuffs: [] })); }, 150);
        return;
      }
      // status: never answers
    });
    const client = createControllerClient({ baseUrl: s.url, token: 'tok-1', fetch: nodeFetch, now: Date.now, timeoutMs: 3000, retries: 0 });
    const status = failure(client.status());
    const deflate = client.deflateAll();
    await new Promise((r) => setTimeout(r, 50));
    client.cancelAll();
    expect((await status).kind).toBe('cancelled');
    await expect(deflate).resolves.toMatchObject({ v: 1 });
    expect(deflates).toBe(1);
    await until(() => s.closedAt.length >= 1); // the never-answered status was aborted
  });

  test("Zepp's fetch (no AbortSignal): the deadline goes in `timeout`, and a late answer is ignored", async () => {
    const seen: Array<{ timeout?: number }> = [];
    let late: (v: { status: number; body: unknown }) => void = () => undefined;
    const zeppFetch = (opts: { url: string; method: string; timeout?: number }) => {
      seen.push(opts);
      return new Promise<{ status: number; body: unknown }>((resolve) => { late = resolve; });
    };
    const client = createControllerClient({ baseUrl: 'https://controller.example', token: 'tok-1', fetch: fromZeppFetch(zeppFetch), now: Date.now, timeoutMs: 80, retries: 0 });
    const e = await failure(client.telemetry(0, 100));
    expect(e.kind).toBe('timeout');
    expect(seen[0]).toMatchObject({ timeout: 180 });
    // Only what the side-service fetch takes (PLATFORMS.md): no signal, no redirect option.
    expect(Object.keys(seen[0]).filter((k) => ['url', 'method', 'headers', 'body', 'timeout'].indexOf(k) < 0)).toEqual([]);
    late({ status: 200, body: { v: 1, seq: 1, readings: [] } });
    expect(client.stats.successes).toBe(0);
  });
});
