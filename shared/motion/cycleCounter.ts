// The live counting core of the rep counter: takes one movement signal on the uniform grid and
// reports one event per cycle of the dominant repetition, as soon as the cycle's middle
// turnaround is past.
//
// 1. Periodicity: running autocorrelation gives the period T and a strength 0..1.
// 2. Band-pass around the rep rate: Butterworth high-pass at bandLo/T and low-pass at
//    bandHi/T (re-tuned as T moves). What is left is one smooth oscillation per rep: the
//    spikes and the second harmonic that make one rep look like two are gone, and so is the
//    slow drift of posture. Before a period is known the band sits on `defaultPeriodS` (the
//    tempo cue's period when the cue is on).
// 3. Turnarounds: the counted turnaround has a known sign (`polarity`: +1 the acceleration
//    peaks upward, -1 downward; 0: the sign of the running skewness decides). A turnaround
//    starts when the band-passed signal, in that sign, exceeds `threshold` x its running RMS
//    (never below `floor`), at least `refractory` x T after the previous one, and ends (is
//    counted) when the signal falls back below `confirm` x its peak.
// 4. Gate: a turnaround counts only while the movement is repetitive (strength >= gate and no
//    stronger faster rhythm). Turnarounds seen just before the gate opened (the first reps of
//    a set, which the autocorrelation needs to see before it can vouch for them) wait in a
//    small pending list and are counted when the gate opens if they chain up with it, each at
//    most (1 + chainTolerance) periods before the next; isolated movements expire there.
// 5. Sampling gaps inside a set: the reps the gap hid are added by phase when the next rep
//    arrives (time between the reps on both sides / T, minus one; at most round(gap / T), and
//    only for gaps up to maxBridgeS).
import { Biquad } from './biquad';
import { Periodicity } from './periodicity';
import { FIXED } from './recount';

export interface CycleParams {
  /** Grid period, ms. */
  gridMs: number;
  /** Shortest and longest cycle period considered, s. */
  minPeriodS: number;
  maxPeriodS: number;
  /** Band centre before any period is found, s. */
  defaultPeriodS: number;
  /** Shortest lag (s) checked for a faster, competing rhythm; 0 for none. */
  fastFromS: number;
  /** Time constant of the autocorrelation and RMS estimates, s. */
  windowS: number;
  /** A shorter period wins if its autocorrelation peak reaches this share of the best. */
  harmonicRatio: number;
  /** Autocorrelation strength needed to count. */
  gateStrength: number;
  /** Band edges as multiples of the rep rate 1/T. */
  bandLo: number;
  bandHi: number;
  /** Turnaround threshold as a multiple of the running RMS of the band-passed signal. */
  threshold: number;
  /**
   * A turnaround is past, and counted, once the band-passed signal has fallen back below this
   * share of its peak (0: back through zero). Higher counts sooner after the turnaround: the
   * last rep of a set is counted before the lifter racks the bar.
   */
  confirm: number;
  /** Smallest threshold, in the signal's unit (m/s^2). */
  floor: number;
  /** Sign of the counted turnaround: +1, -1, or 0 (sign of the skewness). */
  polarity: number;
  /** Time constant of the skewness estimate (polarity 0 only), s. */
  polarityS: number;
  /** A new turnaround may start only this many periods after the previous one. */
  refractory: number;
  /** Cycles remembered while repetition is not yet proven. */
  pendingMax: number;
  /** Pending cycles chain if spaced by at most one period plus this fraction of it. */
  chainTolerance: number;
  /** Longest sampling gap across which hidden reps are added by phase, s. */
  maxBridgeS: number;
}

/** The opposite excursion that arms a turnaround, as a share of the turnaround threshold. */
const ARM = 0.5;

/** Inside a set, a peak at the set's period this strong relative to the best keeps the period. */
const HOLD_RATIO = 0.7;

/** Skewness that must be exceeded, with the other sign, to flip the counted polarity (polarity 0). */
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
  /** True once the gate has opened at least once (a set was recognised). */
  everActive = false;
  /** Running RMS of the band-passed signal. */
  rms = 0;
  /** Turnarounds before this time (input clock) are not counted (the set start). */
  notBeforeTMs = -Infinity;
  /** A further condition of the gate, set by the owner before each push (e.g. verticality). */
  extraGate = true;
  /**
   * Set by the owner: when a set is recognised at the turnaround at `tMs`, recounts the reps of
   * the set so far from the owner's buffer at the now known period, writes their times (the
   * last one `tMs`) to `out` and returns how many; -1 to fall back on the pending list.
   */
  retro: ((tMs: number, periodMs: number, out: Float64Array) => number) | null = null;
  private readonly retroT = new Float64Array(16);

  readonly acf: Periodicity;
  private readonly p: CycleParams;
  private readonly aA: number;
  private readonly aP: number;
  private readonly pendingT: Float64Array;
  private readonly listener: CycleListener | undefined;
  private readonly hp = new Biquad();
  private readonly lp = new Biquad();
  private bandPeriodMs = 0;
  private nPending = 0;
  private ms = 0;
  private m3 = 0;
  private wP = 0;
  private wA = 0;
  private sign = 1;
  private tick = 0;
  private inPeak = false;
  /** An excursion of the opposite sign (the first half of a rep) was seen since the last turnaround. */
  private armed = false;
  private peakT = 0;
  private peakV = 0;
  private lastPeakT = -1e15;
  private bridgeFromT = -1;
  private bridgeMax = 0;
  /** Time of the last counted rep and the period then (a set in progress continues in rhythm). */
  private setLastT = -1e15;
  private setPeriodMs = 0;

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
    this.everActive = false;
    this.rms = 0;
    this.acf.reset();
    this.hp.reset();
    this.lp.reset();
    this.tuneBand(this.p.defaultPeriodS * 1000);
    this.nPending = 0;
    this.ms = 0;
    this.m3 = 0;
    this.wP = 0;
    this.wA = 0;
    this.sign = this.p.polarity < 0 ? -1 : 1;
    this.tick = 0;
    this.inPeak = false;
    // Armed from the start: the set starts with the counter, and recordings (and late starts)
    // may begin inside the first rep.
    this.armed = true;
    this.lastPeakT = -1e15;
    this.bridgeFromT = -1;
    this.bridgeMax = 0;
    this.setLastT = -1e15;
    this.setPeriodMs = 0;
  }

  /** True while a set is in progress: the gate is open or the last rep is within the rhythm. */
  inSetAt(tMs: number): boolean {
    return this.active || (this.setPeriodMs > 0 && tMs - this.setLastT <= (1 + this.p.chainTolerance) * this.setPeriodMs);
  }

  /** The period the band is centred on, ms. */
  get bandPeriod(): number {
    return this.bandPeriodMs;
  }

  private tuneBand(periodMs: number): void {
    this.bandPeriodMs = periodMs;
    const f = this.p.gridMs / periodMs; // rep rate in cycles per grid sample
    this.hp.setHighPass(this.p.bandLo * f);
    this.lp.setLowPass(this.p.bandHi * f);
  }

  /**
   * The sampling broke off for `gapMs`. A turnaround in progress is complete as far as it was
   * seen and counts; unproven cycles no longer join up with what follows. If a set was going
   * on, the reps the gap hid are added when the next rep arrives.
   */
  gap(gapMs: number): void {
    if (this.inPeak) {
      this.inPeak = false;
      this.lastPeakT = this.peakT;
      this.cycle(this.peakT);
    }
    this.nPending = 0;
    const bridge = this.active && this.lastTMs >= 0 && this.periodMs > 0 && gapMs <= this.p.maxBridgeS * 1000;
    this.bridgeFromT = bridge ? this.lastTMs : -1;
    this.bridgeMax = bridge ? Math.floor(gapMs / this.periodMs + 0.5) : 0;
    this.hp.reset();
    this.lp.reset();
  }

  /** One grid sample of the movement signal. */
  push(tMs: number, s: number): void {
    const acf = this.acf;
    // As whole numbers (recount.ts FIXED): the autocorrelation uses only ratios of its sums,
    // and its history then holds no 8-byte heap number per slot where arrays are plain (Fitbit).
    acf.push((s * FIXED) | 0);
    // The period changes slowly: re-estimating every eighth grid sample (0.8 s) is enough.
    if ((this.tick++ & 7) === 0) {
      acf.estimate();
      this.strength = acf.strength;
      let period = acf.period;
      // Inside a set the rep rhythm does not jump: when the estimate leaves the period the set
      // runs at (to twice it, typically, when two reps in a row look alike) but the
      // autocorrelation still peaks near the set's period nearly as strongly, stay with it.
      if (period > 0 && this.setPeriodMs > 0) {
        const cur = this.setPeriodMs / this.p.gridMs;
        if (Math.abs(period - cur) > 0.25 * cur && acf.peakNear(cur, 0.25 * cur) > 0 && acf.nearRho >= HOLD_RATIO * acf.strength) {
          period = acf.nearLag;
          this.strength = acf.nearRho;
        }
      }
      this.periodMs = period * this.p.gridMs;
      // Follow the period once the movement is at least loosely repetitive.
      if (period > 0 && this.strength >= 0.5 * this.p.gateStrength) {
        const d = this.periodMs - this.bandPeriodMs;
        if (d > 0.05 * this.bandPeriodMs || d < -0.05 * this.bandPeriodMs) this.tuneBand(this.periodMs);
      }
    }
    const y = this.lp.step(this.hp.step(s));
    const aA = this.aA;
    this.ms += aA * (y * y - this.ms);
    // Bias-corrected running mean: a true average from the first sample on.
    this.wA += aA * (1 - this.wA);
    this.rms = Math.sqrt(this.ms / this.wA);
    if (this.p.polarity === 0) {
      this.m3 += this.aP * (y * y * y - this.m3);
      this.wP += this.aP * (1 - this.wP);
      const skew = this.m3 / (this.wP * this.rms * this.rms * this.rms + 1e-12);
      if (this.sign * skew < -SKEW_FLIP) this.sign = -this.sign;
    }
    const u = this.sign * y;
    const hi = Math.max(this.p.floor, this.p.threshold * this.rms);
    // A faster rhythm that is nearly as strong is the real one (its multiples fall in range).
    this.active = this.extraGate && this.strength >= this.p.gateStrength && acf.fastStrength < this.p.harmonicRatio * this.strength;
    if (this.active) this.everActive = true;
    const periodMs = this.periodMs > 0 ? this.periodMs : this.bandPeriodMs;
    // A rep is a full cycle: after a counted turnaround, the next one must follow an
    // excursion of the other sign (the first half of the next rep: the drive of a press, the
    // start of a descent). Wobble around one turnaround cannot count twice.
    if (u < -ARM * hi) this.armed = true;
    if (!this.inPeak) {
      if (u > hi && this.armed && tMs - this.lastPeakT >= this.p.refractory * periodMs) {
        this.inPeak = true;
        this.peakT = tMs;
        this.peakV = u;
      }
    } else {
      if (u > this.peakV) {
        this.peakV = u;
        this.peakT = tMs;
      }
      if (u < this.p.confirm * this.peakV) {
        this.inPeak = false;
        this.armed = false;
        this.lastPeakT = this.peakT;
        this.cycle(this.peakT);
      }
    }
  }

  private cycle(tMs: number): void {
    if (tMs < this.notBeforeTMs) return;
    const periodMs = this.periodMs > 0 ? this.periodMs : this.bandPeriodMs;
    const pend = this.pendingT;
    // A set in progress continues while its turnarounds keep the rhythm, even when the
    // autocorrelation weakens (the last reps of a hard set slow down and change shape).
    const inSet = this.extraGate && this.setPeriodMs > 0 && tMs - this.setLastT <= (1 + this.p.chainTolerance) * this.setPeriodMs;
    if (!this.active && inSet) {
      this.nPending = 0;
      this.emit(tMs, this.strength * 0.8);
      return;
    }
    if (!this.active) {
      this.addPending(tMs);
      return;
    }
    if (!inSet && this.bridgeFromT < 0 && this.retro) {
      // A set is recognised: its first reps were seen before the period was known (with the
      // band still on its default): count them again from the buffer at the period found.
      // A set is at least two turnarounds in rhythm; a lone one waits (pending).
      const n = this.retro(tMs, periodMs, this.retroT);
      if (n >= 2) {
        this.nPending = 0;
        for (let i = 0; i < n - 1; i++) this.emit(this.retroT[i], this.strength * 0.8);
        this.emit(tMs, this.strength);
        return;
      }
      if (n === 1) {
        this.addPending(tMs);
        return;
      }
    }
    let earliest = tMs;
    let start = this.nPending;
    const tol = this.p.chainTolerance * periodMs;
    for (let i = this.nPending - 1; i >= 0; i--) {
      // A pending cycle belongs to the set if it is at most one period (+ tol) before the
      // next one (cycles are never closer than the refractory part of a period).
      const gap = earliest - pend[i];
      if (gap > periodMs + tol) break;
      earliest = pend[i];
      start = i;
    }
    if (!inSet && this.bridgeFromT < 0 && start === this.nPending) {
      // A new set needs at least two turnarounds in rhythm: a lone one waits.
      this.addPending(tMs);
      return;
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

  private addPending(tMs: number): void {
    const pend = this.pendingT;
    if (this.nPending === pend.length) {
      for (let i = 1; i < pend.length; i++) pend[i - 1] = pend[i];
      this.nPending--;
    }
    pend[this.nPending++] = tMs;
  }

  private emit(tMs: number, confidence: number): void {
    this.setLastT = tMs;
    this.setPeriodMs = this.periodMs > 0 && this.active ? this.periodMs : this.setPeriodMs > 0 ? this.setPeriodMs : this.bandPeriodMs;
    this.count++;
    this.newCount++;
    this.lastTMs = tMs;
    this.lastConfidence = confidence;
    if (this.listener) this.listener(tMs, confidence);
  }
}
