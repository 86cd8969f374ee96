// The simulated trainee's heart, as a wrist optical sensor reports it: a first-order response
// toward a level set by what the trainee does (rest, walking, reps, pedalling; a few bpm more
// with the cuffs up), with measurement noise and dropouts. Modelling choices, not measurements:
// resting 72 bpm; work adds 22 (reps) to 35 (pedalling) bpm; cuffs add 8 bpm (BFR raises heart
// rate above the same work without cuffs, docs/HEART_RATE.md); the rate moves toward its level
// with a 30 s time constant going up and 60 s coming down; noise about +-3 bpm. Dropouts, which
// the Zepp docs say nothing of and real wrists do: now and then for 3-25 s the sensor reports 0
// (a loose strap) or nothing at all. Seeded, so a run is repeatable.
export type Effort = 'rest' | 'walk' | 'reps' | 'cycle';

export interface HeartOptions {
  seed?: number;
  restingBpm?: number;
  /** Multiplies the rise above resting (2 makes a trainee who works much harder than planned). */
  gain?: number;
  /** Dropouts on (default) or off. */
  dropouts?: boolean;
}

const ABOVE_REST: Record<Effort, number> = { rest: 0, walk: 30, reps: 22, cycle: 35 };
const CUFFS_BPM = 8;
const RISE_TAU_S = 30;
const FALL_TAU_S = 60;
/** Chance per second that a dropout starts. */
const DROPOUT_PER_S = 0.015;

export class SimulatedHeart {
  private rng: () => number;
  private bpm: number;
  private lastMs = -1;
  private dropoutLeftS = 0;
  private dropoutZero = false;
  /** What the sensor reported: measurements with a number, zeros, silent seconds. */
  readonly reported = { readings: 0, zeros: 0, silent: 0 };

  constructor(private readonly options: HeartOptions = {}) {
    let a = (options.seed || 1) >>> 0;
    // mulberry32
    this.rng = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    this.bpm = this.resting();
  }

  private resting(): number {
    return this.options.restingBpm || 72;
  }

  /** The true rate now (for tests): no noise, no dropouts. */
  get trueBpm(): number {
    return this.bpm;
  }

  /**
   * Advance to nowMs doing `effort` (cuffs up or not) and read the sensor once: a bpm, 0 for a
   * loose watch, or null when the sensor says nothing this time.
   */
  read(nowMs: number, effort: Effort, cuffsUp: boolean): number | null {
    const dtS = this.lastMs < 0 ? 1 : Math.max(0, (nowMs - this.lastMs) / 1000);
    this.lastMs = nowMs;
    const gain = this.options.gain === undefined ? 1 : this.options.gain;
    const level = this.resting() + gain * (ABOVE_REST[effort] + (cuffsUp && effort !== 'rest' ? CUFFS_BPM : 0));
    const tau = level > this.bpm ? RISE_TAU_S : FALL_TAU_S;
    this.bpm += (level - this.bpm) * (1 - Math.exp(-dtS / tau));
    if (this.options.dropouts !== false) {
      if (this.dropoutLeftS > 0) {
        this.dropoutLeftS -= dtS;
        return this.dropoutZero ? this.zero() : this.silent();
      }
      if (this.rng() < DROPOUT_PER_S * dtS) {
        this.dropoutLeftS = 3 + this.rng() * 22;
        this.dropoutZero = this.rng() < 0.5;
        return this.dropoutZero ? this.zero() : this.silent();
      }
    }
    this.reported.readings++;
    const noise = (this.rng() + this.rng() - 1) * 3;
    return Math.round(this.bpm + noise);
  }

  private zero(): number {
    this.reported.zeros++;
    return 0;
  }

  private silent(): null {
    this.reported.silent++;
    return null;
  }
}
