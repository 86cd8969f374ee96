// Inside a fold, the constants are chosen on the other people only; candidates those people
// cannot tell apart are decided by a prior fixed without data, never by the shipped defaults
// (which were chosen with every person, the one judged too).
import { REP_TUNING, REP_TUNING_GRID, REP_TUNING_PRIOR } from '../../shared/motion/repCounter';
import { synthReps } from '../../shared/motion/synth';
import { priorDistance, tuneReps, tuningCandidates } from '../../sim/motionEval/run';
import type { Trace } from '../../sim/motionEval/traces';

function trace(file: string, count: number, seed: number): Trace {
  const tr = count > 0
    ? synthReps({ seed, rateHz: 25, reps: count, downS: 1.5, upS: 1.5, noise: 0.02, leadS: 2, tailS: 2 })
    : synthReps({ seed, rateHz: 25, reps: 1, downS: 1.5, upS: 1.5, noise: 0.02, rangeM: 0 });
  return {
    label: { file, kind: 'reps', activity: 'bench', count, countIs: 'reps', subject: 'S', placement: 'wrist', device: 'synth', rateHz: 25 },
    path: '/' + file, ...tr,
  };
}

describe('tuning inside a fold', () => {
  it('the prior is the middle of every grid and differs from the shipped defaults here', () => {
    for (const k of Object.keys(REP_TUNING_GRID) as (keyof typeof REP_TUNING_GRID)[]) {
      const grid = REP_TUNING_GRID[k];
      expect(grid.indexOf(REP_TUNING_PRIOR[k])).toBe((grid.length - 1) / 2);
    }
    expect(priorDistance(REP_TUNING_PRIOR)).toBe(0);
    expect(priorDistance(REP_TUNING)).toBeGreaterThan(0);
    expect(tuningCandidates()).toHaveLength(81);
    expect(tuningCandidates()[0]).toEqual(REP_TUNING_PRIOR);
  });

  it('clean sets every candidate counts right: the tie goes to the prior, not to REP_TUNING', () => {
    const chosen = tuneReps([trace('a.csv', 6, 1), trace('b.csv', 8, 2)], ['bench']);
    expect(chosen.loss).toBe(0);
    expect(chosen.tuning).toEqual(REP_TUNING_PRIOR);
  });

  it('without any set to judge by, the prior', () => {
    expect(tuneReps([trace('rest.csv', 0, 3)], ['bench']).tuning).toEqual(REP_TUNING_PRIOR);
  });
});
