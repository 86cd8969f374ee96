// A finished session record as the engine writes it, for tests that need a real one.
import { resolveProgram } from '../../shared/programs/adjust';
import type { SessionRecord } from '../../shared/protocol/sessionRecord';
import { createSession, step } from '../../shared/session/index';

export function makeRecord(id = 'f-test-1'): SessionRecord {
  const program = resolveProgram('walk-intervals');
  if (!program.ok) throw new Error(program.error);
  const t0 = Date.UTC(2026, 0, 5, 9, 0, 0);
  let state = createSession({
    sessionId: id, program: program.value, restriction: 'none', screening: null,
    device: { platform: 'fitbit', model: 'test', appVersion: '0.1.0', controller: null }, nowMs: t0,
  });
  state = step(state, { type: 'button', nowMs: t0, press: { button: 'start' } }).state;
  for (let t = t0; t <= t0 + 15 * 60_000; t += 1000) state = step(state, { type: 'tick', nowMs: t }).state;
  return state.record;
}
