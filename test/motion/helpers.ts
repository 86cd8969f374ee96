import type { SynthTrace } from '../../shared/motion/synth';

export interface Pushable {
  push(tMs: number, x: number, y: number, z: number): number;
}

/** Feeds a whole trace sample by sample; returns the sum of push() results. */
export function feed(counter: Pushable, tr: SynthTrace): number {
  let total = 0;
  for (let i = 0; i < tr.t.length; i++) total += counter.push(tr.t[i], tr.x[i], tr.y[i], tr.z[i]);
  return total;
}
