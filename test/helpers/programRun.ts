// What every whole run of a program through the simulator (sim/simulate.ts, as `bfr-coach
// simulate` runs it) must end with. Shared by test/sim/simulate.test.ts and the device-event
// runs, so one costly simulated session is checked once for all of it (issue 20).
import { PROGRAMS } from '../../shared/programs/catalog';
import type { SimulationSummary } from '../../sim/simulate';

function explain(s: SimulationSummary): string {
  return JSON.stringify({ problems: s.problems, phases: s.phases, sets: s.sets.map((x) => x.counted), errors: s.errors });
}

/** Completed, every set counted, the cuffs in their band and down at the end, stored by the phone, every rest's effort answered. */
export function expectProgramRan(s: SimulationSummary): void {
  const program = PROGRAMS[s.program];
  expect({ ok: s.ok, why: s.ok ? '' : explain(s) }).toEqual({ ok: true, why: '' });
  expect(s.status).toBe('completed');
  expect(s.endReason).toBe('completed');
  expect(s.phases.work).toEqual({ done: program.sets.length, planned: program.sets.length });
  expect(s.phases.rest.done).toBe(s.phases.rest.planned);
  expect(s.sets).toHaveLength(program.sets.length);
  for (const set of s.sets) if (set.countingMode !== 'none') expect(set.counted).toBeGreaterThan(0);
  expect(s.cuffsDeflated).toBe(true);
  expect(s.phoneStored).toBe(true);
  expect(s.sessionSource).toBe('phone');
  expect(s.errors).toEqual([]);
  // Every screen of the run in the watch's language from its catalog, each text inside its widget.
  expect({ lang: s.lang, untranslated: s.untranslated, overflowing: s.overflowing, issues: s.textIssues }).toEqual({ lang: 'en-US', untranslated: 0, overflowing: 0, issues: [] });
  if (program.device === 'cuffs') {
    expect(s.restriction).toBe('cuffs');
    expect(s.lop && s.lop.mmHg).toBeGreaterThan(50);
    expect(s.occlusion.map((o) => o.limb)).toEqual([program.limb]);
    expect(s.occlusion[0].totalMs).toBeGreaterThan(0);
    // the cuffs spent time in their band
    expect(s.sets.some((x) => x.inBandPercent !== null && x.inBandPercent > 50)).toBe(true);
  } else {
    expect(s.restriction).toBe('wraps');
    expect(s.lop).toBeNull();
  }
  // the effort question is answered in every rest of a restricted session
  expect(s.effortAnswers).toBe(s.phases.rest.planned);
  if (s.phases.rest.planned) expect(s.rpe).toBe(5);
}
