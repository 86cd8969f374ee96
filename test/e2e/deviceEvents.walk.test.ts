// What a real Zepp OS watch does to the app, during a cuffed walk-intervals session on the
// whole simulated system. Two whole sessions (each is some 14 simulated minutes, the costly
// part of this file): first every device event once, one at a time, each in a work set of its
// own (the last one's screen or link is back well before the next), so each event is
// checked on its own against the count of the set under way; then all of them closer
// together, in work and in rest. Each session ends with one session on the phone, cuffs down,
// counts kept, nothing crashed. (Until issue 20 each event had a whole session of its own,
// seven sessions in all; the one trade is that an event now meets a session that earlier
// events have been through, not a fresh one.)
import type { SimulationSummary } from '../../sim/simulate';
import { expectEventInWork, expectSurvived, runWithEvents } from './deviceEventRuns';
import { expectProgramRan } from '../helpers/programRun';

// set 1 is 0-120 s, set 2 180-300 s, set 3 360-480 s, set 4 540-660 s, set 5 720-840 s
const ONE_AT_A_TIME = 'wake-relaunch@30s,back-key@80s,ble-drop@200s:20s,palm-cover@390s,notification@570s,low-battery@750s';
const ALL = 'wake-relaunch@90s,back-key@150s,ble-drop@200s:20s,palm-cover@300s,notification@400s,low-battery@500s';

describe('device events during a cuffed walk-intervals session', () => {
  describe('each event once, in a work set', () => {
    let run: SimulationSummary;
    beforeAll(async () => {
      run = await runWithEvents('walk-intervals', ONE_AT_A_TIME);
    });
    it('the session survives them all', () => {
      expectSurvived(run, ONE_AT_A_TIME);
    });
    // This is also the program's start-to-finish run for test/sim/simulate.test.ts.
    it('the program ran start to finish as simulate.test.ts asks of every program', () => {
      expectProgramRan(run);
    });
    it.each(ONE_AT_A_TIME.split(',').map((e) => [e]))('%s: in a work set, whose count carried on', (spec) => {
      expectEventInWork(run, spec);
    });
  });

  it('all of them closer together, in work and in rest', async () => {
    const s = await runWithEvents('walk-intervals', ALL);
    expectSurvived(s, ALL);
    expect(s.resumed).toBeGreaterThanOrEqual(4);
  });
});
