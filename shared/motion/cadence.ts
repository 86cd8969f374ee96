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
import { PrincipalAxis } from './principalAxis';

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
  private readonly aC: number;
  private readonly axis: PrincipalAxis;
  private ms = 0;
  private w = 0;

  constructor(opts: CadenceOptions = {}) {
    this.scale = opts.unitScale === undefined ? 1 : opts.unitScale;
    const perS = GRID_MS / 1000;
    this.acf = new Periodicity(Math.floor(MIN_PERIOD_S / perS), Math.ceil(MAX_PERIOD_S / perS), WINDOW_S / perS, 0, 0.85);
    this.resampler = new Resampler(GRID_MS, 1000, this);
    this.aC = perS / (WINDOW_S + perS);
    this.axis = new PrincipalAxis(perS / (GRAVITY_TAU_S + perS), this.aC, this.aC);
  }

  reset(): void {
    this.rpm = 0;
    this.confidence = 0;
    this.resampler.reset();
    this.acf.reset();
    this.axis.reset();
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
    const a = this.aC;
    const s = this.axis.project(x, y, z);
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
