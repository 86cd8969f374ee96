// The phone guards occlusion time on its own, per cuff, from what it commanded and from the
// controller's telemetry: whatever the watch believes, an inflate past the budget is refused and
// a cuff still up at the end of its budget is deflated by the phone.
import { OCCLUSION_BUDGET_MS, OCCLUSION_SLACK_MS, REPERFUSION_MS } from '../../shared/safety/limits';
import { phoneRig, type PhoneRig } from './controllerRig';

const MIN = 60000;

/** Telemetry once a second for `ms` (the controller reports whatever state its cuffs are in). */
async function telemetryFor(rig: PhoneRig, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 1000) {
    rig.telemetry();
    await rig.clock.advance(1000);
  }
}

function accepted(rig: PhoneRig, command: string, cuffId: string | null) {
  return rig.controller.accepted.filter((a) => a.command === command && a.cuffId === cuffId);
}

describe('phone-side occlusion clock', () => {
  it('refuses re-inflating an arm cuff that has been up 25 min (the watch thought otherwise)', async () => {
    const rig = phoneRig(null);
    const t0 = rig.clock.now();
    expect((await rig.inflate('arm', 40)).ok).toBe(true);
    // No telemetry at all (it failed): the clock still runs from the command.
    await rig.clock.advance(25 * MIN);
    const again = await rig.inflate('arm', 40);
    expect(again.ok).toBe(false);
    expect(again.error).toMatchObject({ code: 'refused' });
    expect(again.error!.message).toMatch(/Occlusion time used up/);
    expect(rig.cuffs.occlusionMs('arm')).toBe(rig.clock.now() - t0);
  });

  it('deflates a cuff still up when its budget runs out, from its own clock (leg 20 min, arm 15 min)', async () => {
    for (const [cuff, pct] of [['leg', 60], ['arm', 40]] as const) {
      const rig = phoneRig(null);
      const t0 = rig.clock.now();
      expect((await rig.inflate(cuff, pct)).ok).toBe(true);
      await telemetryFor(rig, OCCLUSION_BUDGET_MS[cuff === 'leg' ? 'leg' : 'arm'] + 5000);
      const down = accepted(rig, 'deflate', cuff);
      expect(down).toHaveLength(1);
      const limit = OCCLUSION_BUDGET_MS[cuff === 'leg' ? 'leg' : 'arm'];
      expect(down[0].atMs - t0).toBeLessThanOrEqual(limit);
      expect(down[0].atMs - t0).toBeGreaterThanOrEqual(limit - OCCLUSION_SLACK_MS - 1000);
      expect(rig.log.list().some((e) => e.kind === 'budgetDeflate' && e.message.includes(cuff))).toBe(true);
    }
  });

  it('keeps one clock per cuff: two leg cuffs do not share a budget', async () => {
    const rig = phoneRig(null);
    const t0 = rig.clock.now();
    expect((await rig.inflate('leg', 60)).ok).toBe(true);
    await telemetryFor(rig, 10 * MIN);
    expect((await rig.inflate('leg-left', 60)).ok).toBe(true);
    await telemetryFor(rig, 2 * MIN);
    // The first leg cuff comes down (the watch asked): the second one's time keeps counting.
    await rig.cuffs.handle({ v: 1, kind: 'cuffCommand', id: 'd1', command: { type: 'deflate', cuffId: 'leg' } });
    const tLeftUp = t0 + 10 * MIN;
    await telemetryFor(rig, 19 * MIN);
    const down = accepted(rig, 'deflate', 'leg-left');
    expect(down).toHaveLength(1);
    expect(down[0].atMs - tLeftUp).toBeLessThanOrEqual(OCCLUSION_BUDGET_MS.leg);
    expect(down[0].atMs - tLeftUp).toBeGreaterThan(OCCLUSION_BUDGET_MS.leg - OCCLUSION_SLACK_MS - 2000);
    // The first cuff was down long enough (3 min) to be inflated again; the second was not.
    expect((await rig.inflate('leg', 60)).ok).toBe(true);
    expect((await rig.inflate('leg-left', 60)).ok).toBe(false);
  });

  it('only 3 min down restores the budget; shorter breaks keep adding up', async () => {
    const rig = phoneRig(null);
    expect((await rig.inflate('arm', 40)).ok).toBe(true);
    await telemetryFor(rig, 10 * MIN);
    await rig.cuffs.handle({ v: 1, kind: 'cuffCommand', id: 'd2', command: { type: 'deflate', cuffId: 'arm' } });
    await telemetryFor(rig, 2 * MIN);
    expect((await rig.inflate('arm', 40)).ok).toBe(true);
    await telemetryFor(rig, 5 * MIN);
    // 10 + 5 min inflated across a 2 min break: the phone took it down before 15 min.
    expect(accepted(rig, 'deflate', 'arm').length).toBe(2);
    await telemetryFor(rig, MIN);
    expect((await rig.inflate('arm', 40)).ok).toBe(false);
    await telemetryFor(rig, REPERFUSION_MS);
    expect((await rig.inflate('arm', 40)).ok).toBe(true);
  });

  it('counts a cuff the telemetry shows up, even when the phone never asked for it', async () => {
    const rig = phoneRig(null);
    const t0 = rig.clock.now();
    // Someone else (a previous run of the service, the controller's own button) inflated it.
    rig.controller.model.cuffs.find((c) => c.id === 'leg')!.state = 'holding';
    rig.controller.model.cuffs.find((c) => c.id === 'leg')!.targetMmHg = 130;
    await telemetryFor(rig, OCCLUSION_BUDGET_MS.leg + 2000);
    const down = accepted(rig, 'deflate', 'leg');
    expect(down).toHaveLength(1);
    expect(down[0].atMs - t0).toBeLessThanOrEqual(OCCLUSION_BUDGET_MS.leg);
  });

  it('refuses bad values from the watch at its own gate: unknown cuff, LOP it does not hold', async () => {
    const rig = phoneRig(null, { lop: { leg: 220, arm: 150 } });
    const unknown = await rig.cuffs.handle({ v: 1, kind: 'cuffCommand', id: 'u', command: { type: 'inflate', cuffId: 'neck', percentLop: 40 } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'refused' } });
    const over = await rig.inflate('arm', 60);
    expect(over).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(rig.controller.accepted).toEqual([]);
  });
});
