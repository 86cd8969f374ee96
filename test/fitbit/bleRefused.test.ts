// The Fitbit device bundle has no Bluetooth-cuff rules (scripts/buildFitbit.js, noBleCuff): a
// saved state naming a Bluetooth cuff must be refused the usual way of a state that does not
// parse ("resume failed", the state dropped), never run with those rules missing.
import { parseSessionState } from '../../shared/session/state';
import { startRig, type Rig } from './harness';

let rig: Rig | null = null;
afterEach(async () => {
  if (rig) await rig.close();
  rig = null;
});

const ACTIVE = 'bfr.active';

describe('Fitbit app and a saved Bluetooth-cuff session', () => {
  it('refuses to resume it, drops it and goes back to the program list', async () => {
    rig = await startRig();
    const { sys } = rig;
    sys.document.tap('program-0');
    await rig.advance(60_000, 1000);
    expect(sys.fs.existsSync(ACTIVE)).toBe(true);
    const saved = sys.fs.readFileSync(ACTIVE, 'json') as { cuffSource: string; record: { cuffSource?: string } };
    expect(saved.cuffSource).toBe('controller');
    const ble = { ...saved, cuffSource: 'ble', record: { ...saved.record, cuffSource: 'ble' } };
    // A state Zepp and the phone would take as it is: only the device refuses it.
    expect(parseSessionState(ble).ok).toBe(true);
    sys.fs.writeFileSync(ACTIVE, ble, 'json');

    await sys.relaunchDevice();
    expect(sys.document.visible('screen-programs')).toBe(true);
    expect(sys.document.visible('screen-session')).toBe(false);
    expect(sys.document.text('programs-status')).toBe('Could not resume the session');
    expect(sys.fs.existsSync(ACTIVE)).toBe(false);
    expect((sys.device as { app: { session(): unknown } }).app.session()).toBeNull();
    await rig.advance(5000, 1000);
    expect([...sys.errors, ...rig.clock.errors]).toEqual([]);
  });

  it('still resumes the same state with its controller cuff source', async () => {
    rig = await startRig();
    const { sys } = rig;
    sys.document.tap('program-0');
    await rig.advance(60_000, 1000);
    sys.fs.writeFileSync(ACTIVE, sys.fs.readFileSync(ACTIVE, 'json'), 'json');
    await sys.relaunchDevice();
    expect(sys.document.visible('screen-session')).toBe(true);
    expect((sys.device as { app: { session(): unknown } }).app.session()).not.toBeNull();
    expect([...sys.errors, ...rig.clock.errors]).toEqual([]);
  });
});
