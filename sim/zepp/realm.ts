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
 * ZML creates deferred promises with `new Promise` and drops some of them when they reject
 * (its BLE handshake when the link is down). The watch only logs such a rejection; Node would
 * kill the process. Promises the realm constructs itself therefore carry a no-op rejection
 * handler; promises derived with then/catch are plain and behave as usual.
 */
class DeferredPromise<T> extends Promise<T> {
  static override get [Symbol.species]() {
    return Promise;
  }
  constructor(executor: (resolve: (value: T | PromiseLike<T>) => void, reject: (reason?: unknown) => void) => void) {
    super(executor);
    Promise.prototype.then.call(this, undefined, () => undefined);
  }
}

export interface Realm {
  context: vm.Context;
  /** Runs a CommonJS bundle with `require` resolving to the given modules. */
  runBundle(code: string, filename: string, modules: (name: string) => unknown): unknown;
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
  const sandbox: Record<string, unknown> = {
    console,
    Buffer,
    ArrayBuffer, SharedArrayBuffer, DataView,
    Uint8Array, Uint8ClampedArray, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array,
    Promise: DeferredPromise,
    TextEncoder, TextDecoder,
    Date: clockDate(clock),
    setTimeout: (fn: () => void, ms?: number) => clock.setTimer(guard(fn), ms || 0, false),
    clearTimeout: (id: number) => clock.clearTimer(id),
    setInterval: (fn: () => void, ms: number) => clock.setTimer(guard(fn), ms, true),
    clearInterval: (id: number) => clock.clearTimer(id),
    ...globals,
  };
  const context = vm.createContext(sandbox, { codeGeneration: { strings: false, wasm: false } });
  return {
    context,
    runBundle(code, filename, modules) {
      const wrapper = vm.runInContext(`(function (module, exports, require) {\n${code}\n})`, context, { filename });
      const mod = { exports: {} as Record<string, unknown> };
      const req = (name: string) => {
        const m = modules(name);
        if (m === undefined) throw new Error(`${filename}: module not found: ${name}`);
        return m;
      };
      wrapper(mod, mod.exports, req);
      return mod.exports;
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
