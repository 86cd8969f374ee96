// What a real Zepp OS watch does to the app, during a cuffed resistance set (30-15-15-15 arm
// curls, a tempo tick every 2 s). Two whole sessions: first every device event once, one at a
// time, each during a set (the last one's screen or link is back before the next), so each
// event is checked on its own against the count of the set under way; then all of them closer
// together. Each ends with one session on the phone, cuffs down, counts kept, nothing crashed,
// and no alarm buzz cut short by a tempo tick. (Until issue 20 each event had a whole session
// of its own, seven sessions in all; the one trade is that an event now meets a session that
// earlier events have been through, not a fresh one.)
import type { SimulationSummary } from '../../sim/simulate';
import { expectEventInWork, expectSurvived, runWithEvents } from './deviceEventRuns';
import { expectProgramRan } from '../helpers/programRun';

// set 1 (30 reps) runs to about 140 s, set 2 about 175-245 s, set 3 about 275-345 s
const ONE_AT_A_TIME = 'wake-relaunch@20s,back-key@50s,ble-drop@65s:20s,palm-cover@100s,notification@205s,low-battery@310s';
const ALL = 'back-key@20s,wake-relaunch@40s,ble-drop@70s:10s,notification@100s,low-battery@160s,palm-cover@200s';

describe('device events during a cuffed resistance set', () => {
  describe('each event once, during a set', () => {
    let run: SimulationSummary;
    beforeAll(async () => {
      run = await runWithEvents('resistance-30-15-15-15', ONE_AT_A_TIME);
    });
    it('the session survives them all', () => {
      expectSurvived(run, ONE_AT_A_TIME);
    });
    // This is also the program's start-to-finish run for test/sim/simulate.test.ts.
    it('the program ran start to finish as simulate.test.ts asks of every program', () => {
      expectProgramRan(run);
    });
    it.each(ONE_AT_A_TIME.split(',').map((e) => [e]))('%s: during a set, whose count carried on', (spec) => {
      expectEventInWork(run, spec);
    });
  });

  it('all of them closer together', async () => {
    const s = await runWithEvents('resistance-30-15-15-15', ALL);
    expectSurvived(s, ALL);
    expect(s.resumed).toBeGreaterThanOrEqual(4);
  });
});
