// Bluetooth SIG Intermediate Cuff Pressure characteristic (0x2A36, Blood Pressure Service
// 0x1810): how a standard cuff streams its pressure during a measurement. Layout: flags byte
// (bit0 unit 0 mmHg / 1 kPa, bit1 timestamp, bit2 pulse rate, bit3 user id, bit4 measurement
// status), three IEEE-11073 SFLOATs (current cuff pressure first; the other two are unused and
// NaN), then the optional fields in flag order. All little-endian. Lets a BLE cuff feed the
// engine later without a controller.
import type { ParseResult } from './common';

export const INTERMEDIATE_CUFF_PRESSURE_UUID = 0x2a36;
export const MMHG_PER_KPA = 7.50062;

const FLAG_KPA = 0x01;
const FLAG_TIMESTAMP = 0x02;
const FLAG_PULSE = 0x04;
const FLAG_USER = 0x08;
const FLAG_STATUS = 0x10;

/** SFLOAT special values (exponent 0). */
export const SFLOAT_NAN = 0x07ff;
export const SFLOAT_NRES = 0x0800;
export const SFLOAT_POS_INF = 0x07fe;
export const SFLOAT_NEG_INF = 0x0802;
const SFLOAT_RESERVED = 0x0801;
/** Mantissa range; with exponent 0, 2046..2048 (and -2046..-2048) would collide with the specials. */
function mantissaFits(m: number, e: number): boolean {
  return e === 0 ? m >= -2045 && m <= 2045 : m >= -2048 && m <= 2047;
}

export interface CuffTimestamp { year: number; month: number; day: number; hours: number; minutes: number; seconds: number }

export interface IntermediateCuffPressure {
  unit: 'mmHg' | 'kPa';
  /** Current cuff pressure in `unit` (NaN when the cuff sent NaN / NRes). */
  cuffPressure: number;
  timestamp?: CuffTimestamp;
  /** Beats per minute. */
  pulseRate?: number;
  userId?: number;
  /** Measurement status bit field (body movement, cuff fit, irregular pulse...). */
  measurementStatus?: number;
}

/** IEEE-11073 16-bit SFLOAT -> number: 4-bit signed exponent, 12-bit signed mantissa. */
export function decodeSfloat(raw: number): number {
  const bits = raw & 0xffff;
  if (bits === SFLOAT_NAN || bits === SFLOAT_NRES || bits === SFLOAT_RESERVED) return NaN;
  if (bits === SFLOAT_POS_INF) return Infinity;
  if (bits === SFLOAT_NEG_INF) return -Infinity;
  let mantissa = bits & 0x0fff;
  if (mantissa >= 0x0800) mantissa -= 0x1000;
  let exponent = bits >> 12;
  if (exponent >= 0x8) exponent -= 0x10;
  // Divide for negative exponents so 1205e-1 reads 120.5, not 120.50000000000001.
  return exponent < 0 ? mantissa / Math.pow(10, -exponent) : mantissa * Math.pow(10, exponent);
}

/**
 * number -> SFLOAT, shortest exact form when there is one, else the most precise that fits.
 * 12 bits of mantissa: 204.7 keeps its decimal, 250.3 becomes 250 (the format's own limit).
 */
export function encodeSfloat(value: number): number {
  if (value !== value) return SFLOAT_NAN;
  if (value === Infinity) return SFLOAT_POS_INF;
  if (value === -Infinity) return SFLOAT_NEG_INF;
  let best: { m: number; e: number } | null = null;
  for (let e = 0; e >= -8; e--) {
    const scaled = e === 0 ? value : value * Math.pow(10, -e);
    const m = Math.round(scaled);
    if (!mantissaFits(m, e)) break;
    best = { m, e };
    if (Math.abs(scaled - m) < 1e-9 * Math.max(1, Math.abs(scaled))) break;
  }
  if (!best) {
    for (let e = 1; e <= 7; e++) {
      const m = Math.round(value / Math.pow(10, e));
      if (mantissaFits(m, e)) {
        best = { m, e };
        break;
      }
    }
  }
  if (!best) return value > 0 ? SFLOAT_POS_INF : SFLOAT_NEG_INF;
  return ((best.e & 0x0f) << 12) | (best.m & 0x0fff);
}

/** Pressure in mmHg whatever unit the cuff used. */
export function cuffPressureMmHg(m: IntermediateCuffPressure): number {
  return m.unit === 'kPa' ? m.cuffPressure * MMHG_PER_KPA : m.cuffPressure;
}

function fail(field: string, why: string): ParseResult<IntermediateCuffPressure> {
  return { ok: false, error: 'cuff pressure rejected: ' + field + ': ' + why, fields: [field] };
}

/** Decode one notification value. Bytes past the flagged fields are ignored (future fields). */
export function decodeIntermediateCuffPressure(bytes: ArrayLike<number>): ParseResult<IntermediateCuffPressure> {
  if (bytes.length < 7) return fail('length', 'expected at least 7 bytes, got ' + bytes.length);
  const u8 = (i: number) => bytes[i] & 0xff;
  const u16 = (i: number) => u8(i) | (u8(i + 1) << 8);
  const flags = u8(0);
  const result: IntermediateCuffPressure = { unit: flags & FLAG_KPA ? 'kPa' : 'mmHg', cuffPressure: decodeSfloat(u16(1)) };
  let at = 7;
  const need = (n: number, field: string) => (bytes.length < at + n ? fail(field, 'flagged but missing (' + bytes.length + ' bytes)') : null);
  if (flags & FLAG_TIMESTAMP) {
    const missing = need(7, 'timestamp');
    if (missing) return missing;
    result.timestamp = { year: u16(at), month: u8(at + 2), day: u8(at + 3), hours: u8(at + 4), minutes: u8(at + 5), seconds: u8(at + 6) };
    at += 7;
  }
  if (flags & FLAG_PULSE) {
    const missing = need(2, 'pulseRate');
    if (missing) return missing;
    result.pulseRate = decodeSfloat(u16(at));
    at += 2;
  }
  if (flags & FLAG_USER) {
    const missing = need(1, 'userId');
    if (missing) return missing;
    result.userId = u8(at);
    at += 1;
  }
  if (flags & FLAG_STATUS) {
    const missing = need(2, 'measurementStatus');
    if (missing) return missing;
    result.measurementStatus = u16(at);
    at += 2;
  }
  return { ok: true, value: result };
}

/** Encode one notification value (used by tests and a simulated BLE cuff). */
export function encodeIntermediateCuffPressure(m: IntermediateCuffPressure): Uint8Array {
  const out: number[] = [];
  const put16 = (v: number) => out.push(v & 0xff, (v >> 8) & 0xff);
  let flags = m.unit === 'kPa' ? FLAG_KPA : 0;
  if (m.timestamp) flags |= FLAG_TIMESTAMP;
  if (m.pulseRate !== undefined) flags |= FLAG_PULSE;
  if (m.userId !== undefined) flags |= FLAG_USER;
  if (m.measurementStatus !== undefined) flags |= FLAG_STATUS;
  out.push(flags);
  put16(encodeSfloat(m.cuffPressure));
  put16(SFLOAT_NAN); // diastolic: unused in intermediate readings
  put16(SFLOAT_NAN); // mean arterial pressure: unused
  if (m.timestamp) {
    const t = m.timestamp;
    put16(t.year);
    out.push(t.month & 0xff, t.day & 0xff, t.hours & 0xff, t.minutes & 0xff, t.seconds & 0xff);
  }
  if (m.pulseRate !== undefined) put16(encodeSfloat(m.pulseRate));
  if (m.userId !== undefined) out.push(m.userId & 0xff);
  if (m.measurementStatus !== undefined) put16(m.measurementStatus);
  return new Uint8Array(out);
}
