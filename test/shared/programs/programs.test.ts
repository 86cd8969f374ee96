import { adjustmentSchemaFor, plannedOcclusionMs, programDurationMs, PROGRAM_IDS, PROGRAMS, programSchema, resolveProgram } from '../../../shared/programs';
import { maxPercentLop, OCCLUSION_BUDGET_MS } from '../../../shared/safety';

const MIN = 60000;

describe.each(PROGRAM_IDS.map((id) => [id]))('program %s', (id) => {
  const p = PROGRAMS[id];
  it('is valid data with a stable id', () => {
    expect(programSchema.safeParse(p).success).toBe(true);
    expect(p.id).toBe(id);
  });
  it('has its default pressure inside its bounds and under the limb ceiling', () => {
    if (p.device === 'wraps') {
      expect(p.percentLop).toBeNull();
      return;
    }
    expect(p.percentLop).toBeGreaterThanOrEqual(p.bounds.percentLop!.min);
    expect(p.percentLop).toBeLessThanOrEqual(p.bounds.percentLop!.max);
    expect(p.bounds.percentLop!.max).toBeLessThanOrEqual(maxPercentLop(p.limb));
  });
  it('keeps planned restriction under the occlusion budget', () => {
    expect(plannedOcclusionMs(p)).toBeLessThan(OCCLUSION_BUDGET_MS[p.limb]);
  });
  it('names the exercise of every rep set', () => {
    for (const set of p.sets) if (set.countingMode === 'reps') expect(set.exercise).not.toBeNull();
  });
  it('accepts an adjustment at its bounds, refuses one outside and names the field', () => {
    const schema = adjustmentSchemaFor(p);
    if (p.bounds.restMs) {
      expect(schema.safeParse({ v: 1, programId: id, restMs: p.bounds.restMs.max }).success).toBe(true);
      const r = schema.safeParse({ v: 1, programId: id, restMs: p.bounds.restMs.max + 1 });
      expect(r.success).toBe(false);
      expect(r.error!.issues[0].path).toEqual(['restMs']);
    }
    const pct = schema.safeParse({ v: 1, programId: id, percentLop: 90 });
    expect(pct.success).toBe(false);
    expect(pct.error!.issues[0].path).toEqual(['percentLop']);
  });
});

describe('program numbers (BFR.md)', () => {
  const work = (id: keyof typeof PROGRAMS) => PROGRAMS[id].sets.map((s) => s.workMs / 1000);
  it('walk and cycle intervals: 5 x 2 min with 1 min rests, intermittent', () => {
    for (const id of ['walk-intervals', 'cycle-intervals'] as const) {
      expect(work(id)).toEqual([120, 120, 120, 120, 120]);
      expect(PROGRAMS[id].sets.slice(0, 4).every((s) => s.restAfterMs === MIN)).toBe(true);
      expect(PROGRAMS[id].restrictionMode).toBe('intermittent');
    }
    expect(PROGRAMS['cycle-intervals'].percentLop).toBe(60);
    expect(PROGRAMS['walk-intervals'].countingMode).toBe('steps');
    expect(PROGRAMS['cycle-intervals'].countingMode).toBe('cadence');
  });
  it('continuous walk and cycle', () => {
    expect(programDurationMs(PROGRAMS['walk-continuous'])).toBe(19 * MIN); // under the 20 min leg limit
    expect(programDurationMs(PROGRAMS['cycle-continuous'])).toBe(15 * MIN);
  });
  it('resistance 30-15-15-15 with 30 s rests and a 2 s / 2 s tempo', () => {
    const p = PROGRAMS['resistance-30-15-15-15'];
    expect(p.sets.map((s) => s.targetReps)).toEqual([30, 15, 15, 15]);
    expect(p.sets.map((s) => s.restAfterMs)).toEqual([30000, 30000, 30000, 0]);
    expect(p.tempo).toEqual({ upMs: 2000, downMs: 2000 });
    expect(p.sets[0].exercise).toBe('arm-curl');
  });
  it('guided routine (decided from BFR.md, see the catalog): legs only, lower-limb pressure, rests over 1 min', () => {
    const p = PROGRAMS['guided-older-adult'];
    expect(p.limb).toBe('leg');
    // Only the cuffed limb works: no arm exercise under thigh cuffs.
    expect(p.sets.map((s) => s.exercise)).toEqual(['sit-to-stand', 'heel-raise', 'walk']);
    // Instructions are ids (the words are in the watch catalogs, msgid instruction.<id>).
    for (const s of p.sets) expect(s.instruction).toMatch(/^[a-z0-9-]+$/);
    // Lower limb 60-80 % LOP (Owens); 40 % is only the aerobic lower bound. Default: the conservative end.
    expect(p.percentLop).toBe(60);
    expect(p.bounds.percentLop).toEqual({ min: 60, max: 80 });
    // "More than 1 min between exercises": no rest, default or adjusted, of 60 s or less.
    for (const s of p.sets.slice(0, -1)) expect(s.restAfterMs).toBeGreaterThan(MIN);
    expect(p.bounds.restMs!.min).toBeGreaterThan(MIN);
    expect(resolveProgram('guided-older-adult', { v: 1, programId: 'guided-older-adult', restMs: MIN }).ok).toBe(false);
    expect(resolveProgram('guided-older-adult', { v: 1, programId: 'guided-older-adult', percentLop: 40 }).ok).toBe(false);
  });
  it('quick-wrist: wraps, no controller, tightness 7/10', () => {
    const p = PROGRAMS['quick-wrist'];
    expect(p).toMatchObject({ device: 'wraps', tightnessPrompt: 7, percentLop: null });
  });
});

describe('resolveProgram', () => {
  it('applies an in-bounds adjustment', () => {
    const r = resolveProgram('walk-intervals', { v: 1, programId: 'walk-intervals', workMs: 3 * MIN, restMs: 90000, percentLop: 70 });
    expect(r.ok && r.value.sets.map((s) => [s.workMs, s.restAfterMs])).toEqual([[180000, 90000], [180000, 90000], [180000, 90000], [180000, 90000], [180000, 0]]);
  });
  it('refuses unknown programs and versions', () => {
    expect(resolveProgram('nope')).toMatchObject({ ok: false, fields: ['programId'] });
    expect(resolveProgram('walk-intervals', { v: 9, programId: 'walk-intervals' })).toMatchObject({ ok: false, fields: ['v'] });
  });
  it('refuses an adjustment for another program', () => {
    expect(resolveProgram('walk-intervals', { v: 1, programId: 'quick-wrist' })).toMatchObject({ ok: false, fields: ['programId'] });
  });
  it('refuses pressure on wraps', () => {
    expect(resolveProgram('quick-wrist', { v: 1, programId: 'quick-wrist', percentLop: 50 })).toMatchObject({ ok: false, fields: ['percentLop'] });
  });
});
