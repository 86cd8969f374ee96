// What a real Zepp OS watch does to the app, during a cuffed walk-intervals session on the
// whole simulated system: each device event on its own in the first set, then all of them in
// one run. Each ends with one session on the phone, cuffs down, counts kept, nothing crashed.
import { expectSurvived, runWithEvents } from './deviceEventRuns';

const EACH = ['wake-relaunch@60s', 'back-key@60s', 'ble-drop@60s:20s', 'palm-cover@60s', 'notification@60s', 'low-battery@60s'];
const ALL = 'wake-relaunch@90s,back-key@150s,ble-drop@200s:20s,palm-cover@300s,notification@400s,low-battery@500s';

describe('device events during a cuffed walk-intervals session', () => {
  it.each(EACH.map((e) => [e]))('%s', async (spec) => {
    expectSurvived(await runWithEvents('walk-intervals', spec), spec);
  }, 360000);

  it('all of them in one run', async () => {
    const s = await runWithEvents('walk-intervals', ALL);
    expectSurvived(s, ALL);
    expect(s.resumed).toBeGreaterThanOrEqual(4);
  }, 360000);
});
