// Safety rules that must hold whatever the timing and whatever the input: the most severe alarm
// on screen, values outside their documented bounds refused at every entry, saved states that
// are older, foreign or inconsistent never run as they are, and readings judged against the
// target the controller really holds.
import { PROGRAMS } from '../../../shared/programs';
import type { Program } from '../../../shared/programs';
import { checkCuffCommand } from '../../../shared/safety';
import { ALARM_MESSAGES, createSession, step } from '../../../shared/session';
import type { SessionEvent, SessionState } from '../../../shared/session';
import { alarms, cleanScreening, cuffCommands, device, lastView, reading, run, session, start, T0, ticks } from './fixtures';

const S = 1000;
const MIN = 60000;

/** One leg cuff, LOP 200, started at T0, a holding reading of 120 mmHg at 1 s, ticks to 15 s. */
function staleAt15s(): SessionState {
  return run(session('walk-continuous', { cuffs: ['leg'] }), [
    start(), { type: 'pressure', nowMs: T0 + S, reading: reading('leg', 120, 1) }, ...ticks(T0 + 2 * S, T0 + 15 * S),
  ]).state;
}

describe('alarms by severity (reported cases)', () => {
  it('a controller error in the step where pressure goes stale keeps "loosen cuffs by hand" on screen; both buzz', () => {
    const r = run(staleAt15s(), [{ type: 'controllerError', nowMs: T0 + 16 * S }]);
    expect(alarms(r.perStep[0])).toEqual(['controllerError', 'stalePressureDeflate']);
    expect(r.perStep[0].filter((e) => e.type === 'vibrate' && e.pattern === 'alarm')).toHaveLength(2);
    expect(lastView(r.effects).alarmText).toBe(ALARM_MESSAGES.controllerError);
    expect(lastView(r.effects).queuedAlarms).toEqual(['stalePressureDeflate']);
    // It stays while the stale rule keeps complaining (no new reading) ...
    const later = run(r.state, ticks(T0 + 17 * S, T0 + 25 * S));
    expect(lastView(later.effects).alarmText).toBe(ALARM_MESSAGES.controllerError);
  });

  it('a lost link in the step where the stale warning fires keeps "Phone link lost" on screen', () => {
    const s = run(session('walk-continuous', { cuffs: ['leg'] }), [
      start(), { type: 'pressure', nowMs: T0 + S, reading: reading('leg', 120, 1) }, ...ticks(T0 + 2 * S, T0 + 5 * S),
    ]).state;
    const r = run(s, [{ type: 'linkDown', nowMs: T0 + 6 * S }]);
    expect(alarms(r.effects)).toEqual(['linkLost', 'stalePressureWarn']);
    expect(lastView(r.effects).alarmText).toBe(ALARM_MESSAGES.linkLost);
  });

  it('a lesser alarm shows once the more severe one is resolved (link back: the stale deflate is still true)', () => {
    const s = run(staleAt15s(), [{ type: 'linkDown', nowMs: T0 + 16 * S }]).state;
    expect(s.alarmText).toBe(ALARM_MESSAGES.linkLost);
    expect(s.activeAlarms.sort()).toEqual(['linkLost', 'stalePressureDeflate']);
    const back = step(s, { type: 'linkUp', nowMs: T0 + 17 * S });
    expect(lastView(back.effects).alarmText).toBe(ALARM_MESSAGES.stalePressureDeflate);
  });

  it('a lost link stays on screen across a phase boundary while the link is still down', () => {
    const s = run(session('walk-intervals', { cuffs: ['leg'] }), [start(), { type: 'pressure', nowMs: T0 + S, reading: reading('leg', 120, 1) }, { type: 'linkDown', nowMs: T0 + 2 * S }]).state;
    const r = run(s, ticks(T0 + 3 * S, T0 + 2 * MIN + S, 1000));
    expect(r.state.phaseIndex).toBe(1);
    expect(r.state.alarmText).toBe(ALARM_MESSAGES.linkLost);
    const back = step(r.state, { type: 'linkUp', nowMs: T0 + 2 * MIN + 2 * S });
    expect(back.state.alarmText).toBeNull();
  });
});

describe('bounds at every entry', () => {
  it.each([0, -50, NaN, Infinity, 29.9, 400.5])('LOP %p: start refused, nothing inflates', (lop) => {
    const s = session('walk-intervals', { lop, cuffs: ['leg'] });
    const r = run(s, [start(), ...ticks(T0 + S, T0 + 10 * S)]);
    expect(r.state.status).toBe('ready');
    expect(cuffCommands(r.effects)).toEqual([]);
    expect(lastView(r.effects).noticeText).toMatch(/LOP/);
  });

  it('the reported LOP-0 case cannot hold 290 mmHg for 60 s without an alarm any more: it never inflates', () => {
    const r = run(session('walk-continuous', { lop: 0, cuffs: ['leg'] }), [start(), ...ticks(T0 + S, T0 + 60 * S)]);
    expect(cuffCommands(r.effects)).toEqual([]);
  });

  it.each([NaN, -10, 0, 0.5, '50', 200])('a program built past resolveProgram with %% LOP %p never starts', (pct) => {
    const program = { ...PROGRAMS['walk-intervals'], percentLop: pct } as unknown as Program;
    const r = run(session(program, { cuffs: ['leg'] }), [start(), ...ticks(T0 + S, T0 + 5 * S)]);
    expect(r.state.status).toBe('ready');
    expect(cuffCommands(r.effects)).toEqual([]);
  });

  it('a program with no sets, or a NaN duration, does not start and does not throw', () => {
    for (const program of [
      { ...PROGRAMS['walk-intervals'], sets: [] },
      { ...PROGRAMS['walk-intervals'], sets: [{ ...PROGRAMS['walk-intervals'].sets[0], workMs: NaN }] },
    ] as Program[]) {
      const r = run(session(program, { cuffs: ['leg'] }), [start(), { type: 'tick', nowMs: T0 + S }]);
      expect(r.state.status).toBe('ready');
    }
  });

  it.each([7.4, 8, 11, 1e9])('RPE %p stops the session and deflates at once; only whole 1-10 ratings are recorded', (rating) => {
    const s = run(session('walk-intervals', { cuffs: ['leg'] }), [start(), ...ticks(T0 + S, T0 + 3 * S)]).state;
    const r = step(s, { type: 'button', nowMs: T0 + 4 * S, press: { button: 'rpe', rating } });
    expect(r.state.status).toBe('finished');
    expect(r.state.record.endReason).toBe('highEffort');
    expect(cuffCommands(r.effects)).toContainEqual({ type: 'deflateAll' });
    expect(r.state.record.rpe).toBe(rating === 8 ? 8 : null);
  });

  it.each([NaN, 0, -3, 6.5, '9'])('RPE %p is not recorded and stops nothing', (rating) => {
    const s = run(session('walk-intervals', { cuffs: ['leg'] }), [start(), ...ticks(T0 + S, T0 + 3 * S)]).state;
    const r = step(s, { type: 'button', nowMs: T0 + 4 * S, press: { button: 'rpe', rating: rating as number } });
    expect(r.state.status).toBe('running');
    expect(r.state.record.rpe).toBeNull();
    expect(lastView(r.effects).noticeText).toMatch(/not understood/);
    expect(lastView(r.effects).notice).toEqual({ kind: 'rpeInvalid', n: null });
  });

  it('malformed readings (NaN, negative, fractional seq, unknown state) are refused and do not count as fresh', () => {
    const s = run(session('walk-continuous', { cuffs: ['leg'] }), [start(), { type: 'pressure', nowMs: T0 + S, reading: reading('leg', 120, 1) }]).state;
    const bad = [
      { ...reading('leg', NaN, 2) }, { ...reading('leg', -5, 3) }, { ...reading('leg', 120, 4.5) }, { ...reading('leg', 120, 5), state: 'exploding' },
      { ...reading('leg', 120, 6), targetMmHg: NaN },
    ];
    const events: SessionEvent[] = bad.map((b, i) => ({ type: 'pressure', nowMs: T0 + (2 + i) * S, reading: b as never }));
    const r = run(s, [...events, { type: 'tick', nowMs: T0 + 16 * S }]);
    expect(r.state.cuffs[0].lastSeq).toBe(1);
    expect(alarms(r.effects)).toContain('stalePressureDeflate');
  });

  it('step counts and pedometer totals outside their bounds are refused', () => {
    const s = run(session('walk-intervals', { restriction: 'none' }), [start()]).state;
    const r = run(s, [
      { type: 'step', nowMs: T0 + S, count: Infinity }, { type: 'step', nowMs: T0 + S, count: 2.5 }, { type: 'step', nowMs: T0 + S, count: -4 },
      { type: 'pedometer', nowMs: T0 + S, totalSteps: 12.5 }, { type: 'step', nowMs: T0 + 2 * S, count: 3 },
    ]);
    expect(r.state.record.sets[0].counted).toBe(3);
    expect(r.state.pedometerLast).toBeNull();
  });

  describe('checkCuffCommand on its own', () => {
    const ctx = { cuffs: [{ cuffId: 'L', limb: 'leg' as const, lopMmHg: 200 }], screening: cleanScreening, nowMs: T0 };
    it.each([
      ['% LOP NaN', { type: 'inflate', cuffId: 'L', percentLop: NaN }, ctx],
      ['% LOP "50"', { type: 'inflate', cuffId: 'L', percentLop: '50' }, ctx],
      ['% LOP 0.5', { type: 'inflate', cuffId: 'L', percentLop: 0.5 }, ctx],
      ['% LOP 0', { type: 'inflate', cuffId: 'L', percentLop: 0 }, ctx],
      ['% LOP -20', { type: 'inflate', cuffId: 'L', percentLop: -20 }, ctx],
      ['phone LOP 0', { type: 'inflate', cuffId: 'L', percentLop: 50 }, { ...ctx, cuffs: [{ cuffId: 'L', limb: 'leg', lopMmHg: 0 }] }],
      ['phone LOP NaN', { type: 'inflate', cuffId: 'L', percentLop: 50 }, { ...ctx, cuffs: [{ cuffId: 'L', limb: 'leg', lopMmHg: NaN }] }],
      ['phone LOP 401', { type: 'inflate', cuffId: 'L', percentLop: 50 }, { ...ctx, cuffs: [{ cuffId: 'L', limb: 'leg', lopMmHg: 401 }] }],
      ['unknown limb', { type: 'inflate', cuffId: 'L', percentLop: 50 }, { ...ctx, cuffs: [{ cuffId: 'L', limb: 'neck', lopMmHg: 200 }] }],
      ['NaN time', { type: 'inflate', cuffId: 'L', percentLop: 50 }, { ...ctx, nowMs: NaN }],
      ['an arm cuff up 25 min (re-target)', { type: 'inflate', cuffId: 'A', percentLop: 40 }, {
        ...ctx, cuffs: [{ cuffId: 'A', limb: 'arm', lopMmHg: 150 }], nowMs: T0 + 25 * MIN, cuffBudgets: { A: { usedMs: 0, inflatedSinceMs: T0, deflatedSinceMs: null } },
      }],
      ['a malformed command', { type: 'inflate' }, ctx],
    ])('refuses %s', (_name, command, context) => {
      const v = checkCuffCommand(command as never, context as never);
      expect(v.ok).toBe(false);
    });
    it('allows what is in bounds and always allows deflating', () => {
      expect(checkCuffCommand({ type: 'inflate', cuffId: 'L', percentLop: 60 }, ctx)).toEqual({ ok: true, targetMmHg: 120 });
      expect(checkCuffCommand({ type: 'deflateAll' }, { ...ctx, nowMs: NaN, screening: null }).ok).toBe(true);
      expect(checkCuffCommand({ type: 'deflate', cuffId: 'L' }, { ...ctx, cuffs: [] }).ok).toBe(true);
    });
  });
});

describe('the target the controller holds', () => {
  it('a phone LOP that differs from the watch\'s: judged against the controller\'s target, not "Pressure low"', () => {
    // Watch LOP 250 (target 150 at 60 %); the phone measured 200 and the controller holds 120.
    const s = run(session('walk-continuous', { lop: 250, cuffs: ['leg'] }), [start()]).state;
    const events: SessionEvent[] = [];
    for (let t = 1; t <= 20; t++) events.push({ type: 'pressure', nowMs: T0 + t * S, reading: reading('leg', 120, t, 'holding', 120) });
    const r = run(s, events);
    expect(alarms(r.effects)).toEqual([]);
    expect(lastView(r.effects).pressure).toMatchObject({ targetMmHg: 120, inBand: true });
    expect(r.state.record.sets[0].inBandMs).toBe(r.state.record.sets[0].pressureMs);
  });

  it('a held target above this watch\'s ceiling is capped there: over-pressure still alarms', () => {
    const s = run(session('walk-continuous', { lop: 200, cuffs: ['leg'] }), [start()]).state; // ceiling 160
    const events: SessionEvent[] = [];
    for (let t = 1; t <= 8; t++) events.push({ type: 'pressure', nowMs: T0 + t * S, reading: reading('leg', 250, t, 'holding', 250) });
    const r = run(s, events);
    expect(alarms(r.effects)).toEqual(['overPressure']);
    expect(cuffCommands(r.effects)).toContainEqual({ type: 'deflateAll' });
  });
});

describe('resume refuses or repairs, never runs a bad saved state', () => {
  const holding = (fromS: number, toS: number): SessionEvent[] => {
    const out: SessionEvent[] = [];
    for (let t = fromS; t <= toS; t++) out.push({ type: 'pressure', nowMs: T0 + t * S, reading: reading('leg', 120, t) });
    return out;
  };
  const running = () => run(session('walk-intervals', { cuffs: ['leg'] }), [start(), ...holding(1, 30)]).state;
  const copy = (s: SessionState) => JSON.parse(JSON.stringify(s)) as SessionState;

  it('an older saved state does not replace the one in memory (a finished session is not brought back to inflating)', () => {
    const older = copy(running());
    const finished = run(running(), [{ type: 'button', nowMs: T0 + 31 * S, press: { button: 'pain' } }]).state;
    const r = step(finished, { type: 'resume', nowMs: T0 + 32 * S, saved: older });
    expect(r.state.status).toBe('finished');
    expect(cuffCommands(r.effects).some((c) => c.type === 'inflate')).toBe(false);
    expect(lastView(r.effects).noticeText).toMatch(/older/);
    expect(lastView(r.effects).notice).toEqual({ kind: 'resumeRefused', n: null });
  });

  it('a saved state from another session is refused', () => {
    const other = copy(running());
    other.record = { ...other.record, id: 's-other' };
    const mine = running();
    const r = step(mine, { type: 'resume', nowMs: T0 + 31 * S, saved: other });
    expect(r.state.record.id).toBe('s-1');
    expect(lastView(r.effects).noticeText).toMatch(/another session/);
  });

  it('inflated with no inflation time: repaired (clock from the session start), so stale and budget rules still act', () => {
    const saved = copy(running());
    expect(saved.inflated).toBe(true);
    saved.budget = { ...saved.budget, inflatedSinceMs: null };
    const fresh = createSession({ sessionId: 's-1', program: PROGRAMS['walk-intervals'], restriction: 'cuffs', cuffs: [{ cuffId: 'leg', lopMmHg: 200 }], screening: cleanScreening, device, nowMs: T0 });
    const r = step(fresh, { type: 'resume', nowMs: T0 + 31 * S, saved });
    expect(r.state.budget.inflatedSinceMs).toBe(T0);
    expect(lastView(r.effects).noticeText).toMatch(/damaged/);
    expect(lastView(r.effects).notice).toEqual({ kind: 'stateDamaged', n: null });
    // No readings since: the stale rule fires instead of staying off for 39 min.
    const later = run(r.state, ticks(T0 + 32 * S, T0 + 60 * S));
    expect(alarms(later.effects)).toContain('stalePressureDeflate');
  });

  it('"running" with no phases does not throw: the session is ended and the cuffs released', () => {
    const saved = copy(running());
    saved.record = { ...saved.record, phases: [] };
    const r = step(saved, { type: 'resume', nowMs: T0 + 31 * S, saved });
    expect(r.state.status).toBe('finished');
    expect(cuffCommands(r.effects)).toContainEqual({ type: 'deflateAll' });
    // and a shell that hands the broken state straight to step() gets the same
    expect(() => step(saved, { type: 'tick', nowMs: T0 + 31 * S })).not.toThrow();
    expect(step(saved, { type: 'tick', nowMs: T0 + 31 * S }).state.status).toBe('finished');
  });

  it('a finished state saved with the cuffs up is repaired: deflateAll, not inflated', () => {
    const saved = copy(run(running(), [{ type: 'button', nowMs: T0 + 31 * S, press: { button: 'confirmStop' } }]).state);
    saved.inflated = true;
    saved.budget = { ...saved.budget, inflatedSinceMs: T0 + 30 * S };
    const r = step(saved, { type: 'resume', nowMs: T0 + 32 * S, saved });
    expect(r.state.inflated).toBe(false);
    expect(cuffCommands(r.effects)).toContainEqual({ type: 'deflateAll' });
  });

  it('the same state as in memory (what the watch does after a relaunch) resumes', () => {
    const s = running();
    const r = step(s, { type: 'resume', nowMs: T0 + 31 * S, saved: copy(s) });
    expect(r.state.status).toBe('running');
    expect(r.state.inflated).toBe(true);
    expect(lastView(r.effects).noticeText).toBeNull();
  });
});

describe('states from an older build', () => {
  it('a state with one alarm text and no alarm set, and cuffs without a held target, still steps', () => {
    const s = run(session('walk-continuous', { cuffs: ['leg'] }), [start(), { type: 'pressure', nowMs: T0 + S, reading: reading('leg', 120, 1) }, { type: 'linkDown', nowMs: T0 + 2 * S }]).state;
    const old = JSON.parse(JSON.stringify(s));
    delete old.activeAlarms;
    for (const c of old.cuffs) delete c.heldTargetMmHg;
    const r = step(old, { type: 'tick', nowMs: T0 + 3 * S });
    expect(r.state.activeAlarms).toEqual(['linkLost']);
    expect(lastView(r.effects).alarmText).toBe(ALARM_MESSAGES.linkLost);
    expect(r.state.cuffs[0].heldTargetMmHg).toBeNull();
    // and a saved one parses (the new fields default)
    const resumed = step(s, { type: 'resume', nowMs: T0 + 3 * S, saved: old });
    expect(resumed.state.activeAlarms).toEqual(['linkLost']);
  });
});
