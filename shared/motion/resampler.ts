// Turns samples that arrive at any rate (10-100 Hz or more, with jitter and gaps) into a
// uniform grid, so every later stage can use fixed filter coefficients and lags.
//
// Per input sample: a one-pole low-pass whose coefficient comes from the actual time step
// (anti-aliasing when the input is faster than the grid), then linear interpolation onto the
// grid points passed since the previous sample. A jump longer than `maxGapMs` is a gap: the
// grid restarts at the new sample and the sink is told how long the gap was. Samples whose
// time does not increase are dropped (counted in `dropped`). No allocation per sample.

/** Receives the uniform samples. */
export interface GridSink {
  gridSample(tMs: number, x: number, y: number, z: number): void;
  gridGap(gapMs: number): void;
}

export class Resampler {
  readonly periodMs: number;
  readonly maxGapMs: number;
  /** Input samples dropped because their time did not increase. */
  dropped = 0;
  private sink: GridSink;
  private started = false;
  private lastT = 0;
  private lx = 0;
  private ly = 0;
  private lz = 0;
  private nextT = 0;
  private tau: number;

  constructor(periodMs: number, maxGapMs: number, sink: GridSink) {
    this.periodMs = periodMs;
    this.maxGapMs = maxGapMs;
    this.sink = sink;
    // Time constant of the anti-alias one-pole: cut-off about 1/3 of the grid rate.
    this.tau = (periodMs * 3) / (2 * Math.PI);
  }

  reset(): void {
    this.started = false;
    this.dropped = 0;
  }

  /** Feeds one raw sample (already in m/s^2). */
  push(tMs: number, x: number, y: number, z: number): void {
    if (!this.started) {
      this.restart(tMs, x, y, z);
      return;
    }
    const dt = tMs - this.lastT;
    if (!(dt > 0)) {
      this.dropped++;
      return;
    }
    if (dt > this.maxGapMs) {
      this.sink.gridGap(dt);
      this.restart(tMs, x, y, z);
      return;
    }
    const a = dt / (this.tau + dt);
    const px = this.lx;
    const py = this.ly;
    const pz = this.lz;
    const nx = px + a * (x - px);
    const ny = py + a * (y - py);
    const nz = pz + a * (z - pz);
    const t0 = this.lastT;
    while (this.nextT <= tMs) {
      const f = (this.nextT - t0) / dt;
      this.sink.gridSample(this.nextT, px + f * (nx - px), py + f * (ny - py), pz + f * (nz - pz));
      this.nextT += this.periodMs;
    }
    this.lastT = tMs;
    this.lx = nx;
    this.ly = ny;
    this.lz = nz;
  }

  private restart(tMs: number, x: number, y: number, z: number): void {
    this.started = true;
    this.lastT = tMs;
    this.lx = x;
    this.ly = y;
    this.lz = z;
    this.sink.gridSample(tMs, x, y, z);
    this.nextT = tMs + this.periodMs;
  }
}
