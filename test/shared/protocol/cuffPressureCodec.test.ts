import fc from 'fast-check';
import {
  cuffPressureMmHg, decodeIntermediateCuffPressure, decodeSfloat, encodeIntermediateCuffPressure, encodeSfloat,
} from '../../../shared/protocol/cuffPressureCodec';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

describe('IEEE-11073 SFLOAT', () => {
  it.each([
    [0x0078, 120], [0xf4b5, 120.5], [0xf0a0, 16], [0x0fff, -1], [0x1001, 10], [0xe4d2, 12.34], [0x0000, 0],
  ])('decodes 0x%s', (raw, value) => {
    expect(decodeSfloat(raw)).toBeCloseTo(value, 10);
  });
  it('decodes the special values', () => {
    expect(decodeSfloat(0x07ff)).toBeNaN(); // NaN
    expect(decodeSfloat(0x0800)).toBeNaN(); // NRes
    expect(decodeSfloat(0x07fe)).toBe(Infinity);
    expect(decodeSfloat(0x0802)).toBe(-Infinity);
  });
  it('encodes the shortest exact form', () => {
    expect(encodeSfloat(120)).toBe(0x0078);
    expect(encodeSfloat(120.5)).toBe(0xf4b5);
    expect(encodeSfloat(-1)).toBe(0x0fff);
    expect(encodeSfloat(NaN)).toBe(0x07ff);
    expect(encodeSfloat(Infinity)).toBe(0x07fe);
    expect(encodeSfloat(-Infinity)).toBe(0x0802);
    expect(encodeSfloat(30000)).toBe(0x2000 | 300);
    expect(encodeSfloat(204.6)).toBe(0xf7fe); // mantissa 2046 is a number when the exponent is not 0
    expect(decodeSfloat(0xf7fe)).toBeCloseTo(204.6, 10);
  });
  it('round-trips within SFLOAT precision (a 12-bit mantissa: worst case 0.5 in 205)', () => {
    fc.assert(fc.property(fc.double({ min: -2000, max: 2000, noNaN: true }), (v) => {
      const back = decodeSfloat(encodeSfloat(v));
      expect(Math.abs(back - v)).toBeLessThanOrEqual(Math.max(Math.abs(v) * 0.0025, 5e-9));
    }), { numRuns: 2000 });
  });
  it('keeps tenths of a mmHg exactly up to 204.7', () => {
    for (let t = 0; t <= 2047; t++) expect(decodeSfloat(encodeSfloat(t / 10))).toBeCloseTo(t / 10, 10);
  });
});

describe('Intermediate Cuff Pressure 0x2A36', () => {
  it('decodes a minimal mmHg reading (known vector)', () => {
    const r = decodeIntermediateCuffPressure([0x00, 0x78, 0x00, 0xff, 0x07, 0xff, 0x07]);
    expect(r).toEqual({ ok: true, value: { unit: 'mmHg', cuffPressure: 120 } });
  });
  it('decodes kPa and converts to mmHg', () => {
    const r = decodeIntermediateCuffPressure([0x01, 0xa0, 0xf0, 0xff, 0x07, 0xff, 0x07]);
    expect(r.ok && r.value).toEqual({ unit: 'kPa', cuffPressure: 16 });
    expect(r.ok && cuffPressureMmHg(r.value)).toBeCloseTo(120.01, 2);
  });
  it('decodes every optional field in flag order (known vector)', () => {
    const bytes = [0x1e, 0x78, 0x00, 0xff, 0x07, 0xff, 0x07, 0xe8, 0x07, 0x03, 0x05, 0x0e, 0x1e, 0x0f, 0x48, 0x00, 0x01, 0x01, 0x00];
    const r = decodeIntermediateCuffPressure(bytes);
    expect(r.ok && r.value).toEqual({
      unit: 'mmHg', cuffPressure: 120,
      timestamp: { year: 2024, month: 3, day: 5, hours: 14, minutes: 30, seconds: 15 },
      pulseRate: 72, userId: 1, measurementStatus: 1,
    });
    expect(hex(encodeIntermediateCuffPressure(r.ok ? r.value : ({} as never)))).toBe(hex(new Uint8Array(bytes)));
  });
  it('refuses short or truncated values and names the field', () => {
    expect(decodeIntermediateCuffPressure([0x00, 0x78])).toMatchObject({ ok: false, fields: ['length'] });
    expect(decodeIntermediateCuffPressure([0x04, 0x78, 0x00, 0xff, 0x07, 0xff, 0x07, 0x48])).toMatchObject({ ok: false, fields: ['pulseRate'] });
    expect(decodeIntermediateCuffPressure([0x02, 0x78, 0x00, 0xff, 0x07, 0xff, 0x07, 0xe8])).toMatchObject({ ok: false, fields: ['timestamp'] });
  });
  it('round-trips any measurement', () => {
    const arb = fc.record({
      unit: fc.constantFrom('mmHg' as const, 'kPa' as const),
      // values SFLOAT holds exactly: tenths up to 204.7, whole numbers up to 2045
      cuffPressure: fc.oneof(fc.integer({ min: 0, max: 2047 }).map((x) => x / 10), fc.integer({ min: 0, max: 2045 })),
      timestamp: fc.option(fc.record({ year: fc.integer({ min: 1582, max: 9999 }), month: fc.integer({ min: 0, max: 12 }), day: fc.integer({ min: 0, max: 31 }), hours: fc.integer({ min: 0, max: 23 }), minutes: fc.integer({ min: 0, max: 59 }), seconds: fc.integer({ min: 0, max: 59 }) }), { nil: undefined }),
      pulseRate: fc.option(fc.integer({ min: 30, max: 220 }), { nil: undefined }),
      userId: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
      measurementStatus: fc.option(fc.integer({ min: 0, max: 0xffff }), { nil: undefined }),
    }).map((m) => JSON.parse(JSON.stringify(m)));
    fc.assert(fc.property(arb, (m) => {
      const r = decodeIntermediateCuffPressure(encodeIntermediateCuffPressure(m));
      expect(r.ok && r.value).toEqual(m);
    }));
  });
  it('fuzz: any bytes decode or fail cleanly', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
      const r = decodeIntermediateCuffPressure(bytes);
      if (!r.ok) expect(r.fields).toHaveLength(1);
    }));
  });
});
