// Deterministic synthetic accelerometer signals for tests and the simulator's motion model.
// Seeded PRNG (mulberry32), no clock, no Math.random. Output in m/s^2 including gravity,
// rotated into an arbitrary sensor orientation, sampled with jitter and optional gaps.

/** mulberry32: small, fast, good enough for test signals. Returns a function in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SynthTrace {
  t: Float64Array;
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
}

export interface SynthOptions {
  seed: number;
  /** Mean sampling rate, Hz. */
  rateHz: number;
  /** Sampling jitter, fraction of the period (uniform +-). */
  jitter?: number;
  /** White noise, m/s^2 RMS per axis. */
  noise?: number;
  /** Rest before and after the movement, s. */
  leadS?: number;
  tailS?: number;
  /** Sampling gaps: [startS, lengthS] pairs (no samples inside). */
  gaps?: number[][];
  /** Rotate the sensor slowly by this many degrees over the trace (orientation change). */
  rotateDeg?: number;
  /** Multiply the output (e.g. 100 for cm/s^2). */
  unit?: number;
}

export interface RepSynthOptions extends SynthOptions {
  reps: number;
  /** Lowering (eccentric) and lifting (concentric) durations, s; pause after each rep, s. */
  downS: number;
  upS: number;
  pauseS?: number;
  /** Peak vertical displacement, m (0.3-0.6 for presses). */
  rangeM?: number;
  /** Forearm tilt during the rep, degrees (adds an orientation component). */
  tiltDeg?: number;
  /**
   * Lift first (overhead press, deadlift, curl, sit-to-stand: raise over upS, then lower over
   * downS) instead of lowering first (bench press, squat). Default false.
   */
  upFirst?: boolean;
}

export interface WalkSynthOptions extends SynthOptions {
  steps: number;
  /** Steps per minute. */
  cadence: number;
  /** Peak vertical acceleration per step, m/s^2. */
  impact?: number;
  /** Arm swing amplitude, degrees. */
  swingDeg?: number;
}

const G = 9.81;

/** A fixed 3-D rotation from seed: the way the watch sits on the wrist. */
function mount(rand: () => number): number[] {
  const a = rand() * 2 * Math.PI;
  const b = Math.acos(2 * rand() - 1);
  const c = rand() * 2 * Math.PI;
  const ca = Math.cos(a), sa = Math.sin(a), cb = Math.cos(b), sb = Math.sin(b), cc = Math.cos(c), sc = Math.sin(c);
  // Z(a) * Y(b) * Z(c), row-major
  return [
    ca * cb * cc - sa * sc, -ca * cb * sc - sa * cc, ca * sb,
    sa * cb * cc + ca * sc, -sa * cb * sc + ca * cc, sa * sb,
    -sb * cc, sb * sc, cb,
  ];
}

type Motion = (tS: number, out: number[]) => void; // world-frame specific force + tilt (rad)

function render(o: SynthOptions, durS: number, motion: Motion): SynthTrace {
  const rand = seededRandom(o.seed);
  const R = mount(rand);
  const lead = o.leadS || 0;
  const total = lead + durS + (o.tailS || 0);
  const per = 1000 / o.rateHz;
  const jitter = o.jitter || 0;
  const noise = o.noise || 0;
  const unit = o.unit || 1;
  const gaps = o.gaps || [];
  const t: number[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const zs: number[] = [];
  const m = [0, 0, 0, 0];
  let lastT = -1;
  for (let k = 0; k * per <= total * 1000; k++) {
    let tm = Math.round(k * per + (rand() * 2 - 1) * jitter * per);
    if (tm <= lastT) tm = lastT + 1;
    const ts = tm / 1000;
    let skip = false;
    for (const g of gaps) if (ts >= g[0] && ts < g[0] + g[1]) skip = true;
    const gauss = () => {
      const u = rand() || 1e-12;
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
    };
    const nx = gauss() * noise, ny = gauss() * noise, nz = gauss() * noise;
    if (skip) continue;
    lastT = tm;
    m[0] = 0; m[1] = 0; m[2] = 0; m[3] = 0;
    if (ts >= lead && ts < lead + durS) motion(ts - lead, m);
    // world: specific force = (ax, ay, az + g); tilt m[3] rotates about world x.
    const rot = ((o.rotateDeg || 0) * Math.PI) / 180 * (ts / total) + m[3];
    const cr = Math.cos(rot), sr = Math.sin(rot);
    const wx = m[0];
    const wy = cr * m[1] - sr * (m[2] + G);
    const wz = sr * m[1] + cr * (m[2] + G);
    t.push(tm);
    xs.push((R[0] * wx + R[3] * wy + R[6] * wz + nx) * unit);
    ys.push((R[1] * wx + R[4] * wy + R[7] * wz + ny) * unit);
    zs.push((R[2] * wx + R[5] * wy + R[8] * wz + nz) * unit);
  }
  return { t: Float64Array.from(t), x: Float64Array.from(xs), y: Float64Array.from(ys), z: Float64Array.from(zs) };
}

/**
 * A set of reps: each rep lowers the bar over downS and raises it over upS (smooth
 * cosine displacement, so the vertical acceleration peaks at the turnarounds), then pauses.
 * With upFirst the rep raises first and then lowers (the same motion, shifted by half a rep:
 * the set starts and ends at the bottom).
 */
export function synthReps(o: RepSynthOptions): SynthTrace {
  const pause = o.pauseS || 0;
  const repS = o.downS + o.upS + pause;
  const range = o.rangeM === undefined ? 0.4 : o.rangeM;
  const tilt = ((o.tiltDeg === undefined ? 15 : o.tiltDeg) * Math.PI) / 180;
  if (o.upFirst) {
    return render(o, o.reps * repS, (ts, m) => {
      const u = ts % repS;
      let acc = 0;
      let frac = 1;
      if (u < o.upS) {
        const w = Math.PI / o.upS;
        acc = (range / 2) * w * w * Math.cos(w * u); // d2/dt2 of (range/2)(1-cos): rises from the bottom
        frac = (1 + Math.cos(w * u)) / 2;
      } else if (u < o.upS + o.downS) {
        const w = Math.PI / o.downS;
        const v = u - o.upS;
        acc = -(range / 2) * w * w * Math.cos(w * v);
        frac = (1 - Math.cos(w * v)) / 2;
      }
      m[2] = acc;
      // No tilt at the bottom (where the set starts and ends), most at the top.
      m[3] = tilt * (1 - frac);
    });
  }
  return render(o, o.reps * repS, (ts, m) => {
    const u = ts % repS;
    let acc = 0;
    let frac = 0;
    if (u < o.downS) {
      const w = Math.PI / o.downS;
      acc = -(range / 2) * w * w * Math.cos(w * u); // d2/dt2 of -(range/2)(1-cos)
      frac = (1 - Math.cos(w * u)) / 2;
    } else if (u < o.downS + o.upS) {
      const w = Math.PI / o.upS;
      const v = u - o.downS;
      acc = (range / 2) * w * w * Math.cos(w * v);
      frac = (1 + Math.cos(w * v)) / 2;
    }
    m[2] = acc;
    m[3] = tilt * frac;
  });
}

/** Walking: a vertical impact per step and an arm swing at half the step rate. */
export function synthWalk(o: WalkSynthOptions): SynthTrace {
  const stepS = 60 / o.cadence;
  const impact = o.impact === undefined ? 3 : o.impact;
  const swing = ((o.swingDeg === undefined ? 20 : o.swingDeg) * Math.PI) / 180;
  return render(o, o.steps * stepS, (ts, m) => {
    const ph = (ts % stepS) / stepS;
    // a sharp heel strike followed by a softer push-off
    m[2] = impact * (Math.exp(-Math.pow((ph - 0.1) / 0.06, 2)) - 0.35 * Math.exp(-Math.pow((ph - 0.55) / 0.15, 2)));
    m[1] = 0.4 * impact * Math.sin(2 * Math.PI * ph);
    m[3] = swing * Math.sin((Math.PI * ts) / stepS);
  });
}

/** Rest: small irregular movements (a few seeded random shifts of posture) and tremor. */
export function synthRest(o: SynthOptions & { durationS: number }): SynthTrace {
  const rand = seededRandom(o.seed ^ 0x9e3779b9);
  const shifts: number[] = [];
  for (let i = 0; i < Math.ceil(o.durationS / 4); i++) shifts.push(rand() * o.durationS, (rand() * 2 - 1) * 0.5);
  return render(o, o.durationS, (ts, m) => {
    let tilt = 0;
    for (let i = 0; i < shifts.length; i += 2) if (ts > shifts[i]) tilt += shifts[i + 1] * Math.min(1, (ts - shifts[i]) / 0.8);
    m[3] = tilt;
    m[2] = 0.05 * Math.sin(2 * Math.PI * 8 * ts);
  });
}
