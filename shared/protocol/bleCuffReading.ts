// One Intermediate Cuff Pressure notification from a standard Bluetooth cuff, turned into what
// the engine and the screen may use. The cuff is read-only to us (the watch cannot deflate it),
// so a value we are unsure of is never shown as a number: it is "no reading", and the engine's
// stale-reading rule takes it from there.
import { cuffPressureMmHg, decodeIntermediateCuffPressure } from './cuffPressureCodec';

/** Highest pressure a cuff may plausibly report; above it the frame is rejected, not clipped. */
export const BLE_CUFF_MAX_MMHG = 500;

export type BleCuffReading =
  | { kind: 'pressure'; mmHg: number }
  /** The cuff said it has no value (NaN, NRes, +-INF): shown as "no reading". */
  | { kind: 'noReading'; why: 'nan' | 'nres' | 'infinite' }
  /** The frame itself is malformed or out of range: counted with its reason. */
  | { kind: 'rejected'; error: string };

const SFLOAT_NRES_BYTES = 0x0800;

export function readBleCuffFrame(bytes: ArrayLike<number>): BleCuffReading {
  const decoded = decodeIntermediateCuffPressure(bytes);
  if (!decoded.ok) return { kind: 'rejected', error: decoded.error };
  const raw = decoded.value.cuffPressure;
  if (raw !== raw) {
    const rawBits = (bytes[1] & 0xff) | ((bytes[2] & 0xff) << 8);
    return { kind: 'noReading', why: rawBits === SFLOAT_NRES_BYTES ? 'nres' : 'nan' };
  }
  if (raw === Infinity || raw === -Infinity) return { kind: 'noReading', why: 'infinite' };
  const mmHg = cuffPressureMmHg(decoded.value);
  if (mmHg < 0 || mmHg > BLE_CUFF_MAX_MMHG) {
    return { kind: 'rejected', error: 'cuff pressure rejected: cuffPressure: ' + Math.round(mmHg) + ' mmHg is outside 0-' + BLE_CUFF_MAX_MMHG };
  }
  return { kind: 'pressure', mmHg: Math.round(mmHg * 10) / 10 };
}
