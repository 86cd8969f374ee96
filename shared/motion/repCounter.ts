// Streaming repetition counter for resistance exercises (method: README.md).
import { GridSink, Resampler } from './resampler';
import { CycleCounter, CycleParams } from './cycleCounter';
import { profileFor } from './exercises';
import { PrincipalAxis } from './principalAxis';

export interface RepCounterOptions {
  /** The exercise the program is running (e.g. 'bench', 'squat'); sets the period range. */
  exercise: string;
  /** Multiplier from the platform's unit to m/s^2 (Zepp cm/s^2: 0.01; m/s^2: 1). */
  unitScale?: number;
  /** Called for each counted rep (the first reps of a set arrive together, a little late). */
  onRep?: (tMs: number, confidence: number, count: number) => void;
}

// Tuning constants, in physical units (README.md explains each).
export const REP_GRID_MS = 100; // 10 Hz internal rate: reps have nothing above ~3 Hz
const MAX_GAP_MS = 1500; // a longer sampling gap restarts the grid instead of interpolating
const GRAVITY_TAU_S = 2.5; // per-axis high-pass: removes gravity, keeps periods up to ~6 s
const AXIS_TAU_S = 4; // the principal axis follows a change of grip within a few reps
const OFFSET_TAU_S = 20; // residual offset left by a turning wrist (3x the longest rep)

export const REP_CYCLE: Omit<CycleParams, 'minPeriodS' | 'maxPeriodS'> = {
  gridMs: REP_GRID_MS,
  fastFromS: 0.3, // a rhythm from 0.3 s up to the shortest rep period beats reps: walking, shaking
  windowS: 6, // autocorrelation and RMS memory: about two slow reps
  harmonicRatio: 0.85, // 2T and 3T score like T on a periodic signal: take the first peak
  gateStrength: 0.4, // autocorrelation needed to call movement repetitive
  hysteresis: 1.0, // a spike must exceed one running RMS
  smoothS: 0.2, // removes sample jitter, keeps the turnaround spike
  polarityS: 15, // skewness memory: several reps
  refractory: 0.5, // two reps are at least half a period apart
  rearm: 0, // a peak ends when the signal crosses zero
  floor: 0.05, // m/s^2: smallest threshold (sensor noise and tremor lie below)
  pendingMax: 4, // reps that can be recovered when a set is recognised
  chainTolerance: 0.6, // pending reps at most 1.6 periods apart chain into the set
};

export class RepCounter implements GridSink {
  readonly exercise: string;
  private readonly scale: number;
  private readonly onRep: ((tMs: number, confidence: number, count: number) => void) | undefined;
  private readonly resampler: Resampler;
  private readonly core: CycleCounter;
  private readonly axis: PrincipalAxis;

  constructor(opts: RepCounterOptions) {
    this.exercise = opts.exercise;
    this.scale = opts.unitScale === undefined ? 1 : opts.unitScale;
    this.onRep = opts.onRep;
    const profile = profileFor(opts.exercise);
    const self = this;
    this.core = new CycleCounter(
      { ...REP_CYCLE, minPeriodS: profile.minPeriodS, maxPeriodS: profile.maxPeriodS },
      this.onRep ? (t, conf) => self.onRep!(t, conf, self.core.count) : undefined,
    );
    this.resampler = new Resampler(REP_GRID_MS, MAX_GAP_MS, this);
    const perS = REP_GRID_MS / 1000;
    this.axis = new PrincipalAxis(perS / (GRAVITY_TAU_S + perS), perS / (OFFSET_TAU_S + perS), perS / (AXIS_TAU_S + perS));
  }

  /** Reps counted so far. */
  get count(): number {
    return this.core.count;
  }
  /** Time (input clock, ms) at which the last rep was recognised; -1 before the first. */
  get lastRepTMs(): number {
    return this.core.lastTMs;
  }
  /** Confidence 0..1 of the last rep. */
  get lastRepConfidence(): number {
    return this.core.lastConfidence;
  }
  /** Current rep period estimate, ms (0: no repetition seen). */
  get periodMs(): number {
    return this.core.periodMs;
  }
  /** How repetitive the recent movement is, 0..1. */
  get strength(): number {
    return this.core.strength;
  }
  /** True while reps are being counted (inside a set). */
  get active(): boolean {
    return this.core.active;
  }

  reset(): void {
    this.core.reset();
    this.resampler.reset();
    this.axis.reset();
  }

  /** Feeds one sample in the platform's unit; returns the reps counted because of it. */
  push(tMs: number, x: number, y: number, z: number): number {
    this.core.newCount = 0;
    const s = this.scale;
    this.resampler.push(tMs, x * s, y * s, z * s);
    return this.core.newCount;
  }

  gridGap(gapMs: number): void {
    this.core.gap(gapMs);
  }

  gridSample(tMs: number, x: number, y: number, z: number): void {
    this.core.push(tMs, this.axis.project(x, y, z));
  }
}

export function createRepCounter(opts: RepCounterOptions): RepCounter {
  return new RepCounter(opts);
}
