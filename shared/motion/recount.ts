// End-of-set recount over the set's buffered movement signal (method: README.md). It sees the
// whole set at once, so it can do what the live count cannot:
// 1. the period T from the autocorrelation of the whole buffer (not the last few seconds);
// 2. a zero-phase band-pass around 1/T (forward and backward), so each turnaround stays where
//    it happened and the last rep of the set is as clear as the others;
// 3. the set as its own template: the reps of one set have about the same size, so a
//    turnaround counts only if it reaches `minShare` of the set's typical (median) turnaround;
//    a lift-off, a re-rack or a fidget is smaller;
// 4. rhythm: counted turnarounds form chains, each at most (1 + chainTolerance) x T after the
//    previous one; a chain of fewer than `minChain` turnarounds (an isolated movement before
//    or after the set) is not a set. Across a sampling gap (zero-filled in the buffer, marked
//    in `gapMask`) the reps the gap hid are added by phase, as in the live count.
// All work arrays are allocated once, at the size of the set buffer.
import { bandPassZeroPhase, Biquad } from './biquad';

/**
 * The set buffer and the work copy hold the signal as whole multiples of 2^-20 m/s^2 (far below
 * any accelerometer's resolution): an engine without typed arrays (JerryScript on the Fitbit)
 * keeps a whole number under 2^27 (128 m/s^2 here) in the array's slot, a fraction as a further
 * 8-byte heap number; and every platform then counts from the same numbers. The scale is a power
 * of two, so the arithmetic on the scaled values is exactly the arithmetic on the signal.
 */
export const FIXED = 1048576;

export interface RecountParams {
  gridMs: number;
  minPeriodS: number;
  maxPeriodS: number;
  harmonicRatio: number;
  bandLo: number;
  bandHi: number;
  floor: number;
  minShare: number;
  chainTolerance: number;
  minChain: number;
  refractory: number;
  maxBridgeS: number;
  /** The opposite excursion that arms a turnaround, as a share of the threshold. */
  arm: number;
}

export class Recount {
  /** Period found by the last run, ms (0: none). */
  periodMs = 0;
  /** Autocorrelation strength at that period, 0..1. */
  strength = 0;
  /** Turnaround times of the counted reps of the last run, as buffer indices (first `count`). */
  readonly repIndex: Int32Array;
  count = 0;
  /** The last chain of the last run (counted or not): where its reps start in repIndex, how many. */
  lastChainAt = 0;
  lastChainLen = 0;
  /** Options of the next run: require the live gate within a chain; fewer reps make a chain. */
  requireGate = true;
  minChain = 0;
  /** Use this period (grid samples) instead of estimating one (0: estimate). */
  fixedPeriod = 0;
  private readonly p: RecountParams;
  private readonly work: Int32Array;
  private readonly maxLag: number;
  private readonly hp = new Biquad();
  private readonly lp = new Biquad();

  constructor(p: RecountParams, capacity: number) {
    this.p = p;
    this.work = new Int32Array(capacity);
    this.maxLag = Math.ceil((p.maxPeriodS * 1000) / p.gridMs);
    // At most one turnaround per half of the shortest period.
    const maxCand = Math.ceil(capacity / Math.max(1, Math.floor((p.minPeriodS * 1000 * p.refractory) / p.gridMs))) + 2;
    this.repIndex = new Int32Array(maxCand);
  }

  /**
   * Recounts `n` samples of `src` in time order starting at ring index `head` (the ring has
   * src.length slots). `flags[i]` has bit 0 set where the buffer was zero-filled for a sampling gap and bit 1
   * where the live count's gate was open; a chain counts only if the gate was open somewhere
   * within it (the recount refines sets the live count recognised, it does not invent them).
   * `polarity`: +1 / -1, the sign of the counted turnaround; 0: the sign of the skewness.
   * `defaultPeriodS`: used when the buffer shows no period. Returns the number of reps.
   */
  run(src: Int32Array, flags: Uint8Array, head: number, n: number, polarity: number, defaultPeriodS: number, minPeriodS: number, maxPeriodS: number): number {
    const p = this.p;
    const w = this.work;
    const cap = src.length;
    this.count = 0;
    this.periodMs = 0;
    this.strength = 0;
    this.lastChainAt = 0;
    this.lastChainLen = 0;
    const minChain = this.minChain > 0 ? this.minChain : p.minChain;
    if (n < 4) return 0;
    let mean = 0;
    for (let i = 0; i < n; i++) {
      let j = head + i;
      if (j >= cap) j -= cap;
      w[i] = src[j];
      mean += w[i];
    }
    mean /= n;
    for (let i = 0; i < n; i++) w[i] = (w[i] - mean) | 0;
    // 1. Period: autocorrelation of the whole buffer, band-limited to the period range first
    //    (drift and sharp spikes would otherwise pull the period to a multiple or a fraction).
    const perS = p.gridMs / 1000;
    let periodLag = 0;
    if (this.fixedPeriod > 0) periodLag = this.fixedPeriod;
    else periodLag = this.estimatePeriod(w, n, minPeriodS, maxPeriodS);
    const T = periodLag > 0 ? periodLag : defaultPeriodS / perS; // grid samples
    this.periodMs = periodLag * p.gridMs;
    // 2. Zero-phase band-pass around the rep rate.
    this.hp.setHighPass(p.bandLo / T);
    this.lp.setLowPass(p.bandHi / T);
    bandPassZeroPhase(w, 0, n, this.hp, this.lp);
    let sign = polarity < 0 ? -1 : 1;
    if (polarity === 0) {
      let m3 = 0;
      for (let i = 0; i < n; i++) m3 += w[i] * w[i] * w[i];
      sign = m3 < 0 ? -1 : 1;
    }
    // 3. Turnarounds: excursions of sign * w above `share` x its RMS (never below the floor),
    //    each ending when the signal falls back through zero; the turnaround is the excursion's
    //    maximum. An excursion still open at the end of the buffer counts if its maximum is
    //    behind it (the signal already turned).
    let ms = 0;
    for (let i = 0; i < n; i++) ms += w[i] * w[i];
    const thr = Math.max(p.floor * FIXED, p.minShare * Math.sqrt(ms / n));
    // The turnaround candidates go into the work array, whose signal is no longer needed
    // behind the scan: the c-th candidate lies at index >= c + 1 (they are at distinct
    // indices, the first above 0), so it is written where the scan has already read.
    const candI = w;
    const refr = p.refractory * T;
    let nc = 0;
    let inPk = false;
    let pkI = 0;
    let pkV = 0;
    let lastPk = -1e9;
    let armed = true; // the buffer starts with the set (see cycleCounter.ts)
    for (let i = 0; i < n; i++) {
      const v = sign * w[i];
      // A full cycle: after a turnaround, the next follows an excursion of the other sign.
      if (v < -p.arm * thr) armed = true;
      if (!inPk) {
        if (v > thr && armed && i - lastPk >= refr) {
          inPk = true;
          pkI = i;
          pkV = v;
        }
      } else {
        if (v > pkV) {
          pkV = v;
          pkI = i;
        }
        if (v < 0 || i === n - 1) {
          inPk = false;
          armed = false;
          if (pkI > 0 && pkI < n - 1 && nc < this.repIndex.length) {
            candI[nc++] = pkI;
          }
          lastPk = pkI;
        }
      }
    }
    if (nc === 0) return 0;
    // 4. Chains in rhythm.
    const reach = (1 + p.chainTolerance) * T;
    const maxBridge = (p.maxBridgeS * 1000) / p.gridMs;
    let total = 0; // reps in finished chains that count
    let len = 0; // reps in the current chain (written to repIndex after `total`)
    let prev = -1;
    let first = 0;
    const out = this.repIndex;
    for (let c = 0; c < nc; c++) {
      const i = candI[c];
      let hidden = 0;
      let linked = prev >= 0 && i - prev <= reach;
      if (!linked && prev >= 0) {
        // A sampling gap between the two: the reps it hid are added by phase.
        let gapLen = 0;
        for (let j = prev + 1; j < i; j++) {
          let k = head + j;
          if (k >= cap) k -= cap;
          gapLen += flags[k] & 1;
        }
        if (gapLen > 0 && gapLen <= maxBridge && i - prev - gapLen <= reach) {
          linked = true;
          hidden = Math.max(0, Math.min(Math.round(gapLen / T), Math.round((i - prev) / T) - 1));
        }
      }
      if (!linked) {
        if (len >= minChain && (!this.requireGate || this.gateWithin(flags, head, first, prev))) total += len;
        len = 0;
        first = i;
      }
      for (let h = 0; h < hidden; h++) {
        if (total + len < out.length) out[total + len] = prev + Math.round(((h + 1) * (i - prev)) / (hidden + 1));
        len++;
      }
      if (total + len < out.length) out[total + len] = i;
      len++;
      prev = i;
    }
    this.lastChainAt = total;
    this.lastChainLen = len;
    if (len >= minChain && (!this.requireGate || this.gateWithin(flags, head, first, prev))) total += len;
    this.count = total;
    return total;
  }

  /** Period (grid samples, 0: none) from the autocorrelation of w[0..n), band-limited first (in place). */
  private estimatePeriod(w: Int32Array, n: number, minPeriodS: number, maxPeriodS: number): number {
    const p = this.p;
    const perS = p.gridMs / 1000;
    this.hp.setHighPass((p.bandLo * perS) / maxPeriodS);
    this.lp.setLowPass((p.bandHi * perS) / minPeriodS);
    bandPassZeroPhase(w, 0, n, this.hp, this.lp);
    const minLag = Math.max(2, Math.floor(minPeriodS / perS));
    const maxLag = Math.min(this.maxLag, Math.ceil(maxPeriodS / perS), n - 2);
    const r0 = lagProduct(w, n, 0);
    let periodLag = 0;
    if (r0 > 0 && maxLag > minLag) {
      // The best local peak, then the first that reaches harmonicRatio of it. The lags are
      // computed again in the second pass instead of kept in an array: it stops at the period,
      // and the heap of a watch without typed arrays holds every number of an array boxed.
      let best = -1;
      for (let pass = 0; pass < 2 && periodLag === 0; pass++) {
        let prev = lagProduct(w, n, minLag - 1);
        let cur = lagProduct(w, n, minLag);
        for (let k = minLag; k <= maxLag; k++) {
          const next = lagProduct(w, n, k + 1);
          if (cur >= prev && cur >= next) {
            if (pass === 0 && cur > best) best = cur;
            if (pass === 1 && cur >= best * p.harmonicRatio) {
              periodLag = k;
              this.strength = Math.min(1, cur / r0);
              break;
            }
          }
          prev = cur;
          cur = next;
        }
        if (!(best > 0)) break;
      }
    }
    return periodLag;
  }

  private gateWithin(flags: Uint8Array, head: number, from: number, to: number): boolean {
    const cap = flags.length;
    for (let j = from; j <= to; j++) {
      let k = head + j;
      if (k >= cap) k -= cap;
      if (flags[k] & 2) return true;
    }
    return false;
  }
}

/** Autocorrelation of w[0..n) at lag k, biased (divided by n: long lags are not favoured). */
function lagProduct(w: Int32Array, n: number, k: number): number {
  let acc = 0;
  for (let i = k; i < n; i++) acc += w[i] * w[i - k];
  return acc / n;
}
