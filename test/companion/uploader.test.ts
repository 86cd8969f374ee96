// Uploader against a mock HTTPS endpoint (msw 2 intercepting Node's fetch).
// msw's CommonJS build needs ESM-only packages jest does not transform yet; use the shared
// esbuild bundle of msw + msw/node (see test/controller/mswBundle.ts).
jest.mock('msw', () => jest.requireActual(require('../controller/mswBundle').mswBundlePath()));
jest.mock('msw/node', () => jest.requireActual(require('../controller/mswBundle').mswBundlePath()));

import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createSessionInbox, SessionInbox } from '../../companion/sessionInbox';
import { MemorySettingsStore } from '../../companion/settingsStore';
import {
  createUploader, FetchLike, parseUploadEndpoint, readUploadEndpoint, UPLOAD_ENDPOINT_KEY, UploaderOptions,
} from '../../companion/uploader';
import { makeRecord, push, T0 } from './fixtures';

const URL_OK = 'https://sessions.example.org/v1/bfr';
const TOKEN = 'tok_3f9a8b7c';
const DAY = 86400000;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface Seen { auth: string | null; idempotencyKey: string | null; body: { format: string; version: number; session: { id: string } } }

function setup(ids: string[], options: Partial<UploaderOptions> = {}) {
  const store = new MemorySettingsStore();
  const inbox: SessionInbox = createSessionInbox(store);
  ids.forEach((id, i) => inbox.receive(push(makeRecord({ id, startedAtMs: T0 + i * DAY }))));
  const sleeps: number[] = [];
  const uploader = createUploader({
    inbox,
    fetch: ((url, init) => fetch(url, init as RequestInit)) as FetchLike,
    endpoint: { url: URL_OK, token: TOKEN },
    sleep: async (ms) => { sleeps.push(ms); },
    baseDelayMs: 1000,
    maxAttemptsPerRun: 3,
    now: () => T0 + 10 * DAY,
    ...options,
  });
  return { store, inbox, uploader, sleeps };
}

function endpoint(answer: (seen: Seen, n: number) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  server.use(http.post(URL_OK, async ({ request }) => {
    const s: Seen = {
      auth: request.headers.get('authorization'),
      idempotencyKey: request.headers.get('idempotency-key'),
      body: (await request.json()) as Seen['body'],
    };
    seen.push(s);
    return answer(s, seen.length);
  }));
  return seen;
}

const ackFor = (s: Seen) => HttpResponse.json({ ok: true, id: s.body.session.id });

test('uploads every pending session with the bearer token, oldest first, and marks it on the ack', async () => {
  const { inbox, uploader, sleeps } = setup(['u1', 'u2']);
  const seen = endpoint(ackFor);
  const report = await uploader.run();
  expect(report).toEqual({ uploaded: ['u1', 'u2'], failed: [], state: 'idle' });
  expect(seen.map((s) => s.body.session.id)).toEqual(['u1', 'u2']);
  expect(seen[0].auth).toBe('Bearer ' + TOKEN);
  expect(seen[0].idempotencyKey).toBe('u1:0');
  expect(seen[0].body).toMatchObject({ format: 'bfr-coach.session', version: 1 });
  expect(seen[0].body.session).toEqual(inbox.get('u1'));
  expect(inbox.list().every((e) => e.uploaded)).toBe(true);
  expect(sleeps).toEqual([]);
  expect(uploader.status()).toMatchObject({ state: 'idle', lastError: null, lastSuccessAtMs: T0 + 10 * DAY });
  expect(uploader.status().counters).toMatchObject({ attempts: 2, uploaded: 2, retries: 0 });
  // Nothing left: a second run sends nothing.
  expect((await uploader.run()).uploaded).toEqual([]);
  expect(seen).toHaveLength(2);
});

test('a 500 is retried with backoff until the endpoint acks', async () => {
  const { inbox, uploader, sleeps } = setup(['r1']);
  const seen = endpoint((s, n) => (n < 3 ? new HttpResponse('busy', { status: 500 }) : ackFor(s)));
  const report = await uploader.run();
  expect(report.uploaded).toEqual(['r1']);
  expect(seen).toHaveLength(3);
  expect(sleeps).toEqual([1000, 2000]);
  expect(inbox.list()[0].uploaded).toBe(true);
  expect(uploader.status().counters).toMatchObject({ attempts: 3, retries: 2, serverErrors: 2, uploaded: 1 });
});

test('429 waits as long as Retry-After says', async () => {
  const { uploader, sleeps } = setup(['ra']);
  endpoint((s, n) => (n === 1 ? new HttpResponse(null, { status: 429, headers: { 'Retry-After': '7' } }) : ackFor(s)));
  expect((await uploader.run()).uploaded).toEqual(['ra']);
  expect(sleeps).toEqual([7000]);
});

test('401 stops the run, leaves sessions pending, and waits for a new token', async () => {
  const { inbox, uploader } = setup(['a1', 'a2']);
  const seen = endpoint((s) => (s.auth === 'Bearer good-token' ? ackFor(s) : new HttpResponse(null, { status: 401 })));
  const report = await uploader.run();
  expect(report.state).toBe('unauthorised');
  expect(report.uploaded).toEqual([]);
  expect(report.failed.map((f) => f.id)).toEqual(['a1', 'a2']);
  expect(seen).toHaveLength(1); // no retries, no second session
  expect(uploader.status()).toMatchObject({ state: 'unauthorised', lastError: expect.stringMatching(/HTTP 401/) });
  expect(inbox.list().some((e) => e.uploaded)).toBe(false);

  await uploader.run(); // still unauthorised: does not call the endpoint
  expect(seen).toHaveLength(1);

  uploader.configure({ url: URL_OK, token: 'good-token' });
  expect((await uploader.run()).uploaded).toEqual(['a1', 'a2']);
});

test('network errors are retried a bounded number of times, then left for the next run', async () => {
  const { inbox, uploader, sleeps } = setup(['n1']);
  let calls = 0;
  server.use(http.post(URL_OK, () => { calls++; return HttpResponse.error(); }));
  const report = await uploader.run();
  expect(calls).toBe(3);
  expect(sleeps).toEqual([1000, 2000]);
  expect(report).toMatchObject({ uploaded: [], state: 'failing' });
  expect(report.failed[0]).toMatchObject({ id: 'n1', error: expect.stringMatching(/^network error/) });
  expect(uploader.status().counters.networkErrors).toBe(3);
  expect(inbox.list()[0].uploaded).toBe(false);

  endpoint(ackFor); // the endpoint is back
  expect((await uploader.run()).uploaded).toEqual(['n1']);
  expect(uploader.status().state).toBe('idle');
});

test('a 2xx without a proper ack (garbage, wrong id) does not count as uploaded', async () => {
  const { inbox, uploader } = setup(['g1', 'g2']);
  endpoint((s) => (s.body.session.id === 'g1'
    ? new HttpResponse('<html>OK</html>', { status: 200, headers: { 'Content-Type': 'text/html' } })
    : HttpResponse.json({ ok: true, id: 'someone-else' })));
  const report = await uploader.run();
  expect(report.uploaded).toEqual([]);
  expect(report.failed.map((f) => f.id)).toEqual(['g1', 'g2']);
  expect(report.failed[0].error).toMatch(/without an ack/);
  expect(uploader.status().counters.badAcks).toBe(6);
  expect(inbox.list().some((e) => e.uploaded)).toBe(false);
});

test('other 4xx skip that session for this run; the others still go', async () => {
  const { inbox, uploader } = setup(['big', 'fine']);
  const seen = endpoint((s) => (s.body.session.id === 'big' ? new HttpResponse(null, { status: 413 }) : ackFor(s)));
  const report = await uploader.run();
  expect(report.uploaded).toEqual(['fine']);
  expect(report.failed).toEqual([{ id: 'big', error: 'endpoint rejected the session (HTTP 413)' }]);
  expect(seen).toHaveLength(2);
  expect(inbox.list().find((e) => e.id === 'big')!.uploaded).toBe(false);
});

test('a session replaced during its upload stays pending (the ack was for the old state)', async () => {
  const { inbox, uploader } = setup([]);
  inbox.receive(push(makeRecord({ id: 'live', phasesDone: 2 })));
  endpoint((s) => {
    inbox.receive(push(makeRecord({ id: 'live' }))); // completed state arrives meanwhile
    return ackFor(s);
  });
  expect((await uploader.run()).uploaded).toEqual(['live']);
  expect(inbox.list()[0]).toMatchObject({ uploaded: false, status: 'completed', rev: 1 });
});

test('non-https URLs are refused (plain http only to this machine); bad tokens too', async () => {
  const calls: string[] = [];
  const { uploader } = setup(['h1'], {
    endpoint: { url: 'http://sessions.example.org/v1/bfr', token: TOKEN },
    fetch: async (url) => { calls.push(url); return { status: 200, body: '{}' }; },
  });
  expect(uploader.status()).toMatchObject({ state: 'invalidEndpoint', lastError: expect.stringMatching(/url: must be an https:\/\/ URL/) });
  expect(await uploader.run()).toEqual({ uploaded: [], failed: [], state: 'invalidEndpoint' });
  expect(calls).toEqual([]);

  expect(parseUploadEndpoint({ url: 'http://127.0.0.1:8787/upload', token: 't' }).ok).toBe(true);
  expect(parseUploadEndpoint({ url: 'http://localhost/upload', token: 't' }).ok).toBe(true);
  expect(parseUploadEndpoint({ url: 'http://localhost.evil.com/upload', token: 't' }).ok).toBe(false);
  expect(parseUploadEndpoint({ url: 'ftp://example.org', token: 't' }).ok).toBe(false);
  expect(parseUploadEndpoint({ url: 'https://example.org', token: 'two\nlines' })).toMatchObject({ ok: false, fields: ['token'] });
  expect(parseUploadEndpoint({ url: 'https://example.org', token: '' })).toMatchObject({ ok: false, fields: expect.arrayContaining(['token']) });
  expect(uploader.configure(null)).toBeNull();
  expect(uploader.status().state).toBe('notConfigured');
});

test("works with the side service's fetch shape ({status, body} with body as a string)", async () => {
  const calls: Array<{ url: string; headers: Record<string, string> }> = [];
  const { inbox, uploader } = setup(['ss1'], {
    endpoint: { url: 'http://127.0.0.1:9/upload', token: TOKEN },
    fetch: async (url, init) => {
      calls.push({ url, headers: init.headers });
      const id = JSON.parse(init.body).session.id;
      return { status: 201, body: JSON.stringify({ ok: true, id }) };
    },
  });
  expect((await uploader.run()).uploaded).toEqual(['ss1']);
  expect(calls[0].headers).toMatchObject({ Authorization: 'Bearer ' + TOKEN, 'Content-Type': 'application/json' });
  expect(inbox.list()[0].uploaded).toBe(true);
});

test('readUploadEndpoint reads what the Settings App saved', () => {
  const store = new MemorySettingsStore();
  expect(readUploadEndpoint(store)).toBeNull();
  store.setItem(UPLOAD_ENDPOINT_KEY, JSON.stringify({ url: URL_OK, token: TOKEN }));
  expect(readUploadEndpoint(store)).toEqual({ ok: true, value: { url: URL_OK, token: TOKEN } });
  store.setItem(UPLOAD_ENDPOINT_KEY, '{broken');
  expect(readUploadEndpoint(store)).toMatchObject({ ok: false });
});
