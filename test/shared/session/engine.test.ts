import { PROGRAMS, resolveProgram } from '../../../shared/programs';
import { parseSessionRecord } from '../../../shared/protocol/sessionRecord';
import { step } from '../../../shared/session';
import type { SessionEvent } from '../../../shared/session';
import {
  alarms, cuffCommands, lastView, reading, run, session, start, T0, ticks, vibrations,
} from './fixtures';

const MIN = 60000;

describe('session engine: walk intervals', () => {
  it('runs 5 x 2 min work with 1 min rests, inflating in work and deflating in rest', () => {
    const s0 = session('walk-intervals');
    const r = run(s0, [start(), ...ticks(T0 + 1000, T0 + 14 * MIN + 1000)], false);
    expect(r.state.status).toBe('finished');
    expect(r.state.record.status).toBe('completed');
    expect(r.state.record.phases.map((p) => p.kind).join(',')).toBe('work,rest,work,rest,work,rest,work,rest,work');
    const commands = cuffCommands(r.effects);
    expect(commands.filter((c) => c.type === 'inflate')).toHaveLength(10); // 5 sets x 2 cuffs
    expect(commands[0]).toEqual({ type: 'inflate', cuffId: 'left', percentLop: 60 });
    const v = vibrations(r.effects);
    expect(v.filter((p) => p === 'workStart')).toHaveLength(5);
    expect(v.filter((p) => p === 'restStart')).toHaveLength(4);
    expect(v.filter((p) => p === 'tenSecondWarning')).toHaveLength(9);
    expect(v[v.length - 1]).toBe('sessionDone');
    expect(r.state.record.endedAtMs).toBe(T0 + 14 * MIN);
    expect(r.state.record.occlusion[0]).toMatchObject({ limb: 'leg' });
    expect(parseSessionRecord(r.state.record).ok).toBe(true);
  });

  it('takes phase boundaries from absolute times: a late tick does not stretch a phase', () => {
    const s0 = session('walk-intervals');
    const r = run(s0, [start(), { type: 'tick', nowMs: T0 + 2 * MIN + 45000 }]);
    expect(r.state.phaseIndex).toBe(1);
    expect(r.state.phaseStartMs).toBe(T0 + 2 * MIN);
    expect(r.state.phaseEndMs).toBe(T0 + 3 * MIN);
    expect(r.state.record.phases[0].actualEndMs).toBe(T0 + 2 * MIN);
    // A single very late tick crosses several phases and buzzes once.
    const late = step(r.state, { type: 'tick', nowMs: T0 + 7 * MIN + 30000 });
    expect(late.state.phaseIndex).toBe(4);
    expect(late.state.phaseStartMs).toBe(T0 + 6 * MIN);
    expect(vibrations(late.effects)).toEqual(['workStart']);
  });

  it('shows the view a screen needs', () => {
    const r = run(session('walk-intervals'), [start(), { type: 'step', nowMs: T0 + 1000, count: 3 }, { type: 'tick', nowMs: T0 + 30000 }]);
    const view = lastView(r.effects);
    expect(view).toMatchObject({
      status: 'running', phaseId: 'set.walk', phaseKind: 'work', timeLeftMs: 90000, timeLeftText: '1:30',
      setNumber: 1, setCount: 5, count: 3, countTarget: null, countingMode: 'steps',
    });
    expect(view.progress).toBeCloseTo(0.25);
  });

  it('keeps the system pedometer as a second step source per set', () => {
    const r = run(session('walk-intervals'), [
      { type: 'pedometer', nowMs: T0, totalSteps: 5000 }, start(),
      { type: 'step', nowMs: T0 + 1000, count: 200 }, { type: 'pedometer', nowMs: T0 + 110000, totalSteps: 5210 },
      { type: 'tick', nowMs: T0 + 2 * MIN },
    ]);
    expect(r.state.record.sets[0]).toMatchObject({ counted: 200, corrected: 200, systemSteps: 210 });
  });

  it('skip rest starts the next set at once', () => {
    const r = run(session('walk-intervals'), [start(), { type: 'tick', nowMs: T0 + 2 * MIN + 5000 }, { type: 'button', nowMs: T0 + 2 * MIN + 6000, press: { button: 'skipRest' } }]);
    expect(r.state.record.phases[2].actualStartMs).toBe(T0 + 2 * MIN + 6000);
    expect(r.state.phaseEndMs).toBe(T0 + 4 * MIN + 6000);
  });
});

describe('session engine: resistance 30-15-15-15', () => {
  it('ends a set at its rep target, buzzes setDone and cues tempo every 2 s', () => {
    const s0 = session('resistance-30-15-15-15');
    const reps: SessionEvent[] = [];
    for (let i = 1; i <= 30; i++) {
      reps.push({ type: 'pressure', nowMs: T0 + i * 2000 - 1000, reading: reading('left', 80, i) }, { type: 'pressure', nowMs: T0 + i * 2000 - 1000, reading: reading('right', 80, i) });
      reps.push({ type: 'rep', nowMs: T0 + i * 2000 });
    }
    const r = run(s0, [start(), ...reps]);
    expect(r.state.record.phases[1].kind).toBe('rest');
    expect(r.state.phaseIndex).toBe(1);
    expect(r.state.record.sets[0].counted).toBe(30);
    const v = vibrations(r.effects);
    expect(v).toContain('setDone');
    expect(v.filter((p) => p === 'tempoTick').length).toBeGreaterThan(20);
    // continuous restriction: the cuffs stay up through the rest
    expect(r.state.inflated).toBe(true);
    expect(cuffCommands(r.effects).every((c) => c.type === 'inflate')).toBe(true);
  });

  it('tempo cue can be turned off', () => {
    const r = run(session('resistance-30-15-15-15', { tempoCue: false }), [start(), ...ticks(T0 + 1000, T0 + 20000)]);
    expect(vibrations(r.effects)).not.toContain('tempoTick');
  });

  it('rep correction adjusts the corrected count, never the counted one, and can end the set', () => {
    const r = run(session('resistance-30-15-15-15'), [start(), { type: 'rep', nowMs: T0 + 1000 },
      { type: 'button', nowMs: T0 + 2000, press: { button: 'repCorrection', delta: -1 } },
      { type: 'button', nowMs: T0 + 2500, press: { button: 'repCorrection', delta: -1 } }]);
    expect(r.state.record.sets[0]).toMatchObject({ counted: 1, corrected: 0 });
  });
});

describe('session engine: safety', () => {
  const inflated = () => run(session('walk-intervals'), [start(), { type: 'pressure', nowMs: T0 + 500, reading: reading('left', 120, 1) }, { type: 'pressure', nowMs: T0 + 500, reading: reading('right', 120, 1) }]).state;

  it('refuses a cuff session without screening, allows a timer-only one', () => {
    const refused = run(session('walk-intervals', { screening: null }), [start()]);
    expect(refused.state.status).toBe('ready');
    expect(lastView(refused.effects).noticeText).toMatch(/safety questions/);
    const timer = run(session('walk-intervals', { screening: null, restriction: 'none' }), [start(), { type: 'tick', nowMs: T0 + 1000 }]);
    expect(timer.state.status).toBe('running');
    expect(cuffCommands(timer.effects)).toEqual([]);
  });

  it('refuses to start cuffs without a known LOP', () => {
    const r = run(session('walk-intervals', { lop: null }), [start()]);
    expect(r.state.status).toBe('ready');
    expect(lastView(r.effects).noticeText).toMatch(/LOP/);
  });

  it('over +10 % for 5 s: alarm and deflate, cuffs stay down until the next phase', () => {
    const target = inflated().cuffs[0].targetMmHg!; // 60 % of 200 = 120
    let s = inflated();
    const effects = [];
    for (let i = 1; i <= 6; i++) {
      for (const cuff of ['left', 'right']) {
        const r = step(s, { type: 'pressure', nowMs: T0 + 1000 * i, reading: reading(cuff, cuff === 'left' ? target * 1.2 : target, 1 + i) });
        s = r.state;
        effects.push(...r.effects);
      }
    }
    expect(alarms(effects)).toEqual(['overPressure']);
    expect(cuffCommands(effects)).toEqual([{ type: 'deflateAll' }]);
    expect(vibrations(effects)).toEqual(['alarm']);
    expect(lastView(effects).alarmText).toMatch(/too high/);
    expect(step(s, { type: 'tick', nowMs: T0 + 30000 }).state.inflated).toBe(false);
  });

  it('under -10 % gives a notice once per excursion', () => {
    const r = run(inflated(), [
      { type: 'pressure', nowMs: T0 + 1000, reading: reading('left', 80, 2) },
      { type: 'pressure', nowMs: T0 + 2000, reading: reading('left', 80, 3) },
    ]);
    expect(alarms(r.effects)).toEqual(['underPressure']);
    expect(r.state.inflated).toBe(true);
  });

  it('stale pressure: warn at 5 s, deflate at 15 s', () => {
    const r = run(inflated(), ticks(T0 + 1000, T0 + 16000));
    expect(alarms(r.effects)).toEqual(['stalePressureWarn', 'stalePressureWarn', 'stalePressureDeflate']);
    expect(r.state.inflated).toBe(false);
  });

  it('link loss while inflated: alarm and deflate request', () => {
    const r = run(inflated(), [{ type: 'linkDown', nowMs: T0 + 1000 }]);
    expect(alarms(r.effects)).toEqual(['linkLost']);
    expect(cuffCommands(r.effects)).toEqual([{ type: 'deflateAll' }]);
  });

  it('pain button and RPE above 7 stop the session and deflate', () => {
    const pain = run(inflated(), [{ type: 'button', nowMs: T0 + 1000, press: { button: 'pain' } }]);
    expect(pain.state.record).toMatchObject({ status: 'stopped', endReason: 'pain' });
    expect(cuffCommands(pain.effects)).toEqual([{ type: 'deflateAll' }]);
    const rpe7 = run(inflated(), [{ type: 'button', nowMs: T0 + 1000, press: { button: 'rpe', rating: 7 } }]);
    expect(rpe7.state.status).toBe('running');
    const rpe8 = run(inflated(), [{ type: 'button', nowMs: T0 + 1000, press: { button: 'rpe', rating: 8 } }]);
    expect(rpe8.state.record).toMatchObject({ status: 'stopped', endReason: 'highEffort', rpe: 8 });
    expect(alarms(rpe8.effects)).toEqual(['highEffort']);
  });

  it('stop asks for confirmation first', () => {
    const once = run(inflated(), [{ type: 'button', nowMs: T0 + 1000, press: { button: 'stop' } }]);
    expect(once.state.status).toBe('confirmStop');
    const cancel = run(once.state, [{ type: 'button', nowMs: T0 + 2000, press: { button: 'cancelStop' } }]);
    expect(cancel.state.status).toBe('running');
    const done = run(once.state, [{ type: 'button', nowMs: T0 + 2000, press: { button: 'confirmStop' } }]);
    expect(done.state.record).toMatchObject({ status: 'stopped', endReason: 'userStopped', endedAtMs: T0 + 2000 });
  });

  it('controller error deflates with an alarm', () => {
    const r = run(inflated(), [{ type: 'controllerError', nowMs: T0 + 1000 }]);
    expect(alarms(r.effects)).toEqual(['controllerError']);
    expect(r.state.inflated).toBe(false);
  });

  it('records time in band per set from 1 Hz readings', () => {
    let s = inflated();
    for (let i = 1; i <= 10; i++) {
      s = step(s, { type: 'pressure', nowMs: T0 + 500 + 1000 * i, reading: reading('left', i <= 7 ? 120 : 90, 1 + i) }).state;
    }
    // cuff-milliseconds, summed over cuffs: both cuffs' first 500 ms, then the left cuff alone
    expect(s.record.sets[0].inBandMs).toBe(2 * 500 + 7000);
    expect(s.record.sets[0].pressureMs).toBe(2 * 500 + 10000);
  });
});

describe('session engine: continuous programs and the occlusion budget', () => {
  it('walk-continuous at its longest stays under the leg budget without an alarm', () => {
    const program = resolveProgram('walk-continuous', { v: 1, programId: 'walk-continuous', workMs: 19 * MIN });
    if (!program.ok) throw new Error(program.error);
    const events: SessionEvent[] = [start()];
    let seq = 0;
    for (let t = T0 + 1000; t <= T0 + 19 * MIN + 1000; t += 1000) {
      events.push({ type: 'pressure', nowMs: t, reading: reading('left', 120, ++seq) }, { type: 'pressure', nowMs: t, reading: reading('right', 120, seq) });
    }
    const r = run(session(program.value), events, false);
    expect(alarms(r.effects)).toEqual([]);
    expect(r.state.record.status).toBe('completed');
    expect(r.state.record.occlusion[0].longestContinuousMs).toBe(19 * MIN);
  });

  it('guided routine shows one instruction at a time, long rests', () => {
    const r = run(session('guided-older-adult'), [start(), { type: 'tick', nowMs: T0 + 1000 }]);
    // Codes, not sentences: the shells show set.<id> and instruction.<id> from their catalogs.
    expect(lastView(r.effects)).toMatchObject({ phaseId: 'set.sit-to-stand', instruction: { id: 'instruction.sit-to-stand', n: null }, countTarget: 10 });
    const rest = run(r.state, [{ type: 'tick', nowMs: T0 + 91000 }], false);
    expect(lastView(rest.effects)).toMatchObject({ phaseId: 'phase.rest', instruction: { id: 'instruction.rest-breathe', n: null } });
    // The record keeps the set codes too; a record from before them still parses.
    expect(rest.state.record.sets.map((s) => s.setId)).toEqual(['sit-to-stand', 'heel-raise', 'easy-walk']);
    const old = { ...rest.state.record, sets: rest.state.record.sets.map(({ setId: _drop, ...s }) => s) };
    expect(parseSessionRecord(old).ok).toBe(true);
  });

  it('quick-wrist runs without a controller and prompts the wrap tightness', () => {
    const r = run(session('quick-wrist'), [start(), ...ticks(T0 + 1000, T0 + 5 * MIN + 31000, 5000)], false);
    expect(cuffCommands(r.effects)).toEqual([]);
    expect(r.state.record).toMatchObject({ status: 'completed', restriction: 'wraps', usedCuffs: false });
    // The tightness prompt shows before the start and in rests; during work the count has the room.
    const ready = run(session('quick-wrist'), [{ type: 'tick', nowMs: T0 }]);
    expect(lastView(ready.effects).instruction).toEqual({ id: 'instruction.wrapsTightness', n: 7 });
    const working = run(session('quick-wrist'), [start()]);
    expect(lastView(working.effects).instruction).toBeNull();
  });
});

describe('session engine: resume', () => {
  it('a saved state (through JSON) resumes exactly', () => {
    const a = run(session('walk-intervals'), [start(), { type: 'tick', nowMs: T0 + 30000 }], false).state;
    const saved = JSON.parse(JSON.stringify(a));
    const fresh = session('walk-intervals');
    const resumed = step(fresh, { type: 'resume', nowMs: T0 + 31000, saved });
    const direct = step(a, { type: 'tick', nowMs: T0 + 31000 });
    expect(resumed.state).toEqual(direct.state);
  });

  it('a corrupt saved state is refused with a notice, not a crash', () => {
    const r = step(session('walk-intervals'), { type: 'resume', nowMs: T0, saved: { v: 1, status: 'running' } });
    expect(r.state.status).toBe('ready');
    expect(lastView(r.effects).noticeText).toMatch(/could not be restored/);
  });

  it('every preset runs to completion', () => {
    for (const id of Object.keys(PROGRAMS) as (keyof typeof PROGRAMS)[]) {
      const r = run(session(id), [start(), ...ticks(T0, T0 + 25 * MIN, 1000)], false);
      expect(r.state.record.status).toBe('completed');
      expect(parseSessionRecord(r.state.record).ok).toBe(true);
    }
  });
});

describe('session engine: occlusion budget enforcement', () => {
  it('deflates a too-long continuous leg phase before 20 min, keeps it down 3 min, then re-inflates', () => {
    const program = { ...PROGRAMS['walk-continuous'], id: 'long', sets: [{ ...PROGRAMS['walk-continuous'].sets[0], workMs: 30 * MIN }] };
    const events: SessionEvent[] = [start()];
    let seq = 0;
    for (let t = T0 + 1000; t <= T0 + 24 * MIN; t += 1000) {
      // the controller reports idle while the cuffs are down for reperfusion (1199 s .. 1379 s, re-inflated at 1379 s)
      const down = t >= T0 + 1199000 && t <= T0 + 1379000;
      events.push({ type: 'pressure', nowMs: t, reading: reading('left', down ? 0 : 120, ++seq, down ? 'idle' : 'holding') },
        { type: 'pressure', nowMs: t, reading: reading('right', down ? 0 : 120, seq, down ? 'idle' : 'holding') });
    }
    const r = run(session(program), events, false);
    expect(alarms(r.effects)).toEqual(['occlusionBudget']);
    expect(r.state.record.alarms[0].atMs).toBe(T0 + 1199000);
    const commands = cuffCommands(r.effects).map((c) => c.type);
    expect(commands).toEqual(['inflate', 'inflate', 'deflateAll', 'inflate', 'inflate']);
    expect(r.state.record.occlusion[0].longestContinuousMs).toBeLessThanOrEqual(20 * MIN);
    expect(r.state.budget.inflatedSinceMs).toBeGreaterThanOrEqual(T0 + 23 * MIN - 2000);
  });

  it('deflates cuffs it did not ask for (e.g. after a restart)', () => {
    const r = run(session('walk-intervals'), [start(), { type: 'tick', nowMs: T0 + 2 * MIN + 10000 },
      { type: 'pressure', nowMs: T0 + 2 * MIN + 11000, reading: reading('left', 150, 5, 'holding') }]);
    expect(cuffCommands(r.effects).pop()).toEqual({ type: 'deflateAll' });
  });
});
