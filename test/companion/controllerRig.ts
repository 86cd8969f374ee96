// The phone's safety parts on virtual time, against an in-process controller: the real
// ControllerClient, CuffCommands (the interlock and the phone's own inflation clock) and
// DeadMan, with the controller faults of sim/faults/controllerFaults.ts in between. The
// controller is the simulator's pneumatic model, so its answers are real API bodies, and it
// logs when it accepted each command (the time the promise is about).
import { VirtualClock } from '../../sim/clock';
import { createModel, cuffStatus, deflate, deflateAll, findCuff, inflate } from '../../sim/controller/pneumatics';
import { faultyFetch, type ControllerFaultPolicy } from '../../sim/faults/controllerFaults';
import { createControllerClient, type ControllerClient, type FetchLike } from '../../companion/controllerClient';
import { CuffCommands } from '../../companion/cuffCommands';
import { DeadMan } from '../../companion/deadMan';
import { EventLog } from '../../companion/eventLog';
import { PhoneConfig } from '../../companion/phoneConfig';
import type { SettingsStore } from '../../companion/settingsStore';
import type { Timers } from '../../companion/timers';
import type { Reading } from '../../shared/protocol/controller';
import { cleanScreening } from '../shared/session/fixtures';

export function memoryStore(): SettingsStore & { data: Record<string, string> } {
  const data: Record<string, string> = Object.create(null);
  return {
    data,
    getItem: (k) => (k in data ? data[k] : null),
    setItem: (k, v) => { data[k] = v; },
    removeItem: (k) => { delete data[k]; },
  };
}

export function clockTimers(clock: VirtualClock): Timers {
  return { set: (fn, ms) => clock.setTimer(fn, ms, false), clear: (id) => clock.clearTimer(id as number) };
}

export interface Accepted { atMs: number; command: 'inflate' | 'deflate' | 'deflate-all'; cuffId: string | null }

/** The controller as a FetchLike: acts on the pneumatic model the moment a request reaches it. */
export function inProcessController(clock: VirtualClock) {
  const model = createModel({ seed: 1, cuffs: ['leg', 'arm', 'leg-left'] });
  const accepted: Accepted[] = [];
  const ok = (body: unknown) => ({ status: 200, text: async () => JSON.stringify(body) });
  const fetch: FetchLike = async (url, init) => {
    const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '');
    if (init.method === 'POST' && path === '/v1/deflate-all') {
      deflateAll(model);
      accepted.push({ atMs: clock.now(), command: 'deflate-all', cuffId: null });
      return ok({ v: 1, cuffs: model.cuffs.map((c) => cuffStatus(model, c)) });
    }
    const m = /^\/v1\/cuffs\/([a-z0-9-]+)\/(inflate|deflate)$/.exec(path);
    if (init.method === 'POST' && m) {
      const r = m[2] === 'inflate' ? inflate(model, m[1], JSON.parse(String(init.body)).targetMmHg) : deflate(model, m[1]);
      if (!r.ok) return { status: 409, text: async () => JSON.stringify({ error: { code: r.code, message: r.message } }) };
      accepted.push({ atMs: clock.now(), command: m[2] as 'inflate' | 'deflate', cuffId: m[1] });
      return ok({ v: 1, cuff: cuffStatus(model, findCuff(model, m[1])!) });
    }
    return { status: 404, text: async () => JSON.stringify({ error: { code: 'not-found', message: path } }) };
  };
  return { model, accepted, fetch };
}

export interface PhoneRig {
  clock: VirtualClock;
  timers: Timers;
  controller: ReturnType<typeof inProcessController>;
  client: ControllerClient;
  config: PhoneConfig;
  log: EventLog;
  cuffs: CuffCommands;
  deadMan: DeadMan;
  /** The watch asks for an inflate (through the phone's interlock); resolves with the result. */
  inflate(cuffId: string, percentLop: number): ReturnType<CuffCommands['handle']>;
  /** Telemetry from the controller's model as it is now. */
  telemetry(): void;
}

let requestId = 0;

export function phoneRig(policy: ControllerFaultPolicy | null, options: { lop?: { leg: number; arm: number } } = {}): PhoneRig {
  const clock = new VirtualClock(1_000_000);
  const timers = clockTimers(clock);
  const controller = inProcessController(clock);
  const fetch = policy ? faultyFetch(controller.fetch, policy, clock) : controller.fetch;
  const client = createControllerClient({ baseUrl: 'http://controller.test', token: 't', fetch, now: () => clock.now(), timers });
  const store = memoryStore();
  const lop = options.lop || { leg: 220, arm: 150 };
  store.setItem('cuffs', JSON.stringify([
    { cuffId: 'leg', limb: 'leg', side: 'right', widthCm: 11, lopMmHg: lop.leg, lopMeasuredAtMs: 1 },
    { cuffId: 'leg-left', limb: 'leg', side: 'left', widthCm: 11, lopMmHg: lop.leg, lopMeasuredAtMs: 1 },
    { cuffId: 'arm', limb: 'arm', side: 'right', widthCm: 5, lopMmHg: lop.arm, lopMeasuredAtMs: 1 },
  ]));
  store.setItem('screening', JSON.stringify(cleanScreening));
  const now = () => clock.now();
  const config = new PhoneConfig(store, now);
  const log = new EventLog(memoryStore(), now);
  const cuffs = new CuffCommands(() => client, config, log, now);
  const deadMan = new DeadMan(now, timers, () => cuffs.anyInflated(), (why, o) => cuffs.deflateAll(why, o));
  let seq = 0;
  return {
    clock, timers, controller, client, config, log, cuffs, deadMan,
    inflate: (cuffId, percentLop) => cuffs.handle({ v: 1, kind: 'cuffCommand', id: 'r' + ++requestId, command: { type: 'inflate', cuffId, percentLop } }),
    telemetry() {
      const readings: Reading[] = controller.model.cuffs.map((c) => ({
        seq: ++seq, cuffId: c.id, tMs: 0, pressureMmHg: c.state === 'idle' || c.state === 'deflating' ? 0 : c.targetMmHg || 0,
        targetMmHg: c.targetMmHg, state: c.state === 'fault' ? 'fault' : c.state,
      }));
      cuffs.noteReadings(readings);
    },
  };
}
