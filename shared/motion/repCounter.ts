// Streaming repetition counter for resistance exercises (method: README.md).
//
// Live: every sample goes through the stream repair and the uniform grid (resampler.ts), is
// turned into one movement signal (vertical acceleration for exercises that move the wrist up
// and down, the main axis of movement otherwise) and counted by the live core
// (cycleCounter.ts). The signal is also kept in a bounded set buffer; `finish()` recounts the
// whole set from it (recount.ts) when the set is over. The live count stays what it was; the
// recount is offered for the record.
import { GridSink, Resampler } from './resampler';
import { CycleCounter, CycleParams } from './cycleCounter';
import { profileFor, ExerciseProfile } from './exercises';
import { PrincipalAxis } from './principalAxis';
import { FIXED, Recount, RecountParams } from './recount';

/** The tempo cue, when the program plays one: durations of the lifting and lowering phases. */
export interface TempoCue {
  upMs: number;
  downMs: number;
  /** Pause per rep, if the cue has one. */
  pauseMs?: number;
}

export interface RepCounterOptions {
  /** The exercise the program is running (e.g. 'squat', 'arm-curl'): signal and turnaround. */
  exercise: string;
  /** Multiplier from the platform's unit to m/s^2 (Zepp cm/s^2: 0.01; m/s^2: 1). */
  unitScale?: number;
  /** Called for each counted rep (the first reps of a set arrive together, a little late). */
  onRep?: (tMs: number, confidence: number, count: number) => void;
  /** The tempo cue, when it is on: narrows the period search around the cue's period. */
  tempo?: TempoCue | null;
  /** The set's target reps. Deliberately not used to shape the count (see README). */
  targetReps?: number | null;
  /** When the set starts (input clock, ms): turnarounds before it are not counted. */
  startTMs?: number;
  /** Length of the set buffer for the end-of-set recount, seconds (default 180, max 600). */
  bufferS?: number;
  /** Evaluation only: overrides of the constants that `bfr-coach eval --folds` tunes. */
  tuning?: Partial<RepTuning>;
}

/**
 * The constants that were chosen by looking at recordings (everything else follows from
 * physics or the exercise). `bfr-coach eval --folds participant` re-chooses them inside each
 * fold from a small grid, without the held-out person (ties go to REP_TUNING_PRIOR); these
 * defaults, what the device runs, are what the same search chooses on the whole development set.
 */
export interface RepTuning {
  /** Live: a turnaround must reach this multiple of the running RMS of the band-passed signal. */
  threshold: number;
  /** Recount: a turnaround must reach this multiple of the set's RMS. */
  minShare: number;
  /** Barbell lifts: share of the movement's variance along gravity for the gate to open. */
  minVertical: number;
  /** Live: a turnaround is counted once the signal is back below this share of its peak. */
  confirm: number;
}

export const REP_TUNING: RepTuning = { threshold: 0.7, minShare: 0.5, minVertical: 0.1, confirm: 0.7 };

/** Grid searched inside each fold by `bfr-coach eval --folds participant`. */
export const REP_TUNING_GRID: { [K in keyof RepTuning]: number[] } = {
  threshold: [0.35, 0.5, 0.7],
  minShare: [0.35, 0.5, 0.7],
  minVertical: [0.05, 0.1, 0.2],
  confirm: [0, 0.5, 0.7],
};

/**
 * The middle of every grid, fixed without looking at any data: inside a fold, candidates that
 * the training people cannot tell apart (equal loss) are decided by closeness to this, never by
 * REP_TUNING, which was chosen with every person (the one judged too).
 */
export const REP_TUNING_PRIOR: RepTuning = { threshold: 0.5, minShare: 0.5, minVertical: 0.1, confirm: 0.5 };

// Tuning constants, in physical units (README.md explains each).
export const REP_GRID_MS = 100; // 10 Hz internal rate: reps have nothing above ~3 Hz
const MAX_GAP_MS = 1500; // a longer sampling gap restarts the grid instead of interpolating
const GRAVITY_TAU_S = 5; // slow mean of |a| (gravity and sensor offset); the band-pass does the rest
const AXIS_GRAVITY_TAU_S = 2.5; // per-axis high-pass for the principal axis (unknown exercises)
const AXIS_TAU_S = 4; // the principal axis follows a change of grip within a few reps
const OFFSET_TAU_S = 20; // residual offset left by a turning wrist (3x the longest rep)
const DEFAULT_BUFFER_S = 180; // 30 reps at 2 s up / 2 s down plus pauses, with margin
const MAX_BUFFER_S = 600;
/** Longest sampling gap zero-filled in the set buffer, s (longer gaps end any bridging anyway). */
const MAX_FILL_S = 10;
/** Low-pass of the verticality measure: reps have their movement below it. */
const VERTICAL_LOWPASS_HZ = 1.5;
/**
 * Set-buffer flags per grid sample: zero-filled gap; live gate open; and, from bit 2 up, how many
 * live reps fall in the sample (FLAG_REP each; reps are about half a period apart, so one or
 * two, far from the 63 a Uint8 holds), to know which ones the buffer no longer holds.
 */
export const FLAG_GAP = 1;
export const FLAG_GATE = 2;
const FLAG_REP = 4;

/** Longest rep period searched with the tempo cue on, s. */
const MAX_CUE_PERIOD_S = 9;
/** Band around the rep rate 1/T: passes a tempo change of about +-40 % within a set. */
const BAND_LO = 0.5;
const BAND_HI = 1.5;

export const REP_CYCLE: Omit<CycleParams, 'minPeriodS' | 'maxPeriodS' | 'defaultPeriodS' | 'polarity' | 'threshold' | 'confirm'> = {
  gridMs: REP_GRID_MS,
  fastFromS: 0.3, // a rhythm from 0.3 s up to the shortest rep period beats reps: walking, shaking
  windowS: 6, // autocorrelation and RMS memory: about two slow reps
  harmonicRatio: 0.85, // 2T and 3T score like T on a periodic signal: take the first peak
  gateStrength: 0.4, // autocorrelation needed to call movement repetitive
  bandLo: BAND_LO,
  bandHi: BAND_HI,
  floor: 0.05, // m/s^2: smallest threshold (sensor noise and tremor lie below)
  polarityS: 15, // skewness memory (unknown exercises only): several reps
  refractory: 0.5, // two reps are at least half a period apart
  pendingMax: 4, // reps that can be recovered when a set is recognised
  chainTolerance: 0.6, // pending reps at most 1.6 periods apart chain into the set
  maxBridgeS: 10, // gaps up to 10 s inside a set are bridged by phase
};

export const REP_RECOUNT: Omit<RecountParams, 'minPeriodS' | 'maxPeriodS' | 'minShare'> = {
  gridMs: REP_GRID_MS,
  harmonicRatio: 0.85,
  bandLo: BAND_LO,
  bandHi: BAND_HI,
  floor: 0.05,
  chainTolerance: 0.75, // reps of one set follow each other within 1.75 periods
  minChain: 3, // fewer turnarounds in rhythm are not a set
  refractory: 0.5,
  maxBridgeS: 10,
  arm: 0.5, // as in the live count (cycleCounter.ts ARM)
};

/** Period range and band centre, from the exercise and (when on) the tempo cue. */
function periods(profile: ExerciseProfile, tempo: TempoCue | null | undefined): { min: number; max: number; def: number } {
  if (tempo && tempo.upMs > 0 && tempo.downMs > 0) {
    const cueS = (tempo.upMs + tempo.downMs + (tempo.pauseMs || 0)) / 1000;
    // Lifters follow a cue loosely (faster, or with a pause between reps): the period is
    // searched from half the cue's to 1.5 times it (at least the exercise's own range at the
    // long end), and never beyond 9 s (the autocorrelation's cost grows with its longest lag).
    return {
      min: Math.max(profile.minPeriodS, 0.5 * cueS),
      max: Math.min(Math.max(profile.maxPeriodS, 1.5 * cueS), MAX_CUE_PERIOD_S),
      def: Math.min(cueS, MAX_CUE_PERIOD_S),
    };
  }
  return { min: profile.minPeriodS, max: profile.maxPeriodS, def: Math.sqrt(profile.minPeriodS * profile.maxPeriodS) };
}

export class RepCounter implements GridSink {
  readonly exercise: string;
  private readonly profile: ExerciseProfile;
  private readonly scale: number;
  private readonly onRep: ((tMs: number, confidence: number, count: number) => void) | undefined;
  private readonly resampler: Resampler;
  private readonly core: CycleCounter;
  private readonly axis: PrincipalAxis | null;
  private readonly aG: number;
  private readonly polarity: number;
  private readonly range: { min: number; max: number; def: number };
  private readonly startTMs: number;
  private readonly minVertical: number;
  private g = 0;
  private gW = 0;
  // Verticality: share of the movement's variance along gravity (REP_TUNING.minVertical, for
  // exercises with verticalGate).
  private readonly aV: number;
  private readonly aL: number;
  private gx = 0;
  private gy = 0;
  private gz = 0;
  private lx = 0;
  private ly = 0;
  private lz = 0;
  private ls = 0;
  private vS = 0;
  private vA = 0;
  // Set buffer (ring) for the recount: the signal in whole multiples of 1/FIXED m/s^2 (recount.ts),
  // and flags per sample (FLAG_GAP, FLAG_GATE, FLAG_REP).
  private readonly buf: Int32Array;
  private readonly flags: Uint8Array;
  private head = 0;
  private filled = 0;
  /** Grid time of the oldest buffered sample. */
  private bufStartT = 0;
  private lastGridT = 0;
  /** Live reps whose sample the buffer no longer holds (a set longer than the buffer). */
  private before = 0;
  private readonly recounter: Recount;
  private finished = -1;

  constructor(opts: RepCounterOptions) {
    this.exercise = opts.exercise;
    this.profile = profileFor(opts.exercise);
    this.scale = opts.unitScale === undefined ? 1 : opts.unitScale;
    this.onRep = opts.onRep;
    this.startTMs = opts.startTMs === undefined ? -Infinity : opts.startTMs;
    this.range = periods(this.profile, opts.tempo);
    this.polarity = this.profile.mid === 'bottom' ? 1 : this.profile.mid === 'top' ? -1 : 0;
    const tuning: RepTuning = { ...REP_TUNING, ...(opts.tuning || {}) };
    // With the tempo cue on, the lifter follows a metronome: the rhythm is known, and slow
    // reps have small accelerations next to even a small forearm tilt, so the verticality
    // condition (meant for telling fidgeting from free lifting) is off.
    const cueOn = !!(opts.tempo && opts.tempo.upMs > 0 && opts.tempo.downMs > 0);
    this.minVertical = this.profile.verticalGate && !cueOn ? tuning.minVertical : 0;
    const self = this;
    this.core = new CycleCounter(
      { ...REP_CYCLE, threshold: tuning.threshold, confirm: tuning.confirm, minPeriodS: this.range.min, maxPeriodS: this.range.max, defaultPeriodS: this.range.def, polarity: this.polarity },
      (t, conf) => self.repCounted(t, conf),
    );
    this.core.retro = (t, periodMs, out) => self.retroCount(t, periodMs, out);
    this.resampler = new Resampler(REP_GRID_MS, MAX_GAP_MS, this);
    const perS = REP_GRID_MS / 1000;
    this.aG = perS / (GRAVITY_TAU_S + perS);
    this.aV = perS / (REP_CYCLE.windowS + perS);
    this.aL = 1 - Math.exp(-2 * Math.PI * VERTICAL_LOWPASS_HZ * perS);
    this.axis = this.profile.signal === 'axis' ? new PrincipalAxis(perS / (AXIS_GRAVITY_TAU_S + perS), perS / (OFFSET_TAU_S + perS), perS / (AXIS_TAU_S + perS)) : null;
    const bufferS = Math.min(MAX_BUFFER_S, Math.max(10, opts.bufferS === undefined ? DEFAULT_BUFFER_S : opts.bufferS));
    const cap = Math.ceil((bufferS * 1000) / REP_GRID_MS);
    this.buf = new Int32Array(cap);
    this.flags = new Uint8Array(cap);
    this.recounter = new Recount({ ...REP_RECOUNT, minShare: tuning.minShare, minPeriodS: this.range.min, maxPeriodS: this.range.max }, cap);
    this.reset();
  }

  /** Reps counted live so far. */
  get count(): number {
    return this.core.count;
  }
  /** Time (input clock, ms) of the last rep's turnaround; -1 before the first. */
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
  /** Input samples whose time was repaired / that were dropped (see resampler.ts). */
  get repaired(): number {
    return this.resampler.repaired;
  }
  get dropped(): number {
    return this.resampler.dropped;
  }
  /** Seconds of signal the set buffer holds at most. */
  get bufferSeconds(): number {
    return (this.buf.length * REP_GRID_MS) / 1000;
  }

  reset(): void {
    this.core.reset();
    this.core.notBeforeTMs = this.startTMs;
    this.resampler.reset();
    if (this.axis) this.axis.reset();
    this.g = 0;
    this.gW = 0;
    this.gx = 0;
    this.gy = 0;
    this.gz = 0;
    this.lx = 0;
    this.ly = 0;
    this.lz = 0;
    this.ls = 0;
    this.vS = 0;
    this.vA = 0;
    this.core.extraGate = true;
    this.head = 0;
    this.filled = 0;
    this.bufStartT = 0;
    this.before = 0;
    this.finished = -1;
  }

  /** Feeds one sample in the platform's unit; returns the reps counted because of it. */
  push(tMs: number, x: number, y: number, z: number): number {
    this.core.newCount = 0;
    const s = this.scale;
    this.resampler.push(tMs, x * s, y * s, z * s);
    return this.core.newCount;
  }

  /**
   * The set is over: recounts it from the set buffer and returns the count for the record
   * (the live count is unchanged). Reps the live count saw before the buffer's oldest sample
   * (a set longer than the buffer) are added. A set the live count never recognised (the gate
   * never opened) stays at the live count: the recount refines a set, it does not invent one.
   * Idempotent until more samples arrive.
   */
  finish(): number {
    if (this.finished >= 0) return this.finished;
    if (!this.core.everActive || this.filled === 0) {
      this.finished = this.core.count;
      return this.finished;
    }
    const oldest = this.filled < this.buf.length ? 0 : this.head;
    const counted = this.recounter.run(this.buf, this.flags, oldest, this.filled, this.polarity, this.range.def, this.range.min, this.range.max);
    // Reps before the set start are not counted: drop recounted turnarounds before it.
    let early = 0;
    for (let i = 0; i < Math.min(counted, this.recounter.repIndex.length); i++) {
      if (this.bufStartT + this.recounter.repIndex[i] * REP_GRID_MS < this.startTMs) early++;
    }
    this.finished = this.before + counted - early;
    return this.finished;
  }

  /** Period (ms) and strength the last `finish()` found over the whole set. */
  get recountPeriodMs(): number {
    return this.recounter.periodMs;
  }

  gridGap(gapMs: number): void {
    this.core.gap(gapMs);
    // Keep the buffer's time axis: zero-fill the gap (marked), up to MAX_FILL_S.
    const n = Math.min(Math.round(gapMs / REP_GRID_MS) - 1, (MAX_FILL_S * 1000) / REP_GRID_MS);
    for (let i = 0; i < n; i++) this.store(this.lastGridT + (i + 1) * REP_GRID_MS, 0, FLAG_GAP);
  }

  gridSample(tMs: number, x: number, y: number, z: number): void {
    let s: number;
    if (this.axis) {
      s = this.axis.project(x, y, z);
    } else {
      const m = Math.sqrt(x * x + y * y + z * z);
      // Bias-corrected slow means (of |a| and per axis): gravity and the sensor's offset,
      // from the first sample on.
      const aG = this.aG;
      this.gW += aG * (1 - this.gW);
      this.g += aG * (m - this.g);
      this.gx += aG * (x - this.gx);
      this.gy += aG * (y - this.gy);
      this.gz += aG * (z - this.gz);
      const iw = 1 / this.gW;
      s = m - this.g * iw;
      const minV = this.minVertical;
      if (minV > 0) {
        // Movement below ~1.5 Hz, along gravity (the size) and in all axes.
        const aL = this.aL;
        this.ls += aL * (s - this.ls);
        this.lx += aL * (x - this.gx * iw - this.lx);
        this.ly += aL * (y - this.gy * iw - this.ly);
        this.lz += aL * (z - this.gz * iw - this.lz);
        const aV = this.aV;
        this.vS += aV * (this.ls * this.ls - this.vS);
        this.vA += aV * (this.lx * this.lx + this.ly * this.ly + this.lz * this.lz - this.vA);
        this.core.extraGate = this.vS >= minV * this.vA;
      }
    }
    this.lastGridT = tMs;
    this.core.push(tMs, s);
    this.store(tMs, s, this.core.inSetAt(tMs) ? FLAG_GATE : 0);
  }

  private store(tMs: number, s: number, flags: number): void {
    const cap = this.buf.length;
    const h = this.head;
    if (this.filled === 0) this.bufStartT = tMs;
    if (this.filled < cap) this.filled++;
    else {
      this.bufStartT += REP_GRID_MS;
      this.before += this.flags[h] >> 2;
    }
    this.buf[h] = (s * FIXED) | 0;
    this.flags[h] = flags;
    this.head = h + 1 === cap ? 0 : h + 1;
    this.finished = -1;
  }

  /**
   * The live count recognised a set at the turnaround at `tMs` (period `periodMs`): counts the
   * set's reps so far from the buffer's last few periods, zero-phase at that period, and
   * returns how many are in rhythm up to that turnaround (their times in `out`); -1 if the
   * buffer does not show that turnaround (then the pending list decides).
   */
  private retroCount(tMs: number, periodMs: number, out: Float64Array): number {
    const cap = this.buf.length;
    const T = periodMs / REP_GRID_MS;
    let n = Math.min(this.filled, Math.ceil((out.length + 1) * 1.75 * T));
    const endT = this.bufStartT + (this.filled - 1) * REP_GRID_MS;
    if (this.startTMs > -Infinity) n = Math.min(n, Math.floor((endT - this.startTMs) / REP_GRID_MS) + 1);
    if (n < 4) return -1;
    const head = (this.head - n + cap) % cap;
    const winT = endT - (n - 1) * REP_GRID_MS;
    const rc = this.recounter;
    rc.requireGate = false;
    rc.minChain = 1;
    rc.fixedPeriod = T;
    rc.run(this.buf, this.flags, head, n, this.polarity, this.range.def, this.range.min, this.range.max);
    rc.requireGate = true;
    rc.minChain = 0;
    rc.fixedPeriod = 0;
    const idx = (tMs - winT) / REP_GRID_MS;
    const at = rc.lastChainAt;
    let k = -1;
    for (let j = 0; j < rc.lastChainLen && at + j < rc.repIndex.length; j++) {
      if (Math.abs(rc.repIndex[at + j] - idx) <= 0.5 * T) k = j;
    }
    if (k < 0) return -1;
    let m = 0;
    for (let j = Math.max(0, k + 1 - out.length); j <= k; j++) {
      const t = winT + rc.repIndex[at + j] * REP_GRID_MS;
      // Not before the set start, and not a rep the live count already has.
      if (t >= this.startTMs && (this.core.lastTMs < 0 || t > this.core.lastTMs + 0.5 * periodMs)) out[m++] = t;
    }
    if (m > 0) out[m - 1] = tMs;
    return m;
  }

  private repCounted(tMs: number, confidence: number): void {
    // Marked on the buffered sample whose grid step holds its time (the buffer's own time axis,
    // as finish() reads it; 1e-6: a time on the grid belongs to its sample despite rounding),
    // and counted in `before` when that sample is overwritten: no list of times, and right
    // for any buffer length. After a gap over MAX_FILL_S that axis runs behind the clock; a rep
    // past its newest sample goes on the newest.
    const k = Math.floor((tMs - this.bufStartT) / REP_GRID_MS + 1e-6);
    if (k < 0) this.before++;
    else {
      const cap = this.buf.length;
      const j = (this.filled < cap ? 0 : this.head) + Math.min(k, this.filled - 1);
      this.flags[j < cap ? j : j - cap] += FLAG_REP;
    }
    if (this.onRep) this.onRep(tMs, confidence, this.core.count);
  }
}

export function createRepCounter(opts: RepCounterOptions): RepCounter {
  return new RepCounter(opts);
}
