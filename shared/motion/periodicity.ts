// Running autocorrelation of a uniformly sampled signal, and the period it implies.
//
// r[k] is an exponentially weighted average of s[n]*s[n-k] (time constant `windowS`), so
// the estimate follows the most recent few cycles and costs (maxLag+1) multiply-adds per
// grid sample. rho(k) = r[k]/r[0] is the normalised autocorrelation: near 1 at the period
// of a clean repetition, low for irregular movement. The period is the first lag, from
// minLag, whose local peak reaches `harmonicRatio` of the best peak (so 2T and 3T, which
// score as high as T on a periodic signal, do not win), refined by a parabola.

export class Periodicity {
  readonly minLag: number;
  readonly maxLag: number;
  /** Period of the dominant repetition, in grid samples (fractional); 0 if none. */
  period = 0;
  /** rho at that period: 0..1, how repetitive the recent signal is. */
  strength = 0;
  /** Best rho among lags shorter than minLag (a faster rhythm, e.g. walking under reps). */
  fastStrength = 0;
  /** Lag (samples) of that faster rhythm. */
  fastLag = 0;
  private readonly fastFrom: number;
  private readonly alpha: number;
  private readonly r: number[];
  private readonly hist: number[];
  private pos = 0;
  private filled = 0;
  private readonly harmonicRatio: number;
  private readonly keepLag: number;
  private gain = 1;

  /**
   * @param minLag shortest period of interest, grid samples
   * @param maxLag longest period of interest, grid samples
   * @param windowSamples time constant of the running average, grid samples
   * @param fastFrom shortest lag checked for a faster rhythm (0: do not check)
   * @param keepLag longest lag kept for `rho` (>= maxLag; default maxLag)
   */
  constructor(minLag: number, maxLag: number, windowSamples: number, fastFrom: number, harmonicRatio: number, keepLag?: number) {
    this.minLag = minLag;
    this.maxLag = maxLag;
    this.keepLag = keepLag !== undefined && keepLag > maxLag ? keepLag : maxLag;
    this.fastFrom = fastFrom > 0 ? fastFrom : minLag;
    this.alpha = 1 / windowSamples;
    // Plain arrays of numbers, made once at their full length: QuickJS reads and writes them
    // faster than typed arrays in the per-sample loop (bfr-coach bench).
    this.r = new Array(this.keepLag + 2).fill(0);
    this.hist = new Array(this.keepLag + 2).fill(0);
    this.harmonicRatio = harmonicRatio;
  }

  reset(): void {
    this.r.fill(0);
    this.gain = 1;
    this.hist.fill(0);
    this.pos = 0;
    this.filled = 0;
    this.period = 0;
    this.strength = 0;
    this.fastStrength = 0;
    this.fastLag = 0;
  }

  /** The signal k samples ago (k = 0: the newest). */
  past(k: number): number {
    const n = this.hist.length;
    let i = this.pos - 1 - k;
    if (i < 0) i += n;
    return this.hist[i];
  }

  push(s: number): void {
    const n = this.hist.length;
    this.hist[this.pos] = s;
    this.pos = this.pos + 1 === n ? 0 : this.pos + 1;
    if (this.filled < n) this.filled++;
    // r is kept as r_true * gain with gain = (1 - alpha)^-n, so the decay of every lag is one
    // multiplication of `gain` instead of one per lag (only ratios of r are ever used). The
    // scale is folded back into r long before it could overflow.
    const r = this.r;
    let gain = this.gain / (1 - this.alpha);
    if (gain > 1e100) {
      const inv = 1 / gain;
      for (let j = 0; j < r.length; j++) r[j] *= inv;
      gain = 1;
    }
    this.gain = gain;
    const kEnd = Math.min(this.keepLag + 1, this.filled - 1);
    const hist = this.hist;
    const c = this.alpha * gain * s;
    // Two straight runs over the ring (no wrap test inside the loop), unrolled by four.
    let k = 0;
    let i = this.pos - 1;
    const end1 = Math.min(kEnd, i);
    for (; k + 3 <= end1; k += 4, i -= 4) {
      r[k] += c * hist[i];
      r[k + 1] += c * hist[i - 1];
      r[k + 2] += c * hist[i - 2];
      r[k + 3] += c * hist[i - 3];
    }
    for (; k <= end1; k++, i--) r[k] += c * hist[i];
    i = n - 1;
    for (; k + 3 <= kEnd; k += 4, i -= 4) {
      r[k] += c * hist[i];
      r[k + 1] += c * hist[i - 1];
      r[k + 2] += c * hist[i - 2];
      r[k + 3] += c * hist[i - 3];
    }
    for (; k <= kEnd; k++, i--) r[k] += c * hist[i];
  }

  /** Normalised autocorrelation at a fractional lag (linear interpolation; 0 outside the kept lags). */
  rho(lag: number): number {
    const r0 = this.r[0];
    const k = Math.floor(lag);
    if (!(r0 > 0) || k < 0 || k + 1 > this.keepLag || k + 1 >= this.filled) return 0;
    const f = lag - k;
    return ((1 - f) * this.r[k] + f * this.r[k + 1]) / r0;
  }

  /** Re-estimates period and strength from the running autocorrelation. */
  estimate(): void {
    const r = this.r;
    const r0 = r[0];
    this.period = 0;
    this.strength = 0;
    this.fastStrength = 0;
    this.fastLag = 0;
    if (!(r0 > 0) || this.filled <= this.minLag + 1) return;
    const last = Math.min(this.maxLag, this.filled - 2);
    // The best local peak, then the first one that reaches harmonicRatio of it (a second pass
    // over r, which stops at the period, instead of a list of the peaks).
    let best = -1;
    let prev = r[this.minLag - 1];
    let cur = r[this.minLag];
    for (let k = this.minLag; k <= last; k++) {
      const next = r[k + 1];
      if (cur >= prev && cur >= next && cur > best) best = cur;
      prev = cur;
      cur = next;
    }
    if (best <= 0) return;
    const want = best * this.harmonicRatio;
    let k = this.minLag;
    for (let j = this.minLag; j <= last; j++) {
      if (r[j] >= want && r[j] >= r[j - 1] && r[j] >= r[j + 1]) {
        k = j;
        break;
      }
    }
    // Parabolic refinement of the peak.
    const off = parabolaOffset(r[k - 1], r[k], r[k + 1]);
    this.period = k + off;
    this.strength = Math.min(1, parabolaHeight(r[k - 1], r[k], r[k + 1], off) / r0);
    let fast = 0;
    for (let j = this.fastFrom; j < this.minLag; j++) {
      if (r[j] >= r[j - 1] && r[j] >= r[j + 1] && r[j] > fast) {
        fast = r[j];
        this.fastLag = j;
      }
    }
    this.fastStrength = fast / r0;
  }

  /**
   * The strongest local autocorrelation peak within +-`halfWidth` lags of `lag`, refined by a
   * parabola: its lag (0 if there is none) in `nearLag` and its rho in `nearRho`.
   */
  nearLag = 0;
  nearRho = 0;
  peakNear(lag: number, halfWidth: number): number {
    const r = this.r;
    this.nearLag = 0;
    this.nearRho = 0;
    const lo = Math.max(1, Math.floor(lag - halfWidth));
    const hi = Math.min(this.keepLag, this.filled - 2, Math.ceil(lag + halfWidth));
    let k = -1;
    for (let j = lo; j <= hi; j++) {
      if (r[j] >= r[j - 1] && r[j] >= r[j + 1] && (k < 0 || r[j] > r[k])) k = j;
    }
    if (k < 0 || !(r[0] > 0)) return 0;
    const off = parabolaOffset(r[k - 1], r[k], r[k + 1]);
    this.nearLag = k + off;
    this.nearRho = Math.min(1, parabolaHeight(r[k - 1], r[k], r[k + 1], off) / r0Safe(r[0]));
    return this.nearLag;
  }
}

function r0Safe(r0: number): number {
  return r0 > 0 ? r0 : 1;
}

/** Where a parabola through three neighbouring lags peaks, relative to the middle one (+-0.5 at most). */
function parabolaOffset(y0: number, y1: number, y2: number): number {
  const den = y0 - 2 * y1 + y2;
  const off = den < 0 ? (0.5 * (y0 - y2)) / den : 0;
  return off > 0.5 ? 0.5 : off < -0.5 ? -0.5 : off;
}

/** The parabola's height at that offset. */
function parabolaHeight(y0: number, y1: number, y2: number, off: number): number {
  return y1 - 0.25 * (y0 - y2) * off;
}
