// Shared by the device-event tests: one whole program on the simulated system (virtual time)
// with scripted device events, and what every such run must end with.
import { PROGRAMS, type ProgramId } from '../../shared/programs/catalog';
import { simulate, type SimulationSummary } from '../../sim/simulate';
import { DEVICE_EVENTS, parseDeviceEvents } from '../../sim/zepp/deviceEvents';

export async function runWithEvents(programId: ProgramId, spec: string): Promise<SimulationSummary> {
  // Virtual time, and no wall-clock limit: a busy machine only slows the run down.
  return simulate({ programId, speed: 'max', seed: 4, events: parseDeviceEvents(spec) });
}

/** One session stored, cuffs down, counts kept, nothing crashed, every alarm buzz felt whole. */
export function expectSurvived(s: SimulationSummary, spec: string): void {
  const program = PROGRAMS[s.program];
  const why = JSON.stringify({ problems: s.problems, events: s.events, sets: s.sets.map((x) => x.counted), errors: s.errors.slice(0, 3) });
  expect({ ok: s.ok, why: s.ok ? '' : why }).toEqual({ ok: true, why: '' });
  expect(s.sessions).toBe(1);
  expect(s.phoneStored).toBe(true);
  expect(s.status).toBe('completed');
  expect(s.cuffsDeflated).toBe(true);
  expect(s.crashes).toBe(0);
  expect(s.errors).toEqual([]);
  expect(s.alarmBuzzesCut).toBe(0);
  expect(s.restriction).toBe('cuffs');
  expect(s.phases.work).toEqual({ done: program.sets.length, planned: program.sets.length });
  // Counts kept: the set under way at each event counted on from where it was, never from zero
  // (simulate itself reports a set that counted nothing).
  for (const e of s.events) {
    if (!e.count || e.count.after === null) continue;
    expect({ event: e.event, kept: e.count.after >= e.count.before }).toEqual({ event: e.event, kept: true });
  }
  expect(s.sets.every((x) => x.counted > 0)).toBe(true);
  expect(s.events.some((e) => e.count !== null && e.count.after !== null)).toBe(true);
  // Every event happened, and each screen-off that closed the app came back to the same session.
  const events = parseDeviceEvents(spec);
  expect(s.events.map((e) => e.event)).toEqual(events.map((e) => e.spec));
  const screenOffs = events.filter((e) => DEVICE_EVENTS[e.name].screenOff !== null && DEVICE_EVENTS[e.name].screenOff !== 'wrist');
  expect(s.resumed).toBe(screenOffs.length);
  for (const e of s.events.filter((x) => /-key@/.test(x.event))) expect(e.outcome).toBe('the page kept it');
}

/**
 * The event happened during a work set and the set's count was read again once the session
 * page ran after it: the count carried on from where it was (a screen-off that closed the app
 * resumed the same session, not a new one counting from zero).
 */
export function expectEventInWork(s: SimulationSummary, spec: string): void {
  const e = s.events.find((x) => x.event === spec);
  expect(e).toBeDefined();
  expect({ event: spec, inWork: e!.count !== null, readAfter: e!.count !== null && e!.count.after !== null }).toEqual({ event: spec, inWork: true, readAfter: true });
  expect(e!.count!.after!).toBeGreaterThanOrEqual(e!.count!.before);
  if (/-key@/.test(spec)) expect(e!.outcome).toBe('the page kept it');
  else expect(e!.outcome).toMatch(/^(screen off|link down) for \d+ s$/);
}
