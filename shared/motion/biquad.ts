// Second-order Butterworth sections (bilinear transform, RBJ cookbook form) for the band-pass
// that the rep counter centres on the rep period. Coefficients are plain numbers in an
// object made once; `setLowPass`/`setHighPass` rewrite them in place when the period changes,
// and the state (two numbers, transposed direct form II) carries over, so a slowly moving
// cut-off does not restart the filter. No allocation after construction.

const Q_BUTTERWORTH = Math.SQRT1_2;

export class Biquad {
  b0 = 1;
  b1 = 0;
  b2 = 0;
  a1 = 0;
  a2 = 0;
  private s1 = 0;
  private s2 = 0;

  /** Low-pass at `cutoff` (cycles per sample, 0 < cutoff < 0.5). */
  setLowPass(cutoff: number): void {
    const w = 2 * Math.PI * clampCutoff(cutoff);
    const c = Math.cos(w);
    const alpha = Math.sin(w) / (2 * Q_BUTTERWORTH);
    const a0 = 1 + alpha;
    this.b0 = (1 - c) / 2 / a0;
    this.b1 = (1 - c) / a0;
    this.b2 = this.b0;
    this.a1 = (-2 * c) / a0;
    this.a2 = (1 - alpha) / a0;
  }

  /** High-pass at `cutoff` (cycles per sample). */
  setHighPass(cutoff: number): void {
    const w = 2 * Math.PI * clampCutoff(cutoff);
    const c = Math.cos(w);
    const alpha = Math.sin(w) / (2 * Q_BUTTERWORTH);
    const a0 = 1 + alpha;
    this.b0 = (1 + c) / 2 / a0;
    this.b1 = -(1 + c) / a0;
    this.b2 = this.b0;
    this.a1 = (-2 * c) / a0;
    this.a2 = (1 - alpha) / a0;
  }

  reset(): void {
    this.s1 = 0;
    this.s2 = 0;
  }

  step(x: number): number {
    const y = this.b0 * x + this.s1;
    this.s1 = this.b1 * x - this.a1 * y + this.s2;
    this.s2 = this.b2 * x - this.a2 * y;
    return y;
  }
}

function clampCutoff(c: number): number {
  return c < 1e-4 ? 1e-4 : c > 0.45 ? 0.45 : c;
}

/**
 * Zero-phase band-pass of `a[from..to)` in place: high-pass then low-pass, run forward and then
 * backward (so peaks stay where they are). The filters start from rest; the caller removes
 * the mean first so that the ends do not ring. The array holds whole numbers (a fixed-point
 * signal, recount.ts FIXED): each result is truncated as an Int32Array would, on every engine.
 */
export function bandPassZeroPhase(a: Int32Array, from: number, to: number, hp: Biquad, lp: Biquad): void {
  hp.reset();
  lp.reset();
  for (let i = from; i < to; i++) a[i] = lp.step(hp.step(a[i])) | 0;
  hp.reset();
  lp.reset();
  for (let i = to - 1; i >= from; i--) a[i] = lp.step(hp.step(a[i])) | 0;
}
