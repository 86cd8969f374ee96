// The simulated system on a virtual clock, stopped after each test: the setup every e2e file
// that drives the real watch pages shares.
import { VirtualClock } from '../../sim/clock';
import { startSystem, type SimSystem } from '../../sim/system';

export type VirtualSystem = SimSystem & { clock: VirtualClock };

/** `system(opts)` starts one (controller off unless asked); each is stopped after its test. */
export function virtualSystems(): (opts?: Parameters<typeof startSystem>[0]) => Promise<VirtualSystem> {
  const started: SimSystem[] = [];
  afterEach(async () => {
    while (started.length) await started.pop()!.stop();
  });
  return async (opts = {}) => {
    const clock = new VirtualClock();
    const sys = await startSystem({ controller: false, ...opts, clock });
    started.push(sys);
    return sys as VirtualSystem;
  };
}
