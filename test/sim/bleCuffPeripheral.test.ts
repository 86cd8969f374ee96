import { advanceBleCuff, advertisement, createBleCuff, pump, setValve, BLE_CUFF_SERVICE_UUID } from '../../sim/bleCuff/peripheral';
import { readBleCuffFrame } from '../../shared/protocol/bleCuffReading';

function readAll(frames: Uint8Array[]) {
  return frames.map((f) => readBleCuffFrame(f));
}

describe('simulated Bluetooth hand-pump cuff', () => {
  it('advertises 0x1810 and notifies at 1 Hz only while connected', () => {
    const c = createBleCuff('BFR Cuff L', 'AA:BB:CC:00:00:01', 1);
    expect(advertisement(c).serviceUuids).toContain(BLE_CUFF_SERVICE_UUID);
    expect(advanceBleCuff(c, 5000)).toHaveLength(0);
    c.connected = true;
    expect(advanceBleCuff(c, 5000)).toHaveLength(5);
  });

  it('pumps up, leaks slowly, releases through the valve', () => {
    const c = createBleCuff('cuff', 'x', 2);
    c.connected = true;
    pump(c, 6);
    const held = readAll(advanceBleCuff(c, 10000));
    const last = held[held.length - 1];
    expect(last.kind).toBe('pressure');
    if (last.kind === 'pressure') expect(last.mmHg).toBeGreaterThan(110);
    setValve(c, true);
    const released = readAll(advanceBleCuff(c, 10000));
    const end = released[released.length - 1];
    expect(end.kind === 'pressure' && end.mmHg).toBeLessThan(2);
  });

  it('faults: kPa frames read back in mmHg, NaN is no reading, garbage is rejected, silent sends nothing, disconnect drops the link', () => {
    const c = createBleCuff('cuff', 'x', 3);
    c.connected = true;
    pump(c, 5);
    c.faults.kPa = true;
    const kpa = readAll(advanceBleCuff(c, 1000))[0];
    expect(kpa.kind === 'pressure' && Math.abs(kpa.mmHg - 100)).toBeLessThan(3);
    c.faults.kPa = false;
    c.faults.nan = true;
    expect(readAll(advanceBleCuff(c, 1000))[0]).toEqual({ kind: 'noReading', why: 'nan' });
    c.faults.nan = false;
    c.faults.garbage = true;
    expect(readAll(advanceBleCuff(c, 3000)).every((r) => r.kind === 'rejected')).toBe(true);
    c.faults.garbage = false;
    c.faults.silent = true;
    expect(advanceBleCuff(c, 3000)).toHaveLength(0);
    c.faults.silent = false;
    c.faults.disconnect = true;
    expect(advanceBleCuff(c, 3000)).toHaveLength(0);
    expect(c.connected).toBe(false);
  });
});
