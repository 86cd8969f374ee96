// The @zos/* modules our watch app uses, implemented over a DeviceState that tests and the
// simulator inspect and drive. Platform-neutral (no Node APIs): the same code backs the Node
// Zepp runtime and the QuickJS check's prelude.
import { WidgetTree, createUiModule } from './widgets';

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
  };
}

export const SCREENS: Record<Shape, { width: number; height: number; screenShape: number }> = {
  r: { width: 480, height: 480, screenShape: 1 },
  s: { width: 390, height: 450, screenShape: 0 },
};

export interface VibrationEntry { tMs: number; mode: number }
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
}

/** Vibrator scenes as @zos/sensor exports them (VIBRATOR_SCENE_<NAME>); values are ours. */
export const VIBRATOR_SCENE = {
  SHORT_LIGHT: 23, SHORT_MIDDLE: 24, SHORT_STRONG: 25, DURATION: 27, DURATION_LONG: 28,
  STRONG_REMINDER: 9, NOTIFICATION: 0, CALL: 1, TIMER: 5,
} as const;
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
  readonly display = { brightTimeMs: 0 as number, dropWristPaused: false, wakeUpRelaunch: false, resets: 0 };
  readonly accel = { running: false, freqMode: 1, x: 0, y: 0, z: 980, listeners: [] as Array<(v?: unknown) => void> };
  readonly step = { count: 0, listeners: [] as Array<() => void> };
  gestureHandler: ((g: number) => boolean) | null = null;
  keyHandler: ((k: number, e: number) => boolean) | null = null;

  constructor(readonly options: DeviceOptions) {}

  /** Feeds one accelerometer sample (cm/s^2, as Zepp reports) to every listener. */
  feedAccel(x: number, y: number, z: number): void {
    this.accel.x = x;
    this.accel.y = y;
    this.accel.z = z;
    if (!this.accel.running) return;
    for (const cb of this.accel.listeners.slice()) cb({ x, y, z });
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
  class Vibrator {
    private mode: number = VIBRATOR_SCENE.SHORT_MIDDLE;
    start(opts?: { mode?: number } | Array<unknown>) {
      const mode = opts && !Array.isArray(opts) && typeof opts.mode === 'number' ? opts.mode : this.mode;
      device.vibrations.push({ tMs: timers.now(), mode });
    }
    stop() {}
    setMode(mode: number) { this.mode = mode; }
    getType() { return VIBRATOR_SCENE; }
  }
  class LocalStorage {
    setItem(key: string, value: unknown) { storage.set(String(key), JSON.stringify(value)); }
    getItem(key: string, defaultValue?: unknown) {
      const v = storage.get(String(key));
      if (v === undefined) return defaultValue;
      try {
        return JSON.parse(v);
      } catch (e) {
        return defaultValue;
      }
    }
    removeItem(key: string) { storage.remove(String(key)); }
    clear() { storage.clear(); }
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
          bleReceiver(0, copy.buffer, copy.byteLength);
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
      addListener: () => undefined,
    },
    '@zos/ble/TransferFile': TransferFile,
    '@zos/sensor': {
      Accelerometer, Step, Vibrator, ...sceneExports,
      FREQ_MODE_LOW: 0, FREQ_MODE_NORMAL: 1, FREQ_MODE_HIGH: 2,
      checkSensor: () => true,
    },
    '@zos/storage': { LocalStorage, localStorage: new LocalStorage() },
    '@zos/display': {
      setPageBrightTime: (o: { brightTime: number }) => { device.display.brightTimeMs = o && o.brightTime; return 0; },
      resetPageBrightTime: () => { device.display.brightTimeMs = 0; device.display.resets++; return 0; },
      pauseDropWristScreenOff: () => { device.display.dropWristPaused = true; return 0; },
      resetDropWristScreenOff: () => { device.display.dropWristPaused = false; return 0; },
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
      onGesture: (o: { callback: (g: number) => boolean }) => { device.gestureHandler = o && o.callback; },
      offGesture: () => { device.gestureHandler = null; },
      onKey: (o: { callback: (k: number, e: number) => boolean }) => { device.keyHandler = o && o.callback; },
      offKey: () => { device.keyHandler = null; },
      createModal: () => ({ show: () => undefined }),
      GESTURE_UP: 1, GESTURE_DOWN: 2, GESTURE_LEFT: 3, GESTURE_RIGHT: 4,
      KEY_BACK: 8, KEY_SELECT: 9, KEY_HOME: 10, KEY_UP: 11, KEY_DOWN: 12, KEY_SHORTCUT: 13,
      KEY_EVENT_CLICK: 1, KEY_EVENT_PRESS: 2,
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
    '@zos/page': {},
    '@zos/fs': {},
  };
}
