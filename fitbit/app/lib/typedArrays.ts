// Injected into the device bundle by scripts/buildFitbit.js (esbuild `inject`): every free
// `Float64Array`, `Float32Array`, `Int32Array` and `Uint8Array` in the device code
// (shared/motion's preallocated sample buffers) refers to these exports. The watch has typed
// arrays (its accelerometer delivers them) and gets the native ones; an engine without them
// (JerryScript's es5.1 profile, used by `npm run test:jerryscript`) gets a zero-filled Array,
// which is all the motion code asks of one: length, index, fill(0). (A plain Array does not
// truncate like Int32Array; the motion code stores only whole numbers in its Int32Array and
// Uint8Array: indices, flags and the fixed-point signal of shared/motion/recount.ts, truncated
// there with `| 0`, so the count is the same, number for number.)
// Made at full length and then filled: JerryScript gives `new Array(n)` one block of n slots,
// where n pushes would grow it block by block and leave the smaller ones behind as holes.
function ZeroFilled(length: number): number[] {
  const a: number[] = new Array(length);
  for (let i = 0; i < length; i++) a[i] = 0;
  return a;
}

const F64 = (typeof Float64Array !== 'undefined' ? Float64Array : ZeroFilled) as unknown as Float64ArrayConstructor;
const F32 = (typeof Float32Array !== 'undefined' ? Float32Array : ZeroFilled) as unknown as Float32ArrayConstructor;
const I32 = (typeof Int32Array !== 'undefined' ? Int32Array : ZeroFilled) as unknown as Int32ArrayConstructor;
const U8 = (typeof Uint8Array !== 'undefined' ? Uint8Array : ZeroFilled) as unknown as Uint8ArrayConstructor;
export { F64 as Float64Array, F32 as Float32Array, I32 as Int32Array, U8 as Uint8Array };
