// The @zos/* modules our watch app uses, implemented over a DeviceState that tests and the
// simulator inspect and drive. Platform-neutral (no Node APIs): the same code backs the Node
// Zepp runtime and the QuickJS check's prelude.
import { WidgetTree, createUiModule } from './widgets';
import type { ZosBleCentral } from './bleCentral';

export type Shape = 'r' | 's';

export interface DeviceTimers {
  now(): number;
  setTimer(fn: () => void, delayMs: number, repeat: boolean): number;
  clearTimer(id: number): void;
}

/** The watch side of the BLE link under ZML. */
export interface DeviceBle {
  send(bytes: Uint8Array): boolean;
  connected(): boolean;
  onReceive(cb: ((bytes: Uint8Array) => void) | null): void;
}

export interface KeyValueStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  remove(key: string): void;
  clear(): void;
  keys(): string[];
  /** Bytes the store may still take; writes beyond it throw like a full flash would. */
  freeBytes(): number;
  /** Rewrites the whole file at once (a LocalStorage instance saving its copy); throws when full. */
  replaceAll?(entries: Record<string, string>): void;
}

export function memoryStore(capacityBytes = 8 * 1024 * 1024): KeyValueStore {
  const data: Record<string, string> = {};
  const used = () => Object.keys(data).reduce((n, k) => n + k.length + data[k].length, 0);
  return {
    get: (k) => (Object.prototype.hasOwnProperty.call(data, k) ? data[k] : undefined),
    set: (k, v) => {
      const before = Object.prototype.hasOwnProperty.call(data, k) ? k.length + data[k].length : 0;
      if (used() - before + k.length + v.length > capacityBytes) throw new Error('storage full');
      data[k] = v;
    },
    remove: (k) => { delete data[k]; },
    clear: () => { for (const k of Object.keys(data)) delete data[k]; },
    keys: () => Object.keys(data),
    freeBytes: () => capacityBytes - used(),
    replaceAll: (entries) => {
      const size = Object.keys(entries).reduce((n, k) => n + k.length + entries[k].length, 0);
      if (size > capacityBytes) throw new Error('storage full');
      for (const k of Object.keys(data)) delete data[k];
      for (const k of Object.keys(entries)) data[k] = entries[k];
    },
  };
}

export const SCREENS: Record<Shape, { width: number; height: number; screenShape: number }> = {
  r: { width: 480, height: 480, screenShape: 1 },
  s: { width: 390, height: 450, screenShape: 0 },
};

/**
 * One vibration as the wrist felt it. `durationMs` is the scene's documented length
 * (docs: reference/device-app-api/newAPI/sensor/Vibrator); `feltMs` is how long it really
 * ran: `stop()` or a later `start()` cuts it (`cut`). STRONG_REMINDER is 4 pulses over 1200 ms.
 */
export interface VibrationEntry {
  tMs: number;
  mode: number;
  durationMs: number;
  feltMs: number;
  cut: boolean;
  pulses: number;
  pulsesFelt: number;
}
export interface LogEntry { level: string; scope: string; text: string }
export type RouterAction =
  | { kind: 'push'; url: string; params?: string }
  | { kind: 'replace'; url: string; params?: string }
  | { kind: 'back' }
  | { kind: 'exit' };

export interface DeviceOptions {
  shape: Shape;
  timers: DeviceTimers;
  ble: DeviceBle;
  storage: KeyValueStore;
  messages: Record<string, string>;
  navigate: (action: RouterAction) => void;
  /** An exception thrown by app code in a callback the system made (BLE data, BLE status). */
  onError?: (e: unknown) => void;
  /** The watch as a BLE central (`@zos/ble` mst*, sim/zepp/bleCentral.ts); without it every mst* call fails (false). */
  bleCentral?: ZosBleCentral;
}

/** Vibrator scenes as @zos/sensor exports them (VIBRATOR_SCENE_<NAME>); values are ours. */
export const VIBRATOR_SCENE = {
  SHORT_LIGHT: 23, SHORT_MIDDLE: 24, SHORT_STRONG: 25, DURATION: 27, DURATION_LONG: 28,
  STRONG_REMINDER: 9, NOTIFICATION: 0, CALL: 1, TIMER: 5,
} as const;

/**
 * How long each scene vibrates and in how many pulses (docs: reference/device-app-api/newAPI/
 * sensor/Vibrator): SHORT_* 20 ms, DURATION 600 ms, DURATION_LONG 1000 ms, STRONG_REMINDER
 * four pulses in 1200 ms. NOTIFICATION is "two short, continuous vibrations" with no length
 * given: we take two pulses over 500 ms. CALL and TIMER run until `stop()`.
 */
export const VIBRATION_LENGTH: Record<number, { ms: number; pulses: number }> = {
  [VIBRATOR_SCENE.SHORT_LIGHT]: { ms: 20, pulses: 1 },
  [VIBRATOR_SCENE.SHORT_MIDDLE]: { ms: 20, pulses: 1 },
  [VIBRATOR_SCENE.SHORT_STRONG]: { ms: 20, pulses: 1 },
  [VIBRATOR_SCENE.DURATION]: { ms: 600, pulses: 1 },
  [VIBRATOR_SCENE.DURATION_LONG]: { ms: 1000, pulses: 1 },
  [VIBRATOR_SCENE.STRONG_REMINDER]: { ms: 1200, pulses: 4 },
  [VIBRATOR_SCENE.NOTIFICATION]: { ms: 500, pulses: 2 },
  [VIBRATOR_SCENE.CALL]: { ms: Infinity, pulses: Infinity },
  [VIBRATOR_SCENE.TIMER]: { ms: Infinity, pulses: Infinity },
};
export const VIBRATOR_SCENE_NAMES: Record<number, string> = {};
const sceneExports: Record<string, number> = {};
for (const name of Object.keys(VIBRATOR_SCENE) as Array<keyof typeof VIBRATOR_SCENE>) {
  VIBRATOR_SCENE_NAMES[VIBRATOR_SCENE[name]] = name;
  sceneExports['VIBRATOR_SCENE_' + name] = VIBRATOR_SCENE[name];
}

/** Everything a test or the simulator can see of, or do to, one simulated watch. */
export class DeviceState {
  readonly ui = new WidgetTree();
  readonly vibrations: VibrationEntry[] = [];
  readonly logs: LogEntry[] = [];
  readonly toasts: string[] = [];
  readonly display = { brightTimeMs: 0 as number, dropWristPaused: false, palmPaused: false, wakeUpRelaunch: false, resets: 0 };
  readonly accel = { running: false, freqMode: 1, x: 0, y: 0, z: 980, listeners: [] as Array<(v?: unknown) => void> };
  readonly step = { count: 0, listeners: [] as Array<() => void> };
  /**
   * The optical heart-rate sensor. `listeners` are the app's onCurrentChange callbacks (the
   * sensor measures continuously only while one is registered); `current` is what getCurrent()
   * gives inside a callback; `last` the last single measurement (getLast).
   */
  readonly heart = { listeners: [] as Array<() => void>, current: 0, inCallback: false, last: 0, measurements: 0 };
  gestureHandler: ((g: number) => boolean) | null = null;
  keyHandler: ((k: number, e: number) => boolean) | null = null;
  /** `@zos/ble` addListener callbacks: told true/false when the phone link comes and goes. */
  bleListeners: Array<(status: boolean) => void> = [];
  /** The one vibration motor every Vibrator instance drives. */
  vibrating: VibrationEntry | null = null;
  /** Page scroll (SCROLL_MODE_FREE): how far the content is moved up, in px (>= 0). */
  scrollY = 0;
  scrollLocked = false;

  constructor(readonly options: DeviceOptions) {}

  /** A callback the system made threw: the device logs it; the runtime counts it as a crash. */
  reportError(e: unknown): void {
    if (this.options.onError) this.options.onError(e);
  }

  /**
   * The BLE link to the phone went down or came back: every `@zos/ble` addListener callback
   * hears it (docs: reference/device-app-api/newAPI/ble/addListener). ZML's is one of them.
   */
  bleStatus(up: boolean): void {
    for (const cb of this.bleListeners.slice()) {
      try {
        cb(up);
      } catch (e) {
        this.reportError(e);
      }
    }
  }

  /** Ends the vibration running now (if any) at `atMs`: the wrist felt only what ran. */
  cutVibration(atMs: number): void {
    const v = this.vibrating;
    this.vibrating = null;
    if (!v || atMs >= v.tMs + v.durationMs) return;
    v.feltMs = Math.max(0, atMs - v.tMs);
    v.cut = true;
    v.pulsesFelt = v.pulses === Infinity ? Math.max(1, Math.ceil(v.feltMs / 500)) : Math.min(v.pulses, Math.max(1, Math.ceil((v.feltMs * v.pulses) / v.durationMs)));
  }

  /** The page's content height: the lowest widget bottom (the page scrolls when it passes the screen). */
  contentHeight(): number {
    let bottom = SCREENS[this.options.shape].height;
    for (const n of this.ui.all()) {
      const y = typeof n.props.y === 'number' ? n.props.y : null;
      const h = typeof n.props.h === 'number' ? n.props.h : 0;
      if (y !== null && n.parent === null) bottom = Math.max(bottom, y + h);
    }
    return bottom;
  }

  /** Scrolls the page as a finger drag would (positive: content moves up); returns the new offset. */
  scrollBy(dy: number): number {
    if (this.scrollLocked) return this.scrollY;
    return this.scrollTo(this.scrollY + dy);
  }

  scrollTo(y: number): number {
    const max = Math.max(0, this.contentHeight() - SCREENS[this.options.shape].height);
    this.scrollY = Math.max(0, Math.min(max, Math.round(Number(y) || 0)));
    return this.scrollY;
  }

  /** Feeds one accelerometer sample (cm/s^2, as Zepp reports) to every listener. */
  feedAccel(x: number, y: number, z: number): void {
    this.accel.x = x;
    this.accel.y = y;
    this.accel.z = z;
    if (!this.accel.running) return;
    for (const cb of this.accel.listeners.slice()) cb({ x, y, z });
  }

  /**
   * One continuous heart-rate measurement (bpm; 0 is what a loose watch gives) to every
   * onCurrentChange callback. Not measuring (no callback registered): nothing happens. A sensor
   * that says nothing while the watch is loose is simply no call here.
   */
  feedHeartRate(bpm: number): void {
    const h = this.heart;
    if (h.listeners.length === 0) return;
    h.measurements++;
    h.current = bpm;
    h.inCallback = true;
    try {
      for (const cb of h.listeners.slice()) {
        try {
          cb();
        } catch (e) {
          this.reportError(e);
        }
      }
    } finally {
      h.inCallback = false;
    }
  }

  addSteps(n: number): void {
    this.step.count += n;
    for (const cb of this.step.listeners.slice()) cb();
  }

  /** A swipe from the left edge (the system "back"): true when the page swallowed it. */
  gesture(g: number): boolean {
    return this.gestureHandler ? this.gestureHandler(g) === true : false;
  }
}

export const GESTURE = { UP: 1, DOWN: 2, LEFT: 3, RIGHT: 4 } as const;
/** `@zos/interaction` key names and key events as the runtime numbers them. */
export const KEY = { BACK: 8, SELECT: 9, HOME: 10, UP: 11, DOWN: 12, SHORTCUT: 13 } as const;
export const KEY_EVENT = { CLICK: 1, PRESS: 2, LONG_PRESS: 3, DOUBLE_CLICK: 4, RELEASE: 5 } as const;

function format(args: unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === 'string') return a;
      try {
        return JSON.stringify(a);
      } catch (e) {
        return String(a);
      }
    })
    .join(' ');
}

class EventBus {
  private map: Record<string, Array<(...a: unknown[]) => void>> = {};
  on(name: string, cb: (...a: unknown[]) => void) { (this.map[name] = this.map[name] || []).push(cb); }
  off(name: string, cb?: (...a: unknown[]) => void) {
    if (!cb) delete this.map[name];
    else this.map[name] = (this.map[name] || []).filter((f) => f !== cb);
  }
  emit(name: string, ...args: unknown[]) { for (const cb of (this.map[name] || []).slice()) cb(...args); }
  once(name: string, cb: (...a: unknown[]) => void) {
    const w = (...a: unknown[]) => { this.off(name, w); cb(...a); };
    this.on(name, w);
  }
  count(name: string) { return (this.map[name] || []).length; }
  clear() { this.map = {}; }
}

const MST_CALLS = [
  'mstStartScan', 'mstStopScan', 'mstConnect', 'mstDisconnect', 'mstBuildProfile', 'mstOnPrepare', 'mstWriteDescriptor',
  'mstOnDescWriteComplete', 'mstOnCharaNotification', 'mstOffAllCb', 'mstDestroyProfileInstance',
] as const;

/**
 * The `@zos/ble` central calls: the device's central when it has one, else calls that fail
 * (false). App callbacks the central makes are the app's code: an exception in one is reported
 * as the device would log it, never thrown into the simulator.
 */
function centralCalls(device: DeviceState): Record<string, (...args: unknown[]) => unknown> {
  const central = device.options.bleCentral;
  const out: Record<string, (...args: unknown[]) => unknown> = {};
  for (const name of MST_CALLS) {
    out[name] = (...args: unknown[]) => {
      if (!central) return false;
      const guarded = args.map((a) => (typeof a === 'function' ? (...cbArgs: unknown[]) => {
        try {
          return (a as (...x: unknown[]) => unknown)(...cbArgs);
        } catch (e) {
          device.reportError(e);
          return undefined;
        }
      } : a));
      return (central[name] as (...x: unknown[]) => unknown)(...guarded);
    };
  }
  return out;
}

/** Builds the module table `require('@zos/…')` resolves to. */
// ZML constructs `new (require('@zos/ble/TransferFile'))()` at load; we model no file transfer
// (sessions travel as messages), so its inbox stays empty and sendFile is refused.
function TransferFile(this: Record<string, unknown>) {
  const bus = new EventBus();
  const inbox = { on: bus.on.bind(bus), off: bus.off.bind(bus), emit: bus.emit.bind(bus), getNextFile: () => null };
  const outbox = {
    on: bus.on.bind(bus), off: bus.off.bind(bus), emit: bus.emit.bind(bus),
    enqueueFile: () => { throw new Error('file transfer is not simulated'); },
  };
  this.inbox = inbox;
  this.outbox = outbox;
  this.getInbox = () => inbox;
  this.getOutbox = () => outbox;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function createDeviceModules(device: DeviceState): Record<string, any> {
  const { timers, ble, storage, messages, navigate, shape } = device.options;
  const screen = SCREENS[shape];
  const logger = (scope: string) => {
    const write = (level: string) => (...args: unknown[]) => device.logs.push({ level, scope, text: format(args) });
    return { log: write('log'), info: write('info'), warn: write('warn'), error: write('error'), debug: write('debug') };
  };

  class Accelerometer {
    start() { device.accel.running = true; }
    stop() { device.accel.running = false; }
    getCurrent() { return { x: device.accel.x, y: device.accel.y, z: device.accel.z }; }
    onChange(cb: (v?: unknown) => void) { device.accel.listeners.push(cb); }
    offChange(cb?: (v?: unknown) => void) {
      device.accel.listeners = cb ? device.accel.listeners.filter((f) => f !== cb) : [];
    }
    setFreqMode(mode: number) { device.accel.freqMode = mode; }
    getFreqMode() { return device.accel.freqMode; }
  }
  class Step {
    getCurrent() { return device.step.count; }
    getTarget() { return 8000; }
    onChange(cb: () => void) { device.step.listeners.push(cb); }
    offChange(cb?: () => void) { device.step.listeners = cb ? device.step.listeners.filter((f) => f !== cb) : []; }
  }
  // docs: reference/device-app-api/newAPI/sensor/HeartRate (permission data:user.hd.heart_rate).
  // onCurrentChange starts continuous measuring and calls back with no argument; getCurrent()
  // "needs to be used in the onCurrentChange callback": harsher where the docs are silent, it
  // gives 0 anywhere else. offCurrentChange removes the callback it is given (none: nothing).
  // How often measurements come and what a loose watch gives are not documented: the caller
  // of feedHeartRate decides (the simulated trainee: about 1 Hz, zeros and silent gaps).
  class HeartRate {
    getCurrent() { return device.heart.inCallback ? device.heart.current : 0; }
    getLast() { return device.heart.last; }
    getToday() { return [] as number[]; }
    onCurrentChange(cb: () => void) { if (typeof cb === 'function') device.heart.listeners.push(cb); }
    offCurrentChange(cb: () => void) { device.heart.listeners = device.heart.listeners.filter((f) => f !== cb); }
    onLastChange() { /* single measurements are not simulated */ }
    offLastChange() { /* nothing registered */ }
  }
  // One motor: start() replaces whatever is vibrating, stop() really stops it, so a cue started
  // within an alarm's 1200 ms cuts the alarm short (docs: reference/device-app-api/newAPI/
  // sensor/Vibrator). Whether start() cuts a running scene is not documented: we take yes.
  class Vibrator {
    private mode: number = VIBRATOR_SCENE.SHORT_MIDDLE;
    start(opts?: { mode?: number } | Array<{ type?: number; duration?: number }>) {
      const now = timers.now();
      device.cutVibration(now);
      let mode = this.mode;
      let length = VIBRATION_LENGTH[mode] || { ms: 20, pulses: 1 };
      if (Array.isArray(opts)) {
        // API 3.6: a list of scene actions, each with an optional duration.
        mode = opts.length && typeof opts[0].type === 'number' ? opts[0].type : mode;
        let ms = 0;
        for (const a of opts) ms += a && typeof a.duration === 'number' ? a.duration : (VIBRATION_LENGTH[a && typeof a.type === 'number' ? a.type : mode] || { ms: 20 }).ms;
        length = { ms, pulses: opts.length };
      } else if (opts && typeof opts.mode === 'number') {
        mode = opts.mode;
        length = VIBRATION_LENGTH[mode] || { ms: 20, pulses: 1 };
      }
      const entry: VibrationEntry = { tMs: now, mode, durationMs: length.ms, feltMs: length.ms, cut: false, pulses: length.pulses, pulsesFelt: length.pulses };
      device.vibrations.push(entry);
      device.vibrating = entry;
    }
    stop() { device.cutVibration(timers.now()); }
    setMode(mode: number | { mode?: number }) {
      this.mode = typeof mode === 'number' ? mode : mode && typeof mode.mode === 'number' ? mode.mode : this.mode;
    }
    getConfig() { return { mode: this.mode }; }
    getType() { return VIBRATOR_SCENE; }
  }
  // "An instance keeps loaded data in memory" (docs: reference/device-app-api/newAPI/storage/
  // localStorage): each instance reads the app's storage file once, when it is made, and
  // answers reads from that copy. How a write reaches the file is not documented; we take the
  // harsher reading: the instance saves its whole copy, so a stale instance's write undoes
  // what another instance wrote since it was made (one instance per app avoids that).
  class LocalStorage {
    private copy: Record<string, string> = {};
    constructor() {
      for (const k of storage.keys()) {
        const v = storage.get(k);
        if (v !== undefined) this.copy[k] = v;
      }
    }
    private save(next: Record<string, string>): void {
      if (storage.replaceAll) storage.replaceAll(next);
      else {
        for (const k of storage.keys()) if (!Object.prototype.hasOwnProperty.call(next, k)) storage.remove(k);
        for (const k of Object.keys(next)) storage.set(k, next[k]);
      }
      this.copy = next;
    }
    setItem(key: string, value: unknown) {
      const next = Object.assign({}, this.copy);
      next[String(key)] = JSON.stringify(value);
      this.save(next);
    }
    getItem(key: string, defaultValue?: unknown) {
      const k = String(key);
      if (!Object.prototype.hasOwnProperty.call(this.copy, k)) return defaultValue;
      try {
        return JSON.parse(this.copy[k]);
      } catch (e) {
        return defaultValue;
      }
    }
    removeItem(key: string) {
      const k = String(key);
      if (!Object.prototype.hasOwnProperty.call(this.copy, k)) return false;
      const next = Object.assign({}, this.copy);
      delete next[k];
      this.save(next);
      return true;
    }
    clear() { this.save({}); }
  }

  const appBus = new EventBus();
  let bleReceiver: ((index: number, data: ArrayBuffer, size: number) => void) | null = null;

  return {
    '@zos/ui': createUiModule(device.ui),
    '@zos/utils': {
      px: (v: number) => Math.round((v * screen.width) / 480),
      log: { getLogger: logger },
      EventBus,
      assets: (base: string) => (p: string) => base + '/' + p,
    },
    '@zos/i18n': {
      getText: (key: string) => (Object.prototype.hasOwnProperty.call(messages, key) ? messages[key] : key),
      getLanguage: () => 'en-US',
    },
    '@zos/timer': {
      setTimeout: (fn: () => void, ms?: number) => timers.setTimer(fn, ms || 0, false),
      clearTimeout: (id: number) => timers.clearTimer(id),
      setInterval: (fn: () => void, ms: number) => timers.setTimer(fn, ms, true),
      clearInterval: (id: number) => timers.clearTimer(id),
    },
    '@zos/ble': {
      createConnect(cb: (index: number, data: ArrayBuffer, size: number) => void) {
        bleReceiver = cb;
        ble.onReceive((bytes) => {
          if (!bleReceiver) return;
          const copy = bytes.slice();
          // An exception here (ZML's onResponse on a reply it forgot) is the app's, not the link's.
          try {
            bleReceiver(0, copy.buffer, copy.byteLength);
          } catch (e) {
            device.reportError(e);
          }
        });
      },
      disConnect() {
        bleReceiver = null;
        ble.onReceive(null);
      },
      send(buffer: ArrayBuffer, size: number) {
        return ble.send(new Uint8Array(buffer, 0, size).slice());
      },
      connectStatus: () => ble.connected(),
      ...centralCalls(device),
      // docs: reference/device-app-api/newAPI/ble/addListener: told of every connect/disconnect.
      addListener: (cb: (status: boolean) => void) => { if (typeof cb === 'function') device.bleListeners.push(cb); },
      removeListener: (cb?: (status: boolean) => void) => {
        device.bleListeners = cb ? device.bleListeners.filter((f) => f !== cb) : [];
      },
    },
    '@zos/ble/TransferFile': TransferFile,
    '@zos/sensor': {
      Accelerometer, Step, Vibrator, HeartRate, ...sceneExports,
      FREQ_MODE_LOW: 0, FREQ_MODE_NORMAL: 1, FREQ_MODE_HIGH: 2,
      checkSensor: () => true,
    },
    '@zos/storage': { LocalStorage, localStorage: new LocalStorage() },
    '@zos/display': {
      setPageBrightTime: (o: { brightTime: number }) => { device.display.brightTimeMs = o && o.brightTime; return 0; },
      resetPageBrightTime: () => { device.display.brightTimeMs = 0; device.display.resets++; return 0; },
      pauseDropWristScreenOff: () => { device.display.dropWristPaused = true; return 0; },
      resetDropWristScreenOff: () => { device.display.dropWristPaused = false; return 0; },
      // docs: reference/device-app-api/newAPI/display/pausePalmScreenOff (duration 0: until reset).
      pausePalmScreenOff: () => { device.display.palmPaused = true; return 0; },
      resetPalmScreenOff: () => { device.display.palmPaused = false; return 0; },
      setWakeUpRelaunch: (o: { relaunch: boolean }) => { device.display.wakeUpRelaunch = !!(o && o.relaunch); return 0; },
      getWakeUpRelaunch: () => device.display.wakeUpRelaunch,
    },
    '@zos/router': {
      push: (o: { url: string; params?: string }) => navigate({ kind: 'push', url: o.url, params: o.params }),
      replace: (o: { url: string; params?: string }) => navigate({ kind: 'replace', url: o.url, params: o.params }),
      back: () => navigate({ kind: 'back' }),
      exit: () => navigate({ kind: 'exit' }),
      home: () => navigate({ kind: 'exit' }),
    },
    '@zos/interaction': {
      showToast: (o: { content: string }) => { device.toasts.push(o && o.content); },
      // One handler each, the last registration wins (docs: reference/device-app-api/newAPI/
      // interaction/onGesture, onKey); both take an options object or the bare callback.
      onGesture: (o: { callback: (g: number) => boolean } | ((g: number) => boolean)) => { device.gestureHandler = typeof o === 'function' ? o : o && o.callback; },
      offGesture: () => { device.gestureHandler = null; },
      onKey: (o: { callback: (k: number, e: number) => boolean } | ((k: number, e: number) => boolean)) => { device.keyHandler = typeof o === 'function' ? o : o && o.callback; },
      offKey: () => { device.keyHandler = null; },
      createModal: () => ({ show: () => undefined }),
      GESTURE_UP: GESTURE.UP, GESTURE_DOWN: GESTURE.DOWN, GESTURE_LEFT: GESTURE.LEFT, GESTURE_RIGHT: GESTURE.RIGHT,
      KEY_BACK: KEY.BACK, KEY_SELECT: KEY.SELECT, KEY_HOME: KEY.HOME, KEY_UP: KEY.UP, KEY_DOWN: KEY.DOWN, KEY_SHORTCUT: KEY.SHORTCUT,
      KEY_EVENT_CLICK: 1, KEY_EVENT_PRESS: 2, KEY_EVENT_LONG_PRESS: 3, KEY_EVENT_DOUBLE_CLICK: 4, KEY_EVENT_RELEASE: 5,
    },
    '@zos/app': {
      getPackageInfo: () => ({ appId: 1099001, name: 'BFR Coach', version: { code: 1, name: '0.1.0' } }),
      // The app-wide message bus ZML's page `request` resolves through.
      onMessage: (name: string, cb: (...a: unknown[]) => void) => appBus.on(name, cb),
      offMessage: (name: string, cb?: (...a: unknown[]) => void) => appBus.off(name, cb),
      postMessage: (name: string, ...args: unknown[]) => appBus.emit(name, name, ...args),
    },
    '@zos/device': {
      getDeviceInfo: () => ({ width: screen.width, height: screen.height, screenShape: screen.screenShape, deviceName: shape === 'r' ? 'Amazfit Balance' : 'Amazfit Active', deviceSource: shape === 'r' ? 8519936 : 8323328 }),
      getDiskInfo: () => ({ total: 16 * 1024 * 1024, free: storage.freeBytes(), app: 0, watchface: 0, music: 0, system: 0 }),
      SCREEN_SHAPE_ROUND: 1, SCREEN_SHAPE_SQUARE: 0,
    },
    '@zos/settings': {
      getLanguage: () => 2,
      getTimeFormat: () => 1,
    },
    // Page scroll (docs: reference/device-app-api/newAPI/page/scrollTo, getScrollTop): y is
    // negative when scrolled down. SCROLL_MODE_FREE is the default; the runtime models no swiper.
    '@zos/page': {
      SCROLL_MODE_FREE: 'scroll_mode_free', SCROLL_MODE_SWIPER: 'scroll_mode_swiper', SCROLL_MODE_SWIPER_HORIZONTAL: 'scroll_mode_swiper_horizontal',
      scrollTo: (o: { y?: number } | number) => { device.scrollTo(-(typeof o === 'number' ? o : o && typeof o.y === 'number' ? o.y : 0)); },
      getScrollTop: () => -device.scrollY,
      setScrollLock: (o: { lock?: boolean } | boolean) => { device.scrollLocked = typeof o === 'boolean' ? o : !!(o && o.lock); },
      setScrollMode: () => true,
    },
    '@zos/fs': {},
  };
}
