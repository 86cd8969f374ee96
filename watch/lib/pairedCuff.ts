// The Bluetooth cuff paired for each limb, kept in the watch store as {address, name}; read back
// with a check (a bad entry counts as none). Set from the pairing page, forgotten from it too.
import { macBuffer } from './bleCuff';

export interface PairedCuff { address: string; name: string }
interface Kv { getItem(key: string, defaultValue?: unknown): unknown; setItem(key: string, value: unknown): void; removeItem(key: string): void }

export function pairedCuffKey(limb: string): string {
  return 'bfr.bleCuff.' + limb;
}

export function rememberCuff(kv: Kv, limb: string, cuff: PairedCuff): void {
  kv.setItem(pairedCuffKey(limb), JSON.stringify({ address: cuff.address, name: cuff.name.slice(0, 24) }));
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
    return { address: p.address, name: typeof p.name === 'string' ? p.name.slice(0, 24) : p.address };
  } catch (e) {
    return null;
  }
}
