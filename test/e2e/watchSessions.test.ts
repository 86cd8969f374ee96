// The real watch pages in the Node Zepp runtime on a virtual clock: sessions without a cuff
// controller, a relaunch in the middle of a set, the screening refusal and bad input from the
// phone. Assertions read the widget tree (what the screen says) and the vibration log.
import { readMessages } from '../../sim/zepp/po';
import { virtualSystems } from '../helpers/virtualSystem';
import { VIBRATOR_SCENE } from '../../sim/zepp/deviceModules';
import { SimWatch } from '../../sim/zepp/watchRuntime';
import { cuffStates } from '../../sim/simulate';

const text = readMessages();
const system = virtualSystems();

function storedRecords(watch: SimWatch): Array<{ id: string; synced: boolean; record: { status: string; sets: Array<{ counted: number; corrected: number; recountedReps?: number }> } }> {
  const index = JSON.parse(JSON.parse(watch.storage.get('bfr.sessions') || '"[]"'));
  return index.map((e: { id: string; synced: boolean }) => ({
    id: e.id,
    synced: e.synced,
    record: JSON.parse(JSON.parse(watch.storage.get('bfr.session.' + e.id)!)),
  }));
}

describe('watch sessions in the Node Zepp runtime', () => {
  it('quick-wrist with no phone at all: wraps prompt, timer, reps counted, kept in the watch outbox', async () => {
    const sys = await system({ phone: false });
    const w = sys.watch;
    await sys.clock.advance(6000);
    expect(w.texts()).toContain(text.phoneUnavailable);
    await w.tap(text.quickSession);
    expect(w.texts()).toContain(text.wrapsTightness.replace('%d', '7'));
    await w.tap(text.start);
    expect(w.currentUrl).toBe('page/session/index.page');
    await sys.clock.advance(200);
    expect(w.texts()).toEqual(expect.arrayContaining(['Arm curl', '1:00', 'Set 1/4']));
    expect(w.device.display.brightTimeMs).toBeGreaterThan(60 * 60 * 1000); // screen kept on
    await sys.clock.advance(45_000);
    const count = w.texts().find((t) => /reps$/.test(t));
    expect(Number(/^(\d+)/.exec(count || '')![1])).toBeGreaterThanOrEqual(6);
    // Run to the end: 4 x 1 min with 30 s rests.
    for (let i = 0; i < 60 && w.currentUrl !== 'page/summary/index.page'; i++) {
      await sys.clock.advance(5000);
      if (w.texts().includes('10')) await w.tap('5'); // effort rating in each rest
      await w.settle();
    }
    expect(w.currentUrl).toBe('page/summary/index.page');
    expect(w.texts()).toContain(text.sessionDone);
    expect(w.device.display.resets).toBeGreaterThan(0); // screen settings restored
    const records = storedRecords(w);
    expect(records).toHaveLength(1);
    expect(records[0].synced).toBe(false); // no phone: waits in the outbox
    expect(records[0].record.status).toBe('completed');
    expect(records[0].record.sets.every((s) => s.counted > 0)).toBe(true);
    // Every set's end-of-set recount is in the stored record (the last one written before the
    // summary opened); with no +/- from the trainee, the summary's count is the recount.
    for (const set of records[0].record.sets) {
      expect(typeof set.recountedReps).toBe('number');
      expect(Math.abs(set.recountedReps! - set.counted)).toBeLessThanOrEqual(3);
      expect(set.corrected).toBe(set.recountedReps);
    }
    expect(w.errors).toEqual([]);
  });

  it('resistance 30-15-15-15 (timer only): reps end each set at its target, with a tempo tick every 2 s', async () => {
    const sys = await system();
    const w = sys.watch;
    await w.launch('page/session/index.page', JSON.stringify({ programId: 'resistance-30-15-15-15', restriction: 'none' }));
    await sys.clock.advance(200);
    expect(w.texts()).toEqual(expect.arrayContaining(['Arm curl', 'Set 1/4', '0 / 30 reps']));
    const ticksBefore = w.device.vibrations.filter((v) => v.mode === VIBRATOR_SCENE.SHORT_LIGHT).length;
    await sys.clock.advance(20_000);
    const ticks = w.device.vibrations.filter((v) => v.mode === VIBRATOR_SCENE.SHORT_LIGHT).length - ticksBefore;
    expect(ticks).toBeGreaterThanOrEqual(8); // ~ one every 2 s
    // 30 reps at 2 s up / 2 s down plus a short pause take ~2.2 min; the set ends at the target.
    for (let i = 0; i < 40 && !w.texts().includes('Rest'); i++) await sys.clock.advance(5000);
    expect(w.texts()).toContain('Rest');
    const records = storedRecords(w);
    const first = records[0].record.sets[0];
    expect(first.counted).toBeGreaterThanOrEqual(28);
    expect(first.counted).toBeLessThanOrEqual(32);
    // The set ended at its live count; the recount of the set is written beside it.
    expect(first.recountedReps).toBeGreaterThanOrEqual(28);
    expect(first.recountedReps).toBeLessThanOrEqual(32);
    expect(w.errors).toEqual([]);
  });

  it('a relaunch in the middle of a set resumes the same set, time and count', async () => {
    const sys = await system({ phone: false });
    const w = sys.watch;
    await w.launch('page/session/index.page', JSON.stringify({ programId: 'quick-wrist', restriction: 'wraps' }));
    await sys.clock.advance(25_000);
    const before = w.texts();
    const countBefore = Number(/^(\d+)/.exec(before.find((t) => /reps$/.test(t)) || '0')![1]);
    expect(before).toEqual(expect.arrayContaining(['Arm curl', 'Set 1/4']));
    w.kill(); // the system closes the app: no callbacks, storage survives
    await sys.clock.advance(3_000);
    const again = new SimWatch({ clock: sys.clock, link: sys.link, storage: w.storage });
    sys.trainee.stop();
    await again.launch();
    await again.settle();
    await sys.clock.advance(100);
    expect(again.currentUrl).toBe('page/session/index.page');
    const after = again.texts();
    expect(after).toEqual(expect.arrayContaining(['Arm curl', 'Set 1/4']));
    // Absolute phase boundaries: 28 s into the minute, whatever the restart cost.
    expect(after).toContain('0:32');
    const countAfter = Number(/^(\d+)/.exec(after.find((t) => /reps$/.test(t)) || '0')![1]);
    expect(countAfter).toBeGreaterThanOrEqual(countBefore - 1);
    expect(again.errors).toEqual([]);
    again.exit();
  });

  it('screening with a "yes" refuses cuffs and wraps, but a timer-only session still runs', async () => {
    const sys = await system({ screened: false });
    const w = sys.watch;
    await w.tap(text.healthQuestions);
    expect(w.texts()).toContain(text['screen.pregnancy']);
    await w.tap(text.no);
    await w.tap(text.yes); // clotting disorder
    for (let i = 0; i < 6; i++) await w.tap(text.no);
    expect(w.texts()).toContain(text.screenRefused);
    await w.tap(text.done);
    await w.tap(text.quickSession);
    expect(w.texts()).toContain(text.answerHealthFirst);
    expect(w.texts()).not.toContain(text.start);
    // Even if the pre-check were bypassed, the engine refuses to start with wraps.
    await w.launch('page/session/index.page', JSON.stringify({ programId: 'quick-wrist', restriction: 'wraps' }));
    await sys.clock.advance(500);
    expect(w.texts()).toEqual(expect.arrayContaining(['Ready', expect.stringMatching(/not safe for you/)])); // msgid notice.screeningRefused
    await w.launch('page/precheck/index.page', JSON.stringify({ programId: 'quick-wrist' }));
    await w.tap(text.timerOnly);
    await sys.clock.advance(2000);
    expect(w.texts()).toEqual(expect.arrayContaining(['Arm curl', '0:58']));
  });

  it('the heartbeat comes from the engine loop: an engine that fails mid-session falls silent and the phone deflates', async () => {
    const sys = await system({ controller: true, lopMmHg: { arm: 140, leg: 180 } });
    const w = sys.watch;
    // Virtual time in small steps with real I/O between them: the controller is a real HTTP server.
    const live = async (ms: number) => {
      for (let t = 0; t < ms; t += 200) {
        await sys.clock.advance(200);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await w.launch('page/session/index.page', JSON.stringify({ programId: 'resistance-30-15-15-15', restriction: 'cuffs', cuffs: [{ cuffId: 'arm', lopMmHg: 140 }] }));
    await live(20_000);
    expect(cuffStates(sys).find((c) => c.id === 'arm')!.pressureMmHg).toBeGreaterThan(50);
    // An engine that throws on every step from now on. (A corrupted saved state no longer does
    // this: the engine's integrity check ends such a session safely, see safetyRules.test.ts.)
    // The fault goes into the watch realm's global isFinite, which the engine's bounds checks
    // call at every step.
    const realm = (w as unknown as { realm: { context: Record<string, unknown> } }).realm;
    realm.context.isFinite = () => {
      throw new Error('injected engine fault');
    };
    // The page logs each failing step (an uncaught one would land in w.errors instead).
    const failed = () => w.errors.length > 0 || w.device.logs.some((l) => l.level === 'error' && /session engine failed/.test(l.text));
    for (let i = 0; i < 400 && !failed(); i++) await live(1000);
    expect(failed()).toBe(true);
    const beatsAt = sys.link.stats.chunksToPhone;
    // No heartbeat while the engine fails: the phone's dead-man (8 s) deflates by itself.
    await live(15_000);
    expect(sys.link.stats.chunksToPhone).toBe(beatsAt);
    const arm = cuffStates(sys).find((c) => c.id === 'arm')!;
    expect({ state: arm.state, down: arm.pressureMmHg < 5 }).toEqual({ state: 'idle', down: true });
    expect((sys.side.debugState() as { deadMan: { trips: number } }).deadMan.trips).toBeGreaterThanOrEqual(1);
    expect(w.device.toasts).toContain(text.sessionError);
    expect(w.errors).toEqual([]); // failures are caught and counted, not crashes
  });

  it('a malformed message from the phone is rejected, logged with the field, and never crashes the page', async () => {
    const sys = await system();
    const w = sys.watch;
    await w.launch('page/session/index.page', JSON.stringify({ programId: 'quick-wrist', restriction: 'none' }));
    await sys.clock.advance(1000);
    const service = sys.side.instance as { call: (d: unknown) => void };
    service.call({ method: 'pressure', params: { v: 1, kind: 'pressure', cuffId: 'leg', mmHg: 'lots' } });
    service.call({ method: 'pressure', params: { v: 99, kind: 'pressure' } });
    service.call({ method: 'launchMissiles', params: {} });
    await sys.clock.advance(1000);
    const warnings = w.device.logs.filter((l) => l.level === 'warn' && /rejected/.test(l.text)).map((l) => l.text);
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/rejected pressure: .*mmHg/), expect.stringMatching(/rejected call:launchMissiles/)]));
    expect(w.errors).toEqual([]);
    expect(w.texts()).toContain('Arm curl'); // the session carries on, nothing shown to the trainee
    expect(w.texts().join(' ')).not.toMatch(/rejected/);
  });
});
