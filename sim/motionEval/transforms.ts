// Transformations of a trace under which a count must not change (by more than one): the
// invariance properties of the counters (test/motion/invariance.test.ts on synthesised traces,
// `bfr-coach eval --invariance` on recordings).
import { seededRandom } from '../../shared/motion/synth';

export interface Samples {
  t: ArrayLike<number>;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<number>;
}

export interface OutSamples {
  t: Float64Array;
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
}

export interface Transform {
  kind: 'rotate' | 'resample' | 'stretch' | 'gain';
  name?: string;
  /** resample: the new rate. */
  rateHz?: number;
  /** stretch: time multiplied by it; gain: acceleration multiplied by it. */
  factor?: number;
}

export const TRANSFORMS: (Transform & { name: string })[] = [
  { kind: 'rotate', name: 'a random 3-D rotation of the wrist' },
  { kind: 'resample', rateHz: 25, name: 'resampling to 25 Hz' },
  { kind: 'resample', rateHz: 50, name: 'resampling to 50 Hz' },
  { kind: 'resample', rateHz: 100, name: 'resampling to 100 Hz' },
  { kind: 'stretch', factor: 0.8, name: 'a time stretch of -20 %' },
  { kind: 'stretch', factor: 1.2, name: 'a time stretch of +20 %' },
  { kind: 'gain', factor: 0.8, name: 'a gain change of -20 %' },
  { kind: 'gain', factor: 1.2, name: 'a gain change of +20 %' },
];

/** A uniformly random rotation (unit quaternion from the seed) as a row-major 3x3 matrix. */
export function randomRotation(seed: number): number[] {
  const rnd = seededRandom(seed * 7919 + 17);
  const u1 = rnd();
  const u2 = rnd() * 2 * Math.PI;
  const u3 = rnd() * 2 * Math.PI;
  const a = Math.sqrt(1 - u1);
  const b = Math.sqrt(u1);
  const qw = a * Math.sin(u2);
  const qx = a * Math.cos(u2);
  const qy = b * Math.sin(u3);
  const qz = b * Math.cos(u3);
  return [
    1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - qz * qw), 2 * (qx * qz + qy * qw),
    2 * (qx * qy + qz * qw), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - qx * qw),
    2 * (qx * qz - qy * qw), 2 * (qy * qz + qx * qw), 1 - 2 * (qx * qx + qy * qy),
  ];
}

/** Applies one transform; `seed` picks the rotation. Times must increase (a clean trace). */
export function transformTrace(s: Samples, tf: Transform, seed: number): OutSamples {
  const n = s.t.length;
  if (tf.kind === 'resample') {
    const per = 1000 / (tf.rateHz || 50);
    const t0 = s.t[0];
    const m = Math.max(1, Math.floor((s.t[n - 1] - t0) / per) + 1);
    const out = { t: new Float64Array(m), x: new Float64Array(m), y: new Float64Array(m), z: new Float64Array(m) };
    let j = 0;
    for (let i = 0; i < m; i++) {
      const t = t0 + i * per;
      while (j < n - 2 && s.t[j + 1] < t) j++;
      const span = s.t[j + 1] - s.t[j];
      const f = n > 1 && span > 0 ? Math.min(1, Math.max(0, (t - s.t[j]) / span)) : 0;
      const k = Math.min(j + 1, n - 1);
      out.t[i] = Math.round(t);
      out.x[i] = s.x[j] + f * (s.x[k] - s.x[j]);
      out.y[i] = s.y[j] + f * (s.y[k] - s.y[j]);
      out.z[i] = s.z[j] + f * (s.z[k] - s.z[j]);
    }
    return out;
  }
  const out = { t: new Float64Array(n), x: new Float64Array(n), y: new Float64Array(n), z: new Float64Array(n) };
  const R = tf.kind === 'rotate' ? randomRotation(seed) : null;
  const f = tf.factor === undefined ? 1 : tf.factor;
  for (let i = 0; i < n; i++) {
    const x = s.x[i];
    const y = s.y[i];
    const z = s.z[i];
    out.t[i] = tf.kind === 'stretch' ? s.t[0] + (s.t[i] - s.t[0]) * f : s.t[i];
    if (R) {
      out.x[i] = R[0] * x + R[1] * y + R[2] * z;
      out.y[i] = R[3] * x + R[4] * y + R[5] * z;
      out.z[i] = R[6] * x + R[7] * y + R[8] * z;
    } else if (tf.kind === 'gain') {
      out.x[i] = x * f;
      out.y[i] = y * f;
      out.z[i] = z * f;
    } else {
      out.x[i] = x;
      out.y[i] = y;
      out.z[i] = z;
    }
  }
  return out;
}
