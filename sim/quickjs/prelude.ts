// Runs inside QuickJS before the app's bundles: the Zepp globals (App, Page, getApp,
// __$$R$$__, Buffer, timers) over the same @zos/* stand-ins the Node runtime uses, with a
// timer queue the host drives. Bundled to one script by sim/quickjs/deviceCheck.ts.
import { Buffer } from 'buffer';
import { DeviceState, createDeviceModules, memoryStore, type Shape } from '../zepp/deviceModules';

declare const globalThis: Record<string, unknown>;
declare const __shape: Shape;
declare const __messages: Record<string, string>;

interface QueuedTimer { id: number; due: number; every: number; fn: () => void }
let now = Date.UTC(2026, 0, 5, 9, 0, 0);
let nextTimer = 1;
let queue: QueuedTimer[] = [];
const errors: string[] = [];

const timers = {
  now: () => now,
  setTimer(fn: () => void, delayMs: number, repeat: boolean) {
    const id = nextTimer++;
    const every = repeat ? Math.max(1, delayMs || 0) : 0;
    queue.push({ id, due: now + (repeat ? every : Math.max(0, delayMs || 0)), every, fn });
    return id;
  },
  clearTimer(id: number) { queue = queue.filter((t) => t.id !== id); },
};

const sentToPhone: number[] = [];
const device = new DeviceState({
  shape: __shape,
  timers,
  // No phone in the QuickJS check: the link is up but nobody answers, like a side service
  // that has not started yet.
  ble: { send: (bytes) => { sentToPhone.push(bytes.byteLength); return true; }, connected: () => true, onReceive: () => undefined },
  storage: memoryStore(),
  messages: __messages,
  navigate: () => undefined,
});
const modules = createDeviceModules(device);

let appOptions: Record<string, unknown> | null = null;
let pageOptions: Record<string, unknown> | null = null;
const appInstance: Record<string, unknown> = {};

// The device's Date reads the queue's clock, so phase timing in the check is deterministic.
const RealDate = Date;
class DeviceDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(now);
    else super(...(args as [number]));
  }
  static override now() { return now; }
}

globalThis.Buffer = Buffer;
// The app-scoped globals table ZML keeps its managers in.
globalThis.__$$app$$__ = { __globals__: { __scopedGlobals__: {} } };
globalThis.Date = DeviceDate;
globalThis.__$$R$$__ = (name: string) => {
  if (!Object.prototype.hasOwnProperty.call(modules, name)) throw new Error('module not found: ' + name);
  return modules[name];
};
globalThis.App = (opts: Record<string, unknown>) => {
  appOptions = opts;
  Object.assign(appInstance, opts, { _options: opts });
  return appInstance;
};
globalThis.getApp = () => appInstance;
globalThis.Page = (opts: Record<string, unknown>) => { pageOptions = opts; return opts; };
globalThis.setTimeout = (fn: () => void, ms?: number) => timers.setTimer(fn, ms || 0, false);
globalThis.clearTimeout = (id: number) => timers.clearTimer(id);
globalThis.setInterval = (fn: () => void, ms: number) => timers.setTimer(fn, ms, true);
globalThis.clearInterval = (id: number) => timers.clearTimer(id);

function call(target: Record<string, unknown> | null, name: string, ...args: unknown[]) {
  if (!target) throw new Error('no ' + name + ' target registered');
  const fn = target[name];
  if (typeof fn === 'function') fn.apply(target, args);
}

globalThis.__check = {
  moduleExports: (name: string) => Object.keys(modules[name] || {}),
  startApp: () => call(appOptions, 'onCreate'),
  openPage: (params?: string) => {
    call(pageOptions, 'onInit', params);
    call(pageOptions, 'build');
  },
  closePage: () => call(pageOptions, 'onDestroy'),
  hasApp: () => appOptions !== null,
  hasPage: () => pageOptions !== null,
  /** Runs due timers up to now + ms; errors thrown by callbacks are collected. */
  advance(ms: number) {
    const end = now + ms;
    for (;;) {
      let next: QueuedTimer | null = null;
      for (const t of queue) if (t.due <= end && (!next || t.due < next.due)) next = t;
      if (!next) break;
      now = Math.max(now, next.due);
      if (next.every) next.due += next.every;
      else queue = queue.filter((t) => t !== next);
      try {
        next.fn();
      } catch (e) {
        errors.push(String(e && (e as Error).stack ? (e as Error).message + '\n' + (e as Error).stack : e));
      }
    }
    now = end;
  },
  report: () => JSON.stringify({
    texts: device.ui.texts(),
    widgets: device.ui.all().length,
    errors,
    bytesSentToPhone: sentToPhone.reduce((a, b) => a + b, 0),
    logs: device.logs.filter((l) => l.level === 'error'),
  }),
};
