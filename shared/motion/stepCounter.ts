// Streaming step counter for walking (method: README.md).
//
// Walking is a steady rhythm, so steps are counted by integrating the step rate: while the
// movement is repetitive at a step-like period T (autocorrelation gate), each grid sample
// adds gridMs / T steps, and a step is reported whenever the running total passes a whole
// number. This does not depend on every footfall producing a clean peak (a hand-held phone
// or a swinging arm blurs them), only on the period, which the autocorrelation measures
// to about 1 %.
import { GridSink, Resampler } from './resampler';
import { Periodicity } from './periodicity';

export interface StepCounterOptions {
  /** Multiplier from the platform's unit to m/s^2 (Zepp cm/s^2: 0.01; m/s^2: 1). */
  unitScale?: number;
  onStep?: (tMs: number, confidence: number, count: number) => void;
}

export const STEP_GRID_MS = 40; // 25 Hz internal rate
const MAX_GAP_MS = 1000; // longer sampling gaps restart the grid; no steps are invented
const GRAVITY_TAU_S = 1; // slow mean of the magnitude (gravity and posture)
const MIN_PERIOD_S = 0.3; // 200 steps/min (running)
const MAX_PERIOD_S = 1.0; // 60 steps/min (very slow walk)
const WINDOW_S = 3; // autocorrelation memory: about five steps
// Left and right steps differ at the wrist, so the stride (two steps) often correlates
// better than the step; the step lag wins when its peak reaches 60 % of the best.
const HARMONIC_RATIO = 0.6;
const GATE_STRENGTH = 0.4; // autocorrelation needed to call it walking
const FLOOR_MS2 = 0.3; // RMS below this (m/s^2) is standing still, whatever the rhythm
// The autocorrelation needs a few steps before it vouches for walking. When it does, the
// steps of the moving time just before (RMS above the floor, rhythm not yet proven) are
// counted at the period found, back to at most one memory length (what it has seen).
const RETRO_MAX_S = WINDOW_S;

export class StepCounter implements GridSink {
  /** Steps counted (whole steps). */
  count = 0;
  /** Time (input clock, ms) of the last counted step; -1 before the first. */
  lastStepTMs = -1;
  /** Confidence 0..1 of the last step (autocorrelation strength). */
  lastStepConfidence = 0;
  /** True while walking is recognised. */
  active = false;
  /** Step period, ms (0: no rhythm). */
  periodMs = 0;
  private readonly scale: number;
  private readonly onStep: ((tMs: number, confidence: number, count: number) => void) | undefined;
  private readonly resampler: Resampler;
  private readonly acf: Periodicity;
  private readonly aG: number;
  private readonly aE: number;
  private started = false;
  private g = 0;
  private ms = 0;
  private w = 0;
  private phase = 0;
  private newSteps = 0;
  private moveSinceT = -1;
  private tick = 0;

  constructor(opts: StepCounterOptions = {}) {
    this.scale = opts.unitScale === undefined ? 1 : opts.unitScale;
    this.onStep = opts.onStep;
    const perS = STEP_GRID_MS / 1000;
    const maxLag = Math.ceil(MAX_PERIOD_S / perS);
    // Lags up to two step periods are kept: the stride (left + right step) is checked too.
    this.acf = new Periodicity(Math.floor(MIN_PERIOD_S / perS), maxLag, WINDOW_S / perS, 0, HARMONIC_RATIO, 2 * maxLag + 1);
    this.resampler = new Resampler(STEP_GRID_MS, MAX_GAP_MS, this);
    this.aG = perS / (GRAVITY_TAU_S + perS);
    this.aE = perS / (WINDOW_S + perS);
  }

  /** Input samples whose time was repaired / that were dropped (see resampler.ts). */
  get repaired(): number {
    return this.resampler.repaired;
  }
  get dropped(): number {
    return this.resampler.dropped;
  }

  /** Steps per minute while walking, else 0. */
  get cadenceSpm(): number {
    return this.active && this.periodMs > 0 ? 60000 / this.periodMs : 0;
  }

  reset(): void {
    this.count = 0;
    this.lastStepTMs = -1;
    this.lastStepConfidence = 0;
    this.active = false;
    this.periodMs = 0;
    this.resampler.reset();
    this.acf.reset();
    this.started = false;
    this.ms = 0;
    this.w = 0;
    this.phase = 0;
    this.moveSinceT = -1;
    this.tick = 0;
  }

  /** Feeds one sample in the platform's unit; returns the steps counted because of it. */
  push(tMs: number, x: number, y: number, z: number): number {
    this.newSteps = 0;
    const s = this.scale;
    this.resampler.push(tMs, x * s, y * s, z * s);
    return this.newSteps;
  }

  gridGap(): void {
    this.phase = 0;
    this.moveSinceT = -1;
  }

  gridSample(tMs: number, x: number, y: number, z: number): void {
    const m = Math.sqrt(x * x + y * y + z * z);
    if (!this.started) {
      this.started = true;
      this.g = m;
    }
    this.g += this.aG * (m - this.g);
    const d = m - this.g;
    this.ms += this.aE * (d * d - this.ms);
    this.w += this.aE * (1 - this.w);
    const acf = this.acf;
    acf.push(d);
    // The period changes slowly: re-estimating every fourth grid sample (160 ms) is enough.
    if ((this.tick++ & 3) === 0) acf.estimate();
    this.periodMs = acf.period * STEP_GRID_MS;
    // Walking is repetitive at the step or at the stride (two steps): at the wrist, left and
    // right steps differ, so the stride can be far more regular than the step.
    const strength = acf.period > 0 ? Math.max(acf.strength, acf.rho(2 * acf.period)) : 0;
    const moving = Math.sqrt(this.ms / this.w) >= FLOOR_MS2;
    const wasActive = this.active;
    this.active = strength >= GATE_STRENGTH && moving;
    if (!this.active) {
      if (!moving) this.moveSinceT = -1;
      else if (this.moveSinceT < 0) this.moveSinceT = tMs;
      return;
    }
    if (!wasActive && this.moveSinceT >= 0) {
      const retroMs = Math.min(tMs - this.moveSinceT, RETRO_MAX_S * 1000);
      this.phase += retroMs / (acf.period * STEP_GRID_MS);
    }
    this.moveSinceT = -1;
    this.phase += 1 / acf.period;
    while (this.phase >= 1) {
      this.phase -= 1;
      this.count++;
      this.newSteps++;
      this.lastStepTMs = tMs;
      this.lastStepConfidence = strength;
      if (this.onStep) this.onStep(tMs, strength, this.count);
    }
  }
}

export function createStepCounter(opts: StepCounterOptions = {}): StepCounter {
  return new StepCounter(opts);
}
