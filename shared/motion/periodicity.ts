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
  private readonly r: Float64Array;
  private readonly hist: Float64Array;
  private pos = 0;
  private filled = 0;
  private readonly harmonicRatio: number;

  /**
   * @param minLag shortest period of interest, grid samples
   * @param maxLag longest period of interest, grid samples
   * @param windowSamples time constant of the running average, grid samples
   * @param fastFrom shortest lag checked for a faster rhythm (0: do not check)
   */
  constructor(minLag: number, maxLag: number, windowSamples: number, fastFrom: number, harmonicRatio: number) {
    this.minLag = minLag;
    this.maxLag = maxLag;
    this.fastFrom = fastFrom > 0 ? fastFrom : minLag;
    this.alpha = 1 / windowSamples;
    this.r = new Float64Array(maxLag + 2);
    this.hist = new Float64Array(maxLag + 2);
    this.harmonicRatio = harmonicRatio;
  }

  reset(): void {
    this.r.fill(0);
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
    const a = this.alpha;
    const r = this.r;
    const kEnd = Math.min(this.maxLag + 1, this.filled - 1);
    const hist = this.hist;
    const as = a * s;
    const keep = 1 - a;
    // Two straight runs over the ring (no wrap test inside the loop).
    let k = 0;
    for (let i = this.pos - 1; i >= 0 && k <= kEnd; i--, k++) r[k] = keep * r[k] + as * hist[i];
    for (let i = n - 1; k <= kEnd; i--, k++) r[k] = keep * r[k] + as * hist[i];
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
    let best = -1;
    for (let k = this.minLag; k <= last; k++) {
      if (r[k] >= r[k - 1] && r[k] >= r[k + 1] && r[k] > best) best = r[k];
    }
    if (best <= 0) return;
    const want = best * this.harmonicRatio;
    let k = this.minLag;
    for (; k <= last; k++) {
      if (r[k] >= r[k - 1] && r[k] >= r[k + 1] && r[k] >= want) break;
    }
    // Parabolic refinement of the peak.
    const y0 = r[k - 1];
    const y1 = r[k];
    const y2 = r[k + 1];
    const den = y0 - 2 * y1 + y2;
    let off = den < 0 ? (0.5 * (y0 - y2)) / den : 0;
    if (off > 0.5) off = 0.5;
    if (off < -0.5) off = -0.5;
    this.period = k + off;
    this.strength = Math.min(1, (y1 - 0.25 * (y0 - y2) * off) / r0);
    let fast = 0;
    for (let j = this.fastFrom; j < this.minLag; j++) {
      if (r[j] >= r[j - 1] && r[j] >= r[j + 1] && r[j] > fast) {
        fast = r[j];
        this.fastLag = j;
      }
    }
    this.fastStrength = fast / r0;
  }
}
