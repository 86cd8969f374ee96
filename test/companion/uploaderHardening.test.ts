// The uploader against endpoints that misbehave on the wire (real loopback sockets, Node's
// fetch): redirects elsewhere or to plain HTTP, a reply body that stalls, a huge ack. A session
// counts as uploaded only on a real ack from the configured URL, and no endpoint can hold up
// the uploads after it.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSessionInbox } from '../../companion/sessionInbox';
import { MemorySettingsStore } from '../../companion/settingsStore';
import { createUploader, type FetchLike, type ResponseLike } from '../../companion/uploader';
import { makeRecord, push, T0 } from './fixtures';

const TOKEN = 'up-token-77';
const DAY = 86400000;

interface Server { url: string; bodies: string[]; closed: number; close(): Promise<void> }
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void): Promise<Server> {
  const bodies: string[] = [];
  const state = { closed: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      bodies.push(body);
      res.on('close', () => { state.closed++; });
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const s: Server = {
    url: 'http://127.0.0.1:' + (server.address() as AddressInfo).port + '/sessions', bodies,
    get closed() { return state.closed; },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
  servers.push(s);
  return s;
}

const ack = (res: http.ServerResponse, body: string) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: true, id: JSON.parse(body).session.id }));
};

function setup(url: string, ids: string[], fetchImpl?: FetchLike, timeoutMs = 30000) {
  const inbox = createSessionInbox(new MemorySettingsStore());
  ids.forEach((id, i) => inbox.receive(push(makeRecord({ id, startedAtMs: T0 + i * DAY }))));
  const uploader = createUploader({
    inbox,
    fetch: fetchImpl || (((u, init) => fetch(u, init as RequestInit)) as FetchLike),
    endpoint: { url, token: TOKEN },
    sleep: async () => undefined,
    maxAttemptsPerRun: 2,
    timeoutMs,
  });
  return { inbox, uploader };
}

describe('uploader on the wire', () => {
  test.each([301, 302, 307, 308])('a %i redirect to another host over plain HTTP is not followed; the session stays unsynced', async (code) => {
    const elsewhere = await serve((_req, res, body) => ack(res, body));
    const s = await serve((_req, res) => { res.writeHead(code, { location: elsewhere.url.replace('127.0.0.1', 'localhost') }); res.end(); });
    const { inbox, uploader } = setup(s.url, ['r-1']);
    const report = await uploader.run();
    expect(report.uploaded).toEqual([]);
    expect(report.failed[0].error).toMatch(new RegExp('endpoint redirected \\(HTTP ' + code + '\\) to http://localhost:\\d+/sessions; redirects are not followed'));
    expect(elsewhere.bodies).toEqual([]); // the session never went there
    expect(inbox.list()[0].uploaded).toBe(false);
  });

  test('a fetch that follows redirects anyway: an ack from another origin is not taken', async () => {
    const s = await serve((_req, res, body) => ack(res, body));
    // A platform fetch that followed a redirect itself and reports where it ended up.
    const following: FetchLike = async (u, init) => {
      const res = await fetch(u, init as RequestInit);
      return Object.assign(Object.create(null), { status: res.status, headers: res.headers, text: () => res.text(), url: 'http://198.51.100.7/steal' }) as ResponseLike;
    };
    const { inbox, uploader } = setup(s.url, ['r-2'], following);
    const report = await uploader.run();
    expect(report.uploaded).toEqual([]);
    expect(report.failed[0].error).toMatch(/redirected .* to http:\/\/198\.51\.100\.7\/steal/);
    expect(inbox.list()[0].uploaded).toBe(false);
  });

  test('a reply body that stalls is given up at the timeout (the request aborted), and later sessions still go', async () => {
    let n = 0;
    const s = await serve((_req, res, body) => {
      n++;
      if (JSON.parse(body).session.id === 'stall') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"ok": tr'); // ... and nothing more
        return;
      }
      ack(res, body);
    });
    const { inbox, uploader } = setup(s.url, ['stall', 'after'], undefined, 300);
    const report = await uploader.run();
    expect(report.uploaded).toEqual(['after']);
    expect(report.failed).toEqual([{ id: 'stall', error: expect.stringMatching(/no answer within 300 ms/) }]);
    expect(n).toBe(3); // two tries of the stalled one, then the next session
    // The stalled replies never end by themselves: closed connections mean they were aborted.
    for (let i = 0; i < 2000 && s.closed < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(s.closed).toBeGreaterThanOrEqual(2);
    expect(inbox.list().find((e) => e.id === 'stall')!.uploaded).toBe(false);
  });

  test('an ack body over 64 KB is not read as an ack', async () => {
    const s = await serve((_req, res, body) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, id: JSON.parse(body).session.id, pad: 'x'.repeat(100 * 1024) }));
    });
    const { inbox, uploader } = setup(s.url, ['big-ack']);
    const report = await uploader.run();
    expect(report.uploaded).toEqual([]);
    expect(report.failed[0].error).toMatch(/without an ack/);
    expect(inbox.list()[0].uploaded).toBe(false);
  });

  test('a normal endpoint still gets every session once, acked', async () => {
    const s = await serve((_req, res, body) => ack(res, body));
    const { inbox, uploader } = setup(s.url, ['a', 'b']);
    expect((await uploader.run()).uploaded).toEqual(['a', 'b']);
    expect(inbox.list().every((e) => e.uploaded)).toBe(true);
    expect(s.bodies).toHaveLength(2);
  });
});
