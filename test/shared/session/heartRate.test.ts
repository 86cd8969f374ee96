// Heart rate in the engine: the record's bounded log and per-set summary, the screen value that
// is never stale, and the ceiling rule (docs/HEART_RATE.md) that deflates, explains and lets the
// trainee go on once the rate has fallen. Examples first, then properties over random streams
// (fixed seeds, modest runs) beside the other safety invariants.
import fc from 'fast-check';
import { PROGRAMS } from '../../../shared/programs';
import { parseCheckedSessionRecord, parseSessionRecord } from '../../../shared/protocol/sessionRecord';
import { HR_ABOVE_DEFLATE_MS, HR_RESUME_MARGIN_BPM, HR_STALE_MS, heartRateCeilingBpm } from '../../../shared/safety/heartRateCeiling';
import { ALARM_MESSAGES, createSession, parseSessionState, step } from '../../../shared/session';
import type { Effect, SessionEvent, SessionState } from '../../../shared/session';
import { HR_SAMPLE_EVERY_MS } from '../../../shared/session/heartRateLog';
import { alarms, cleanScreening, cuffCommands, device, lastView, reading, run, session, start, T0 } from './fixtures';

const hr = (nowMs: number, bpm: number | null): SessionEvent => ({ type: 'heartRate', nowMs, bpm });

function guided(age: number | null = 70, all = false): SessionState {
  return createSession({
    sessionId: 's-hr', program: PROGRAMS['guided-older-adult'], restriction: 'cuffs',
    cuffs: [{ cuffId: 'left', lopMmHg: 200 }, { cuffId: 'right', lopMmHg: 200 }],
    screening: cleanScreening, device, nowMs: T0, heartRate: { ageYears: age, ceilingAllPrograms: all },
  });
}

/** Each second: both cuffs read holding at target, and a heart-rate reading. */
function seconds(from: number, to: number, bpm: (t: number) => number | null, seq: { n: number }): SessionEvent[] {
  const out: SessionEvent[] = [];
  for (let t = from; t <= to; t += 1000) {
    out.push({ type: 'pressure', nowMs: t, reading: reading('left', 120, seq.n++, 'holding', 120) });
    out.push({ type: 'pressure', nowMs: t, reading: reading('right', 120, seq.n++, 'holding', 120) });
    out.push(hr(t, bpm(t)));
  }
  return out;
}

describe('heart rate in the session engine', () => {
  it('the guided routine deflates after 15 s above the age ceiling, explains, and lets the trainee go on once it falls', () => {
    const ceiling = heartRateCeilingBpm(70); // 135
    expect(guided().heartRate.ceilingBpm).toBe(ceiling);
    const seq = { n: 1 };
    const first = run(guided(), [start(T0), ...seconds(T0 + 1000, T0 + 10000, () => 120, seq)]);
    expect(first.state.inflated).toBe(true);
    // 150 bpm from t=11 s: not yet at 25 s, deflated at 26 s (15 s above).
    const high = run(first.state, seconds(T0 + 11000, T0 + 25000, () => 150, seq));
    expect(high.state.inflated).toBe(true);
    expect(alarms(high.effects)).not.toContain('heartRateHigh');
    const trip = run(high.state, seconds(T0 + 26000, T0 + 26000, () => 150, seq));
    expect(alarms(trip.effects)).toEqual(['heartRateHigh']);
    expect(cuffCommands(trip.effects)).toContainEqual({ type: 'deflateAll' });
    expect(trip.state.inflated).toBe(false);
    const view = lastView(trip.effects);
    expect(view.alarmText).toBe(ALARM_MESSAGES.heartRateHigh);
    expect(view.alarmKind).toBe('heartRateHigh');
    expect(view.heartRateBpm).toBe(150);
    expect(trip.state.record.alarms.map((a) => a.kind)).toContain('heartRateHigh');
    // Still high, or only just below the ceiling: the cuffs stay down, the alarm stays.
    const hover = run(trip.state, seconds(T0 + 27000, T0 + 40000, (t) => (t < T0 + 33000 ? 150 : ceiling - HR_RESUME_MARGIN_BPM + 1), seq));
    expect(cuffCommands(hover.effects).filter((c) => c.type === 'inflate')).toEqual([]);
    expect(lastView(hover.effects).alarmKind).toBe('heartRateHigh');
    // 10 bpm below: resolved, and the cuffs go up again in the same work phase.
    const down = run(hover.state, seconds(T0 + 41000, T0 + 41000, () => ceiling - HR_RESUME_MARGIN_BPM, seq));
    expect(down.state.phaseIndex).toBe(0);
    expect(down.state.activeAlarms).not.toContain('heartRateHigh');
    expect(cuffCommands(down.effects).filter((c) => c.type === 'inflate')).toHaveLength(2);
  });

  it('a rate still high at the next phase keeps the alarm and the cuffs down', () => {
    const seq = { n: 1 };
    const s = run(guided(), [start(T0), ...seconds(T0 + 1000, T0 + 89000, (t) => (t > T0 + 60000 ? 160 : 100), seq)]).state;
    expect(s.heartRate.tripped).toBe(true);
    // The sit-to-stand set ends at 90 s; rest 90 s; the heel raises start at 180 s.
    const later = run(s, seconds(T0 + 90000, T0 + 185000, () => 150, seq));
    expect(later.state.phaseIndex).toBe(2);
    expect(later.state.inflated).toBe(false);
    expect(cuffCommands(later.effects).filter((c) => c.type === 'inflate')).toEqual([]);
    expect(later.state.activeAlarms).toContain('heartRateHigh');
  });

  it('other programs watch no ceiling unless the setting turns it on', () => {
    const p = PROGRAMS['walk-intervals'];
    const make = (all: boolean) => createSession({
      sessionId: 's-w', program: p, restriction: 'cuffs', cuffs: [{ cuffId: 'left', lopMmHg: 200 }, { cuffId: 'right', lopMmHg: 200 }],
      screening: cleanScreening, device, nowMs: T0, heartRate: { ageYears: 40, ceilingAllPrograms: all },
    });
    const events = (): SessionEvent[] => {
      const seq = { n: 1 };
      return [start(T0), ...seconds(T0 + 1000, T0 + 40000, () => 190, seq)];
    };
    const off = run(make(false), events());
    expect(off.state.heartRate.ceilingBpm).toBeNull();
    expect(alarms(off.effects)).not.toContain('heartRateHigh');
    expect(lastView(off.effects).heartRateBpm).toBe(190);
    const on = run(make(true), events());
    expect(on.state.heartRate.ceilingBpm).toBe(153);
    expect(alarms(on.effects)).toContain('heartRateHigh');
  });

  it('records one sample per 5 s, session-relative, and each set\'s mean and max over its work', () => {
    const seq = { n: 1 };
    const bpm = (t: number) => (t < T0 + 60000 ? 90 : 110) + ((t / 1000) % 3);
    const r = run(guided(), [start(T0), ...seconds(T0 + 1000, T0 + 95000, bpm, seq)]);
    const samples = r.state.record.heartRateSamples || [];
    expect(samples[0]).toEqual({ atMs: 1000, bpm: Math.round(bpm(T0 + 1000)) });
    for (let i = 1; i < samples.length; i++) expect(samples[i].atMs - samples[i - 1].atMs).toBeGreaterThanOrEqual(HR_SAMPLE_EVERY_MS);
    const set0 = r.state.record.sets[0];
    const inWork = samples.filter((x) => x.atMs <= 90000).map((x) => x.bpm);
    expect(set0.heartRateMaxBpm).toBe(Math.max(...inWork));
    expect(set0.heartRateMeanBpm).toBe(Math.round(inWork.reduce((a, b) => a + b, 0) / inWork.length));
    expect(r.state.record.sets[1].heartRateMeanBpm).toBeUndefined(); // not closed yet
    expect(parseCheckedSessionRecord(r.state.record).ok).toBe(true);
  });

  it('never shows a stale heart rate, and wakes to take it off the screen', () => {
    const r = run(guided(), [start(T0), hr(T0 + 1000, 101), { type: 'tick', nowMs: T0 + 5000 }]);
    expect(lastView(r.effects).heartRateBpm).toBe(101);
    const wake = lastView(r.effects).wakeAtMs as number;
    expect(wake).toBeLessThanOrEqual(T0 + 1000 + HR_STALE_MS + 1);
    const later = run(r.state, [hr(T0 + 8000, 0), { type: 'tick', nowMs: T0 + 1001 + HR_STALE_MS }]);
    expect(lastView(later.effects).heartRateBpm).toBeNull();
    expect(later.state.record.heartRateSamples).toEqual([{ atMs: 1000, bpm: 101 }]);
  });

  it('a saved state from before heart rate resumes with the guided ceiling; bad readings are ignored', () => {
    const s = run(guided(), [start(T0)]).state;
    const old = JSON.parse(JSON.stringify(s));
    delete old.heartRate;
    delete old.record.heartRateSamples;
    const parsed = parseSessionState(old);
    expect(parsed.ok).toBe(true);
    const r = step(s, { type: 'resume', nowMs: T0 + 1000, saved: old });
    expect(r.state.heartRate.ceilingBpm).toBe(heartRateCeilingBpm(null));
    let t = r.state;
    for (const bad of [NaN, -1, 0, 500, Infinity, '90', null] as unknown[]) t = step(t, { type: 'heartRate', nowMs: T0 + 2000, bpm: bad } as SessionEvent).state;
    expect(t.record.heartRateSamples || []).toEqual([]);
    expect(parseSessionRecord(t.record).ok).toBe(true);
  });
});

/** Random heart-rate streams around the ceiling, with dropouts, gaps and ticks. */
const streamArb = fc.array(
  fc.record({
    dt: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 200, max: 3000 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 25000 }) }),
    kind: fc.constantFrom('hr', 'hr', 'hr', 'hr', 'tick', 'silent'),
    bpm: fc.oneof(fc.integer({ min: 100, max: 190 }), fc.constantFrom(0, null, 135, 125, 126, 240)),
  }),
  { minLength: 20, maxLength: 150 },
);

function play(state: SessionState, stream: Array<{ dt: number; kind: string; bpm: number | null }>, check: (before: SessionState, event: SessionEvent, after: SessionState, effects: Effect[]) => void): SessionState {
  let s = step(state, start(T0)).state;
  let now = T0;
  let seq = 1;
  const exec = (event: SessionEvent) => {
    const r = step(s, event);
    check(s, event, r.state, r.effects);
    s = r.state;
  };
  for (const x of stream) {
    now += x.dt;
    // Pressure keeps coming unless the item says otherwise, so the stale-pressure rule does not
    // hold the cuffs down for its own reasons and the heart-rate rule is what is tested.
    if (x.kind !== 'silent') {
      exec({ type: 'pressure', nowMs: now, reading: reading('left', 120, seq++, 'holding', 120) });
      exec({ type: 'pressure', nowMs: now, reading: reading('right', 120, seq++, 'holding', 120) });
    }
    exec(x.kind === 'tick' || x.kind === 'silent' ? { type: 'tick', nowMs: now } : hr(now, x.bpm));
  }
  return s;
}

describe('heart-rate safety properties', () => {
  it('while the rate is tripped nothing inflates; a trip deflates and explains in the same step', () => {
    fc.assert(fc.property(fc.integer({ min: 18, max: 100 }), streamArb, (age, stream) => {
      play(guided(age), stream, (before, event, after, effects) => {
        const inflates = cuffCommands(effects).filter((c) => c.type === 'inflate');
        if (after.heartRate.tripped) expect(inflates).toEqual([]);
        if (alarms(effects).indexOf('heartRateHigh') >= 0) {
          expect(event.type).toBe('heartRate');
          expect(after.inflated).toBe(false);
          if (before.inflated) expect(cuffCommands(effects)).toContainEqual({ type: 'deflateAll' });
          expect(lastView(effects).alarmText).toBe(ALARM_MESSAGES.heartRateHigh);
        }
        // Tripped means the alarm is on (until a reading 10 bpm below resolves both).
        if (after.status !== 'finished') expect(after.heartRate.tripped).toBe(after.activeAlarms.indexOf('heartRateHigh') >= 0);
        if (before.heartRate.tripped && !after.heartRate.tripped) {
          expect(event.type === 'heartRate' && typeof event.bpm === 'number' && event.bpm <= (before.heartRate.ceilingBpm as number) - HR_RESUME_MARGIN_BPM).toBe(true);
        }
        // The screen: a reading no older than 10 s, or nothing.
        const shown = lastView(effects).heartRateBpm;
        if (shown !== null) {
          expect(after.heartRate.lastAtMs).not.toBeNull();
          expect(after.nowMs - (after.heartRate.lastAtMs as number)).toBeLessThanOrEqual(HR_STALE_MS);
          expect(shown).toBe(Math.round(after.heartRate.lastBpm as number));
        }
      });
    }), { seed: 1818, numRuns: 15 });
  });

  it('a trip needs 15 s of valid readings above the ceiling without a silence over 10 s', () => {
    fc.assert(fc.property(fc.integer({ min: 18, max: 100 }), streamArb, (age, stream) => {
      const ceiling = heartRateCeilingBpm(age);
      let run0: number | null = null;
      let last: number | null = null;
      play(guided(age), stream, (_before, event, after, effects) => {
        if (event.type !== 'heartRate') return;
        const b = event.bpm;
        const valid = typeof b === 'number' && b >= 30 && b <= 230;
        if (valid) {
          if ((b as number) > ceiling) run0 = run0 === null || last === null || event.nowMs - last > HR_STALE_MS ? event.nowMs : run0;
          else run0 = null;
          last = event.nowMs;
        } else if (last !== null && event.nowMs - last > HR_STALE_MS) run0 = null;
        if (alarms(effects).indexOf('heartRateHigh') >= 0) {
          expect(run0).not.toBeNull();
          expect(event.nowMs - (run0 as number)).toBeGreaterThanOrEqual(HR_ABOVE_DEFLATE_MS);
        }
        if (after.heartRate.tripped) run0 = null;
      });
    }), { seed: 1819, numRuns: 30 });
  });

  it('the record stays bounded and valid: samples spaced 5 s, in order, per-set mean <= max', () => {
    fc.assert(fc.property(streamArb, (stream) => {
      const end = play(guided(), stream, () => undefined);
      const samples = end.record.heartRateSamples || [];
      for (let i = 1; i < samples.length; i++) expect(samples[i].atMs - samples[i - 1].atMs).toBeGreaterThanOrEqual(HR_SAMPLE_EVERY_MS);
      for (const set of end.record.sets) if (set.heartRateMaxBpm !== undefined) expect(set.heartRateMeanBpm as number).toBeLessThanOrEqual(set.heartRateMaxBpm);
      expect(parseCheckedSessionRecord(end.record).ok).toBe(true);
    }), { seed: 1820, numRuns: 15 });
  });
});

// `session` (fixtures) builds the same sessions the other engine tests use; a guided session from
// it watches the ceiling without any settings (the default for the routine for older adults).
it('the guided routine watches the ceiling by default, with no settings given', () => {
  expect(session('guided-older-adult').heartRate.ceilingBpm).toBe(heartRateCeilingBpm(null));
  expect(session('walk-intervals').heartRate.ceilingBpm).toBeNull();
});
