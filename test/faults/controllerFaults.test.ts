// Controller faults from the simulator's switches, one test each, with a cuff session running
// on the wrist: every real part (controller simulator over loopback HTTP, the companion bundle,
// the watch session page, ZML over the simulated BLE link) on virtual time. Each test checks
// the alarm text on the wrist, an alarm buzz, what the controller did with the cuff, and that
// nothing crashed. The injected delay follows the virtual clock too (sim/system.ts), so
// "slower than the phone's timeout" means the same thing on both sides.
import { VirtualClock, flushMicrotasks } from '../../sim/clock';
import { startSystem, type SimSystem } from '../../sim/system';
import { VIBRATOR_SCENE } from '../../sim/zepp/deviceModules';
import { ALARM_MESSAGES } from '../../shared/session';

interface Run {
  sys: SimSystem;
  clock: VirtualClock;
}

const runs: Run[] = [];
afterEach(async () => {
  while (runs.length) await runs.pop()!.sys.stop();
});

const STALE_WARN = ALARM_MESSAGES.stalePressureWarn;
const STALE_DEFLATE = ALARM_MESSAGES.stalePressureDeflate;
const OVER = ALARM_MESSAGES.overPressure;
const CONTROLLER = ALARM_MESSAGES.controllerError;

/** A cuff session (walk-continuous, leg at 60 % of 220 mmHg = 132) running and holding. */
async function sessionHolding(seed: number): Promise<Run> {
  const clock = new VirtualClock();
  const sys = await startSystem({ clock, seed, lopMmHg: { arm: 150, leg: 220 }, trainee: false });
  const run = { sys, clock };
  runs.push(run);
  await step(run);
  await sys.watch.launch('page/session/index.page', JSON.stringify({ programId: 'walk-continuous', restriction: 'cuffs', cuffs: [{ cuffId: 'leg', lopMmHg: 220 }] }));
  await until(run, 'the leg cuff holding', () => leg(run).state === 'holding', 15000);
  // Settled: the phone relays readings and nothing is wrong yet.
  for (let i = 0; i < 10; i++) await step(run);
  expect(alarmText(run)).toBeNull();
  expect(alarmBuzzes(run)).toBe(0);
  return run;
}

async function step({ sys, clock }: Run): Promise<void> {
  await clock.advance(200);
  sys.controller!.sync();
  await new Promise((resolve) => setImmediate(resolve));
  await flushMicrotasks();
}

/** Steps simulated time until check() holds; fails after `withinMs` of simulated time. */
async function until(run: Run, what: string, check: () => boolean, withinMs: number): Promise<number> {
  const t0 = run.clock.now();
  while (!check()) {
    if (run.clock.now() - t0 > withinMs) {
      throw new Error('no ' + what + ' within ' + withinMs / 1000 + ' s (screen: ' + run.sys.watch.screen().slice(0, 160) + '; leg ' + JSON.stringify(legSummary(run)) + ')');
    }
    await step(run);
  }
  return run.clock.now() - t0;
}

async function stepFor(run: Run, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 200) await step(run);
}

function leg(run: Run) {
  return run.sys.controller!.model.cuffs.find((c) => c.id === 'leg')!;
}

function legSummary(run: Run) {
  const c = leg(run);
  return { state: c.state, mmHg: Math.round(c.pressureMmHg), fault: c.fault };
}

/** The alarm line on the wrist (one of the engine's alarm texts), or null. */
function alarmText(run: Run): string | null {
  const alarms = Object.values(ALARM_MESSAGES);
  return run.sys.watch.texts().find((t) => alarms.includes(t)) || null;
}

function alarmBuzzes(run: Run): number {
  return run.sys.watch.device.vibrations.filter((v) => v.mode === VIBRATOR_SCENE.STRONG_REMINDER).length;
}

function side(run: Run) {
  return run.sys.side.debugState() as {
    phone: { controller: string };
    cuffCommands: { handled: number; failed: number };
    deadMan: { trips: number; failures: number };
  };
}

function deflateAlls(run: Run): number {
  return run.sys.controller!.commands.filter((c) => c.command === 'deflate-all' || (c.command === 'deflate' && c.cuffId === 'leg')).length;
}

function noCrash(run: Run): void {
  expect(run.sys.watch.errors).toEqual([]);
  expect(run.sys.side.errors).toEqual([]);
  // Timer callbacks (the BLE link's deliveries among them): a late reply once threw here.
  expect(run.clock.errors).toEqual([]);
}

describe('controller faults during a cuff session', () => {
  it('timeouts (every answer 20 s late, over the phone\'s 5 s / 15 s timeouts): stale pressure alarms, deflate asked, cuff down once the controller acts', async () => {
    const run = await sessionHolding(11);
    run.sys.controller!.setFaults({ delayMs: 20000 });
    await until(run, 'the stale warning', () => alarmText(run) === STALE_WARN, 8000);
    expect(alarmBuzzes(run)).toBe(1);
    await until(run, 'the stale deflate alarm', () => alarmText(run) === STALE_DEFLATE, 12000);
    expect(alarmBuzzes(run)).toBe(2);
    // The deflate-all reaches the controller 20 s late, but it does arrive and act.
    await until(run, 'the cuff deflated', () => leg(run).pressureMmHg < 20, 30000);
    expect(deflateAlls(run)).toBeGreaterThan(0);
    // The phone never got an answer in time: the wrist says so and says what to do.
    await until(run, 'the controller alarm', () => alarmText(run) === CONTROLLER, 20000);
    expect(alarmBuzzes(run)).toBe(3);
    // The phone's link state says so once its own retries of the telemetry poll ran out.
    await until(run, 'the phone calling it unreachable', () => side(run).phone.controller === 'unreachable', 30000);
    // Once the controller answers in time again, the session carries on deflated (held until the next phase).
    run.sys.controller!.setFaults({ delayMs: 0 });
    await stepFor(run, 10000);
    expect(leg(run).pressureMmHg).toBeLessThan(20);
    expect(run.sys.watch.currentUrl).toBe('page/session/index.page');
    noCrash(run);
  });

  it('500s (errorRate 1): stale pressure alarms, then the controller alarm; the watch keeps asking until the controller deflates', async () => {
    const run = await sessionHolding(12);
    run.sys.controller!.setFaults({ errorRate: 1 });
    await until(run, 'the stale warning', () => alarmText(run) === STALE_WARN, 8000);
    await until(run, 'the stale deflate alarm', () => alarmText(run) === STALE_DEFLATE, 12000);
    await until(run, 'the controller alarm', () => alarmText(run) === CONTROLLER, 20000);
    expect(alarmBuzzes(run)).toBe(3);
    // Nothing gets through a controller that fails every request: the cuff is still up.
    expect(leg(run).state).toBe('holding');
    const asked = side(run).cuffCommands.handled;
    await stepFor(run, 30000);
    expect(side(run).cuffCommands.handled).toBeGreaterThan(asked);
    expect(side(run).cuffCommands.failed).toBeGreaterThan(1);
    // One buzz for the controller alarm while it stays on screen, not one per failed retry.
    expect(alarmBuzzes(run)).toBe(3);
    expect(alarmText(run)).toBe(CONTROLLER);
    run.sys.controller!.setFaults({ errorRate: 0 });
    await until(run, 'the cuff deflated', () => leg(run).pressureMmHg < 20, 15000);
    noCrash(run);
  });

  it('garbage bodies (garbageRate 1): the controller acts on the deflate it cannot answer; stale alarms, then the controller alarm', async () => {
    const run = await sessionHolding(13);
    run.sys.controller!.setFaults({ garbageRate: 1 });
    await until(run, 'the stale warning', () => alarmText(run) === STALE_WARN, 8000);
    await until(run, 'the stale deflate alarm', () => alarmText(run) === STALE_DEFLATE, 12000);
    await until(run, 'the cuff deflated', () => leg(run).pressureMmHg < 20, 5000);
    expect(deflateAlls(run)).toBeGreaterThan(0);
    await until(run, 'the controller alarm', () => alarmText(run) === CONTROLLER, 20000);
    expect(alarmBuzzes(run)).toBe(3);
    expect(side(run).cuffCommands.failed).toBeGreaterThan(0);
    noCrash(run);
  });

  it('a single pressure spike (spike true, +120 mmHg): the controller vents it within 2 s, so no alarm and the cuff keeps holding (the rule is 5 s over)', async () => {
    const run = await sessionHolding(14);
    run.sys.controller!.setFaults({ spike: true });
    expect(leg(run).pressureMmHg).toBeGreaterThan(132 * 1.1);
    await until(run, 'the spike vented', () => leg(run).pressureMmHg <= 132 * 1.1, 2000);
    await stepFor(run, 8000);
    expect(alarmText(run)).toBeNull();
    expect(alarmBuzzes(run)).toBe(0);
    expect(leg(run).state).toBe('holding');
    expect(deflateAlls(run)).toBe(0);
    noCrash(run);
  });

  it('a pressure spike that lasts (+20 mmHg every 200 ms, faster than the firmware bleeds): over +10 % for 5 s -> "Pressure too high", deflate-all, cuff down', async () => {
    const run = await sessionHolding(15);
    let overSince: number | null = null;
    let spikes = 0;
    // A kinked tube or a hard contraction: the pressure keeps being pushed up until the watch asks.
    const asked = () => deflateAlls(run) > 0;
    await until(run, 'the deflate request', () => {
      if (!asked()) {
        run.sys.controller!.setFaults({ spike: { cuffId: 'leg', mmHg: 20 } });
        spikes++;
      }
      if (overSince === null && leg(run).pressureMmHg > 132 * 1.1) overSince = run.clock.now();
      return asked();
    }, 12000);
    const askedAfter = run.clock.now() - (overSince as unknown as number);
    expect(spikes).toBeGreaterThan(20);
    expect(askedAfter).toBeGreaterThanOrEqual(5000);
    expect(askedAfter).toBeLessThanOrEqual(7500);
    await until(run, 'the over-pressure alarm', () => alarmText(run) === OVER, 2000);
    expect(alarmBuzzes(run)).toBe(1);
    await until(run, 'the cuff deflated', () => leg(run).pressureMmHg < 20, 5000);
    // Deflated until the next phase: the continuous walk does not pump it up again.
    await stepFor(run, 10000);
    expect(leg(run).pressureMmHg).toBeLessThan(20);
    expect(alarmText(run)).toBe(OVER);
    noCrash(run);
  });

  it('stuck valve with over-pressure: the deflate cannot complete -> controller alarm ("loosen by hand"), buzzed once, and the watch keeps asking', async () => {
    const run = await sessionHolding(16);
    run.sys.controller!.setFaults({ stuckValve: true });
    run.sys.controller!.setFaults({ spike: { cuffId: 'leg', mmHg: 40 } });
    await until(run, 'the over-pressure alarm', () => alarmText(run) === OVER, 8000);
    await until(run, 'the controller alarm', () => alarmText(run) === CONTROLLER, 5000);
    expect(leg(run).state).toBe('fault');
    expect(leg(run).fault).toBe('valve-stuck');
    expect(leg(run).pressureMmHg).toBeGreaterThan(132);
    const asked = side(run).cuffCommands.handled;
    await stepFor(run, 30000);
    // Keeps asking, about once per answer from the phone (not twice a second per reading) ...
    expect(side(run).cuffCommands.handled).toBeGreaterThan(asked + 1);
    expect(side(run).cuffCommands.handled).toBeLessThan(asked + 20);
    // ... the alarm stays on screen with two buzzes in all (over-pressure, controller).
    expect(alarmText(run)).toBe(CONTROLLER);
    expect(alarmBuzzes(run)).toBe(2);
    // The valve comes free: the next deflate-all gets the cuff down.
    run.sys.controller!.setFaults({ stuckValve: false });
    await until(run, 'the cuff deflated', () => leg(run).pressureMmHg < 20, 15000);
    noCrash(run);
  });

  it('stuck valve at Stop: the summary page still buzzes and says to loosen the cuff; the phone keeps trying to deflate', async () => {
    const run = await sessionHolding(17);
    run.sys.controller!.setFaults({ stuckValve: true });
    await run.sys.watch.tap('Stop');
    const ui = run.sys.watch.device.ui as unknown as { visible(): Array<{ props: Record<string, unknown> }>; handle(n: unknown): unknown };
    const confirm = ui.visible().filter((n) => n.props.text === 'Stop' && typeof n.props.click_func === 'function').pop()!;
    (confirm.props.click_func as (h: unknown) => void)(ui.handle(confirm));
    await run.sys.watch.settle();
    await until(run, 'the summary', () => run.sys.watch.currentUrl === 'page/summary/index.page', 3000);
    await until(run, 'the valve-stuck fault', () => leg(run).state === 'fault', 3000);
    await until(run, 'the alarm after the session', () => run.sys.watch.device.toasts.includes(CONTROLLER), 20000);
    expect(alarmBuzzes(run)).toBe(1);
    // The watch is quiet now: the phone's dead-man keeps trying (each try is a deflate-all the
    // controller refuses, retried by the phone for ~7 s before it counts as failed).
    await until(run, 'dead-man retries', () => side(run).deadMan.failures >= 2, 40000);
    expect(leg(run).state).toBe('fault');
    run.sys.controller!.setFaults({ stuckValve: false });
    await until(run, 'the cuff deflated', () => leg(run).pressureMmHg < 20, 10000);
    noCrash(run);
  });

  it('wrong token: the phone goes "unauthorised"; stale alarms, then the controller alarm; keeps asking; the right token gets the cuff down', async () => {
    const run = await sessionHolding(18);
    const controller = run.sys.controller!;
    run.sys.side.settings.setItem('controller', JSON.stringify({ url: controller.url, token: 'not-the-token' }));
    await until(run, 'unauthorised', () => side(run).phone.controller === 'unauthorised', 5000);
    await until(run, 'the stale warning', () => alarmText(run) === STALE_WARN, 8000);
    await until(run, 'the stale deflate alarm', () => alarmText(run) === STALE_DEFLATE, 12000);
    await until(run, 'the controller alarm', () => alarmText(run) === CONTROLLER, 5000);
    // The controller hears nothing it may act on: the cuff is still up.
    expect(leg(run).state).toBe('holding');
    const asked = side(run).cuffCommands.handled;
    await stepFor(run, 10000);
    expect(side(run).cuffCommands.handled).toBeGreaterThan(asked);
    expect(alarmBuzzes(run)).toBe(3);
    run.sys.side.settings.setItem('controller', JSON.stringify({ url: controller.url, token: run.sys.token }));
    await until(run, 'the cuff deflated', () => leg(run).pressureMmHg < 20, 10000);
    noCrash(run);
  });
});
