// Controller faults between the phone and the cuff controller: a request that is lost (no
// answer ever comes; the controller never sees it), refused (an error answer, nothing done) or
// delayed (the controller gets it late, and acts then). Two ways in, same decisions:
//   faultyFetch   wraps a FetchLike (the companion's ControllerClient), for unit tests on a
//                 VirtualClock against an in-process controller;
//   startFaultProxy  an HTTP proxy on loopback in front of the controller simulator, for the
//                 whole system (e2e tests, the soak): point the phone's controller URL at it.
// Policies: scripted (a list of faults for the deflate-all tries, then clean) and seeded random
// (per-request rates, with the deflate-all faults of one burst kept inside the dead-man's
// envelope, so a run that breaks the 10 s promise is a bug, not a dice roll beyond it).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../../shared/motion/synth';
import type { FetchInit, FetchLike, FetchResponseLike } from '../../companion/controllerClient';
import type { Clock } from '../clock';

export type ControllerFault =
  | { kind: 'lose' }
  | { kind: 'refuse'; afterMs: number; status: number; code: string }
  | { kind: 'delay'; ms: number };

export interface ControllerFaultPolicy {
  /** The fault for this request, or null to pass it through untouched. */
  decide(method: string, path: string, nowMs: number): ControllerFault | null;
}

export type FaultKindCounts = { lose: number; refuse: number; delay: number };
export function zeroFaultCounts(): FaultKindCounts {
  return { lose: 0, refuse: 0, delay: 0 };
}

export function isDeflateAll(method: string, path: string): boolean {
  return method === 'POST' && /^\/v1\/deflate-all(\?|$)/.test(path);
}

/** A refusal as the controller would send it (500 internal, 409 cuff-busy, ...). */
export function refusal(afterMs: number, status = 500, code = 'internal'): ControllerFault {
  return { kind: 'refuse', afterMs, status, code };
}

/** The deflate-all tries get these faults in order; every other request passes. */
export function scriptedDeflateFaults(script: ReadonlyArray<ControllerFault | null>): ControllerFaultPolicy & { seen: number } {
  const policy = {
    seen: 0,
    decide(method: string, path: string): ControllerFault | null {
      if (!isDeflateAll(method, path)) return null;
      const f = policy.seen < script.length ? script[policy.seen] : null;
      policy.seen++;
      return f;
    },
  };
  return policy;
}

export interface ControllerFaultRates {
  /** Per request, exclusive: lost, refused, delayed. */
  lose?: number;
  refuse?: number;
  delay?: number;
  /** Largest delay (ms); the slow controller. */
  maxDelayMs?: number;
  /** Rates for deflate-all requests alone (default: the rates above), so the safety action is
   * hit far more often than its share of the traffic would give. */
  deflateAll?: { lose?: number; refuse?: number; delay?: number };
}

/** The dead-man's tested envelope for one burst of deflate-all tries (companion/deadMan.ts). */
export interface DeflateEnvelope {
  lostTries: number;
  refusals: number;
  refusalMs: number;
  acceptMs: number;
}

/**
 * Seeded per-request faults. Deflate-all tries within `burstMs` of each other form a burst;
 * a burst gets at most the envelope's lost tries and refusals (each answered within refusalMs)
 * and delays within acceptMs. Other requests (telemetry, inflate, deflate) get the plain rates.
 */
export function randomControllerFaults(seed: number, rates: ControllerFaultRates, envelope: DeflateEnvelope, burstMs = 5000): ControllerFaultPolicy & { counts: FaultKindCounts; deflateAllFaults: number; enabled: boolean } {
  const random = seededRandom(seed);
  const counts = zeroFaultCounts();
  const maxDelay = rates.maxDelayMs === undefined ? 1000 : rates.maxDelayMs;
  let burstAt = -Infinity;
  let burst = { lost: 0, refused: 0 };
  const policy = {
    counts,
    deflateAllFaults: 0,
    /** Pause or resume (a healed controller answers everything). */
    enabled: true,
    decide(method: string, path: string, nowMs: number): ControllerFault | null {
      // Same number of draws whatever the outcome, so one seed replays the same faults.
      const roll = random();
      const a = random();
      const b = random();
      if (!policy.enabled) return null;
      const own = isDeflateAll(method, path) && rates.deflateAll ? rates.deflateAll : rates;
      const lose = own.lose || 0;
      const refuse = own.refuse || 0;
      const delay = own.delay || 0;
      let fault: ControllerFault | null = null;
      if (roll < lose) fault = { kind: 'lose' };
      else if (roll < lose + refuse) fault = refusal(Math.floor(a * 200), b < 0.5 ? 500 : 409, b < 0.5 ? 'internal' : 'cuff-busy');
      else if (roll < lose + refuse + delay) fault = { kind: 'delay', ms: Math.floor(a * maxDelay) };
      if (isDeflateAll(method, path)) {
        if (nowMs - burstAt > burstMs) burst = { lost: 0, refused: 0 };
        burstAt = nowMs;
        if (fault && fault.kind === 'lose') {
          if (burst.lost >= envelope.lostTries) fault = null;
          else burst.lost++;
        } else if (fault && fault.kind === 'refuse') {
          if (burst.refused >= envelope.refusals) fault = null;
          else {
            burst.refused++;
            fault = { ...fault, afterMs: Math.min(fault.afterMs, envelope.refusalMs) };
          }
        } else if (fault && fault.kind === 'delay') {
          fault = { kind: 'delay', ms: Math.min(fault.ms, envelope.acceptMs - 50) };
        }
        if (fault) policy.deflateAllFaults++;
      }
      if (fault) counts[fault.kind]++;
      return fault;
    },
  };
  return policy;
}

function errorBody(code: string): string {
  return JSON.stringify({ error: { code, message: 'simulated controller fault: ' + code } });
}

/** The path (with query) of a URL, for the policy. */
function pathOf(url: string): string {
  const m = /^[a-z]+:\/\/[^/]+(\/[^#]*)?/i.exec(url);
  return m && m[1] ? m[1] : '/';
}

/**
 * A FetchLike with controller faults in front of `inner`. Timers come from `clock`, so on a
 * VirtualClock a refusal after 200 ms or a 1 s delay is 200 ms or 1 s of virtual time.
 */
export function faultyFetch(inner: FetchLike, policy: ControllerFaultPolicy, clock: Clock): FetchLike {
  return (url: string, init: FetchInit): Promise<FetchResponseLike> => {
    const fault = policy.decide(init.method, pathOf(url), clock.now());
    if (!fault) return inner(url, init);
    if (fault.kind === 'lose') return new Promise<FetchResponseLike>(() => undefined);
    if (fault.kind === 'refuse') {
      return new Promise<FetchResponseLike>((resolve) => {
        clock.setTimer(() => resolve({ status: fault.status, text: async () => errorBody(fault.code) }), fault.afterMs, false);
      });
    }
    return new Promise<FetchResponseLike>((resolve, reject) => {
      clock.setTimer(() => inner(url, init).then(resolve, reject), fault.ms, false);
    });
  };
}

export interface FaultProxy {
  url: string;
  /** Requests by outcome. */
  stats: { forwarded: number; lost: number; refused: number; delayed: number };
  close(): Promise<void>;
}

/**
 * An HTTP proxy on loopback in front of `target` (the controller simulator) applying the
 * policy. A lost request is held open and never forwarded (the phone times out); a refusal is
 * answered by the proxy; a delayed one is forwarded after the delay, on the clock's time.
 */
export async function startFaultProxy(options: { target: string; policy: ControllerFaultPolicy; clock: Clock }): Promise<FaultProxy> {
  const target = new URL(options.target);
  const stats = { forwarded: 0, lost: 0, refused: 0, delayed: 0 };
  const held = new Set<http.ServerResponse>();
  const forward = (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => {
    stats.forwarded++;
    const headers: http.OutgoingHttpHeaders = {};
    for (const h of ['authorization', 'content-type', 'accept']) if (req.headers[h]) headers[h] = req.headers[h];
    if (body.length) headers['content-length'] = String(body.length);
    const out = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (up) => {
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        if (res.destroyed || res.writableEnded) return;
        res.writeHead(up.statusCode || 502, { 'content-type': String(up.headers['content-type'] || 'application/json') });
        res.end(Buffer.concat(chunks));
      });
      up.on('error', () => res.destroy());
    });
    out.on('error', () => res.destroy());
    out.end(body);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fault = options.policy.decide(req.method || 'GET', req.url || '/', options.clock.now());
      if (!fault) return forward(req, body, res);
      if (fault.kind === 'lose') {
        stats.lost++;
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      if (fault.kind === 'refuse') {
        stats.refused++;
        options.clock.setTimer(() => {
          if (res.destroyed || res.writableEnded) return;
          res.writeHead(fault.status, { 'content-type': 'application/json' });
          res.end(errorBody(fault.code));
        }, fault.afterMs, false);
        return;
      }
      stats.delayed++;
      options.clock.setTimer(() => {
        if (!res.destroyed) forward(req, body, res);
      }, fault.ms, false);
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: 'http://127.0.0.1:' + port,
    stats,
    close() {
      for (const res of held) res.destroy();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
