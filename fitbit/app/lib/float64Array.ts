// Injected into the device bundle by scripts/buildFitbit.js (esbuild `inject`): every free
// `Float64Array` in the device code (shared/motion's sample buffers) refers to this export.
// The watch has typed arrays (its accelerometer delivers them) and gets the native one; an
// engine without them (JerryScript's es5.1 profile, used by `npm run test:jerryscript`) gets
// a zero-filled Array, which is all the motion code asks of one: length, index, fill(0).
function ZeroFilled(length: number): number[] {
  const a: number[] = [];
  for (let i = 0; i < length; i++) a.push(0);
  return a;
}

const F64 = (typeof Float64Array !== 'undefined' ? Float64Array : ZeroFilled) as unknown as Float64ArrayConstructor;
export { F64 as Float64Array };
