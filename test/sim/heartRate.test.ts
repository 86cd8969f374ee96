// Heart rate on the simulated watch: the Node Zepp runtime's @zos/sensor HeartRate follows the
// documented API (docs: reference/device-app-api/newAPI/sensor/HeartRate), harsher where the
// docs are silent; the real session page reads it, records it, shows it small while fresh and
// never a stale or zero reading; and the simulated trainee's heart responds to work and cuffs,
// with noise and dropouts.
import { DeviceState, createDeviceModules, memoryStore } from '../../sim/zepp/deviceModules';
import { VirtualClock } from '../../sim/clock';
import { SimulatedHeart } from '../../sim/heart';
import { activeSessionId } from '../../sim/simulate';
import { watchStoreOf } from '../../sim/soak/run';
import { virtualSystems } from '../helpers/virtualSystem';

const system = virtualSystems();
const WRAPS_SESSION = JSON.stringify({ programId: 'quick-wrist', restriction: 'wraps', cuffs: [] });
const bpmText = (texts: string[]) => texts.filter((t) => /^\d+ bpm$/.test(t));

describe('the runtime\'s HeartRate sensor', () => {
  function device() {
    const clock = new VirtualClock();
    const d = new DeviceState({
      shape: 'r', timers: clock, storage: memoryStore(), messages: {}, navigate: () => undefined,
      ble: { send: () => true, connected: () => true, onReceive: () => undefined },
    });
    return { d, HeartRate: createDeviceModules(d)['@zos/sensor'].HeartRate };
  }

  it('measures only while a callback is registered; getCurrent gives the value only inside it', () => {
    const { d, HeartRate } = device();
    const hr = new HeartRate();
    const seen: number[] = [];
    d.feedHeartRate(80); // nobody listening: not measured
    expect(d.heart.measurements).toBe(0);
    const cb = () => seen.push(hr.getCurrent());
    hr.onCurrentChange(cb);
    d.feedHeartRate(91);
    d.feedHeartRate(0); // a loose watch
    expect(seen).toEqual([91, 0]);
    expect(hr.getCurrent()).toBe(0); // outside the callback
    hr.offCurrentChange(() => undefined); // another function: nothing removed
    d.feedHeartRate(95);
    hr.offCurrentChange(cb);
    d.feedHeartRate(99);
    expect(seen).toEqual([91, 0, 95]);
    expect(d.heart.listeners).toHaveLength(0);
  });
});

describe('the session page reads heart rate', () => {
  it('shows a fresh reading small, records it, hides it when stale or zero, and stops the sensor at the end', async () => {
    const sys = await system({ phone: false, heart: false });
    const w = sys.watch;
    await w.launch('page/session/index.page', WRAPS_SESSION);
    await sys.clock.advance(2_000);
    expect(activeSessionId(sys)).not.toBeNull();
    expect(w.device.heart.listeners).toHaveLength(1); // measuring during the session
    expect(bpmText(w.texts())).toEqual([]); // unknown: nothing shown
    for (let i = 0; i < 12; i++) {
      w.device.feedHeartRate(100 + i);
      await sys.clock.advance(1_000);
    }
    expect(bpmText(w.texts())).toEqual(['111 bpm']);
    // Loose watch: zeros are no reading; the last one goes stale 10 s later and leaves the screen.
    for (let i = 0; i < 8; i++) {
      w.device.feedHeartRate(0);
      await sys.clock.advance(1_000);
    }
    expect(bpmText(w.texts())).toEqual(['111 bpm']); // 8 s old: still fresh
    await sys.clock.advance(3_000);
    expect(bpmText(w.texts())).toEqual([]);
    // Silent sensor: nothing comes at all; nothing is shown.
    await sys.clock.advance(20_000);
    expect(bpmText(w.texts())).toEqual([]);
    w.device.feedHeartRate(97);
    await sys.clock.advance(500);
    expect(bpmText(w.texts())).toEqual(['97 bpm']);
    await sys.clock.advance(5_000); // the page saves its state every 5 s
    const state = JSON.parse(JSON.parse(sys.watch.storage.get('bfr.active') as string));
    const samples = state.record.heartRateSamples as Array<{ atMs: number; bpm: number }>;
    expect(samples.map((s) => s.bpm)).toEqual(expect.arrayContaining([100, 97]));
    expect(samples.every((s) => s.bpm >= 30)).toBe(true);
    for (let i = 1; i < samples.length; i++) expect(samples[i].atMs - samples[i - 1].atMs).toBeGreaterThanOrEqual(5000);
    // The session ends (the pain button stops at once): the sensor is let go.
    await w.tap('Pain');
    await sys.clock.advance(2_000);
    expect(w.device.heart.listeners).toHaveLength(0);
    const stored = watchStoreOf(sys.watch.storage).history()[0].record!;
    expect((stored.heartRateSamples || []).length).toBe(samples.length);
    expect(w.errors).toEqual([]);
  });
});

describe('the simulated trainee\'s heart', () => {
  it('rises with walking, more with cuffs, falls in rest; noisy within a few bpm; seeded', () => {
    const h = new SimulatedHeart({ seed: 5, dropouts: false });
    let t = 0;
    const run = (s: number, effort: 'rest' | 'walk', cuffs: boolean) => {
      const out: number[] = [];
      for (let i = 0; i < s; i++) out.push(h.read((t += 1000), effort, cuffs) as number);
      return out;
    };
    const rest = run(60, 'rest', false);
    expect(Math.max(...rest) - Math.min(...rest)).toBeLessThanOrEqual(7);
    const walk = run(180, 'walk', false);
    const walkLevel = h.trueBpm;
    expect(walkLevel).toBeGreaterThan(95);
    const cuffed = run(180, 'walk', true);
    expect(h.trueBpm).toBeGreaterThan(walkLevel + 5);
    expect(Math.abs(cuffed[179] - h.trueBpm)).toBeLessThanOrEqual(3.5);
    run(300, 'rest', false);
    expect(h.trueBpm).toBeLessThan(80);
    expect(walk[0]).toBeLessThan(walk[179]); // a response, not a step
    const again = new SimulatedHeart({ seed: 5, dropouts: false });
    expect(again.read(1000, 'rest', false)).toBe(rest[0]);
  });

  it('drops out: zeros (loose strap) and silences, a few per cent of the time', () => {
    const h = new SimulatedHeart({ seed: 9 });
    for (let t = 1; t <= 3600; t++) h.read(t * 1000, 'walk', false);
    const { readings, zeros, silent } = h.reported;
    expect(readings + zeros + silent).toBe(3600);
    expect(zeros).toBeGreaterThan(0);
    expect(silent).toBeGreaterThan(0);
    expect((zeros + silent) / 3600).toBeLessThan(0.4);
    expect(readings / 3600).toBeGreaterThan(0.6);
  });
});
