// A hand-pump Bluetooth cuff as a peripheral: Blood Pressure Service 0x1810, notifying
// Intermediate Cuff Pressure (0x2A36) frames. The Blood Pressure Profile has the sensor send
// intermediate cuff pressure about once a second while a measurement runs; we notify at 1 Hz
// (harsher than the 4-10 Hz some cuffs send: the stale-reading rules see fewer readings).
// Deterministic: no clock and no Math.random; time comes from advance(), noise from a seed.
import { encodeIntermediateCuffPressure, SFLOAT_NAN } from '../../shared/protocol/cuffPressureCodec';
import { nextRandom } from '../controller/pneumatics';

export const BLE_CUFF_SERVICE_UUID = 0x1810;
export const BLE_CUFF_NOTIFY_EVERY_MS = 1000;
/** One squeeze of the hand bulb. */
export const PUMP_STROKE_MMHG = 20;
/** Slow leak through the valve seat, per second, as a fraction of the pressure. */
const LEAK_PER_S = 0.002;
/** An open release valve empties the cuff with this time constant. */
const RELEASE_TAU_S = 1.5;

export type BleCuffFault = 'disconnect' | 'garbage' | 'kPa' | 'nan' | 'silent';

export interface BleCuffPeripheral {
  name: string;
  address: string;
  pressureMmHg: number;
  valveOpen: boolean;
  connected: boolean;
  faults: Record<BleCuffFault, boolean>;
  rngState: number;
  sinceNotifyMs: number;
  framesSent: number;
}

export function createBleCuff(name: string, address: string, seed: number): BleCuffPeripheral {
  return {
    name, address, pressureMmHg: 0, valveOpen: false, connected: false,
    faults: { disconnect: false, garbage: false, kPa: false, nan: false, silent: false },
    rngState: seed >>> 0, sinceNotifyMs: 0, framesSent: 0,
  };
}

/** Advertising data a scan sees: the service list and the local name. */
export function advertisement(c: BleCuffPeripheral): { name: string; address: string; serviceUuids: number[]; rssi: number } {
  return { name: c.name, address: c.address, serviceUuids: [BLE_CUFF_SERVICE_UUID], rssi: -60 - Math.round(nextRandom(c) * 20) };
}

export function pump(c: BleCuffPeripheral, strokes = 1): void {
  c.valveOpen = false;
  c.pressureMmHg = Math.min(300, c.pressureMmHg + strokes * PUMP_STROKE_MMHG);
}

export function setValve(c: BleCuffPeripheral, open: boolean): void {
  c.valveOpen = open;
}

/**
 * Advance the cuff by dtMs and return the notification frames it sends in that time (empty
 * when disconnected or silent). A 'disconnect' fault drops the link once and clears itself.
 */
export function advanceBleCuff(c: BleCuffPeripheral, dtMs: number): Uint8Array[] {
  const dtS = dtMs / 1000;
  c.pressureMmHg *= c.valveOpen ? Math.exp(-dtS / RELEASE_TAU_S) : Math.exp(-LEAK_PER_S * dtS);
  if (c.pressureMmHg < 0.5) c.pressureMmHg = 0;
  if (c.faults.disconnect) {
    c.faults.disconnect = false;
    c.connected = false;
  }
  const frames: Uint8Array[] = [];
  c.sinceNotifyMs += dtMs;
  while (c.sinceNotifyMs >= BLE_CUFF_NOTIFY_EVERY_MS) {
    c.sinceNotifyMs -= BLE_CUFF_NOTIFY_EVERY_MS;
    if (!c.connected || c.faults.silent) continue;
    frames.push(frame(c));
    c.framesSent++;
  }
  return frames;
}

function frame(c: BleCuffPeripheral): Uint8Array {
  if (c.faults.garbage) {
    const n = 1 + Math.floor(nextRandom(c) * 6);
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i++) bytes[i] = Math.floor(nextRandom(c) * 256);
    return bytes;
  }
  const ripple = c.pressureMmHg > 0 ? (nextRandom(c) - 0.5) * 2 : 0;
  const mmHg = Math.max(0, c.pressureMmHg + ripple);
  if (c.faults.nan) {
    const f = encodeIntermediateCuffPressure({ unit: 'mmHg', cuffPressure: 0 });
    f[1] = SFLOAT_NAN & 0xff;
    f[2] = SFLOAT_NAN >> 8;
    return f;
  }
  if (c.faults.kPa) return encodeIntermediateCuffPressure({ unit: 'kPa', cuffPressure: Math.round((mmHg / 7.50062) * 10) / 10 });
  return encodeIntermediateCuffPressure({ unit: 'mmHg', cuffPressure: Math.round(mmHg * 10) / 10 });
}
