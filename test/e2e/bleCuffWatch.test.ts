// The real watch pages (Node Zepp runtime, virtual clock) with a standard Bluetooth cuff and no
// phone: pairing from the pre-check's "Bluetooth cuff" page through the `@zos/ble` central
// stand-in, then a full walk-intervals read from the cuff, pumped and released by hand, kept in
// the watch outbox; a NaN frame shows "No reading", never a number.
import { readMessages } from '../../sim/zepp/po';
import { VirtualClock } from '../../sim/clock';
import { startSystem, type SimSystem } from '../../sim/system';
import { SimBleCentral } from '../../sim/zepp/bleCentral';
import { createBleCuff, pump, setValve, type BleCuffPeripheral } from '../../sim/bleCuff/peripheral';
import { SCAN_MS } from '../../watch/lib/bleCuff';

const text = readMessages();
const ADDR = 'C0:FF:EE:00:00:01';
const started: SimSystem[] = [];
afterEach(async () => {
  while (started.length) await started.pop()!.stop();
});

async function wristOnly(): Promise<{ sys: SimSystem; clock: VirtualClock; cuff: BleCuffPeripheral; central: SimBleCentral }> {
  const clock = new VirtualClock();
  const cuff = createBleCuff('BFR Cuff', ADDR, 5);
  const central = new SimBleCentral(clock, [cuff]);
  central.start();
  const sys = await startSystem({ clock, controller: false, phone: false, trainee: false, bleCentral: central });
  started.push(sys);
  return { sys, clock, cuff, central };
}

function stored(sys: SimSystem): Array<{ id: string; synced: boolean }> {
  return JSON.parse(JSON.parse(sys.watch.storage.get('bfr.sessions') || '"[]"'));
}

describe('Bluetooth cuff on the watch, no phone', () => {
  it('pairs from the pre-check: scan stops by itself, the cuff is listed, picked and remembered for the limb, LOP by hand, start with no phone; forget clears it', async () => {
    const { sys, clock, central } = await wristOnly();
    const w = sys.watch;
    await w.launch('page/precheck/index.page', JSON.stringify({ programId: 'walk-intervals' }));
    await w.tap(text.bleCuff);
    expect(w.currentUrl).toBe('page/blecuff/index.page');
    expect(w.texts()).toContain(text.bleScanning);
    await clock.advance(SCAN_MS + 500);
    expect(central.scanning).toBe(false);
    expect(w.texts()).toContain(text.bleChoose);
    await w.tap('BFR Cuff');
    expect(w.currentUrl).toBe('page/precheck/index.page');
    expect(JSON.parse(String(w.storage.get('bfr.bleCuff.leg') && JSON.parse(w.storage.get('bfr.bleCuff.leg')!)))).toEqual({ address: ADDR, name: 'BFR Cuff', lopMmHg: null });
    expect(w.texts()).toContain(text.bleCuffUsed.replace('%s', 'BFR Cuff'));
    await w.tap(text.bleCuffUsed.replace('%s', 'BFR Cuff'));
    // LOP by hand (no phone to measure it): not set until entered; the first tap sets 150, then 10 mmHg steps.
    expect(w.texts()).toContain(text.lopUnknown);
    await w.tap('+10');
    await w.tap('+10');
    await w.tap('+10');
    await w.tap('-10');
    expect(w.texts()).toContain(text.lopKnown.replace('%d', '160'));
    expect(JSON.parse(JSON.parse(w.storage.get('bfr.bleCuff.leg')!)).lopMmHg).toBe(160);
    await w.launch('page/precheck/index.page', JSON.stringify({ programId: 'walk-intervals' }));
    expect(w.texts()).toContain(text.lopKnown.replace('%d', '160'));
    await w.tap(text.start);
    expect(w.currentUrl).toBe('page/session/index.page');
    await clock.advance(3000);
    expect(w.texts()).toContain('Pump the cuff to 96 mmHg');
    await w.launch('page/blecuff/index.page', JSON.stringify({ programId: 'walk-intervals', limb: 'leg' }));
    await w.tap(text.bleForget);
    expect(w.storage.get('bfr.bleCuff.leg')).toBeUndefined();
    expect(w.errors).toEqual([]);
  });

  it('a full walk-intervals from the wrist: readings from the cuff, "No reading" for NaN, no phone, kept in the outbox', async () => {
    const { sys, clock, cuff } = await wristOnly();
    const w = sys.watch;
    await w.launch('page/session/index.page', JSON.stringify({
      programId: 'walk-intervals', restriction: 'cuffs', cuffs: [{ cuffId: 'leg', lopMmHg: 180 }], cuffSource: 'ble', bleAddress: ADDR, bleName: 'BFR Cuff',
    }));
    await clock.advance(2000);
    expect(w.texts()).toContain('Pump the cuff to 108 mmHg');
    let sawPressure = false;
    let sawNoReading = false;
    for (let t = 0; t < 16 * 60 && w.currentUrl === 'page/session/index.page'; t++) {
      await clock.advance(1000);
      const texts = w.texts();
      // The trainee pumps when told, and tops up in work when the number shown sags 5 under target.
      const shown = texts.map((x) => /^(\d+) mmHg/.exec(x)).filter((m) => m)[0];
      const sagging = texts.includes('Walk') && shown && Number(shown[1]) < 103 && Number(shown[1]) > 20;
      if ((texts.some((x) => /^Pump the cuff/.test(x)) || sagging) && cuff.pressureMmHg < 103) pump(cuff, Math.min(1, (108 - cuff.pressureMmHg) / 20));
      if (texts.some((x) => /^Release the cuff/.test(x))) setValve(cuff, true);
      if (texts.some((x) => /^1\d\d mmHg/.test(x))) sawPressure = true;
      if (t === 60) cuff.faults.nan = true;
      if (t === 64) {
        sawNoReading = texts.includes(text.bleNoReading);
        expect(texts.some((x) => /mmHg/.test(x) && !/^Pump/.test(x))).toBe(false);
      }
      if (t === 66) cuff.faults.nan = false;
      if (texts.includes('10')) await w.tap('5'); // effort rating in each rest
    }
    expect(sawPressure).toBe(true);
    expect(sawNoReading).toBe(true);
    expect(w.currentUrl).toBe('page/summary/index.page');
    const index = stored(sys);
    expect(index).toHaveLength(1);
    expect(index[0].synced).toBe(false);
    const record = JSON.parse(JSON.parse(w.storage.get('bfr.session.' + index[0].id)!));
    expect(record.status).toBe('completed');
    expect(record.cuffSource).toBe('ble');
    expect(record.pressureSamples.length).toBeGreaterThan(500);
    expect(record.alarms.map((a: { kind: string }) => a.kind)).toEqual(['stalePressureWarn']);
    expect(w.errors).toEqual([]);
  });
});
