// A rep set on the Fitbit shell (real device bundle in the Node Fitbit runtime): the live count
// ends the set at its target, and the set's end-of-set recount is in the record the watch keeps.
import { synthReps } from '../../shared/motion/synth';
import type { MotionSource } from '../../sim/fitbit/runtime';
import { fillSettingsPage, startRig, type Rig } from './harness';

interface SetRecordLike { counted: number; corrected: number; recountedReps?: number }
interface DeviceApp {
  session(): { runner: { state: { phaseIndex: number; record: { phases: Array<{ kind: string }>; sets: SetRecordLike[] } } } } | null;
}

/** Arm curls, 2 s up / 2 s down with a short pause, m/s^2 at 25 Hz, looped; still before `fromMs`. */
function curls(fromMs: number): MotionSource {
  const trace = synthReps({ seed: 5, rateHz: 25, reps: 40, upS: 2, downS: 2, pauseS: 0.3, upFirst: true, noise: 0.05 });
  const n = trace.t.length;
  return (tMs: number) => {
    if (tMs < fromMs) return [0, 0, 9.81];
    const local = (tMs - fromMs) % (trace.t[n - 1] + 40);
    let i = Math.min(n - 1, Math.floor(local / 40));
    while (i > 0 && trace.t[i] > local) i--;
    return [trace.x[i], trace.y[i], trace.z[i]];
  };
}

let rig: Rig | null = null;
afterEach(async () => {
  if (rig) await rig.close();
  rig = null;
});

describe('Fitbit shell: end-of-set recount', () => {
  it('writes recountedReps into the first set of 30-15-15-15 when its target ends it', async () => {
    rig = await startRig();
    const { sys, server } = rig;
    const app = (sys.device as { app: DeviceApp }).app;
    fillSettingsPage(sys, server.url, 200); // leg cuffs only: the arm program runs timer-only
    await rig.advance(2000);
    expect(sys.document.text('program-4-label')).toBe('Sets 30-15-15-15'); // en-US program.resistance-30-15-15-15
    sys.accelerometer.source = curls(rig.clock.now());
    expect(sys.document.tap('program-4')).toBe(true);
    const phase = () => {
      const s = app.session();
      return s ? s.runner.state.record.phases[s.runner.state.phaseIndex].kind : null;
    };
    await rig.advance(200_000, 500, () => phase() === 'rest');
    expect(phase()).toBe('rest');
    const set = app.session()!.runner.state.record.sets[0];
    expect(set.counted).toBeGreaterThanOrEqual(30);
    expect(set.counted).toBeLessThanOrEqual(31);
    expect(typeof set.recountedReps).toBe('number');
    expect(Math.abs(set.recountedReps! - 30)).toBeLessThanOrEqual(2);
    expect(set.corrected).toBe(set.recountedReps);
    expect([...sys.errors, ...rig.clock.errors]).toEqual([]);
  });
});
