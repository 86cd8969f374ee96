// A full walk-intervals session on the Fitbit shell: the real device app and companion
// bundles in the Node Fitbit runtime, the real controller simulator on a loopback port.
import { MAX_MESSAGE_SIZE } from '../../sim/fitbit/messaging';
import { fillSettingsPage, startRig, walking, type Rig } from './harness';

interface DeviceApp {
  link: { stats: { rejected: Record<string, number>; dropped: Record<string, number>; backoffs: number; sent: number } };
  outbox: { stats: { queued: number; acked: number } };
  store: { index(): Array<{ id: string; synced: boolean }>; settings(): unknown; screening(): unknown; loadActive(): unknown };
  rejected: Record<string, number>;
  session(): { runner: { state: { status: string; phaseIndex: number; record: { phases: Array<{ kind: string }> } } } } | null;
}
interface PhoneApp {
  sessions: { list(): Array<{ id: string; status: string }>; get(id: string): { status: string; sets: Array<{ counted: number }>; usedCuffs: boolean; device: { platform: string } } | null };
  cuffs: { counts: { handled: number; refused: number; failed: number } };
  link: { stats: { sent: number; dropped: Record<string, number> } };
}

let rig: Rig | null = null;
afterEach(async () => {
  if (rig) await rig.close();
  rig = null;
});

const deviceOf = (r: Rig) => (r.sys.device as { app: DeviceApp }).app;
const phoneOf = (r: Rig) => (r.sys.phone as { companion: PhoneApp }).companion;

function phaseKind(r: Rig): string | null {
  const s = deviceOf(r).session();
  if (!s) return null;
  const phase = s.runner.state.record.phases[s.runner.state.phaseIndex];
  return phase ? phase.kind : null;
}

describe('Fitbit shell, end to end against the controller simulator', () => {
  it('runs walk-intervals: pressure on the watch, deflate in rest, the session filed and acked', async () => {
    rig = await startRig();
    const { sys, server } = rig;
    const app = deviceOf(rig);
    fillSettingsPage(sys, server.url, 200);
    await rig.advance(2000);
    expect(app.store.settings()).toMatchObject({ kind: 'settings', cuffs: [{ cuffId: 'leg-left', lopMmHg: 200 }, { cuffId: 'leg-right', lopMmHg: 200 }] });
    expect(app.store.screening()).toMatchObject({ kind: 'screening' });
    expect(sys.document.visible('screen-programs')).toBe(true);
    expect(sys.document.text('program-0-label')).toBe('Walk intervals');

    sys.accelerometer.source = walking();
    sys.heartRate.bpm = 96;
    expect(sys.document.tap('program-0')).toBe(true);
    expect(sys.document.visible('screen-session')).toBe(true);
    expect(sys.display.autoOff).toBe(false);
    expect(sys.me.appTimeoutEnabled).toBe(false);

    // First work set: cuffs inflate to 60 % of 200 mmHg and the pressure reaches the watch.
    let sawPressure = '';
    await rig.advance(60_000, 250, () => {
      if (sys.document.visible('pressure')) sawPressure = sys.document.text('pressure');
      return false;
    });
    expect(phaseKind(rig)).toBe('work');
    expect(sawPressure).toMatch(/^\d+ mmHg  \d+%$/); // en-US msgid pressureLop
    // The heart-rate sensor runs at 1 Hz; off the wrist (from 61 s to 101 s) it repeats its
    // last reading with the same timestamp, which the shell takes as no reading.
    expect(sys.heartRate.sensors.filter((h) => h.activated)).toHaveLength(1);
    const offFrom = rig.clock.now();
    sys.heartRate.bpm = null;
    await rig.advance(40_000, 500);
    sys.heartRate.bpm = 104;
    const mmHg = Number(sawPressure.split(' ')[0]);
    expect(mmHg).toBeGreaterThanOrEqual(108); // within ±10 % of 120 mmHg (60 % of LOP 200)
    expect(mmHg).toBeLessThanOrEqual(132);
    const inflates = sys.link.device.sentLog.filter((m) => (m.data as { kind: string; command?: { type: string } }).command?.type === 'inflate');
    expect(inflates.length).toBe(2);
    expect(sys.document.text('count')).toMatch(/^\d+ steps$/);
    const steps = Number(sys.document.text('count').split(' ')[0]);
    expect(steps).toBeGreaterThan(60); // ~110/min for a minute

    // Into the first rest: the watch deflates and the controller lets the air out.
    await rig.advance(62_000, 250, () => phaseKind(rig as Rig) === 'rest');
    expect(phaseKind(rig)).toBe('rest');
    await rig.advance(8000);
    const deflates = sys.link.device.sentLog.filter((m) => /^deflate/.test(String((m.data as { command?: { type: string } }).command?.type)));
    expect(deflates.length).toBeGreaterThanOrEqual(1);
    expect(server.model.cuffs.every((c: { pressureMmHg: number }) => c.pressureMmHg < 20)).toBe(true);
    expect(sys.vibrations.map((v) => v.pattern)).toEqual(expect.arrayContaining(['nudge-max', 'nudge', 'ping']));

    // The rest of the session, then the summary and the file to the phone.
    await rig.advance(16 * 60_000, 500, () => sys.document.visible('screen-summary') && app.outbox.stats.acked > 0);
    expect(sys.document.visible('screen-summary')).toBe(true);
    expect(sys.document.text('summary-status')).toBe('Well done!'); // en-US catalog, msgid sessionDone
    await rig.advance(3000);
    expect(sys.files.log.length).toBeGreaterThanOrEqual(1);
    expect(app.outbox.stats.acked).toBe(1);
    expect(app.store.index().every((e) => e.synced)).toBe(true);
    expect(sys.document.text('summary-sync')).toBe('Saved on phone');
    const stored = phoneOf(rig).sessions.list();
    expect(stored).toHaveLength(1);
    const record = phoneOf(rig).sessions.get(stored[0].id);
    expect(record).toMatchObject({ status: 'completed', usedCuffs: true, device: { platform: 'fitbit' } });
    expect(record?.sets).toHaveLength(5);
    expect(record?.sets.every((s) => s.counted > 60)).toBe(true);
    // Heart rate: thinned on the watch (WATCH_MAX_HR_SAMPLES) but there, none from off the wrist.
    const hr = (record as unknown as { startedAtMs: number; heartRateSamples?: Array<{ atMs: number; bpm: number }>; sets: Array<{ heartRateMeanBpm?: number }> });
    const samples = hr.heartRateSamples || [];
    expect(samples.length).toBeGreaterThan(20);
    expect(samples.length).toBeLessThanOrEqual(60);
    expect(new Set(samples.map((x) => x.bpm))).toEqual(new Set([96, 104]));
    const offAt = offFrom - hr.startedAtMs;
    expect(samples.filter((x) => x.atMs > offAt + 10_000 && x.atMs < offAt + 40_000)).toEqual([]);
    expect(hr.sets[4].heartRateMeanBpm).toBe(104);
    expect(sys.heartRate.sensors.filter((h) => h.activated)).toHaveLength(0);

    // Display and timeout are given back; the buzzes said work, rest, ten seconds and done.
    expect(sys.display.autoOff).toBe(true);
    expect(sys.me.appTimeoutEnabled).toBe(true);
    expect(sys.displayLog.map((d) => d.autoOff)).toEqual([false, true]);
    const patterns = sys.vibrations.map((v) => v.pattern);
    expect(patterns.filter((p) => p === 'nudge-max')).toHaveLength(5);
    expect(patterns.filter((p) => p === 'nudge')).toHaveLength(4);
    expect(patterns[patterns.length - 1]).toBe('confirmation-max');
    expect(patterns).not.toContain('alert');

    // Nothing was refused and nothing too large ever went on the link.
    for (const end of [sys.link.device, sys.link.companion]) {
      expect(end.refused).toEqual({ tooLarge: 0, bufferFull: 0, closed: 0 });
      expect(Math.max(...end.sentLog.map((m) => m.bytes))).toBeLessThanOrEqual(MAX_MESSAGE_SIZE);
    }
    expect(app.link.stats.rejected).toEqual({});
    expect(phoneOf(rig).cuffs.counts.refused).toBe(0);
    expect([...sys.errors, ...rig.clock.errors]).toEqual([]);
  });
});
