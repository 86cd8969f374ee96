// The Bluetooth cuff paired for each limb, kept in the watch store as {address, name}; read back
// with a check (a bad entry counts as none). Set from the pairing page, forgotten from it too.
// The LOP entered by hand for this cuff (no phone to measure it) is kept with it.
import { macBuffer } from './bleCuff';
import { isValidLop } from '../../shared/safety/bounds';

export interface PairedCuff { address: string; name: string; lopMmHg?: number | null }

/** Hand entry steps through whole 10 mmHg within the valid LOP range (30-400). */
export const HAND_LOP_STEP = 10;
export const HAND_LOP_START = 150;
interface Kv { getItem(key: string, defaultValue?: unknown): unknown; setItem(key: string, value: unknown): void; removeItem(key: string): void }

export function pairedCuffKey(limb: string): string {
  return 'bfr.bleCuff.' + limb;
}

export function rememberCuff(kv: Kv, limb: string, cuff: PairedCuff): void {
  const lop = typeof cuff.lopMmHg === 'number' && isValidLop(cuff.lopMmHg) ? cuff.lopMmHg : null;
  kv.setItem(pairedCuffKey(limb), JSON.stringify({ address: cuff.address, name: cuff.name.slice(0, 24), lopMmHg: lop }));
}

export function forgetCuff(kv: Kv, limb: string): void {
  kv.removeItem(pairedCuffKey(limb));
}

export function pairedCuff(kv: Kv, limb: string): PairedCuff | null {
  try {
    const raw = kv.getItem(pairedCuffKey(limb));
    if (typeof raw !== 'string') return null;
    const p = JSON.parse(raw);
    if (!p || typeof p.address !== 'string' || macBuffer(p.address) === null) return null;
    // A LOP outside 30-400 mmHg (or not a number) is not used: the cuff counts as not measured.
    const lop = typeof p.lopMmHg === 'number' && isValidLop(p.lopMmHg) ? p.lopMmHg : null;
    return { address: p.address, name: typeof p.name === 'string' ? p.name.slice(0, 24) : p.address, lopMmHg: lop };
  } catch (e) {
    return null;
  }
}

/** The next hand-entered LOP from the one shown (null: not set yet, starts at HAND_LOP_START). */
export function stepLop(current: number | null | undefined, direction: 1 | -1): number {
  if (typeof current !== 'number' || !isValidLop(current)) return HAND_LOP_START;
  const next = current + direction * HAND_LOP_STEP;
  return isValidLop(next) ? next : current;
}
