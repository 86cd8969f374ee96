// The end-of-set recount goes into the set's record (recountedReps) through the engine, on a
// fake clock: the live count stays what the watch showed, the count the summary and exports use
// follows the recount unless the trainee corrected it.
import { parseCheckedSessionRecord, parseSessionRecord } from '../../../shared/protocol/sessionRecord';
import type { Effect, SessionEvent } from '../../../shared/session';
import { lastView, run, session, start, T0 } from './fixtures';

const persisted = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'persist' ? [e.record] : []));

const SEC = 1000;
const reps = (n: number, from = T0 + SEC): SessionEvent[] => Array.from({ length: n }, (_, i) => ({ type: 'rep', nowMs: from + i * 3 * SEC }));
const recount = (nowMs: number, setIndex: number, recounted: number, live: number): SessionEvent => ({ type: 'recount', nowMs, setIndex, reps: recounted, live });
// quick-wrist: 4 timed sets of arm curls, 1 min work / 30 s rest, no rep target.
const wrist = () => session('quick-wrist', { restriction: 'wraps' });
const afterSet1 = T0 + 60 * SEC + 500;

describe('session engine: end-of-set recount', () => {
  it('writes the recount into the ended set; the live count stays, the summary count follows', () => {
    const r = run(wrist(), [start(), ...reps(8), { type: 'tick', nowMs: afterSet1 }, recount(afterSet1, 0, 10, 8)]);
    const set = r.state.record.sets[0];
    expect(set).toMatchObject({ counted: 8, recountedReps: 10, corrected: 10 });
    expect(r.state.record.sets[1].recountedReps).toBeUndefined();
    expect(persisted(r.effects).pop()!.sets[0].recountedReps).toBe(10);
    expect(parseCheckedSessionRecord(r.state.record).ok).toBe(true);
    // The rest screen shows the set just finished with its corrected count.
    expect(lastView(r.effects).count).toBe(10);
  });

  it('keeps the trainee\'s own correction over the recount', () => {
    const r = run(wrist(), [
      start(), ...reps(8), { type: 'button', nowMs: T0 + 40 * SEC, press: { button: 'repCorrection', delta: 1 } },
      { type: 'tick', nowMs: afterSet1 }, recount(afterSet1, 0, 7, 8),
    ]);
    expect(r.state.record.sets[0]).toMatchObject({ counted: 8, corrected: 9, recountedReps: 7 });
  });

  it('corrects only the part of the set a restarted counter saw (the difference)', () => {
    // 8 reps reached the record; the counter after a restart saw 3 of them and recounts 4.
    const r = run(wrist(), [start(), ...reps(8), { type: 'tick', nowMs: afterSet1 }, recount(afterSet1, 0, 4, 3)]);
    expect(r.state.record.sets[0]).toMatchObject({ counted: 8, recountedReps: 9, corrected: 9 });
  });

  it('refuses a recount of a set still running, a second one, and malformed ones', () => {
    const during = run(wrist(), [start(), ...reps(5), recount(T0 + 30 * SEC, 0, 6, 5)]);
    expect(during.state.record.sets[0].recountedReps).toBeUndefined();
    const base: SessionEvent[] = [start(), ...reps(5), { type: 'tick', nowMs: afterSet1 }];
    const twice = run(wrist(), [...base, recount(afterSet1, 0, 6, 5), recount(afterSet1 + 1, 0, 2, 5)]);
    expect(twice.state.record.sets[0]).toMatchObject({ recountedReps: 6, corrected: 6 });
    for (const [setIndex, n, live] of [[7, 5, 5], [0, -1, 5], [0, 2.5, 5], [0, NaN, 5], [0, 5, Infinity], [1, 5, 5]]) {
      const r = run(wrist(), [...base, recount(afterSet1, setIndex, n, live)]);
      expect(r.state.record.sets.map((s) => s.recountedReps)).toEqual([undefined, undefined, undefined, undefined]);
      expect(r.state.record.sets[0].corrected).toBe(5);
    }
  });

  it('ignores a recount for a set that does not count reps', () => {
    const walk = session('walk-intervals');
    const r = run(walk, [start(), { type: 'step', nowMs: T0 + SEC, count: 100 }, { type: 'tick', nowMs: T0 + 121 * SEC }, recount(T0 + 121 * SEC, 0, 90, 100)]);
    expect(r.state.record.sets[0]).toMatchObject({ counted: 100, corrected: 100 });
    expect(r.state.record.sets[0].recountedReps).toBeUndefined();
  });

  it('is accepted after the last set ended the session, and the record is persisted', () => {
    const end = T0 + 4 * 60 * SEC + 3 * 30 * SEC + 100;
    const r = run(wrist(), [start(), { type: 'tick', nowMs: end }, recount(end, 3, 6, 0)]);
    expect(r.state.status).toBe('finished');
    expect(r.state.record.sets[3]).toMatchObject({ counted: 0, recountedReps: 6, corrected: 6 });
    expect(persisted(r.perStep[r.perStep.length - 1]).pop()!.sets[3].recountedReps).toBe(6);
  });
});

describe('session record: recountedReps is optional', () => {
  it('parses an old record without it and a new one with it; refuses a bad one', () => {
    const r = run(wrist(), [start(), ...reps(3), { type: 'tick', nowMs: afterSet1 }]);
    const old = JSON.parse(JSON.stringify(r.state.record));
    expect('recountedReps' in old.sets[0]).toBe(false);
    const parsedOld = parseSessionRecord(old);
    expect(parsedOld.ok && parsedOld.value.sets[0].recountedReps).toBeUndefined();
    const withIt = { ...old, sets: old.sets.map((s: object, i: number) => (i === 0 ? { ...s, recountedReps: 4 } : s)) };
    const parsedNew = parseSessionRecord(withIt);
    expect(parsedNew.ok && parsedNew.value.sets[0].recountedReps).toBe(4);
    const bad = parseSessionRecord({ ...old, sets: [{ ...old.sets[0], recountedReps: 'four' }, ...old.sets.slice(1)] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/sets\.0\.recountedReps/);
    // Bounded by the work time like the live count (60 s of work: at most 610).
    const tooMany = parseCheckedSessionRecord({ ...withIt, sets: [{ ...withIt.sets[0], recountedReps: 5000 }, ...withIt.sets.slice(1)] });
    expect(tooMany.ok).toBe(false);
  });
});
