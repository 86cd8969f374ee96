// A timer-only session with no phone: the record waits on the watch until the link is back,
// then goes over as a file; only the companion's ack marks it synced. And the settings page
// values become the configuration the Zepp companion's PhoneConfig reads.
import { PhoneConfig } from '../../companion/phoneConfig';
import { MemorySettingsStore } from '../../companion/settingsStore';
import { applySettingsPage, UI_KEYS } from '../../fitbit/settings/compose';
import { startRig, type Rig } from './harness';

let rig: Rig | null = null;
afterEach(async () => {
  if (rig) await rig.close();
  rig = null;
});

interface DeviceApp {
  outbox: { stats: { queued: number; acked: number }; waiting(): string[] };
  store: { index(): Array<{ id: string; synced: boolean }> };
}

describe('Fitbit sessions without the phone', () => {
  it('keeps a finished session until the phone has stored it', async () => {
    rig = await startRig({ linkUp: false });
    const { sys } = rig;
    const app = (sys.device as { app: DeviceApp }).app;
    // Wraps need the screening answered: refused, back on the list with the reason.
    sys.document.tap('program-6');
    expect(sys.document.visible('screen-programs')).toBe(true);
    expect(sys.document.text('programs-status')).not.toBe('');
    expect(sys.display.autoOff).toBe(true);
    // Walk intervals with no cuffs set up on the phone runs as a timer.
    sys.document.tap('program-0');
    expect(sys.document.visible('screen-session')).toBe(true);
    expect(sys.display.autoOff).toBe(false);
    await rig.advance(30 * 60_000, 1000, () => sys.document.visible('screen-summary'));
    expect(sys.document.visible('screen-summary')).toBe(true);
    expect(sys.document.text('summary-sync')).toBe('Phone not connected');
    await rig.advance(60_000, 1000);
    expect(app.store.index()).toHaveLength(1);
    expect(app.store.index()[0].synced).toBe(false);
    expect(sys.files.log).toHaveLength(0);

    sys.link.setConnected(true);
    await rig.advance(5000, 250);
    expect(sys.files.log).toHaveLength(1);
    expect(app.store.index()[0].synced).toBe(true);
    expect(sys.document.text('summary-sync')).toBe('Saved on phone');
    const phone = (sys.phone as { companion: { sessions: { list(): Array<{ id: string }> } } }).companion;
    expect(phone.sessions.list().map((e) => e.id)).toEqual([app.store.index()[0].id]);
    // Back to the list; the display may sleep again.
    expect(sys.document.tap('btn-done')).toBe(true);
    expect(sys.document.visible('screen-programs')).toBe(true);
    expect(sys.display.autoOff).toBe(true);
    expect([...sys.errors, ...rig.clock.errors]).toEqual([]);
  });
});

describe('Fitbit app relaunch', () => {
  it('resumes a running session where it was after the app is closed and opened again', async () => {
    rig = await startRig();
    const { sys } = rig;
    sys.document.tap('program-0');
    await rig.advance(200_000, 1000); // set 2 of 5 (2 min work, 1 min rest)
    const before = (sys.device as { app: { session(): { runner: { state: { record: { id: string }; phaseIndex: number } } } | null } }).app.session();
    const id = before?.runner.state.record.id;
    const phaseIndex = before?.runner.state.phaseIndex;
    expect(phaseIndex).toBe(2);

    await sys.relaunchDevice();
    expect(sys.launches).toBe(2);
    const app = (sys.device as { app: DeviceApp & { session(): { runner: { state: { record: { id: string }; phaseIndex: number } } } | null } }).app;
    expect(sys.document.visible('screen-session')).toBe(true);
    expect(app.session()?.runner.state.record.id).toBe(id);
    expect(app.session()?.runner.state.phaseIndex).toBe(2);
    expect(sys.display.autoOff).toBe(false);
    expect(sys.document.text('set')).toBe('Set 2/5');

    await rig.advance(12 * 60_000, 1000, () => sys.document.visible('screen-summary'));
    expect(sys.document.text('summary-status')).toBe('Well done!'); // en-US catalog, msgid sessionDone
    await rig.advance(3000);
    expect(app.store.index()).toEqual([expect.objectContaining({ id, synced: true })]);
    expect([...sys.errors, ...rig.clock.errors]).toEqual([]);
  });
});

describe('Fitbit settings page', () => {
  const store = () => new MemorySettingsStore();
  const set = (s: MemorySettingsStore, key: string, value: unknown) => s.setItem(key, JSON.stringify(typeof value === 'string' ? { name: value } : value));

  it('becomes the controller, cuffs and screening PhoneConfig reads', () => {
    const s = store();
    set(s, UI_KEYS.controllerUrl, '192.168.1.20:8080');
    set(s, UI_KEYS.controllerToken, 'secret');
    set(s, UI_KEYS.cuffLimb, { selected: [1], values: [{ name: 'Legs', value: 'leg' }, { name: 'Arms', value: 'arm' }] });
    set(s, UI_KEYS.lop('left'), '150');
    set(s, UI_KEYS.screen('pregnancy'), false);
    set(s, UI_KEYS.screeningDone, true);
    applySettingsPage(s, 1_700_000_000_000);
    const config = new PhoneConfig(s, () => 1_700_000_000_000);
    expect(config.controller()).toEqual({ url: 'http://192.168.1.20:8080', token: 'secret' });
    expect(config.cuffs()).toEqual([
      { cuffId: 'arm-left', limb: 'arm', side: 'left', widthCm: 11, lopMmHg: 150, lopMeasuredAtMs: 1_700_000_000_000 },
      { cuffId: 'arm-right', limb: 'arm', side: 'right', widthCm: 11, lopMmHg: null, lopMeasuredAtMs: null },
    ]);
    expect(config.screening()).toMatchObject({ kind: 'screening', answers: { pregnancy: false, clotting: false } });
    expect(config.problems).toEqual([]);
  });

  it('keeps a LOP the controller measured, and withdraws screening until confirmed', () => {
    const s = store();
    set(s, UI_KEYS.cuffLimb, { selected: [0], values: [{ name: 'Legs', value: 'leg' }] });
    applySettingsPage(s, 1000);
    const config = new PhoneConfig(s, () => 2000);
    expect(config.saveLop('leg-right', 212)).toBe(true);
    set(s, UI_KEYS.cuffWidthCm, '14');
    applySettingsPage(s, 3000);
    expect(config.cuffs()[1]).toMatchObject({ cuffId: 'leg-right', lopMmHg: 212, lopMeasuredAtMs: 2000, widthCm: 14 });
    expect(config.controller()).toBeNull();
    expect(config.screening()).toBeNull();
  });
});
