// What a real Zepp OS watch does to the app, during a cuffed resistance set (30-15-15-15 arm
// curls, a tempo tick every 2 s): each device event on its own in the first set, then all of
// them in one run. Each ends with one session on the phone, cuffs down, counts kept, nothing
// crashed, and no alarm buzz cut short by a tempo tick.
import { expectSurvived, runWithEvents } from './deviceEventRuns';

const EACH = ['wake-relaunch@40s', 'back-key@40s', 'ble-drop@40s:20s', 'palm-cover@40s', 'notification@40s', 'low-battery@40s'];
const ALL = 'back-key@20s,wake-relaunch@40s,ble-drop@70s:10s,notification@100s,low-battery@160s,palm-cover@200s';

describe('device events during a cuffed resistance set', () => {
  it.each(EACH.map((e) => [e]))('%s', async (spec) => {
    expectSurvived(await runWithEvents('resistance-30-15-15-15', spec), spec);
  }, 360000);

  it('all of them in one run', async () => {
    const s = await runWithEvents('resistance-30-15-15-15', ALL);
    expectSurvived(s, ALL);
    expect(s.resumed).toBeGreaterThanOrEqual(4);
  }, 360000);
});
