// A Fitbit watch and phone in Node (sim/fitbit) next to the real controller simulator on a
// loopback port, on one virtual clock. advance() moves time in small steps and, after each,
// lets real HTTP round trips finish: the network is quiet when every request in flight is a
// telemetry long-poll waiting for a reading the controller does not have yet.
import { VirtualClock } from '../../sim/clock';
import { startControllerServer, type ControllerServer } from '../../sim/controller/server';
import { FitbitSystem, type MotionSource } from '../../sim/fitbit/runtime';
import { synthWalk } from '../../shared/motion/synth';

export const TOKEN = 'fitbit-e2e';

export interface Rig {
  clock: VirtualClock;
  server: ControllerServer;
  sys: FitbitSystem;
  advance(ms: number, stepMs?: number, until?: () => boolean): Promise<void>;
  close(): Promise<void>;
}

function quiet(sys: FitbitSystem, server: ControllerServer): boolean {
  for (const key of sys.inFlight) {
    const m = /\/v1\/telemetry\?after=(\d+)/.exec(key);
    if (!m || Number(m[1]) < server.model.seq) return false;
  }
  return true;
}

export async function startRig(opts: { linkUp?: boolean; locale?: string } = {}): Promise<Rig> {
  const clock = new VirtualClock();
  const server = await startControllerServer({ token: TOKEN, port: 0, cuffs: ['leg-left', 'leg-right'], seed: 7, timeScale: 1, clock: () => clock.now(), tickMs: 0 });
  const sys = new FitbitSystem({ clock, linkUp: opts.linkUp, locale: opts.locale });
  await sys.start();
  const settle = async () => {
    for (let i = 0; i < 400; i++) {
      await new Promise((r) => setImmediate(r));
      if (quiet(sys, server)) {
        // one more turn for the response handlers queued behind the last body
        await new Promise((r) => setImmediate(r));
        if (quiet(sys, server)) return;
      }
      if (i > 20) await new Promise((r) => setTimeout(r, 1));
    }
  };
  return {
    clock, server, sys,
    async advance(ms, stepMs = 250, until) {
      const end = clock.now() + ms;
      while (clock.now() < end) {
        await clock.advance(Math.min(stepMs, end - clock.now()));
        server.sync();
        await settle();
        if (until && until()) return;
      }
    },
    async close() {
      const phone = sys.phone as { companion?: { client(): unknown } } | null;
      void phone;
      await server.close();
    },
  };
}

/** Walking at 110 steps/min in m/s^2, sampled at 25 Hz, looped. */
export function walking(seed = 3): MotionSource {
  const trace = synthWalk({ seed, rateHz: 25, steps: 220, cadence: 110, jitter: 0, noise: 0.05 });
  const n = trace.t.length;
  const period = trace.t[n - 1] + 40;
  return (tMs: number) => {
    const local = ((tMs % period) + period) % period;
    let i = Math.min(n - 1, Math.floor(local / 40));
    while (i > 0 && trace.t[i] > local) i--;
    return [trace.x[i], trace.y[i], trace.z[i]];
  };
}

/** The settings page filled in: controller, two leg cuffs with LOP, screening answered clean. */
export function fillSettingsPage(sys: FitbitSystem, url: string, lopMmHg = 200): void {
  sys.setting('ui.controllerUrl', url);
  sys.setting('ui.controllerToken', TOKEN);
  sys.setting('ui.cuffLimb', { selected: [0], values: [{ name: 'Legs', value: 'leg' }] });
  sys.setting('ui.cuffWidthCm', '11');
  sys.setting('ui.lop.left', String(lopMmHg));
  sys.setting('ui.lop.right', String(lopMmHg));
  for (const id of ['pregnancy', 'clotting', 'dialysisPort', 'woundOrFracture', 'limbInfection', 'sickleCell', 'severeHypertension', 'recentSurgery']) {
    sys.setting('ui.screen.' + id, false);
  }
  sys.setting('ui.screeningDone', true);
}
