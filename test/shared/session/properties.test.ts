// Property tests: random programs (inside their bounds) and random event streams. Whatever the
// trainee, the controller and the radio do, the invariants below must hold after every step.
import fc from 'fast-check';
import { PROGRAM_IDS, PROGRAMS, resolveProgram } from '../../../shared/programs';
import type { Program } from '../../../shared/programs';
import { CUFF_STATES } from '../../../shared/protocol/pressure';
import { parseSessionRecord } from '../../../shared/protocol/sessionRecord';
import type { ScreeningAnswers } from '../../../shared/protocol/screening';
import { ABSOLUTE_CEILING_MMHG, ceilingMmHg, maxPercentLop, OCCLUSION_BUDGET_MS, REPERFUSION_MS, targetMmHg } from '../../../shared/safety';
import { parseSessionState, step } from '../../../shared/session';
import type { Effect, SessionEvent, SessionState } from '../../../shared/session';
import { cleanScreening, deepFreeze, session, T0 } from './fixtures';

const programArb: fc.Arbitrary<Program> = fc
  .record({
    id: fc.constantFrom(...PROGRAM_IDS),
    pct: fc.double({ min: 0, max: 1, noNaN: true }),
    work: fc.double({ min: 0, max: 1, noNaN: true }),
    rest: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ id, pct, work, rest }) => {
    const b = PROGRAMS[id].bounds;
    const pick = (r: { min: number; max: number } | null, f: number) => (r ? Math.round(r.min + (r.max - r.min) * f) : undefined);
    const adjusted = resolveProgram(id, { v: 1, programId: id, percentLop: pick(b.percentLop, pct), workMs: pick(b.workMs, work), restMs: pick(b.restMs, rest) });
    return adjusted.ok ? adjusted.value : PROGRAMS[id];
  });

const screeningArb: fc.Arbitrary<ScreeningAnswers | null> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(cleanScreening) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant({ ...cleanScreening, answers: { ...cleanScreening.answers, clotting: true } }) },
);

type Gen = (nowMs: number, seq: number, state: () => SessionState) => SessionEvent;
const eventGenArb: fc.Arbitrary<Gen> = fc.oneof(
  { weight: 10, arbitrary: fc.constant<Gen>((nowMs) => ({ type: 'tick', nowMs })) },
  { weight: 3, arbitrary: fc.constant<Gen>((nowMs) => ({ type: 'rep', nowMs })) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 5 }).map<Gen>((count) => (nowMs) => ({ type: 'step', nowMs, count })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 100000 }).map<Gen>((totalSteps) => (nowMs) => ({ type: 'pedometer', nowMs, totalSteps })) },
  {
    weight: 12,
    arbitrary: fc.record({ cuff: fc.constantFrom('left', 'right', 'other'), mmHg: fc.double({ min: 0, max: 500, noNaN: true }), state: fc.constantFrom(...CUFF_STATES), dup: fc.boolean() })
      .map<Gen>(({ cuff, mmHg, state, dup }) => (nowMs, seq) => ({ type: 'pressure', nowMs, reading: { v: 1, kind: 'pressure', cuffId: cuff, mmHg, targetMmHg: null, state, seq: dup ? 0 : seq, controllerTimeMs: seq } })),
  },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.constantFrom('start', 'stop', 'confirmStop', 'cancelStop', 'pain', 'skipRest').map((button) => ({ button }) as never),
      fc.integer({ min: 0, max: 11 }).map((rating) => ({ button: 'rpe', rating }) as never),
      fc.constantFrom(1, -1).map((delta) => ({ button: 'repCorrection', delta }) as never),
    ).map<Gen>((press) => (nowMs) => ({ type: 'button', nowMs, press })),
  },
  { weight: 1, arbitrary: fc.constantFrom<Gen>((nowMs) => ({ type: 'linkUp', nowMs }), (nowMs) => ({ type: 'linkDown', nowMs }), (nowMs) => ({ type: 'controllerError', nowMs })) },
  { weight: 1, arbitrary: fc.boolean().map<Gen>((good) => (nowMs, _seq, state) => ({ type: 'resume', nowMs, saved: good ? JSON.parse(JSON.stringify(state())) : { v: 1 } })) },
);

/** Programs outside the presets' bounds (built directly, not via resolveProgram): the engine must still hold the budget. */
const overBudget: Program[] = [
  { ...PROGRAMS['walk-continuous'], id: 'test-long-leg', sets: [{ ...PROGRAMS['walk-continuous'].sets[0], workMs: 30 * 60000 }] },
  { ...PROGRAMS['resistance-30-15-15-15'], id: 'test-long-arm', sets: [{ ...PROGRAMS['quick-wrist'].sets[0], workMs: 25 * 60000, restAfterMs: 0 }] },
];

/** An independent occlusion meter over the cuff commands (same conservative rule as safety/). */
class OcclusionMeter {
  usedMs = 0;
  inflatedSince: number | null = null;
  deflatedSince: number | null = null;
  apply(effects: Effect[], now: number) {
    for (const e of effects) {
      if (e.type !== 'cuff') continue;
      if (e.command.type === 'inflate' && this.inflatedSince === null) {
        if (this.deflatedSince !== null && now - this.deflatedSince >= REPERFUSION_MS) this.usedMs = 0;
        this.inflatedSince = now;
      } else if ((e.command.type === 'deflate' || e.command.type === 'deflateAll') && this.inflatedSince !== null) {
        this.usedMs += now - this.inflatedSince;
        this.inflatedSince = null;
        this.deflatedSince = now;
      }
    }
  }
  used(now: number) {
    return this.usedMs + (this.inflatedSince === null ? 0 : now - this.inflatedSince);
  }
}

function checkInvariants(before: SessionState, event: SessionEvent, effects: Effect[], after: SessionState, lop: number | null, full = true) {
  const limb = before.program.limb;
  for (const e of effects) {
    if (e.type === 'cuff' && e.command.type === 'inflate') {
      // commanded pressure never above the ceiling; never without a known LOP or a clean screening
      expect(lop).not.toBeNull();
      expect(before.screening).toEqual(cleanScreening);
      expect(e.command.percentLop).toBeLessThanOrEqual(maxPercentLop(limb));
      const mmHg = targetMmHg(limb, lop, e.command.percentLop)!;
      expect(mmHg).toBeLessThanOrEqual(ceilingMmHg(limb, lop)!);
      expect(mmHg).toBeLessThanOrEqual(ABSOLUTE_CEILING_MMHG);
      expect(after.linkUp).toBe(true);
    }
  }
  // every alarm produces a vibrate and a view showing it
  const alarmCount = effects.filter((e) => e.type === 'alarm').length;
  const views = effects.filter((e) => e.type === 'view');
  expect(views).toHaveLength(1);
  if (alarmCount > 0) {
    expect(effects.filter((e) => e.type === 'vibrate' && e.pattern === 'alarm').length).toBe(alarmCount);
    expect(views[0].type === 'view' && views[0].view.alarmText).toBeTruthy();
  }
  expect(after.nowMs).toBeGreaterThanOrEqual(before.nowMs);
  if (!full) return;
  // the record always parses with its own schema; persisted records too
  const parsed = parseSessionRecord(after.record);
  if (!parsed.ok) throw new Error(parsed.error);
  for (const e of effects) if (e.type === 'persist') expect(parseSessionRecord(e.record).ok).toBe(true);
  // the state is plain JSON and parses for resume
  const state = parseSessionState(JSON.parse(JSON.stringify(after)));
  if (!state.ok) throw new Error(state.error);
  void event;
}

function replay(program: Program, lop: number | null, screening: ScreeningAnswers | null, gens: Array<{ dt: number; gen: Gen }>, noneRestriction: boolean, fullEvery = 1) {
  let state = session(program, { lop, screening, restriction: noneRestriction ? 'none' : undefined });
  const meter = new OcclusionMeter();
  let now = T0;
  let seq = 1;
  const all: SessionEvent[] = [{ type: 'button', nowMs: now, press: { button: 'start' } }];
  let n = 0;
  const exec = (event: SessionEvent) => {
    const full = n++ % fullEvery === 0;
    // Freezing and schema-parsing a 1200-sample record at every step is slow: long runs do it now and then.
    const before = full ? deepFreeze(state) : state;
    const r = step(before, event);
    meter.apply(r.effects, r.state.nowMs);
    checkInvariants(before, event, r.effects, r.state, lop, full);
    // continuous occlusion never above the budget (ticks come at least once a second)
    expect(meter.used(r.state.nowMs)).toBeLessThanOrEqual(OCCLUSION_BUDGET_MS[program.limb]);
    state = r.state;
  };
  exec(all[0]);
  for (const { dt, gen } of gens) {
    now += dt;
    exec(gen(now, seq++, () => state));
  }
  checkInvariants(state, all[0], [{ type: 'view' } as Effect], state, lop, true);
  return state;
}

describe('session engine properties', () => {
  it('short random sessions: ceiling, alarms, record schema, purity', () => {
    fc.assert(
      fc.property(
        programArb, fc.option(fc.integer({ min: 30, max: 400 }), { nil: null, freq: 8 }), screeningArb, fc.integer({ min: 0, max: 9 }),
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 1000 }), gen: eventGenArb }), { maxLength: 300 }),
        (program, lop, screening, none, gens) => {
          replay(program, lop, screening, gens, none === 0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('long sessions with ~1 Hz ticks never exceed the occlusion budget', () => {
    const longGens = fc.array(
      fc.record({
        dt: fc.integer({ min: 500, max: 1000 }),
        gen: fc.oneof({ weight: 20, arbitrary: fc.constant<Gen>((nowMs, seq) => ({ type: 'pressure', nowMs, reading: { v: 1, kind: 'pressure', cuffId: seq % 2 ? 'left' : 'right', mmHg: 120, targetMmHg: 120, state: 'holding', seq, controllerTimeMs: seq } })) }, { weight: 3, arbitrary: eventGenArb }),
      }),
      { minLength: 1000, maxLength: 2600 },
    );
    fc.assert(
      fc.property(fc.oneof(programArb, fc.constantFrom(...overBudget)), longGens, (program, gens) => {
        replay(program, 200, cleanScreening, gens, false, 250);
      }),
      // Each run is 8-43 simulated minutes of ~1 Hz steps (half of them past the presets'
      // bounds), some 0.5 s of machine time: ten runs for npm test (issue 20: was twenty).
      { numRuns: 10 },
    );
  });

  it('late ticks (any gap) still keep the ceiling, alarms and record invariants', () => {
    fc.assert(
      fc.property(
        programArb,
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 10 * 60000 }), gen: eventGenArb }), { maxLength: 60 }),
        (program, gens) => {
          let state = session(program);
          for (const [i, { dt, gen }] of gens.entries()) {
            const before = deepFreeze(state);
            const event = i === 0 ? ({ type: 'button', nowMs: T0, press: { button: 'start' } } as SessionEvent) : gen(state.nowMs + dt, i, () => state);
            const r = step(before, event);
            checkInvariants(before, event, r.effects, r.state, 200);
            state = r.state;
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
