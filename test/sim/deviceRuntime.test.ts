// The Node Zepp runtime does to the app what the documented watch does (zepp-health/
// zeppos-docs, docs/reference/device-app-api/newAPI/...): wake relaunch into the page that was
// showing, keys, BLE disconnect with ZML clearing its requests, paced chunks, a vibrator with
// real lengths and stop(), only the mini-program widgets, a LocalStorage per instance, page
// scroll. Each block also checks that the app copes.
import { VirtualClock } from '../../sim/clock';
import { BleLink, BLE_BYTES_PER_MS } from '../../sim/zepp/bleLink';
import { SimWatch, SCREEN_OFF_EXIT_MS } from '../../sim/zepp/watchRuntime';
import { SimSideService } from '../../sim/zepp/sideRuntime';
import { DeviceState, KEY, VIBRATOR_SCENE, createDeviceModules, memoryStore } from '../../sim/zepp/deviceModules';
import { readMessages } from '../../sim/zepp/po';
import { virtualSystems } from '../helpers/virtualSystem';
import { activeSessionId } from '../../sim/simulate';
import { DeviceEventError, parseDeviceEvents } from '../../sim/zepp/deviceEvents';
import { watchStoreOf } from '../../sim/soak/run';
import { T0, run, session, start, ticks } from '../shared/session/fixtures';

const text = readMessages();
// watch/lib/haptics.ts imports @zos/sensor: give it the runtime's module.
const mockZos: Record<string, unknown> = {};
jest.mock('@zos/sensor', () => mockZos['@zos/sensor'], { virtual: true });
const system = virtualSystems();

function bareDevice(clock = new VirtualClock()) {
  const storage = memoryStore();
  const device = new DeviceState({
    shape: 'r', timers: clock, storage, messages: {}, navigate: () => undefined,
    ble: { send: () => true, connected: () => true, onReceive: () => undefined },
  });
  return { clock, storage, device, modules: createDeviceModules(device) };
}

const WRAPS_SESSION = JSON.stringify({ programId: 'quick-wrist', restriction: 'wraps', cuffs: [] });

describe('screen off and wake relaunch (display/setWakeUpRelaunch)', () => {
  it('exits the app 10 s after the screen goes off and reopens the session page with its first params; the session carries on', async () => {
    const sys = await system({ phone: false });
    const w = sys.watch;
    await w.launch('page/session/index.page', WRAPS_SESSION);
    await sys.clock.advance(25_000);
    const id = activeSessionId(sys);
    expect(id).not.toBeNull();
    const countBefore = Number(/^(\d+)/.exec(w.texts().find((t) => /reps$/.test(t)) || '0')![1]);
    expect(w.device.display.wakeUpRelaunch).toBe(true);
    expect(w.screenOff('timeout', 20_000)).toBe(true);
    await sys.clock.advance(SCREEN_OFF_EXIT_MS - 100);
    expect(w.running).toBe(true); // still running with the screen off
    await sys.clock.advance(200);
    expect(w.running).toBe(false); // the system exited it (page onDestroy ran)
    await sys.clock.advance(10_000);
    await w.settle();
    expect(w.relaunches).toEqual([expect.objectContaining({ url: 'page/session/index.page', params: WRAPS_SESSION, cause: 'timeout' })]);
    expect(w.currentUrl).toBe('page/session/index.page');
    // the same session, not a new one started from the original params
    expect(activeSessionId(sys)).toBe(id);
    expect(w.texts()).toEqual(expect.arrayContaining(['Arm curl', 'Set 1/4']));
    const countAfter = Number(/^(\d+)/.exec(w.texts().find((t) => /reps$/.test(t)) || '0')![1]);
    expect(countAfter).toBeGreaterThanOrEqual(countBefore);
    expect(w.errors).toEqual([]);
  });

  it('the pre-session check reopened by a relaunch sends a running session back to the session page', async () => {
    const sys = await system({ phone: false });
    const w = sys.watch;
    await w.launch('page/session/index.page', WRAPS_SESSION);
    await sys.clock.advance(5_000);
    const id = activeSessionId(sys);
    await w.launch('page/precheck/index.page', JSON.stringify({ programId: 'walk-intervals' }));
    await w.settle();
    await sys.clock.advance(200);
    expect(w.currentUrl).toBe('page/session/index.page');
    expect(activeSessionId(sys)).toBe(id);
    expect(w.errors).toEqual([]);
  });

  it('without setWakeUpRelaunch the app stays closed after waking; a woken-early screen keeps it running', async () => {
    const sys = await system({ phone: false });
    const w = sys.watch;
    expect(w.currentUrl).toBe('page/home/index.page');
    expect(w.screenOff('button', 5_000)).toBe(true);
    await sys.clock.advance(6_000);
    expect(w.running).toBe(true); // woken before the 10 s
    expect(w.screenOff('notification', 30_000)).toBe(true);
    await sys.clock.advance(31_000);
    expect(w.running).toBe(false);
    expect(w.relaunches).toEqual([]);
  });

  it('a palm is ignored while pausePalmScreenOff holds, a wrist drop while pauseDropWristScreenOff holds', async () => {
    const sys = await system({ phone: false });
    const w = sys.watch;
    await w.launch('page/session/index.page', WRAPS_SESSION);
    await sys.clock.advance(1000);
    expect(w.device.display.dropWristPaused).toBe(true); // the session page keeps the screen on
    expect(w.screenOff('wrist', 20_000)).toBe(false);
    w.device.display.palmPaused = true;
    expect(w.screenOff('palm', 20_000)).toBe(false);
    w.device.display.palmPaused = false;
    expect(w.screenOff('palm', 20_000)).toBe(true);
    expect(() => w.scroll(10)).toThrow(/screen is off/);
  });
});

describe('keys (interaction/onKey)', () => {
  it('unhandled, back leaves the page and home leaves the app', async () => {
    const sys = await system({ phone: false });
    const w = sys.watch;
    await w.tap(text['program.walk-intervals']);
    expect(w.currentUrl).toBe('page/precheck/index.page');
    expect(await w.pressKey(KEY.BACK)).toBe(false);
    expect(w.currentUrl).toBe('page/home/index.page');
    expect(await w.pressKey(KEY.HOME)).toBe(false);
    expect(w.running).toBe(false);
  });

  it('during a session the back key asks to stop, as the swipe does, and the session runs on', async () => {
    const sys = await system({ phone: false });
    const w = sys.watch;
    await w.launch('page/session/index.page', WRAPS_SESSION);
    await sys.clock.advance(3000);
    expect(await w.pressKey(KEY.BACK)).toBe(true);
    expect(w.currentUrl).toBe('page/session/index.page');
    expect(w.texts()).toContain(text.confirmStop);
    await w.tap(text.keepGoing);
    expect(await w.pressKey(KEY.HOME)).toBe(true);
    expect(w.running).toBe(true);
    expect(w.texts()).toContain(text.confirmStop);
    await w.tap(text.keepGoing);
    await sys.clock.advance(2000);
    expect(w.texts()).toContain('Arm curl');
    expect(w.errors).toEqual([]);
  });
});

describe('BLE (ble/addListener) and the link', () => {
  it('chunks are paced at 10 kB/s each way, queued behind each other', async () => {
    const clock = new VirtualClock();
    const link = new BleLink(clock);
    const arrivals: number[] = [];
    link.phone.onReceive(() => arrivals.push(clock.now()));
    const t0 = clock.now();
    for (let i = 0; i < 3; i++) link.watch.send(new Uint8Array(3600));
    await clock.advance(2000);
    const per = 3600 / BLE_BYTES_PER_MS;
    expect(arrivals.map((t) => t - t0)).toEqual([per + 12, 2 * per + 12, 3 * per + 12]);
  });

  it('a disconnect reaches the app, ZML drops what it was waiting for, a late reply crashes nothing and the next request shakes hands again', async () => {
    const sys = await system({ controller: true, lopMmHg: { arm: null, leg: null } });
    const w = sys.watch;
    await sys.clock.advance(1000);
    expect(w.texts()).toContain(text.phoneConnected);
    const shakes = sys.side.frames.shakes;
    await w.tap(text['program.walk-intervals']);
    await sys.clock.advance(1500);
    // The controller measures LOP for a few seconds: the reply comes after the link is back.
    sys.controller!.setFaults({ delayMs: 3000 });
    await w.tap(text.measureLop);
    await sys.clock.advance(600);
    sys.link.setConnected(false);
    await sys.clock.advance(1000);
    sys.link.setConnected(true);
    for (let i = 0; i < 60 && !w.device.logs.some((l) => /late reply dropped/.test(l.text)); i++) await sys.clock.advance(500);
    expect(w.device.logs.map((l) => l.text)).toEqual(expect.arrayContaining([expect.stringMatching(/late reply dropped/)]));
    expect(w.errors).toEqual([]);
    // The page stopped waiting on its own time-out and offers a retry; it works over a new handshake.
    for (let i = 0; i < 60 && !w.texts().includes(text.retry); i++) await sys.clock.advance(1000);
    sys.controller!.setFaults({ delayMs: 0 });
    await w.tap(text.retry);
    for (let i = 0; i < 60 && !w.texts().includes(text.lopDone) && !w.texts().includes(text.lopFailed); i++) await sys.clock.advance(1000);
    expect(sys.side.frames.shakes).toBeGreaterThan(shakes);
    expect(w.errors).toEqual([]);
  }, 60000);
});

describe('vibrator (sensor/Vibrator)', () => {
  it('scenes last their documented time; stop() and a new start() cut the running one short', async () => {
    const { clock, device, modules } = bareDevice();
    const Vibrator = modules['@zos/sensor'].Vibrator;
    const v = new Vibrator();
    v.start({ mode: VIBRATOR_SCENE.STRONG_REMINDER });
    await clock.advance(500);
    v.start({ mode: VIBRATOR_SCENE.SHORT_LIGHT });
    expect(device.vibrations[0]).toMatchObject({ durationMs: 1200, cut: true, feltMs: 500, pulses: 4, pulsesFelt: 2 });
    await clock.advance(2000);
    expect(device.vibrations[1]).toMatchObject({ durationMs: 20, cut: false });
    v.start({ mode: VIBRATOR_SCENE.DURATION_LONG });
    await clock.advance(300);
    v.stop();
    expect(device.vibrations[2]).toMatchObject({ durationMs: 1000, feltMs: 300, cut: true });
  });

  it("the app's haptics keep an alarm whole: a lesser cue during its 1.2 s is held back, a later one is given", async () => {
    const { clock, device, modules } = bareDevice();
    mockZos['@zos/sensor'] = modules['@zos/sensor'];
    const now = jest.spyOn(Date, 'now').mockImplementation(() => clock.now());
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { buzz } = require('../../watch/lib/haptics') as { buzz: (pattern: string) => void };
      buzz('alarm');
      await clock.advance(500);
      buzz('tempoTick');
      buzz('tenSecondWarning');
      await clock.advance(400);
      buzz('alarm'); // another alarm may replace the first
      await clock.advance(600);
      buzz('tempoTick'); // still within the second alarm: held back
      await clock.advance(700);
      buzz('tempoTick');
      const names = device.vibrations.map((v) => v.mode);
      expect(names).toEqual([VIBRATOR_SCENE.STRONG_REMINDER, VIBRATOR_SCENE.STRONG_REMINDER, VIBRATOR_SCENE.SHORT_LIGHT]);
      expect(device.vibrations[1]).toMatchObject({ cut: false, pulsesFelt: 4 });
    } finally {
      now.mockRestore();
    }
  });
});

describe('widgets (ui/widget) and storage (storage/localStorage)', () => {
  it('only the mini-program widget list: ARC_PROGRESS is a watch-face widget', () => {
    const { modules } = bareDevice();
    const ui = modules['@zos/ui'];
    expect(ui.widget.ARC_PROGRESS).toBeUndefined();
    expect(ui.widget.ARC).toBe('ARC');
    expect(() => ui.createWidget(ui.widget.ARC_PROGRESS, {})).toThrow(/not a mini-program widget/);
    expect(() => ui.createWidget('ARC_PROGRESS', {})).toThrow(/not a mini-program widget/);
    expect(() => ui.createWidget(ui.widget.ARC, { x: 0, y: 0, w: 10, h: 10 })).not.toThrow();
  });

  it('each LocalStorage instance keeps its own loaded copy and saves all of it', () => {
    const { storage, modules } = bareDevice();
    const { LocalStorage } = modules['@zos/storage'];
    const a = new LocalStorage();
    const b = new LocalStorage();
    a.setItem('k', 1);
    expect(b.getItem('k')).toBeUndefined(); // b read the file before a wrote
    expect(new LocalStorage().getItem('k')).toBe(1);
    b.setItem('j', 2); // b saves its copy: a's write is gone
    expect(storage.get('k')).toBeUndefined();
    expect(storage.get('j')).toBe('2');
  });

  it("the app keeps one storage: the home page's late outbox sync does not undo what the next page saved", async () => {
    // A finished session waits in the watch's outbox.
    const storage = memoryStore();
    const finished = run(session('quick-wrist', { restriction: 'wraps' }), [start(T0), ...ticks(T0 + 1000, T0 + 400_000, 5000)]).state.record;
    expect(finished.status).toBe('completed');
    expect(watchStoreOf(storage).putRecord(finished)).toEqual({ ok: true });
    const sys = await system({ phone: true, watchStorage: storage });
    const w = sys.watch;
    // A slow phone: everything it sends takes 0.8 s more.
    sys.link.fault = (direction, bytes) => (direction === 'toWatch' ? [{ bytes, delayMs: 800 }] : null);
    for (let i = 0; i < 100 && !w.texts().includes(text.phoneConnected); i++) await sys.clock.advance(100);
    expect(w.texts()).toContain(text.phoneConnected);
    // The home page is sending the session; the trainee opens a program meanwhile (it is saved as the last one used).
    await w.tap(text['program.walk-intervals']);
    expect(w.currentUrl).toBe('page/precheck/index.page');
    await sys.clock.advance(10_000);
    const store = watchStoreOf(storage);
    expect(store.index()).toEqual([expect.objectContaining({ id: finished.id, synced: true })]);
    expect(store.lastProgram()).toBe('walk-intervals');
    expect(w.errors).toEqual([]);
  }, 60000);
});

describe('page scroll (page/scrollTo, getScrollTop)', () => {
  it('the home list is taller than the screen: a finger scrolls to the buttons below, a tap only reaches what is on screen', async () => {
    const sys = await system({ phone: false });
    const w = sys.watch;
    expect(w.device.contentHeight()).toBeGreaterThan(480);
    const history = w.device.ui.findButton(text.history);
    await expect(w.tapById(history.id)).rejects.toThrow(/off the screen/);
    expect(w.scroll(10_000)).toBe(w.device.contentHeight() - 480);
    await w.tapById(history.id);
    expect(w.currentUrl).toBe('page/history/index.page');
    expect(w.device.scrollY).toBe(0); // a new page starts at the top
  });

  it('parses --events and names a bad one', () => {
    expect(parseDeviceEvents('ble-drop@200s:20s,wake-relaunch@90s,back-key@2.5m')).toEqual([
      { name: 'wake-relaunch', atMs: 90_000, durationMs: 15_000, spec: 'wake-relaunch@90s' },
      { name: 'back-key', atMs: 150_000, durationMs: null, spec: 'back-key@2.5m' },
      { name: 'ble-drop', atMs: 200_000, durationMs: 20_000, spec: 'ble-drop@200s:20s' },
    ]);
    expect(() => parseDeviceEvents('meteor@10s')).toThrow(DeviceEventError);
    expect(() => parseDeviceEvents('meteor@10s')).toThrow(/unknown event "meteor"/);
    expect(() => parseDeviceEvents('palm-cover@soon')).toThrow(/"palm-cover@soon": time "soon"/);
    expect(() => parseDeviceEvents('back-key@10s:5s')).toThrow(/back-key takes no duration/);
    expect(() => parseDeviceEvents('wake-relaunch')).toThrow(/"wake-relaunch" is not NAME@TIME/);
    expect(() => parseDeviceEvents('back-key@10s,,')).toThrow(/empty event/);
  });
});
