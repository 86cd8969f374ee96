// The few platform globals the controller client needs. The companion's tsconfig has neither
// DOM nor Node typings (the side service is neither), so they are declared here, as narrowly
// as they are used. Module-scoped declarations: at run time they are the globals.
declare const setTimeout: (fn: () => void, ms: number) => unknown;
declare const clearTimeout: (handle: unknown) => void;

export interface Timers {
  set: (fn: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

export const platformTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle),
};

export function sleepWith(timers: Timers): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise<void>((resolve) => {
      timers.set(resolve, Math.max(0, ms));
    });
}

/** An AbortController when the runtime has one (Node, browsers); undefined otherwise. */
export interface AbortLike {
  signal: unknown;
  abort(): void;
}
declare const AbortController: (new () => AbortLike) | undefined;

export function makeAbort(): AbortLike | undefined {
  try {
    return typeof AbortController === 'function' ? new AbortController() : undefined;
  } catch (e) {
    return undefined;
  }
}
