// EXPERIMENTAL cycling cadence from a wrist (no published wrist method exists).
//
// What it does: finds the dominant rhythm of the wrist movement (principal axis of the
// gravity-free acceleration, like the rep counter) between 0.4 and 1.5 s by running
// autocorrelation and reports it as revolutions per minute, with the autocorrelation
// strength as confidence. What it cannot do: hands resting on handlebars barely move; the
// body sways once per pedal stroke (two per revolution) on some riders and once per
// revolution on others, so the value can be off by a factor of two; standing, coasting and
// road vibration are not told apart beyond "not repetitive" (rpm 0). Use it as a hint,
// never for pacing or safety.
import { GridSink, Resampler } from './resampler';
import { Periodicity } from './periodicity';

export interface CadenceOptions {
  unitScale?: number;
}

const GRID_MS = 40;
const MIN_PERIOD_S = 0.4; // 150 rpm
const MAX_PERIOD_S = 1.5; // 40 rpm
const WINDOW_S = 5;
const GATE_STRENGTH = 0.5;
const GRAVITY_TAU_S = 1.5;
const FLOOR_MS2 = 0.05;

export class CadenceEstimator implements GridSink {
  /** Revolutions per minute (0 when no steady rhythm). */
  rpm = 0;
  /** 0..1: autocorrelation strength at the reported period. */
  confidence = 0;
  private readonly scale: number;
  private readonly resampler: Resampler;
  private readonly acf: Periodicity;
  private readonly aG: number;
  private readonly aC: number;
  private started = false;
  private gx = 0;
  private gy = 0;
  private gz = 0;
  private readonly c = new Float64Array(6);
  private mx = 0;
  private my = 0;
  private mz = 0;
  private vx = 1;
  private vy = 0;
  private vz = 0;
  private ms = 0;
  private w = 0;

  constructor(opts: CadenceOptions = {}) {
    this.scale = opts.unitScale === undefined ? 1 : opts.unitScale;
    const perS = GRID_MS / 1000;
    this.acf = new Periodicity(Math.floor(MIN_PERIOD_S / perS), Math.ceil(MAX_PERIOD_S / perS), WINDOW_S / perS, 0, 0.85);
    this.resampler = new Resampler(GRID_MS, 1000, this);
    this.aG = perS / (GRAVITY_TAU_S + perS);
    this.aC = perS / (WINDOW_S + perS);
  }

  reset(): void {
    this.rpm = 0;
    this.confidence = 0;
    this.resampler.reset();
    this.acf.reset();
    this.started = false;
    this.c.fill(0);
    this.mx = 0;
    this.my = 0;
    this.mz = 0;
    this.vx = 1;
    this.vy = 0;
    this.vz = 0;
    this.ms = 0;
    this.w = 0;
  }

  /** Feeds one sample; returns the current rpm (0: none). */
  push(tMs: number, x: number, y: number, z: number): number {
    const s = this.scale;
    this.resampler.push(tMs, x * s, y * s, z * s);
    return this.rpm;
  }

  gridGap(): void {
    this.rpm = 0;
    this.confidence = 0;
  }

  gridSample(_tMs: number, x: number, y: number, z: number): void {
    if (!this.started) {
      this.started = true;
      this.gx = x;
      this.gy = y;
      this.gz = z;
    }
    const aG = this.aG;
    this.gx += aG * (x - this.gx);
    this.gy += aG * (y - this.gy);
    this.gz += aG * (z - this.gz);
    const a = this.aC;
    this.mx += a * (x - this.gx - this.mx);
    this.my += a * (y - this.gy - this.my);
    this.mz += a * (z - this.gz - this.mz);
    const dx = x - this.gx - this.mx;
    const dy = y - this.gy - this.my;
    const dz = z - this.gz - this.mz;
    const c = this.c;
    c[0] += a * (dx * dx - c[0]);
    c[1] += a * (dy * dy - c[1]);
    c[2] += a * (dz * dz - c[2]);
    c[3] += a * (dx * dy - c[3]);
    c[4] += a * (dx * dz - c[4]);
    c[5] += a * (dy * dz - c[5]);
    const nx = c[0] * this.vx + c[3] * this.vy + c[4] * this.vz;
    const ny = c[3] * this.vx + c[1] * this.vy + c[5] * this.vz;
    const nz = c[4] * this.vx + c[5] * this.vy + c[2] * this.vz;
    const norm = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (norm > 1e-12) {
      this.vx = nx / norm;
      this.vy = ny / norm;
      this.vz = nz / norm;
    }
    const s = dx * this.vx + dy * this.vy + dz * this.vz;
    this.ms += a * (s * s - this.ms);
    this.w += a * (1 - this.w);
    const acf = this.acf;
    acf.push(s);
    acf.estimate();
    const ok = acf.period > 0 && acf.strength >= GATE_STRENGTH && Math.sqrt(this.ms / this.w) >= FLOOR_MS2;
    this.rpm = ok ? 60000 / (acf.period * GRID_MS) : 0;
    this.confidence = ok ? acf.strength : 0;
  }
}

export function createCadenceEstimator(opts: CadenceOptions = {}): CadenceEstimator {
  return new CadenceEstimator(opts);
}
