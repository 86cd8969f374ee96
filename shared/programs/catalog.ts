// The training presets (numbers from BFR.md, "Protocols"). Ids are stable: session records
// and settings refer to them, so never rename one; add a new id instead. Set names and
// instructions are ids too (`set.<id>`, `instruction.<id>` in each shell's catalog): the words
// live only in the catalogs, in every language.
import type { Program, ProgramSet } from './program';

const MIN = 60000;
const SEC = 1000;

function timedSets(count: number, base: Omit<ProgramSet, 'restAfterMs'>, restMs: number): ProgramSet[] {
  const sets: ProgramSet[] = [];
  for (let i = 0; i < count; i++) sets.push({ ...base, restAfterMs: i < count - 1 ? restMs : 0 });
  return sets;
}

const walkSet = { id: 'walk', exercise: 'walk', countingMode: 'steps', targetReps: null, instruction: null } as const;
const cycleSet = { id: 'cycle', exercise: 'cycle', countingMode: 'cadence', targetReps: null, instruction: null } as const;

/** A rep set's time cap: 4 s per rep at 2 s up / 2 s down, plus 30 s to get going. */
function repCap(reps: number): number {
  return reps * 4 * SEC + 30 * SEC;
}

export const PROGRAM_IDS = [
  'walk-intervals', 'walk-continuous', 'cycle-intervals', 'cycle-continuous',
  'resistance-30-15-15-15', 'guided-older-adult', 'quick-wrist',
] as const;
export type ProgramId = (typeof PROGRAM_IDS)[number];

export const PROGRAMS: Readonly<Record<ProgramId, Program>> = {
  // KAATSU walk (Abe et al.): 5 x 2 min walking, 1 min rest, cuffs down in rest.
  'walk-intervals': {
    id: 'walk-intervals', name: 'Walk intervals', limb: 'leg', restrictionMode: 'intermittent', device: 'cuffs',
    countingMode: 'steps', percentLop: 60, tightnessPrompt: null, tempo: null, restInstruction: null,
    sets: timedSets(5, { ...walkSet, workMs: 2 * MIN }, 1 * MIN),
    bounds: { percentLop: { min: 40, max: 80 }, workMs: { min: 1 * MIN, max: 3 * MIN }, restMs: { min: 30 * SEC, max: 2 * MIN } },
  },
  // Abe et al. 2010, older adults: 20 min treadmill. Continuous lower-limb restriction must stay
  // under 20 min (BFR.md), so the preset walks 19 min with the cuffs up.
  'walk-continuous': {
    id: 'walk-continuous', name: 'Walk continuous', limb: 'leg', restrictionMode: 'continuous', device: 'cuffs',
    countingMode: 'steps', percentLop: 60, tightnessPrompt: null, tempo: null, restInstruction: null,
    sets: timedSets(1, { ...walkSet, workMs: 19 * MIN }, 0),
    bounds: { percentLop: { min: 40, max: 80 }, workMs: { min: 10 * MIN, max: 19 * MIN }, restMs: null },
  },
  // PMC12852437: 5 x 2 min at ~35 % peak work, 1 min recovery, 60 % LOP.
  'cycle-intervals': {
    id: 'cycle-intervals', name: 'Cycle intervals', limb: 'leg', restrictionMode: 'intermittent', device: 'cuffs',
    countingMode: 'cadence', percentLop: 60, tightnessPrompt: null, tempo: null, restInstruction: null,
    sets: timedSets(5, { ...cycleSet, workMs: 2 * MIN }, 1 * MIN),
    bounds: { percentLop: { min: 40, max: 80 }, workMs: { min: 1 * MIN, max: 3 * MIN }, restMs: { min: 30 * SEC, max: 2 * MIN } },
  },
  // Abe et al. 2010: 15 min at 40 % VO2max.
  'cycle-continuous': {
    id: 'cycle-continuous', name: 'Cycle continuous', limb: 'leg', restrictionMode: 'continuous', device: 'cuffs',
    countingMode: 'cadence', percentLop: 60, tightnessPrompt: null, tempo: null, restInstruction: null,
    sets: timedSets(1, { ...cycleSet, workMs: 15 * MIN }, 0),
    bounds: { percentLop: { min: 40, max: 80 }, workMs: { min: 10 * MIN, max: 19 * MIN }, restMs: null },
  },
  // Patterson 2019: 30/15/15/15 reps, 30 s rests (30-60 allowed), cuffs kept up, 2 s up / 2 s down.
  'resistance-30-15-15-15': {
    id: 'resistance-30-15-15-15', name: 'Resistance 30-15-15-15', limb: 'arm', restrictionMode: 'continuous', device: 'cuffs',
    countingMode: 'reps', percentLop: 40, tightnessPrompt: null, tempo: { upMs: 2000, downMs: 2000 }, restInstruction: null,
    sets: [30, 15, 15, 15].map((reps, i) => ({
      id: 'arm-curl', exercise: 'arm-curl' as const, countingMode: 'reps' as const, workMs: repCap(reps), targetReps: reps,
      restAfterMs: i < 3 ? 30 * SEC : 0, instruction: null,
    })),
    bounds: { percentLop: { min: 40, max: 50 }, workMs: null, restMs: { min: 30 * SEC, max: 60 * SEC } },
  },
  // Simple, chosen-for-you routine for older adults: one thing at a time, long rests. Each
  // choice from BFR.md:
  // - Pressure: leg cuffs at 60 % LOP by default, adjustable 60-80 %. BFR.md gives 60-80 % LOP
  //   for the lower limb (Owens Recovery Science); 40 % appears only as the lower bound for
  //   aerobic BFR (VALD, citing AIS). The sets here are leg resistance work (sit to stand, heel
  //   raise) and an easy walk, so the lower-limb range applies, and the default is its
  //   conservative end (60 % is inside the aerobic 40-80 % range too, for the walk).
  // - Exercises: only the cuffed limb works. The cuffs are on the thighs; an arm curl under
  //   thigh cuffs adds occlusion time without restricting the working muscle, so this routine
  //   has no arm set (arms need arm cuffs at 40-50 % LOP: resistance-30-15-15-15).
  // - Rests: "more than 1 min between exercises", cuffs down (Patterson 2019 summaries, Fit
  //   Cuffs guide): 90 s by default, never 60 s or less (75 s minimum keeps more than a minute
  //   deflated after the few seconds the cuffs take to empty), at most 3 min.
  'guided-older-adult': {
    id: 'guided-older-adult', name: 'Guided routine', limb: 'leg', restrictionMode: 'intermittent', device: 'cuffs',
    countingMode: 'reps', percentLop: 60, tightnessPrompt: null, tempo: null, restInstruction: 'rest-breathe',
    sets: [
      { id: 'sit-to-stand', exercise: 'sit-to-stand', countingMode: 'reps', workMs: 90 * SEC, targetReps: 10, restAfterMs: 90 * SEC, instruction: 'sit-to-stand' },
      { id: 'heel-raise', exercise: 'heel-raise', countingMode: 'reps', workMs: 90 * SEC, targetReps: 15, restAfterMs: 90 * SEC, instruction: 'heel-raise' },
      { id: 'easy-walk', exercise: 'walk', countingMode: 'steps', workMs: 3 * MIN, targetReps: null, restAfterMs: 0, instruction: 'easy-walk' },
    ],
    bounds: { percentLop: { min: 60, max: 80 }, workMs: { min: 2 * MIN, max: 5 * MIN }, restMs: { min: 75 * SEC, max: 3 * MIN } },
  },
  // Practical BFR with elastic wraps: no controller, tighten to ~7/10, timer + rep count.
  'quick-wrist': {
    id: 'quick-wrist', name: 'Quick wraps', limb: 'arm', restrictionMode: 'continuous', device: 'wraps',
    countingMode: 'reps', percentLop: null, tightnessPrompt: 7, tempo: null, restInstruction: null,
    sets: timedSets(4, { id: 'arm-curl', exercise: 'arm-curl', countingMode: 'reps', workMs: 1 * MIN, targetReps: null, instruction: null }, 30 * SEC),
    bounds: { percentLop: null, workMs: { min: 30 * SEC, max: 2 * MIN }, restMs: { min: 30 * SEC, max: 60 * SEC } },
  },
};

export function isProgramId(id: string): id is ProgramId {
  return Object.prototype.hasOwnProperty.call(PROGRAMS, id);
}
