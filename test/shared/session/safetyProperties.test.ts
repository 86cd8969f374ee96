// Property tests over random sessions and random event streams (any program, any LOP including
// nonsense ones, any mix of readings, link changes, controller errors, buttons, resumes):
// - the screen shows the most severe active alarm, every alarm raised is active (or resolved by
//   what resolves it), and an alarm leaves the screen only when something resolves it;
// - pain, or an effort rating above 7, stops the session and deflates in the same step;
// - nothing inflates after the end;
// - a LOP outside 30-400 mmHg never inflates anything.
import fc from 'fast-check';
import { PROGRAM_IDS, PROGRAMS, resolveProgram } from '../../../shared/programs';
import type { Program } from '../../../shared/programs';
import type { AlarmKind } from '../../../shared/protocol/vocabulary';
import { CUFF_STATES } from '../../../shared/protocol/pressure';
import { isValidLop } from '../../../shared/safety';
import { ALARM_MESSAGES, step } from '../../../shared/session';
import type { Effect, SessionEvent, SessionState, ViewModel } from '../../../shared/session';
import { alarmSeverity, mostSevere } from '../../../shared/session/alarms';
import { session, T0 } from './fixtures';

const programArb: fc.Arbitrary<Program> = fc
  .record({ id: fc.constantFrom(...PROGRAM_IDS), pct: fc.double({ min: 0, max: 1, noNaN: true }), work: fc.double({ min: 0, max: 1, noNaN: true }) })
  .map(({ id, pct, work }) => {
    const b = PROGRAMS[id].bounds;
    const pick = (r: { min: number; max: number } | null, f: number) => (r ? Math.round(r.min + (r.max - r.min) * f) : undefined);
    const adjusted = resolveProgram(id, { v: 1, programId: id, percentLop: pick(b.percentLop, pct), workMs: pick(b.workMs, work) });
    return adjusted.ok ? adjusted.value : PROGRAMS[id];
  });

/** LOPs: mostly sensible, often nonsense (0, negative, NaN, Infinity, just outside the range). */
const lopArb: fc.Arbitrary<number | null> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 30, max: 400 }) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: fc.constantFrom(0, -1, -200, NaN, Infinity, -Infinity, 29.99, 400.01, 1e9, 5) },
  { weight: 1, arbitrary: fc.double({ min: -1000, max: 1000 }) },
);

type Gen = (nowMs: number, seq: number, state: SessionState, older: SessionState | null) => SessionEvent;
const cuffIds = ['left', 'right'];
const eventArb: fc.Arbitrary<Gen> = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Gen>((nowMs) => ({ type: 'tick', nowMs })) },
  {
    weight: 12,
    arbitrary: fc
      .record({
        cuff: fc.constantFrom('left', 'right', 'other'),
        mmHg: fc.oneof(fc.double({ min: 0, max: 500, noNaN: true }), fc.constantFrom(120, 130, 80, 200, NaN, -3)),
        state: fc.constantFrom(...CUFF_STATES),
        target: fc.constantFrom(null, 120, 300, 0, NaN),
        dup: fc.boolean(),
      })
      .map<Gen>(({ cuff, mmHg, state, target, dup }) => (nowMs, seq) => ({
        type: 'pressure', nowMs, reading: { v: 1, kind: 'pressure', cuffId: cuff, mmHg, targetMmHg: target, state, seq: dup ? 0 : seq, controllerTimeMs: seq },
      })),
  },
  { weight: 2, arbitrary: fc.constantFrom<Gen>((nowMs) => ({ type: 'linkUp', nowMs }), (nowMs) => ({ type: 'linkDown', nowMs }), (nowMs) => ({ type: 'controllerError', nowMs })) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.constantFrom('start', 'stop', 'confirmStop', 'cancelStop', 'pain', 'skipRest').map((button) => ({ button }) as never),
        fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constantFrom(7.4, 7.5, 6.9, NaN, 11, 1e9)).map((rating) => ({ button: 'rpe', rating }) as never),
        fc.constantFrom(1, -1).map((delta) => ({ button: 'repCorrection', delta }) as never),
      )
      .map<Gen>((press) => (nowMs) => ({ type: 'button', nowMs, press })),
  },
  // Wrist heart rate around the guided routine's ceilings, with loose-watch zeros and nothing.
  { weight: 3, arbitrary: fc.oneof(fc.integer({ min: 90, max: 200 }), fc.constantFrom(0, null, NaN)).map<Gen>((bpm) => (nowMs) => ({ type: 'heartRate', nowMs, bpm })) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 11 }).map<Gen>((n) => (nowMs) => ({ type: 'rep', nowMs, count: n }) as SessionEvent) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('same', 'older', 'broken').map<Gen>((kind) => (nowMs, _seq, state, older) => ({
      type: 'resume', nowMs, saved: kind === 'same' ? JSON.parse(JSON.stringify(state)) : kind === 'older' && older ? JSON.parse(JSON.stringify(older)) : { v: 1, status: 'running' },
    })),
  },
);

const streamArb = fc.array(fc.record({ dt: fc.oneof(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 40000 })), gen: eventArb }), { maxLength: 160 });

const viewOf = (effects: Effect[]): ViewModel => {
  const views = effects.filter((e): e is Extract<Effect, { type: 'view' }> => e.type === 'view');
  return views[views.length - 1].view;
};
/** The alarm the screen shows, read back from its text (the text is what the trainee sees). */
const shownKind = (view: ViewModel): AlarmKind | null => {
  if (view.alarmText === null) return null;
  const kinds = (Object.keys(ALARM_MESSAGES) as AlarmKind[]).filter((k) => ALARM_MESSAGES[k] === view.alarmText);
  expect(kinds).toHaveLength(1);
  return kinds[0];
};
const raisedIn = (effects: Effect[]): AlarmKind[] => effects.flatMap((e) => (e.type === 'alarm' ? [e.kind] : []));
const WARNINGS: AlarmKind[] = ['stalePressureWarn', 'underPressure'];

interface Step { before: SessionState; event: SessionEvent; after: SessionState; effects: Effect[] }

function play(program: Program, lop: number | null, gens: Array<{ dt: number; gen: Gen }>, check: (s: Step, prev: Step | null) => void): void {
  let state = session(program, { lop, cuffs: cuffIds });
  let now = T0;
  let older: SessionState | null = null;
  let prev: Step | null = null;
  let n = 0;
  const exec = (event: SessionEvent) => {
    const before = state;
    const r = step(before, event);
    const s: Step = { before, event, after: r.state, effects: r.effects };
    check(s, prev);
    prev = s;
    if (++n % 5 === 0) older = before; // a state from a few steps back, for 'older' resumes
    state = r.state;
  };
  exec({ type: 'button', nowMs: now, press: { button: 'start' } });
  let seq = 1;
  for (const { dt, gen } of gens) {
    now += dt;
    exec(gen(now, seq++, state, older));
  }
}

/** What may take an alarm off the screen: the rule that resolves it happened in this step. */
function resolvedBy(kind: AlarmKind, s: Step): boolean {
  if (s.event.type === 'resume') return true; // a restored state brings its own alarms
  if (s.after.phaseIndex !== s.before.phaseIndex) return kind !== 'linkLost' || s.after.linkUp;
  if (kind === 'linkLost') return s.event.type === 'linkUp';
  if (kind === 'heartRateHigh') return s.event.type === 'heartRate' && !s.after.heartRate.tripped;
  if (WARNINGS.indexOf(kind) >= 0) return s.event.type === 'pressure' || !s.after.inflated;
  return false;
}

describe('safety properties over random sessions', () => {
  it('the screen shows the most severe active alarm; alarms leave it only when resolved', () => {
    fc.assert(
      fc.property(programArb, lopArb, streamArb, (program, lop, gens) => {
        play(program, lop, gens, (s, prev) => {
          const view = viewOf(s.effects);
          const shown = shownKind(view);
          const top = mostSevere(s.after.activeAlarms);
          // What is shown is the most severe active alarm.
          expect(shown).toBe(top);
          expect(view.alarmKind).toBe(top);
          // Every alarm raised in this step is felt and active at its end, unless resolved in it
          // (a warning about an inflated cuff when the cuffs came down, or a new phase).
          const raised = raisedIn(s.effects);
          expect(s.effects.filter((e) => e.type === 'vibrate' && e.pattern === 'alarm')).toHaveLength(raised.length);
          for (const k of raised) {
            const gone = s.after.activeAlarms.indexOf(k) < 0;
            if (gone) expect((WARNINGS.indexOf(k) >= 0 && !s.after.inflated) || s.after.phaseIndex !== s.before.phaseIndex).toBe(true);
          }
          // So no alarm raised in this step is more severe than the one shown.
          if (s.after.phaseIndex === s.before.phaseIndex) {
            for (const k of raised) if (s.after.activeAlarms.indexOf(k) >= 0) expect(alarmSeverity(shown as AlarmKind)).toBeGreaterThanOrEqual(alarmSeverity(k));
          }
          // An alarm on screen before leaves it (for nothing or a lesser one) only when resolved.
          const before = prev ? shownKind(viewOf(prev.effects)) : null;
          if (before !== null && (shown === null || alarmSeverity(shown) < alarmSeverity(before))) {
            expect(resolvedBy(before, s)).toBe(true);
          }
        });
      }),
      { numRuns: 120 },
    );
  });

  it('pain, or an effort rating above 7, stops the session and deflates in the same step', () => {
    fc.assert(
      fc.property(programArb, streamArb, (program, gens) => {
        play(program, 200, gens, (s) => {
          if (s.event.type !== 'button' || (s.before.status !== 'running' && s.before.status !== 'confirmStop')) return;
          const press = s.event.press;
          const stop = press.button === 'pain' || (press.button === 'rpe' && typeof press.rating === 'number' && press.rating > 7);
          if (!stop) return;
          expect(s.after.status).toBe('finished');
          expect(s.after.inflated).toBe(false);
          expect(s.after.record.endReason).toBe(press.button === 'pain' ? 'pain' : 'highEffort');
          const cuffs = s.effects.flatMap((e) => (e.type === 'cuff' ? [e.command.type] : []));
          if (s.before.restriction === 'cuffs') expect(cuffs).toContain('deflateAll');
          expect(cuffs).not.toContain('inflate');
        });
      }),
      { numRuns: 120 },
    );
  });

  it('nothing inflates after the end, and a LOP outside 30-400 mmHg never inflates anything', () => {
    fc.assert(
      fc.property(programArb, lopArb, streamArb, (program, lop, gens) => {
        let ended = false;
        play(program, lop, gens, (s) => {
          const inflates = s.effects.filter((e) => e.type === 'cuff' && e.command.type === 'inflate');
          if (ended || s.before.status === 'finished' || s.after.status === 'finished') expect(inflates).toEqual([]);
          if (!isValidLop(lop)) expect(inflates).toEqual([]);
          if (s.after.status === 'finished') {
            ended = true;
            expect(s.after.inflated).toBe(false);
          }
        });
      }),
      { numRuns: 150 },
    );
  });
});
