// `bfr-coach simulate --cuff ble --no-phone`: a full walk-intervals from the wrist only with a
// Bluetooth hand-pump cuff, on virtual time; every fault raises exactly the alarms the fault
// plan predicts, malformed frames are counted, never shown as a number, never a crash.
import { simulateBleCuff } from '../../sim/simulate';
import { BLE_FAULT_PLAN } from '../../sim/bleCuff/wristOnly';
import { parseSimulateFlags } from '../../bin/commands/simulate';

describe('simulate --cuff ble --no-phone', () => {
  it('walk-intervals wrist-only: completed, kept in the watch outbox, pressure recorded, no command, no alarm', async () => {
    const s = await simulateBleCuff({ programId: 'walk-intervals', speed: 'max' });
    expect(s.ok).toBe(true);
    expect(s.paired && s.paired.address).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
    expect(s.status).toBe('completed');
    expect(s.stored).toBe(true);
    // 5 work sets of 2 min at one sample a second (the cuff notifies at 1 Hz).
    expect(s.pressureSamples).toBeGreaterThan(5 * 110);
    expect(s.alarmCount).toBe(0);
    expect(s.cuffCommands).toBe(0);
    expect(s.releasedAtEnd).toBe(true);
    expect(s.occlusion[0].longestContinuousMs).toBeLessThanOrEqual(125000);
  });

  it('every fault, one per work set: alarms as predicted, rejects counted, never a number without a value', async () => {
    const faults = ['disconnect', 'garbage', 'kPa', 'nan', 'silent'] as const;
    const s = await simulateBleCuff({ programId: 'walk-intervals', speed: 'max', faults: faults.slice() });
    expect(s.status).toBe('completed');
    expect(s.stored).toBe(true);
    expect(s.alarms.map((a) => a.kind).sort()).toEqual(faults.flatMap((f) => BLE_FAULT_PLAN[f].alarms).sort());
    expect(s.alarmCount).toBe(4);
    expect(s.alarmsMatchFaults).toBe(true);
    expect(s.disconnects).toBe(1);
    expect(s.frames.rejected).toBeGreaterThanOrEqual(9);
    expect(s.frames.noReading).toBeGreaterThanOrEqual(9);
    expect(Object.values(s.frames.reasons).reduce((a, b) => a + b, 0)).toBe(s.frames.rejected);
    expect(s.bogusShown).toBe(0);
    expect(s.ok).toBe(true);
  });

  it('an over-pumping trainee is told to release; the faults in another order still match', async () => {
    const s = await simulateBleCuff({ programId: 'walk-intervals', speed: 'max', faults: ['overpump', 'silent', 'nan'] });
    expect(s.alarms.map((a) => a.kind)).toEqual(['releaseCuff', 'stalePressureWarn', 'releaseCuff', 'stalePressureWarn']);
    expect(s.alarmsMatchFaults).toBe(true);
    expect(s.cuffCommands).toBe(0);
  });

  it('flags: --cuff ble goes with --no-phone, faults are checked by name and count', () => {
    const f = parseSimulateFlags(['--program', 'walk-intervals', '--cuff', 'ble', '--no-phone', '--speed', '120', '--json', '--cuff-faults', 'nan,silent']);
    expect(f.bleCuff).toBe(true);
    expect(f.cuffFaults).toEqual(['nan', 'silent']);
    expect(() => parseSimulateFlags(['--program', 'walk-intervals', '--cuff', 'ble'])).toThrow(/--no-phone/);
    expect(() => parseSimulateFlags(['--program', 'walk-intervals', '--cuff', 'ble', '--no-phone', '--cuff-faults', 'smoke'])).toThrow(/--cuff-faults/);
    expect(() => parseSimulateFlags(['--program', 'quick-wrist', '--cuff', 'ble', '--no-phone'])).toThrow(/not a cuff program/);
    expect(() => parseSimulateFlags(['--program', 'walk-intervals', '--cuff', 'ble', '--no-phone', '--cuff-faults', 'nan,nan,nan,nan,nan,nan'])).toThrow(/at most 5/);
  });
});
