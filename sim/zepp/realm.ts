// A JavaScript realm for simulated device or phone code: a vm context whose clock, timers and
// modules are the simulator's. Typed arrays, Buffer and Promise come from Node's realm so that
// bytes and promises cross between the watch, the link and the phone without surprises.
import vm from 'vm';
import type { Clock } from '../clock';

export function clockDate(clock: Clock): DateConstructor {
  class SimDate extends Date {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(clock.now());
      else super(...(args as [number]));
    }
    static override now(): number {
      return clock.now();
    }
  }
  return SimDate as unknown as DateConstructor;
}

/**
 * ZML leaves some promises rejected with nobody listening (its BLE handshake timing out, and
 * every chain hanging off it). The watch and the phone only log such a rejection; Node would
 * kill the process (or fail the test that happens to be running). Every promise made inside a
 * realm therefore carries a rejection listener that records the reason, as the device's log
 * would, in `realmRejections`.
 */
export const realmRejections: unknown[] = [];
const recordRejection = (reason: unknown) => {
  if (realmRejections.length < 1000) realmRejections.push(reason);
};
// then() builds its result with this same class; the listener's own result needs none.
let attaching = false;
class DeferredPromise<T> extends Promise<T> {
  constructor(executor: (resolve: (value: T | PromiseLike<T>) => void, reject: (reason?: unknown) => void) => void) {
    super(executor);
    if (attaching) return;
    attaching = true;
    try {
      Promise.prototype.then.call(this, undefined, recordRejection);
    } finally {
      attaching = false;
    }
  }
}

export interface Realm {
  context: vm.Context;
  /**
   * Runs a CommonJS bundle with `require` resolving to the given modules. `fileScope`: names only
   * this file sees (the Zepp CLI wraps each file in `with (__$$G$$__)`
   * with a `__$$G$$__` of its own: @zeppos/zpm lib/0.node.js), e.g. its `__$$module$$__`.
   */
  runBundle(code: string, filename: string, modules: (name: string) => unknown, fileScope?: Record<string, unknown>): unknown;
  /** The process is gone: its pending timers never fire and it can set no new ones. */
  dispose(): void;
}

export function createRealm(clock: Clock, globals: Record<string, unknown>, onError: (e: unknown) => void): Realm {
  recordUnhandledRejections();
  const guard = (fn: (...a: unknown[]) => void) => (...a: unknown[]) => {
    try {
      fn(...a);
    } catch (e) {
      onError(e);
    }
  };
  // Timers this realm set, so a killed app or a stopped service stops ticking with it.
  const live = new Set<number>();
  let disposed = false;
  const setTimer = (fn: () => void, ms: number, repeat: boolean): number => {
    if (disposed) return 0;
    const id = clock.setTimer(() => {
      if (!repeat) live.delete(id);
      fn();
    }, ms, repeat);
    live.add(id);
    return id;
  };
  const clearTimer = (id: number) => {
    live.delete(id);
    clock.clearTimer(id);
  };
  const sandbox: Record<string, unknown> = {
    console,
    Buffer,
    ArrayBuffer, SharedArrayBuffer, DataView,
    Uint8Array, Uint8ClampedArray, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array,
    Promise: DeferredPromise,
    TextEncoder, TextDecoder,
    Date: clockDate(clock),
    setTimeout: (fn: () => void, ms?: number) => setTimer(guard(fn), ms || 0, false),
    clearTimeout: (id: number) => clearTimer(id),
    setInterval: (fn: () => void, ms: number) => setTimer(guard(fn), ms, true),
    clearInterval: (id: number) => clearTimer(id),
    ...globals,
  };
  const context = vm.createContext(sandbox, { codeGeneration: { strings: false, wasm: false } });
  return {
    context,
    runBundle(code, filename, modules, fileScope = {}) {
      const names = Object.keys(fileScope);
      for (const n of names) if (!/^[A-Za-z_$][\w$]*$/.test(n)) throw new Error(`${filename}: bad file-scope name ${n}`);
      const wrapper = vm.runInContext(`(function (module, exports, require${names.map((n) => ', ' + n).join('')}) {\n${code}\n})`, context, { filename });
      const mod = { exports: {} as Record<string, unknown> };
      const req = (name: string) => {
        const m = modules(name);
        if (m === undefined) throw new Error(`${filename}: module not found: ${name}`);
        return m;
      };
      wrapper(mod, mod.exports, req, ...names.map((n) => fileScope[n]));
      return mod.exports;
    },
    dispose() {
      disposed = true;
      for (const id of Array.from(live)) clock.clearTimer(id);
      live.clear();
    },
  };
}

/**
 * Promise rejections nobody handled. ZML itself leaves some (its handshake promise when BLE is
 * down); the watch only logs those, so the simulator records them instead of crashing Node.
 */
export const unhandledRejections: unknown[] = [];
let listening = false;
export function recordUnhandledRejections(): void {
  if (listening) return;
  listening = true;
  process.on('unhandledRejection', (reason) => {
    unhandledRejections.push(reason);
  });
}
