import {
  assessBand, budgetAfterDeflate, budgetAfterInflate, ceilingMmHg, checkCuffCommand, freshBudget, isInBand, mayInflate,
  mustDeflateForBudget, occlusionUsedMs, pressureStaleness, quietBand, rpeRequiresStop, screeningAllowsSession, targetMmHg,
} from '../../../shared/safety';
import { cleanScreening } from '../session/fixtures';

const MIN = 60000;

describe('pressure ceiling', () => {
  it('arm 50 % LOP, leg 80 % LOP, never above 300 mmHg, nothing without LOP', () => {
    expect(ceilingMmHg('arm', 200)).toBe(100);
    expect(ceilingMmHg('leg', 200)).toBe(160);
    expect(ceilingMmHg('leg', 400)).toBe(300);
    expect(ceilingMmHg('leg', null)).toBeNull();
    expect(targetMmHg('arm', 200, 80)).toBe(100);
    expect(targetMmHg('leg', 150, 60)).toBe(90);
    expect(targetMmHg('leg', null, 60)).toBeNull();
  });
});

describe('occlusion budget', () => {
  it('deflates before 20 min on a leg, 15 min on an arm', () => {
    const b = budgetAfterInflate(freshBudget, 0);
    expect(mustDeflateForBudget('leg', b, 20 * MIN - 2000)).toBe(false);
    expect(mustDeflateForBudget('leg', b, 20 * MIN - 1500)).toBe(true);
    expect(mustDeflateForBudget('arm', b, 15 * MIN - 1500)).toBe(true);
  });
  it('short deflations do not reset it; 3 min of reperfusion does', () => {
    let b = budgetAfterInflate(freshBudget, 0);
    b = budgetAfterDeflate(b, 10 * MIN);
    b = budgetAfterInflate(b, 11 * MIN);
    expect(occlusionUsedMs(b, 12 * MIN)).toBe(11 * MIN);
    b = budgetAfterDeflate(b, 20 * MIN); // 19 min used: under a minute left, not worth an inflation
    expect(mayInflate('leg', b, 22 * MIN)).toBe(false);
    expect(mayInflate('leg', b, 23 * MIN)).toBe(true);
    expect(occlusionUsedMs(b, 23 * MIN)).toBe(0);
  });
});

describe('band alarm', () => {
  it('over +10 % for 5 s asks for a deflate', () => {
    let w = assessBand(quietBand, 111, 100, true, 0);
    expect(w.verdict).toBe('over');
    w = assessBand(w.watch, 115, 100, true, 4999);
    expect(w.verdict).toBe('over');
    expect(assessBand(w.watch, 115, 100, true, 5000).verdict).toBe('overDeflate');
    expect(assessBand(w.watch, 105, 100, true, 5000).verdict).toBe('inBand');
  });
  it('under -10 % is a notice once, and not while ramping up', () => {
    expect(assessBand(quietBand, 80, 100, false, 0).verdict).toBe('inBand');
    const first = assessBand(quietBand, 80, 100, true, 0);
    expect(first.verdict).toBe('underNotice');
    expect(assessBand(first.watch, 80, 100, true, 1000).verdict).toBe('under');
    expect(isInBand(90, 100) && isInBand(110, 100) && !isInBand(110.5, 100)).toBe(true);
  });
});

describe('stale pressure', () => {
  it('warns at 5 s and deflates at 15 s while inflated', () => {
    expect(pressureStaleness(0, 0, 4999)).toBe('fresh');
    expect(pressureStaleness(0, 0, 5000)).toBe('warn');
    expect(pressureStaleness(null, 0, 15000)).toBe('deflate');
    expect(pressureStaleness(0, null, 60000)).toBe('fresh');
    expect(pressureStaleness(0, 10000, 14000)).toBe('fresh'); // counted from the inflate
  });
});

describe('stop rules and screening', () => {
  it('stops above RPE 7', () => {
    expect(rpeRequiresStop(7)).toBe(false);
    expect(rpeRequiresStop(8)).toBe(true);
  });
  it('refuses restriction without a clean screening; a timer-only session is allowed', () => {
    expect(screeningAllowsSession('cuffs', null).ok).toBe(false);
    expect(screeningAllowsSession('wraps', { ...cleanScreening, answers: { ...cleanScreening.answers, pregnancy: true } })).toEqual({ ok: false, reason: 'Not safe with cuffs: pregnancy' });
    expect(screeningAllowsSession('cuffs', cleanScreening).ok).toBe(true);
    expect(screeningAllowsSession('none', null).ok).toBe(true);
  });
});

describe('checkCuffCommand', () => {
  const context = { cuffs: [{ cuffId: 'L', limb: 'arm' as const, lopMmHg: 180 }, { cuffId: 'N', limb: 'leg' as const, lopMmHg: null }], screening: cleanScreening, nowMs: 0 };
  it('always allows deflating', () => {
    expect(checkCuffCommand({ type: 'deflateAll' }, { ...context, screening: null })).toEqual({ ok: true });
    expect(checkCuffCommand({ type: 'deflate', cuffId: 'L' }, context).ok).toBe(true);
  });
  it('allows an inflate under the ceiling and says the mmHg', () => {
    expect(checkCuffCommand({ type: 'inflate', cuffId: 'L', percentLop: 50 }, context)).toEqual({ ok: true, targetMmHg: 90 });
  });
  it.each([
    ['above the arm ceiling', { type: 'inflate', cuffId: 'L', percentLop: 51 }, context, /ceiling/],
    ['without LOP', { type: 'inflate', cuffId: 'N', percentLop: 40 }, context, /Measure LOP/],
    ['unknown cuff', { type: 'inflate', cuffId: 'X', percentLop: 40 }, context, /Unknown cuff/],
    ['without screening', { type: 'measureLop', cuffId: 'L' }, { ...context, screening: null }, /safety questions/],
    ['budget spent', { type: 'inflate', cuffId: 'L', percentLop: 40 }, { ...context, nowMs: 15 * MIN, budgets: { arm: { usedMs: 15 * MIN, inflatedSinceMs: null, deflatedSinceMs: 15 * MIN } } }, /reperfusion/],
  ] as const)('refuses %s', (_name, command, ctx, reason) => {
    const v = checkCuffCommand(command as never, ctx as never);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reason).toMatch(reason);
  });
});
