// The controller simulator against what a web page, a rebinding DNS name or a careless client
// can send it: no wildcard CORS, Host checked, 413 before an oversized body is read, 400 for a
// malformed cuff id. Raw node:http requests, so the headers are exactly what is tested.
import * as http from 'node:http';
import * as net from 'node:net';
import { startControllerServer, type ControllerServer } from '../../sim/controller/server';

const TOKEN = 'hard-token';
let server: ControllerServer;
let withList: ControllerServer;
beforeAll(async () => {
  server = await startControllerServer({ token: TOKEN, port: 0, tickMs: 0 });
  withList = await startControllerServer({ token: TOKEN, port: 0, tickMs: 0, allowedOrigins: ['https://dashboard.example'] });
});
afterAll(async () => {
  await server.close();
  await withList.close();
});

interface Reply { status: number; headers: http.IncomingHttpHeaders; body: string }

function send(s: ControllerServer, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(s.url + path, { method, headers: { authorization: 'Bearer ' + TOKEN, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode || 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

describe('controller simulator: web pages cannot drive it', () => {
  test('a request from another origin gets 403 and no Access-Control-Allow-Origin; nothing inflates', async () => {
    const before = server.commands.length;
    const r = await send(server, 'POST', '/v1/cuffs/arm/inflate', { origin: 'http://example.com', 'content-type': 'application/json' }, '{"targetMmHg":300}');
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error.code).toBe('origin-not-allowed');
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(server.commands.length).toBe(before);
    const status = await send(server, 'GET', '/v1/status', { origin: 'http://example.com' });
    expect(status.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('its preflight is refused too; no wildcard anywhere', async () => {
    const pre = await send(server, 'OPTIONS', '/v1/deflate-all', { origin: 'http://example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' });
    expect(pre.status).toBe(403);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    expect(pre.headers['access-control-allow-headers']).toBeUndefined();
    const plain = await send(server, 'GET', '/v1/status');
    expect(plain.status).toBe(200);
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('its own origin, or a configured one, gets that origin back (never *), with Vary: Origin', async () => {
    const own = await send(server, 'GET', '/v1/status', { origin: server.url });
    expect(own.status).toBe(200);
    expect(own.headers['access-control-allow-origin']).toBe(server.url);
    expect(own.headers.vary).toBe('Origin');
    const listed = await send(withList, 'OPTIONS', '/v1/status', { origin: 'https://dashboard.example', 'access-control-request-method': 'GET' });
    expect(listed.status).toBe(204);
    expect(listed.headers['access-control-allow-origin']).toBe('https://dashboard.example');
    expect(listed.headers['access-control-allow-headers']).toBe('authorization, content-type');
    const other = await send(withList, 'GET', '/v1/status', { origin: 'https://evil.example' });
    expect(other.status).toBe(403);
  });

  test('a Host that is not this server (DNS rebinding) gets 403 before anything else', async () => {
    const r = await send(server, 'GET', '/v1/status', { host: 'rebind.example:' + server.port });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body).error.code).toBe('bad-host');
    expect((await send(server, 'GET', '/v1/status', { host: 'localhost:' + server.port })).status).toBe(200);
  });

  test('a malformed %-escape in a cuff id is 400, not 500', async () => {
    const r = await send(server, 'POST', '/v1/cuffs/%E0%A4%A/deflate', { 'content-type': 'application/json' }, '{}');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.code).toBe('bad-path');
  });
});

describe('controller simulator: oversized bodies', () => {
  test('10 MB with Content-Length: 413 at once, and the connection carries the answer (no reset)', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 0x61);
    const r = await send(server, 'POST', '/v1/deflate-all', { 'content-type': 'application/json', 'content-length': String(big.length) }, big);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error.code).toBe('body-too-large');
    expect(r.headers.connection).toBe('close');
  });

  test('the 413 comes before the body is sent at all: the headers alone get it', async () => {
    // Announce 10 MB and send none of it: the answer must not wait for the body.
    const answer = await new Promise<string>((resolve, reject) => {
      const sock = net.connect(server.port, '127.0.0.1', () => {
        sock.write('POST /v1/deflate-all HTTP/1.1\r\nHost: 127.0.0.1:' + server.port + '\r\nAuthorization: Bearer ' + TOKEN + '\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n');
      });
      let text = '';
      const timer = setTimeout(() => { sock.destroy(); reject(new Error('no answer: the server waited for the body')); }, 15000);
      sock.on('data', (d) => {
        text += d.toString('utf8');
        if (/\r\n\r\n[\s\S]*\}/.test(text)) {
          clearTimeout(timer);
          sock.destroy();
          resolve(text);
        }
      });
      sock.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
  });

  test('"Expect: 100-continue" with 10 MB: 413 without asking for the body', async () => {
    const r = await new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
      let continued = false;
      const req = http.request(server.url + '/v1/deflate-all', {
        method: 'POST',
        headers: { authorization: 'Bearer ' + TOKEN, 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024), expect: '100-continue' },
      }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode || 0, continued }));
      });
      req.on('continue', () => { continued = true; req.end(Buffer.alloc(10 * 1024 * 1024)); });
      req.on('error', reject);
    });
    expect(r).toEqual({ status: 413, continued: false });
  });

  test('a chunked body is cut at the limit with a 413 and the rest is dropped unread', async () => {
    const r = await new Promise<Reply>((resolve, reject) => {
      const req = http.request(server.url + '/v1/deflate-all', { method: 'POST', headers: { authorization: 'Bearer ' + TOKEN, 'content-type': 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode || 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      for (let i = 0; i < 40; i++) req.write(Buffer.alloc(64 * 1024, 0x20));
      req.end();
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error.code).toBe('body-too-large');
    // And the server still answers normally afterwards.
    expect((await send(server, 'GET', '/v1/status')).status).toBe(200);
  });
});
