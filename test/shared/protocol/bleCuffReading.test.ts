import fc from 'fast-check';
import { encodeIntermediateCuffPressure, SFLOAT_NAN, SFLOAT_NRES, SFLOAT_POS_INF } from '../../../shared/protocol/cuffPressureCodec';
import { readBleCuffFrame } from '../../../shared/protocol/bleCuffReading';

function frameWithRaw(raw: number): number[] {
  return [0, raw & 0xff, raw >> 8, 0xff, 0x07, 0xff, 0x07];
}

describe('Bluetooth cuff frames', () => {
  it('mmHg and kPa both arrive in mmHg', () => {
    expect(readBleCuffFrame(encodeIntermediateCuffPressure({ unit: 'mmHg', cuffPressure: 120 }))).toEqual({ kind: 'pressure', mmHg: 120 });
    expect(readBleCuffFrame(encodeIntermediateCuffPressure({ unit: 'kPa', cuffPressure: 16 }))).toEqual({ kind: 'pressure', mmHg: 120 });
  });
  it('NaN, NRes and INF are "no reading", never a number', () => {
    expect(readBleCuffFrame(frameWithRaw(SFLOAT_NAN))).toEqual({ kind: 'noReading', why: 'nan' });
    expect(readBleCuffFrame(frameWithRaw(SFLOAT_NRES))).toEqual({ kind: 'noReading', why: 'nres' });
    expect(readBleCuffFrame(frameWithRaw(SFLOAT_POS_INF))).toEqual({ kind: 'noReading', why: 'infinite' });
  });
  it('short frames and impossible pressures are rejected with a reason', () => {
    const short = readBleCuffFrame([0, 1, 2]);
    expect(short.kind).toBe('rejected');
    expect(short.kind === 'rejected' && short.error).toMatch(/length/);
    const negative = readBleCuffFrame(encodeIntermediateCuffPressure({ unit: 'mmHg', cuffPressure: -20 }));
    expect(negative.kind).toBe('rejected');
    const huge = readBleCuffFrame(encodeIntermediateCuffPressure({ unit: 'kPa', cuffPressure: 200 }));
    expect(huge.kind).toBe('rejected');
  });
  it('property: any bytes give one of the three kinds, and a pressure is always a finite number in range', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 30 }), (bytes) => {
      const r = readBleCuffFrame(bytes);
      if (r.kind === 'pressure') {
        expect(Number.isFinite(r.mmHg)).toBe(true);
        expect(r.mmHg).toBeGreaterThanOrEqual(0);
        expect(r.mmHg).toBeLessThanOrEqual(500);
      } else expect(['noReading', 'rejected']).toContain(r.kind);
    }));
  });
});
