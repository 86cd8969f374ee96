// Turns samples that arrive at any rate (10-100 Hz or more, with jitter, gaps, repeated or
// backward timestamps and bursts) into a uniform grid, so every later stage can use fixed
// filter coefficients and lags.
//
// Stream repair, before anything else (real sensor callbacks and recordings do all of this):
// - a sample whose time does not advance (a repeated timestamp, a burst of samples delivered
//   with one shared timestamp, a small step back from jitter) is placed one typical sample
//   interval after the previous one (`repaired`). The typical interval is learnt from the
//   stream itself (clock advance per sample), so a burst of 25 samples stamped once per
//   second is spread over that second.
// - a step back of more than 1 s (the clock was set back) re-anchors the clock: later samples
//   keep their spacing and continue after the last accepted time (`repaired`).
// - a sample repeated exactly (same time, same values: a re-delivery) or with a value that
//   is not a finite number is dropped (`dropped`).
// Nothing throws and nothing stops: the counters keep counting through all of it.
//
// Then per accepted sample: a one-pole low-pass whose coefficient comes from the actual time
// step (anti-aliasing when the input is faster than the grid), then linear interpolation onto
// the grid points passed since the previous sample. A jump longer than `maxGapMs` is a gap:
// the grid restarts at the new sample and the sink is told how long the gap was. No
// allocation per sample.

/** Receives the uniform samples. */
export interface GridSink {
  gridSample(tMs: number, x: number, y: number, z: number): void;
  gridGap(gapMs: number): void;
}

/** A step back in time longer than this is a clock change, not jitter: re-anchor. */
const REANCHOR_MS = 1000;

export class Resampler {
  readonly periodMs: number;
  readonly maxGapMs: number;
  /** Input samples whose time was moved (repeated, backward, burst timestamps). */
  repaired = 0;
  /** Input samples dropped (exact re-deliveries, values that are not finite numbers). */
  dropped = 0;
  /** Sampling gaps longer than maxGapMs (the grid restarted after each). */
  gaps = 0;
  private sink: GridSink;
  private started = false;
  /** Last accepted time on the repaired clock. */
  private lastT = 0;
  /** Last raw time and values as received (to recognise re-deliveries). */
  private rawT = 0;
  private rawX = 0;
  private rawY = 0;
  private rawZ = 0;
  /** Added to raw times after a re-anchor. */
  private offset = 0;
  /** Typical interval between samples, ms (0: not known yet). */
  private dtEst = 0;
  /** Raw time at which the raw clock last advanced, and samples received since. */
  private advT = 0;
  private advN = 0;
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
    this.repaired = 0;
    this.dropped = 0;
    this.gaps = 0;
    this.offset = 0;
    this.dtEst = 0;
    this.advN = 0;
  }

  /** Feeds one raw sample (already in m/s^2). */
  push(tRaw: number, x: number, y: number, z: number): void {
    if (!(tRaw - tRaw === 0 && x - x === 0 && y - y === 0 && z - z === 0)) {
      // NaN or +-Infinity in time or value (x - x is NaN for both).
      this.dropped++;
      return;
    }
    if (!this.started) {
      this.rawT = tRaw;
      this.advT = tRaw;
      this.advN = 0;
      this.remember(x, y, z);
      this.restart(tRaw, x, y, z);
      return;
    }
    if (tRaw === this.rawT && x === this.rawX && y === this.rawY && z === this.rawZ) {
      this.dropped++;
      return;
    }
    // Learn the typical interval from how far the raw clock moves per sample.
    this.advN++;
    if (tRaw > this.advT) {
      const per = (tRaw - this.advT) / this.advN;
      if (per <= this.maxGapMs) this.dtEst = this.dtEst > 0 ? this.dtEst + 0.1 * (per - this.dtEst) : per;
      this.advT = tRaw;
      this.advN = 0;
    } else if (tRaw < this.advT - REANCHOR_MS) {
      this.advT = tRaw;
      this.advN = 0;
    }
    this.rawT = tRaw;
    this.remember(x, y, z);
    let t = tRaw + this.offset;
    if (!(t > this.lastT)) {
      const step = this.dtEst > 0 ? this.dtEst : this.periodMs;
      if (this.lastT - t > REANCHOR_MS) this.offset += this.lastT + step - t;
      t = this.lastT + step;
      this.repaired++;
    }
    const dt = t - this.lastT;
    if (dt > this.maxGapMs) {
      this.gaps++;
      this.sink.gridGap(dt);
      this.restart(t, x, y, z);
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
    while (this.nextT <= t) {
      const f = (this.nextT - t0) / dt;
      this.sink.gridSample(this.nextT, px + f * (nx - px), py + f * (ny - py), pz + f * (nz - pz));
      this.nextT += this.periodMs;
    }
    this.lastT = t;
    this.lx = nx;
    this.ly = ny;
    this.lz = nz;
  }

  /** The repaired clock's time for the last accepted sample (input clock plus re-anchoring). */
  get lastTMs(): number {
    return this.lastT;
  }

  private remember(x: number, y: number, z: number): void {
    this.rawX = x;
    this.rawY = y;
    this.rawZ = z;
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
