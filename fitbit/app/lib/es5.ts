// The few post-ES5 built-ins the shared code calls on the watch, added only where the engine
// lacks them (JerryScript with an ES5.1 feature set: the SDK promises `lib: ["es5",
// "es2015.promise"]`). Imported first by app/index.ts, so it runs before any shared module is
// evaluated (shared/ reads Number.MAX_SAFE_INTEGER while building its schemas).
// The typed arrays are supplied at build time (fitbit/app/lib/typedArrays.ts) and zod is replaced
// (fitbit/app/lib/zodMini.ts). `npm run test:jerryscript` runs the built .fba file in a
// JerryScript 2.4.0 built with the es5.1 profile and fails on any built-in left missing.
/* eslint-disable no-extend-native */

type Predicate = (value: unknown, index: number, array: unknown[]) => unknown;

function define(target: object, name: string, value: unknown): void {
  if (!(name in target)) Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
}

// shared/protocol, shared/session: bounds of sequence numbers and counters.
define(Number, 'MAX_SAFE_INTEGER', 9007199254740991);
define(Number, 'MIN_SAFE_INTEGER', -9007199254740991);

// shared/safety/checkCuffCommand.ts (find), shared/session/cuffControl.ts (findIndex).
define(Array.prototype, 'findIndex', function findIndex(this: unknown[], fn: Predicate, self?: unknown): number {
  for (let i = 0; i < this.length; i++) if (fn.call(self, this[i], i, this)) return i;
  return -1;
});
define(Array.prototype, 'find', function find(this: unknown[], fn: Predicate, self?: unknown): unknown {
  for (let i = 0; i < this.length; i++) if (fn.call(self, this[i], i, this)) return this[i];
  return undefined;
});
// shared/motion (periodicity, principalAxis): fill(0) on their sample buffers.
define(Array.prototype, 'fill', function fill(this: unknown[], value: unknown): unknown[] {
  for (let i = 0; i < this.length; i++) this[i] = value;
  return this;
});
