// Seeded fault injection for the simulated BLE link between the watch runtime and the side
// service (sim/zepp/bleLink.ts). Per chunk: drop, duplicate, delay (which reorders: a later
// chunk with a shorter delay overtakes), truncate or corrupt; plus timed whole-system faults
// (link cut for N seconds, watch app killed and relaunched, side service stopped and started)
// that the soak runner schedules. Everything comes from one seed, so a failing run replays.
import { seededRandom } from '../../shared/motion/synth';
import type { BleLink, Delivery, Direction, LinkFault } from '../zepp/bleLink';

export type ChunkFaultKind = 'drop' | 'duplicate' | 'delay' | 'truncate' | 'corrupt';
export const CHUNK_FAULT_KINDS: ReadonlyArray<ChunkFaultKind> = ['drop', 'duplicate', 'delay', 'truncate', 'corrupt'];

/** Probability per chunk of each fault (they are exclusive; at most one per chunk). */
export type ChunkFaultRates = Partial<Record<ChunkFaultKind, number>>;

export interface ChunkFaultOptions {
  rates: ChunkFaultRates;
  /** Which way faults apply (default both). */
  directions?: ReadonlyArray<Direction>;
  /** Largest extra delay for 'delay' and for the copy of a 'duplicate' (ms). */
  maxDelayMs?: number;
}

export type ChunkFaultCounts = Record<ChunkFaultKind, number>;

export function zeroChunkCounts(): ChunkFaultCounts {
  return { drop: 0, duplicate: 0, delay: 0, truncate: 0, corrupt: 0 };
}

/** A LinkFault for BleLink.fault, and the count of each fault it injected. */
export interface ChunkFaults {
  fault: LinkFault;
  counts: ChunkFaultCounts;
  /** Pause or resume injection (a healed link delivers everything untouched). */
  enabled: boolean;
}

export function chunkFaults(seed: number, options: ChunkFaultOptions): ChunkFaults {
  const random = seededRandom(seed);
  const counts = zeroChunkCounts();
  const maxDelay = options.maxDelayMs === undefined ? 1000 : options.maxDelayMs;
  const directions = options.directions || ['toPhone', 'toWatch'];
  const self: ChunkFaults = {
    counts,
    enabled: true,
    fault: (direction: Direction, bytes: Uint8Array): Delivery | null => {
      // Draw the dice every time, enabled or not, so pausing does not shift later faults.
      const roll = random();
      const a = random();
      const b = random();
      if (!self.enabled || directions.indexOf(direction) < 0) return null;
      let edge = 0;
      for (const kind of CHUNK_FAULT_KINDS) {
        edge += options.rates[kind] || 0;
        if (roll >= edge) continue;
        counts[kind]++;
        switch (kind) {
          case 'drop':
            return [];
          case 'duplicate':
            return [{ bytes, delayMs: 0 }, { bytes: bytes.slice(), delayMs: Math.floor(a * maxDelay) }];
          case 'delay':
            return [{ bytes, delayMs: Math.floor(a * maxDelay) }];
          case 'truncate':
            return [{ bytes: bytes.slice(0, Math.floor(a * bytes.byteLength)), delayMs: 0 }];
          case 'corrupt': {
            const copy = bytes.slice();
            const flips = 1 + Math.floor(b * 3);
            for (let i = 0; i < flips && copy.byteLength > 0; i++) {
              const at = Math.floor(random() * copy.byteLength);
              copy[at] ^= 1 + Math.floor(random() * 255);
            }
            // Keep `a` meaningful for replay: it picks nothing here.
            void a;
            return [{ bytes: copy, delayMs: 0 }];
          }
        }
      }
      return null;
    },
  };
  return self;
}

/** Installs chunk faults on a link; returns them (for counts and pausing). */
export function injectChunkFaults(link: BleLink, seed: number, options: ChunkFaultOptions): ChunkFaults {
  const f = chunkFaults(seed, options);
  link.fault = f.fault;
  return f;
}
