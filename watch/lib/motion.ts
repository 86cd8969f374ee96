// The accelerometer, feeding the shared counters. Zepp reports cm/s^2 (unitScale 0.01); the
// callback rate is not documented, so it is measured from timestamps. One counter per set:
// the program says what is counted (reps of an exercise, steps, or cycling revolutions). The
// system pedometer is read alongside during walks as a second opinion.
import { Accelerometer, Step, FREQ_MODE_NORMAL } from '@zos/sensor';
import { createRepCounter, createStepCounter, createCadenceEstimator } from '../../shared/motion/index';
import type { SetContext } from '../../shared/motion/index';
import type { CountingMode } from '../../shared/protocol/vocabulary';

export type CountKind = 'rep' | 'step';

export interface MotionListener {
  onCount(kind: CountKind, tMs: number): void;
  onPedometer(totalSteps: number, tMs: number): void;
}

interface Pushable { push(tMs: number, x: number, y: number, z: number): number }

const ZEPP_UNIT_TO_MS2 = 0.01;

export class MotionFeed {
  private accel: Accelerometer | null = null;
  private step: Step | null = null;
  private counter: Pushable | null = null;
  /** The current set's rep counter (also `counter`), kept for its end-of-set recount. */
  private reps: ReturnType<typeof createRepCounter> | null = null;
  private cadence: ReturnType<typeof createCadenceEstimator> | null = null;
  private revolutions = 0;
  private lastCadenceT = -1;
  private readonly onSample: (v?: unknown) => void;
  private readonly onStepChange: () => void;
  /** Callbacks seen and the time span they covered: the real sampling rate. */
  samples = 0;
  firstSampleMs = -1;
  lastSampleMs = -1;

  constructor(private readonly listener: MotionListener, private readonly now: () => number) {
    // Bound once: the sensor calls this for every sample, and nothing here allocates.
    this.onSample = (v?: unknown) => this.sample(v);
    this.onStepChange = () => {
      if (this.step) this.listener.onPedometer(this.step.getCurrent(), this.now());
    };
  }

  /** Starts the sensors (idempotent). */
  start(): void {
    if (this.accel) return;
    this.accel = new Accelerometer();
    try {
      this.accel.setFreqMode(FREQ_MODE_NORMAL);
    } catch (e) {
      // Older firmware: keep the default rate.
    }
    this.accel.onChange(this.onSample);
    this.accel.start();
    this.step = new Step();
    this.step.onChange(this.onStepChange);
    this.listener.onPedometer(this.step.getCurrent(), this.now());
  }

  stop(): void {
    if (this.accel) {
      this.accel.offChange(this.onSample);
      this.accel.stop();
      this.accel = null;
    }
    if (this.step) {
      this.step.offChange(this.onStepChange);
      this.step = null;
    }
    this.counter = null;
    this.reps = null;
    this.cadence = null;
  }

  /**
   * The rep set is over: the end-of-set recount over the set buffer and the live count of this
   * set's counter, once (null when this set had no rep counter). Counting stops until the next
   * countFor. One small object per set, never per sample.
   */
  endSet(): { reps: number; live: number } | null {
    const c = this.reps;
    this.reps = null;
    this.counter = null;
    if (!c) return null;
    const live = c.count;
    return { reps: c.finish(), live };
  }

  /**
   * Chooses what the next samples count: a new counter per set (each person, each exercise).
   * `context` (optional): the program's tempo cue and target; the set starts now.
   */
  countFor(mode: CountingMode, exercise: string | null, context: SetContext = {}): void {
    this.counter = null;
    this.reps = null;
    this.cadence = null;
    const emitRep = (t: number) => this.listener.onCount('rep', t);
    const emitStep = (t: number) => this.listener.onCount('step', t);
    if (mode === 'reps') {
      this.counter = this.reps = createRepCounter({
        exercise: exercise || 'arm-curl',
        unitScale: ZEPP_UNIT_TO_MS2,
        onRep: emitRep,
        tempo: context.tempo,
        targetReps: context.targetReps,
        startTMs: context.startTMs === undefined ? this.now() : context.startTMs,
      });
    } else if (mode === 'steps') {
      this.counter = createStepCounter({ unitScale: ZEPP_UNIT_TO_MS2, onStep: emitStep });
    } else if (mode === 'cadence') {
      this.cadence = createCadenceEstimator({ unitScale: ZEPP_UNIT_TO_MS2 });
      this.revolutions = 0;
      this.lastCadenceT = -1;
    }
  }

  /** Samples per second measured so far (0 until two samples). */
  rateHz(): number {
    const span = this.lastSampleMs - this.firstSampleMs;
    return span > 0 ? ((this.samples - 1) * 1000) / span : 0;
  }

  private sample(v?: unknown): void {
    // The typing says no argument; the official sample reads one. Accept both.
    let x: number;
    let y: number;
    let z: number;
    const arg = v as { x?: number; y?: number; z?: number } | undefined;
    if (arg && typeof arg.x === 'number') {
      x = arg.x; y = arg.y as number; z = arg.z as number;
    } else if (this.accel) {
      const c = this.accel.getCurrent();
      x = c.x; y = c.y; z = c.z;
    } else {
      return;
    }
    const t = this.now();
    this.samples++;
    if (this.firstSampleMs < 0) this.firstSampleMs = t;
    this.lastSampleMs = t;
    if (this.counter) {
      this.counter.push(t, x, y, z);
    } else if (this.cadence) {
      const rpm = this.cadence.push(t, x, y, z);
      // Revolutions are the integral of the cadence; emit one per whole revolution.
      if (this.lastCadenceT >= 0 && rpm > 0) {
        this.revolutions += (rpm * (t - this.lastCadenceT)) / 60000;
        while (this.revolutions >= 1) {
          this.revolutions -= 1;
          this.listener.onCount('rep', t);
        }
      }
      this.lastCadenceT = t;
    }
  }
}
