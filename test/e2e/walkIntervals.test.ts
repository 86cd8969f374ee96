// End to end, all real parts: the controller simulator over loopback HTTP, the real companion
// bundle in the side-service runtime, the real watch pages in the Zepp runtime, ZML on both
// ends of the simulated BLE link, and a trainee walking. Time is virtual: it moves in 200 ms
// steps, and between steps the loopback HTTP gets to finish, so a busy machine cannot make a
// request "time out" (the controller's model follows the same clock).
import { VirtualClock, flushMicrotasks } from '../../sim/clock';
import { startSystem, type SimSystem } from '../../sim/system';
import { readMessages } from '../../sim/zepp/po';
import { VIBRATOR_SCENE } from '../../sim/zepp/deviceModules';
import { settingsStoreFrom } from '../../companion/settingsStore';
import { createSessionInbox } from '../../companion/sessionInbox';
import { sessionToFit } from '../../companion/exporters/fit';
import { Decoder, Stream } from '@garmin/fitsdk';

const text = readMessages();
const clock = new VirtualClock();
const STEP_MS = 200;

async function step(sys: SimSystem): Promise<void> {
  await clock.advance(STEP_MS);
  sys.controller!.sync();
  await new Promise((resolve) => setImmediate(resolve));
  await flushMicrotasks();
}

/** Steps simulated time until check() holds; fails after `withinMs` of simulated time. */
async function until(what: string, check: () => boolean | Promise<boolean>, withinMs: number, sys: SimSystem): Promise<void> {
  for (let t = 0; !(await check()); t += STEP_MS) {
    if (t > withinMs) throw new Error(`no ${what} within ${withinMs / 1000} s; screen: ${sys.watch.screen()}`);
    await step(sys);
  }
}

async function controllerStatus(sys: SimSystem): Promise<{ cuffs: Array<{ id: string; pressureMmHg: number }> }> {
  const res = await fetch(sys.controller!.url + '/v1/status', { headers: { Authorization: 'Bearer ' + sys.token } });
  return res.json();
}

describe('walk-intervals with cuffs, end to end', () => {
  let sys: SimSystem;
  afterAll(async () => {
    if (sys) await sys.stop();
  });

  it('measures LOP, inflates to 60 % LOP, shows pressure in band, deflates in rest, stores and exports the session', async () => {
    sys = await startSystem({ clock, seed: 7 });
    const w = sys.watch;
    await until('phone connected', () => w.texts().includes(text.phoneConnected), 10000, sys);
    await w.tap(text['program.walk-intervals']);
    await until('controller connected', () => w.texts().includes(text['controller.connected']), 10000, sys);
    expect(w.texts()).toContain(text.lopUnknown);

    // LOP measurement through the phone; seated it fails now and then (as real ones do).
    await w.tap(text.measureLop);
    await until('LOP result', () => w.texts().includes(text.lopDone) || w.texts().includes(text.retry), 30000, sys);
    for (let i = 0; i < 5 && !w.texts().includes(text.lopDone); i++) {
      await w.tap(text.retry);
      await until('LOP result', () => w.texts().includes(text.lopDone) || w.texts().includes(text.retry), 30000, sys);
    }
    expect(w.texts()).toContain(text.lopDone);
    const lopLine = w.texts().find((t) => /^LOP \d+ mmHg$/.test(t));
    const lop = Number(/LOP (\d+)/.exec(lopLine || '')![1]);
    expect(lop).toBeGreaterThan(150);

    await w.tap(text.start);
    await until('session page', () => w.currentUrl === 'page/session/index.page', 3000, sys);
    await until('walking', () => w.texts().includes('Walk'), 3000, sys);

    // The timer moves and the pressure reaches the band (60 % LOP +- 10 %), shown in band colour.
    const seen = { times: new Set<string>(), inBand: false, restDeflated: false, maxMmHg: 0 };
    const target = 0.6 * lop;
    await until('pressure in band during the first walk', () => {
      const nodes = w.device.ui.visible();
      const time = nodes.find((n) => n.type === 'TEXT' && /^\d+:\d\d$/.test(String(n.props.text)));
      if (time) seen.times.add(String(time.props.text));
      const p = nodes.find((n) => n.type === 'TEXT' && /mmHg/.test(String(n.props.text)));
      if (p) {
        const mmHg = Number(/^(\d+)/.exec(String(p.props.text))![1]);
        seen.maxMmHg = Math.max(seen.maxMmHg, mmHg);
        if (Math.abs(mmHg - target) <= 0.1 * target && p.props.color === 0x2ecc71) seen.inBand = true;
      }
      return seen.inBand;
    }, 60000, sys);
    expect(seen.times.size).toBeGreaterThan(1);

    // In the first rest: a one-tap effort rating, and the cuffs come down (intermittent mode),
    // as the controller itself reports.
    await until('rest', () => w.texts().includes('Rest'), 130000, sys);
    await w.tap('6');
    let deflatedInRest = false;
    for (let i = 0; i < 100 && !deflatedInRest && w.texts().includes('Rest'); i++) {
      const status = await controllerStatus(sys);
      deflatedInRest = status.cuffs.find((c) => c.id === 'leg')!.pressureMmHg < 20 && w.texts().includes('Rest');
      await step(sys);
    }
    expect(deflatedInRest).toBe(true);

    await until('summary', () => w.currentUrl === 'page/summary/index.page', 15 * 60000, sys);
    expect(w.texts()).toContain(text.sessionDone);
    const inBand = w.texts().find((t) => /% in band/.test(t));
    expect(Number(/(\d+)% in band/.exec(inBand || '')![1])).toBeGreaterThanOrEqual(80);

    // Distinct haptics: work start, rest start and session done all buzzed, differently.
    expect(w.device.vibrations.filter((v) => v.mode === VIBRATOR_SCENE.DURATION_LONG).length).toBeGreaterThanOrEqual(5); // work starts
    expect(w.device.vibrations.filter((v) => v.mode === VIBRATOR_SCENE.DURATION).length).toBeGreaterThanOrEqual(4); // rest starts
    expect(w.device.vibrations.some((v) => v.mode === VIBRATOR_SCENE.NOTIFICATION)).toBe(true); // session done

    // The phone stored exactly this session; steps counted in every walk; FIT export decodes.
    await until('session stored on the phone', () => ((sys.side.debugState() as { sessions: unknown[] }).sessions || []).length === 1, 20000, sys);
    const inbox = createSessionInbox(settingsStoreFrom(sys.side.settings));
    const [entry] = inbox.list();
    const record = inbox.get(entry.id)!;
    expect(record.status).toBe('completed');
    expect(record.phases.filter((p) => p.kind === 'work' && p.actualEndMs !== null)).toHaveLength(5);
    for (const set of record.sets) {
      expect(set.counted).toBeGreaterThan(100); // ~100 steps/min for 2 min
      expect(set.systemSteps).toBeGreaterThan(100); // the watch's own pedometer, kept beside ours
    }
    expect(record.cuffs[0].lopMmHg).toBe(lop);
    expect(record.rpe).toBe(6);
    expect(record.occlusion.find((o) => o.limb === 'leg')!.longestContinuousMs).toBeLessThanOrEqual(2 * 60000 + 5000);
    const fit = sessionToFit(record);
    const decoder = new Decoder(Stream.fromByteArray(Array.from(fit)));
    expect(decoder.isFIT()).toBe(true);
    expect(decoder.checkIntegrity()).toBe(true);
    const { messages, errors } = decoder.read();
    expect(errors).toEqual([]);
    expect(messages.sessionMesgs![0].sport).toBe('walking');

    // Nothing crashed anywhere, and the cuffs ended deflated.
    expect([...w.errors, ...sys.side.errors]).toEqual([]);
    await until('cuffs deflated at the end', async () => (await controllerStatus(sys)).cuffs.every((c) => c.pressureMmHg < 20), 15000, sys);
  });
});
