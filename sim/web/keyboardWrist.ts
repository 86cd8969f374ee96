// "Space = one rep": a wrist driven from the keyboard instead of the motion model. It holds the
// wrist still (gravity plus sensor noise) and plays one synthesised rep each time rep() is
// called, through the same watch accelerometer the trainee feeds.
import type { Clock } from '../clock';
import type { SimWatch } from '../zepp/watchRuntime';
import { synthReps, synthRest, type SynthTrace } from '../../shared/motion/synth';

const TRACE_RATE_HZ = 50;

export class KeyboardWrist {
  private timer: number | null = null;
  private rest: SynthTrace;
  private restStartMs = 0;
  private queue: SynthTrace[] = [];
  private playing: { trace: SynthTrace; startMs: number } | null = null;
  private seed: number;
  reps = 0;

  constructor(private readonly watch: SimWatch, private readonly clock: Clock, private readonly rateHz: number, seed = 7) {
    this.seed = seed;
    this.rest = synthRest({ seed: this.seed++, rateHz: TRACE_RATE_HZ, noise: 0.03, jitter: 0.05, durationS: 60 });
  }

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer !== null) return;
    this.restStartMs = this.clock.now();
    this.timer = this.clock.setTimer(() => this.tick(), Math.round(1000 / this.rateHz), true);
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    this.queue = [];
    this.playing = null;
  }

  /** Queues one rep (about 2 s: 1 s down, 1 s up). */
  rep(): void {
    if (this.queue.length >= 5) return;
    this.reps++;
    this.queue.push(synthReps({ seed: this.seed++, rateHz: TRACE_RATE_HZ, noise: 0.03, jitter: 0.05, reps: 1, downS: 1, upS: 1, pauseS: 0.2, leadS: 0.1, tailS: 0.2 }));
  }

  private sample(trace: SynthTrace, elapsed: number): number {
    // binary search for the last sample at or before elapsed
    let lo = 0;
    let hi = trace.t.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (trace.t[mid] <= elapsed) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private tick(): void {
    if (!this.watch.running) return;
    const now = this.clock.now();
    if (!this.playing && this.queue.length) this.playing = { trace: this.queue.shift() as SynthTrace, startMs: now };
    let trace = this.rest;
    let elapsed = now - this.restStartMs;
    if (this.playing) {
      const p = this.playing;
      const span = p.trace.t[p.trace.t.length - 1];
      if (now - p.startMs > span) {
        this.playing = null;
        return this.tick();
      }
      trace = p.trace;
      elapsed = now - p.startMs;
    } else if (elapsed > this.rest.t[this.rest.t.length - 1]) {
      this.restStartMs = now;
      elapsed = 0;
    }
    const i = this.sample(trace, elapsed);
    this.watch.device.feedAccel(trace.x[i] * 100, trace.y[i] * 100, trace.z[i] * 100);
  }
}
