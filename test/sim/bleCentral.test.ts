// The `@zos/ble` central stand-in and the watch's Bluetooth cuff client together, on virtual
// time: pairing (scan, list, stops by itself), connect + profile + CCCD + notifications, and
// every fault of the simulated cuff (disconnect, garbage, kPa, NaN, silent).
import { VirtualClock } from '../../sim/clock';
import { createBleCuff, pump, type BleCuffPeripheral } from '../../sim/bleCuff/peripheral';
import { MAX_SCAN_MS, SimBleCentral, macToBuffer } from '../../sim/zepp/bleCentral';
import { BleCuffLink, SCAN_MS, scanForCuffs, type FoundCuff, type Timers } from '../../watch/lib/bleCuff';
import type { PressureUpdate } from '../../shared/protocol/pressure';
import { forgetCuff, pairedCuff, pairedCuffKey, rememberCuff, stepLop } from '../../watch/lib/pairedCuff';

const ADDR = 'C0:FF:EE:00:00:01';

function setup(extra: BleCuffPeripheral[] = []) {
  const clock = new VirtualClock();
  const cuff = createBleCuff('BFR Cuff', ADDR, 7);
  const central = new SimBleCentral(clock, [cuff, ...extra]);
  central.start();
  const timers: Timers = { setTimeout: (fn, ms) => clock.setTimer(fn, ms, false), clearTimeout: (id) => clock.clearTimer(id), now: () => clock.now() };
  return { clock, cuff, central, ble: central.module(), timers };
}

function connected(env: ReturnType<typeof setup>) {
  const got = { pressure: [] as PressureUpdate[], noReading: [] as string[], states: [] as string[] };
  const link = new BleCuffLink(env.ble, env.timers, ADDR, 'leg', {
    onPressure: (u) => got.pressure.push(u), onNoReading: (w) => got.noReading.push(w), onState: (s) => got.states.push(s),
  });
  link.open();
  return { link, got };
}

describe('Bluetooth cuff: central stand-in + watch client', () => {
  it('pairing: the scan lists each advertising cuff once and stops by itself', async () => {
    const env = setup([createBleCuff('BFR Cuff 2', 'C0:FF:EE:00:00:02', 3)]);
    const lists: FoundCuff[][] = [];
    let done: FoundCuff[] | null = null;
    scanForCuffs(env.ble, env.timers, (l) => lists.push(l.slice()), (l) => { done = l.slice(); });
    await env.clock.advance(SCAN_MS - 1);
    expect(done).toBeNull();
    expect(env.central.scanning).toBe(true);
    await env.clock.advance(1);
    expect(env.central.scanning).toBe(false);
    expect(done).not.toBeNull();
    const list = done as unknown as FoundCuff[];
    expect(list.map((c) => c.address).sort()).toEqual([ADDR, 'C0:FF:EE:00:00:02']);
    expect(list.every((c) => c.bps)).toBe(true);
    // One entry per device however many advertisements were seen.
    expect(env.central.stats.scanResults).toBeGreaterThan(list.length * 5);
  });

  it('a second scan while one runs is refused; a scan left running stops after MAX_SCAN_MS', async () => {
    const env = setup();
    expect(env.ble.mstStartScan(() => undefined)).toBe(true);
    expect(env.ble.mstStartScan(() => undefined)).toBe(false);
    await env.clock.advance(MAX_SCAN_MS);
    expect(env.central.scanning).toBe(false);
  });

  it('connects, builds the profile, enables notifications and feeds 1 Hz readings with rising seq', async () => {
    const env = setup();
    const { link, got } = connected(env);
    pump(env.cuff, 6);
    await env.clock.advance(10000);
    expect(got.states).toEqual(['connecting', 'preparing', 'live']);
    expect(got.pressure.length).toBeGreaterThanOrEqual(9);
    expect(got.pressure.length).toBeLessThanOrEqual(10);
    const last = got.pressure[got.pressure.length - 1];
    expect(last.mmHg).toBeGreaterThan(110);
    expect(last.cuffId).toBe('leg');
    for (let i = 1; i < got.pressure.length; i++) expect(got.pressure[i].seq).toBe(got.pressure[i - 1].seq + 1);
    link.close();
    await env.clock.advance(3000);
    expect(env.cuff.connected).toBe(false);
  });

  it('no notifications before the CCCD is written, and a malformed profile is refused', async () => {
    const env = setup();
    let id = -1;
    env.ble.mstConnect(macToBuffer(ADDR), (r) => { id = r.connect_id; });
    await env.clock.advance(1000);
    expect(env.ble.mstBuildProfile({ id, dev: macToBuffer(ADDR), list: [] })).toBe(false);
    let notes = 0;
    env.ble.mstOnCharaNotification(() => notes++);
    await env.clock.advance(5000);
    expect(notes).toBe(0);
    expect(env.central.stats.refused).toBe(1);
  });

  it('fault disconnect: reported as connected 2, the client reconnects and readings resume', async () => {
    const env = setup();
    const { got, link } = connected(env);
    pump(env.cuff, 6);
    await env.clock.advance(5000);
    const before = got.pressure.length;
    env.cuff.faults.disconnect = true;
    await env.clock.advance(1000);
    expect(got.states[got.states.length - 1]).toBe('lost');
    await env.clock.advance(6000);
    expect(link.stats.disconnects).toBe(1);
    expect(got.states.slice(-1)).toEqual(['live']);
    expect(got.pressure.length).toBeGreaterThan(before + 1);
  });

  it('fault garbage: malformed frames are counted by reason, never passed on as a pressure', async () => {
    const env = setup();
    const { got, link } = connected(env);
    pump(env.cuff, 6);
    await env.clock.advance(3000);
    const before = got.pressure.length;
    env.cuff.faults.garbage = true;
    await env.clock.advance(30000);
    const frames = link.stats.frames;
    expect(link.stats.rejected + got.pressure.length - before + got.noReading.length).toBeGreaterThanOrEqual(frames - before - 1);
    expect(link.stats.rejected).toBeGreaterThan(10);
    const counted = Object.keys(link.stats.reasons).reduce((n, k) => n + link.stats.reasons[k], 0);
    expect(counted).toBe(link.stats.rejected);
    // Whatever random bytes did decode is still a plausible pressure (0-500 mmHg), not NaN.
    for (const p of got.pressure) expect(p.mmHg >= 0 && p.mmHg <= 500).toBe(true);
  });

  it('fault kPa: converted to mmHg', async () => {
    const env = setup();
    const { got } = connected(env);
    pump(env.cuff, 6);
    env.cuff.faults.kPa = true;
    await env.clock.advance(5000);
    const last = got.pressure[got.pressure.length - 1];
    expect(Math.abs(last.mmHg - env.cuff.pressureMmHg)).toBeLessThan(3);
  });

  it('fault NaN: "no reading", never a number', async () => {
    const env = setup();
    const { got } = connected(env);
    pump(env.cuff, 6);
    await env.clock.advance(3000);
    const before = got.pressure.length;
    env.cuff.faults.nan = true;
    await env.clock.advance(5000);
    expect(got.pressure.length).toBe(before);
    expect(got.noReading.length).toBeGreaterThanOrEqual(4);
    expect(got.noReading.every((w) => w === 'nan')).toBe(true);
  });

  it('fault silent: connected but no frames', async () => {
    const env = setup();
    const { got, link } = connected(env);
    await env.clock.advance(3000);
    const before = got.pressure.length;
    env.cuff.faults.silent = true;
    await env.clock.advance(20000);
    expect(got.pressure.length).toBe(before);
    expect(link.state).toBe('live');
  });

  it('the paired cuff per limb: remembered, forgotten, and a damaged entry reads as none', () => {
    const data: Record<string, unknown> = {};
    const kv = { getItem: (k: string) => data[k], setItem: (k: string, v: unknown) => { data[k] = v; }, removeItem: (k: string) => { delete data[k]; } };
    rememberCuff(kv, 'leg', { address: ADDR, name: 'BFR Cuff' });
    expect(pairedCuff(kv, 'leg')).toEqual({ address: ADDR, name: 'BFR Cuff', lopMmHg: null });
    // A hand LOP: steps stay within 30-400 mmHg; a stored one out of range reads as not measured.
    expect(stepLop(null, 1)).toBe(150);
    expect(stepLop(400, 1)).toBe(400);
    expect(stepLop(30, -1)).toBe(30);
    rememberCuff(kv, 'leg', { address: ADDR, name: 'BFR Cuff', lopMmHg: 170 });
    expect(pairedCuff(kv, 'leg')!.lopMmHg).toBe(170);
    data[pairedCuffKey('leg')] = JSON.stringify({ address: ADDR, name: 'x', lopMmHg: 9000 });
    expect(pairedCuff(kv, 'leg')!.lopMmHg).toBeNull();
    expect(pairedCuff(kv, 'arm')).toBeNull();
    for (const bad of ['{', '{"address":"nope"}', '{"address":"C0:FF:EE:00:00"}', 42]) {
      data[pairedCuffKey('arm')] = bad;
      expect(pairedCuff(kv, 'arm')).toBeNull();
    }
    forgetCuff(kv, 'leg');
    expect(pairedCuff(kv, 'leg')).toBeNull();
  });
});
