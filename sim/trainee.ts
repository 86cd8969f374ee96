// The simulated trainee: does what the watch asks (walks in walking sets, lifts in rep sets,
// pedals in cycling sets, stands still in rests) and their wrist produces acceleration for the
// watch's accelerometer, synthesised by shared/motion/synth.ts. The repo ships no recordings;
// a real trace (../shared/datasets format) can be replayed instead with `replay`.
import type { Clock } from './clock';
import type { SimWatch } from './zepp/watchRuntime';
import { synthReps, synthRest, synthWalk, type SynthTrace } from '../shared/motion/synth';
import { SimulatedHeart, type HeartOptions } from './heart';

export interface TraineeOptions {
  seed?: number;
  /** Accelerometer rate in simulated time; the simulator lowers it at high speed-ups. */
  rateHz?: number;
  /** Walking cadence, steps/min. */
  cadence?: number;
  /** The heart the wrist sensor reads (sim/heart.ts); false: the sensor never measures anything. */
  heart?: HeartOptions | false;
}

type Activity = { kind: 'rest' | 'walk' | 'reps' | 'cycle'; key: string; reps?: number; upS?: number; downS?: number };

const STATE_KEY = 'bfr.active';
const TRACE_RATE_HZ = 50;
/** How often the trainee looks at what the watch asks (a person reacts within ~0.2 s). */
const LOOK_EVERY_MS = 200;
/** Continuous heart rate on a wrist comes about once a second (not documented by Zepp). */
const HEART_EVERY_MS = 1000;

export class Trainee {
  private timer: number | null = null;
  private activity: Activity = { kind: 'rest', key: 'idle' };
  private trace: SynthTrace | null = null;
  private traceStartMs = 0;
  private index = 0;
  private seed: number;
  private replayTrace: SynthTrace | null = null;
  /** What the trainee actually did, for tests and the simulator's summary. */
  readonly done = { samples: 0 };
  readonly heart: SimulatedHeart | null;
  private cuffsUp = false;
  private lastHeartMs = -Infinity;

  constructor(private readonly watch: SimWatch, private readonly clock: Clock, private readonly options: TraineeOptions = {}) {
    this.seed = options.seed || 1;
    this.heart = options.heart === false ? null : new SimulatedHeart({ seed: this.seed * 7919, ...(options.heart || {}) });
  }

  get rateHz(): number {
    return this.options.rateHz || 25;
  }

  start(): void {
    if (this.timer !== null) return;
    this.timer = this.clock.setTimer(() => this.tick(), Math.round(1000 / this.rateHz), true);
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
  }

  /** Replays a recorded trace (m/s^2) in a loop instead of synthesising motion. */
  replay(trace: SynthTrace): void {
    this.replayTrace = trace;
    this.trace = trace;
    this.traceStartMs = this.clock.now();
    this.index = 0;
  }

  private lastLookMs = -Infinity;
  private stepCarry = 0;
  private lastPedometerMs = -1;

  /** The watch's own pedometer counts the walk too, a little differently from our counter. */
  private pedometer(now: number): void {
    if (this.lastPedometerMs >= 0) {
      this.stepCarry += ((now - this.lastPedometerMs) / 60000) * (this.options.cadence || 100) * 0.97;
      const whole = Math.floor(this.stepCarry);
      if (whole > 0) {
        this.stepCarry -= whole;
        this.watch.device.addSteps(whole);
      }
    }
    this.lastPedometerMs = now;
  }

  private lastRaw: string | undefined = undefined;
  private lastWanted: Activity | null = null;

  /**
   * Reads what the watch's session is doing right now (its saved engine state). The state holds
   * the whole record and grows through the session; parsing it at every look was a sixth of a
   * simulated session's time (issue 20), so it is parsed again only once the watch saved anew.
   */
  private wanted(): Activity {
    const raw = this.watch.storage.get(STATE_KEY);
    if (this.lastWanted !== null && raw === this.lastRaw) return this.lastWanted;
    this.lastRaw = raw;
    this.lastWanted = this.readWanted(raw);
    return this.lastWanted;
  }

  private readWanted(raw: string | undefined): Activity {
    if (!raw) return { kind: 'rest', key: 'idle' };
    let s: { status?: string; phaseIndex?: number; inflated?: boolean; program?: { tempo?: { upMs: number; downMs: number } | null; sets?: Array<{ countingMode: string; targetReps: number | null; workMs: number }> }; record?: { phases?: Array<{ kind: string; setIndex: number }> } };
    try {
      s = JSON.parse(JSON.parse(raw));
    } catch (e) {
      return { kind: 'rest', key: 'idle' };
    }
    this.cuffsUp = s.inflated === true;
    const phase = s.record && s.record.phases && typeof s.phaseIndex === 'number' ? s.record.phases[s.phaseIndex] : undefined;
    if (s.status !== 'running' || !phase || phase.kind !== 'work' || !s.program || !s.program.sets) return { kind: 'rest', key: 'rest:' + (phase ? phase.setIndex : -1) };
    const set = s.program.sets[phase.setIndex];
    const key = 'work:' + phase.setIndex + ':' + s.phaseIndex;
    if (set.countingMode === 'steps') return { kind: 'walk', key };
    if (set.countingMode === 'cadence') return { kind: 'cycle', key };
    if (set.countingMode === 'reps') {
      const tempo = s.program.tempo;
      const reps = set.targetReps !== null ? set.targetReps : Math.floor(set.workMs / 5000);
      return { kind: 'reps', key, reps, upS: tempo ? tempo.upMs / 1000 : 1.2, downS: tempo ? tempo.downMs / 1000 : 1.2 };
    }
    return { kind: 'rest', key };
  }

  private synthesise(a: Activity): SynthTrace {
    const seed = this.seed++;
    const base = { seed, rateHz: TRACE_RATE_HZ, noise: 0.03, jitter: 0.05 };
    switch (a.kind) {
      case 'walk': return synthWalk({ ...base, steps: 600, cadence: this.options.cadence || 100 });
      case 'cycle': return synthReps({ ...base, reps: 400, downS: 0.5, upS: 0.5, rangeM: 0.08 });
      case 'reps': return synthReps({ ...base, reps: a.reps || 10, downS: a.downS || 1.2, upS: a.upS || 1.2, pauseS: 0.3, leadS: 1.5, tailS: 60 });
      default: return synthRest({ ...base, durationS: 120 });
    }
  }

  private tick(): void {
    if (!this.watch.running) return;
    const now = this.clock.now();
    // The saved engine state holds the whole record: read it a few times a second, not per sample.
    if (!this.replayTrace && now - this.lastLookMs >= LOOK_EVERY_MS) {
      this.lastLookMs = now;
      const want = this.wanted();
      if (want.key !== this.activity.key) {
        this.activity = want;
        this.trace = this.synthesise(want);
        this.traceStartMs = now;
        this.index = 0;
      }
    }
    if (this.heart && now - this.lastHeartMs >= HEART_EVERY_MS) {
      this.lastHeartMs = now;
      const bpm = this.heart.read(now, this.activity.kind, this.cuffsUp);
      if (bpm !== null) this.watch.device.feedHeartRate(bpm);
    }
    const trace = this.trace;
    if (!trace || trace.t.length === 0) return;
    let elapsed = now - this.traceStartMs;
    const span = trace.t[trace.t.length - 1];
    if (elapsed > span) {
      // Keep moving the same way past the end of the synthesised stretch.
      this.traceStartMs = now;
      this.index = 0;
      elapsed = 0;
    }
    while (this.index < trace.t.length - 1 && trace.t[this.index + 1] <= elapsed) this.index++;
    if (this.activity.kind === 'walk' && !this.replayTrace) this.pedometer(now);
    const i = this.index;
    this.done.samples++;
    // The watch reports cm/s^2.
    this.watch.device.feedAccel(trace.x[i] * 100, trace.y[i] * 100, trace.z[i] * 100);
  }
}
