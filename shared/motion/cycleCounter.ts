// The counting core of the rep counter: takes one movement signal on the uniform grid and
// reports one event per cycle of the dominant repetition.
//
// 1. Periodicity: running autocorrelation gives the period T and a strength 0..1.
// 2. Spikes: after light smoothing, each rep shows one dominant spike (the turnaround of
//    the bar is the sharpest part of the rep); its sign is the sign of the running
//    skewness, flipped only when the skewness clearly reverses.
// 3. Peaks: a peak starts when the signal (in the spike sign) exceeds a threshold of one
//    running RMS (so each person's amplitude sets it; never below a noise floor), at least
//    half a period after the previous peak, and ends when the signal falls back below zero.
// 4. Gate: a peak counts only while the movement is repetitive (strength >= gate and no
//    stronger faster rhythm). Peaks seen just before the gate opened (the first reps of a
//    set, which the autocorrelation needs to see before it can vouch for them) wait in a
//    small pending list and are counted when the gate opens if they chain up with it, each
//    at most 1.6 periods before the next; isolated movements expire there.
import { Periodicity } from './periodicity';

export interface CycleParams {
  /** Grid period, ms. */
  gridMs: number;
  /** Shortest and longest cycle period considered, s. */
  minPeriodS: number;
  maxPeriodS: number;
  /** Shortest lag (s) checked for a faster, competing rhythm; 0 for none. */
  fastFromS: number;
  /** Time constant of the autocorrelation and RMS estimates, s. */
  windowS: number;
  /** A shorter period wins if its autocorrelation peak reaches this share of the best. */
  harmonicRatio: number;
  /** Autocorrelation strength needed to count. */
  gateStrength: number;
  /** Peak threshold as a multiple of the running RMS of the smoothed signal. */
  hysteresis: number;
  /** Smallest threshold, in the signal's unit (m/s^2). */
  floor: number;
  /** Moving-average smoothing before peak detection, s. */
  smoothS: number;
  /** Time constant of the spike polarity estimate (sign of the third moment), s. */
  polarityS: number;
  /** A new peak may start only this many periods after the previous one. */
  refractory: number;
  /** A peak ends when the signal falls below this fraction of the threshold. */
  rearm: number;
  /** Cycles remembered while repetition is not yet proven. */
  pendingMax: number;
  /** Pending cycles chain if spaced by at most one period plus this fraction of it. */
  chainTolerance: number;
}

/** Skewness that must be exceeded, with the other sign, to flip the counted polarity. */
const SKEW_FLIP = 0.3;

export type CycleListener = (tMs: number, confidence: number) => void;

export class CycleCounter {
  /** Cycles counted. */
  count = 0;
  /** Cycles counted by the last call of `push` (pending ones released count here too). */
  newCount = 0;
  lastTMs = -1;
  lastConfidence = 0;
  /** Dominant period in ms (0: none found). */
  periodMs = 0;
  /** Normalised autocorrelation at that period, 0..1. */
  strength = 0;
  /** True while the gate is open. */
  active = false;
  /** Running RMS of the smoothed signal. */
  rms = 0;

  readonly acf: Periodicity;
  private readonly p: CycleParams;
  private readonly aA: number;
  private readonly maxHalf: number;
  private readonly defaultHalf: number;
  private readonly pendingT: Float64Array;
  private readonly listener: CycleListener | undefined;
  private nPending = 0;
  private half = 1;
  private ms = 0;
  private m3 = 0;
  private tick = 0;
  private wP = 0;
  private polarity = 1;
  private wA = 0;
  private inPeak = false;
  private peakT = 0;
  private peakV = 0;
  private lastPeakT = -1e15;
  private bridgeFromT = -1;
  private bridgeMax = 0;
  private readonly smoothN: number;
  private readonly aP: number;

  constructor(p: CycleParams, listener?: CycleListener) {
    this.p = p;
    this.listener = listener;
    const perS = p.gridMs / 1000;
    const minLag = Math.max(2, Math.floor(p.minPeriodS / perS));
    const maxLag = Math.ceil(p.maxPeriodS / perS);
    const fastFrom = p.fastFromS > 0 ? Math.max(1, Math.round(p.fastFromS / perS)) : 0;
    this.acf = new Periodicity(minLag, maxLag, p.windowS / perS, fastFrom, p.harmonicRatio);
    this.aA = perS / (p.windowS + perS);
    this.aP = perS / (p.polarityS + perS);
    this.smoothN = Math.max(1, Math.round(p.smoothS / perS));
    this.maxHalf = Math.ceil(maxLag / 2);
    this.defaultHalf = Math.max(1, Math.round((minLag + maxLag) / 4));
    this.pendingT = new Float64Array(Math.max(1, p.pendingMax));
    this.reset();
  }

  reset(): void {
    this.count = 0;
    this.newCount = 0;
    this.lastTMs = -1;
    this.lastConfidence = 0;
    this.periodMs = 0;
    this.strength = 0;
    this.active = false;
    this.rms = 0;
    this.acf.reset();
    this.nPending = 0;
    this.half = this.defaultHalf;
    this.ms = 0;
    this.m3 = 0;
    this.tick = 0;
    this.wP = 0;
    this.polarity = 1;
    this.wA = 0;
    this.inPeak = false;
    this.lastPeakT = -1e15;
    this.bridgeFromT = -1;
    this.bridgeMax = 0;
  }

  /**
   * The sampling broke off for `gapMs`. A spike in progress is complete as far as it was seen
   * and counts; unproven cycles no longer join up with what follows. If a set was going on,
   * the reps the gap hid are added when the next rep arrives: the time between the reps on
   * both sides, divided by the period (a phase bridge, at most as many as fit in the gap).
   */
  gap(gapMs: number): void {
    if (this.inPeak) {
      this.inPeak = false;
      this.lastPeakT = this.peakT;
      this.cycle(this.peakT);
    }
    this.nPending = 0;
    this.bridgeFromT = this.active && this.lastTMs >= 0 && this.periodMs > 0 ? this.lastTMs : -1;
    this.bridgeMax = this.periodMs > 0 ? Math.floor(gapMs / this.periodMs + 0.5) : 0;
  }

  /** One grid sample of the movement signal. */
  push(tMs: number, s: number): void {
    const acf = this.acf;
    acf.push(s);
    // The period changes slowly: re-estimating every eighth grid sample (0.8 s) is enough.
    if ((this.tick++ & 7) === 0) acf.estimate();
    this.strength = acf.strength;
    this.periodMs = acf.period * this.p.gridMs;
    if (acf.period > 0) this.half = Math.max(1, Math.min(this.maxHalf, Math.round(acf.period / 2)));
    // Light smoothing (fixed, removes jitter) and the polarity of the spikes.
    let sum = 0;
    const L = this.smoothN;
    for (let k = 0; k < L; k++) sum += acf.past(k);
    const y = sum / L;
    this.ms += this.aA * (y * y - this.ms);
    this.m3 += this.aP * (y * y * y - this.m3);
    this.wP += this.aP * (1 - this.wP);
    // Bias-corrected running mean: a true average from the first sample on, so the
    // threshold is not near zero while the average is still filling.
    this.wA += this.aA * (1 - this.wA);
    this.rms = Math.sqrt(this.ms / this.wA);
    // Count the spikes of the sign that dominates (the turnaround of a rep is sharper than
    // the rest of it). The sign flips only when the skewness clearly reverses: a symmetric
    // (sinusoid-like) movement keeps whatever sign it had.
    const skew = this.m3 / (this.wP * this.rms * this.rms * this.rms + 1e-12);
    if (this.polarity * skew < -SKEW_FLIP) this.polarity = -this.polarity;
    const u = this.polarity * y;
    const hi = Math.max(this.p.floor, this.p.hysteresis * this.rms);
    this.active = acf.strength >= this.p.gateStrength && acf.fastStrength < acf.strength;
    const periodMs = this.periodMs > 0 ? this.periodMs : this.defaultHalf * 2 * this.p.gridMs;
    if (!this.inPeak) {
      if (u > hi && tMs - this.lastPeakT >= this.p.refractory * periodMs) {
        this.inPeak = true;
        this.peakT = tMs;
        this.peakV = u;
      }
    } else {
      if (u > this.peakV) {
        this.peakV = u;
        this.peakT = tMs;
      }
      if (u < this.p.rearm * hi) {
        this.inPeak = false;
        this.lastPeakT = this.peakT;
        this.cycle(this.peakT);
      }
    }
  }

  private cycle(tMs: number): void {
    const periodMs = this.periodMs > 0 ? this.periodMs : this.half * 2 * this.p.gridMs;
    const pend = this.pendingT;
    if (!this.active) {
      if (this.nPending === pend.length) {
        for (let i = 1; i < pend.length; i++) pend[i - 1] = pend[i];
        this.nPending--;
      }
      pend[this.nPending++] = tMs;
      return;
    }
    let earliest = tMs;
    let start = this.nPending;
    const tol = this.p.chainTolerance * periodMs;
    for (let i = this.nPending - 1; i >= 0; i--) {
      // A pending cycle belongs to the set if it is at most one period (+ tol) before the
      // next one (cycles are never closer than the refractory half period).
      const gap = earliest - pend[i];
      if (gap > periodMs + tol) break;
      earliest = pend[i];
      start = i;
    }
    if (this.bridgeFromT >= 0) {
      // First rep after a gap inside a set: count the reps the gap hid.
      const first = start < this.nPending ? pend[start] : tMs;
      let hidden = Math.round((first - this.bridgeFromT) / periodMs) - 1;
      if (hidden > this.bridgeMax) hidden = this.bridgeMax;
      for (let i = 1; i <= hidden; i++) this.emit(this.bridgeFromT + (i * (first - this.bridgeFromT)) / (hidden + 1), this.strength * 0.5);
      this.bridgeFromT = -1;
    }
    for (let i = start; i < this.nPending; i++) this.emit(pend[i], this.strength * 0.8);
    this.nPending = 0;
    this.emit(tMs, this.strength);
  }

  private emit(tMs: number, confidence: number): void {
    this.count++;
    this.newCount++;
    this.lastTMs = tMs;
    this.lastConfidence = confidence;
    if (this.listener) this.listener(tMs, confidence);
  }
}
