// What a training program is, as data: sets of work with a rest after each, plus the bounds a
// user may move its durations and pressure within. The engine runs any value of this schema.
import * as z from 'zod/mini';
import { durationMs, identifier, intIn, limbSchema, percentLopSchema, text } from '../protocol/common';
import { countingModeSchema, exerciseSchema, restrictionModeSchema } from '../protocol/vocabulary';
import { MAX_SETS } from '../protocol/sessionRecord';

const rangeMs = z.object({ min: durationMs, max: durationMs });
const rangePercent = z.object({ min: percentLopSchema, max: percentLopSchema });

export const programSetSchema = z.object({
  /**
   * What the set is, as a code: the screen shows msgid `set.<id>` from its catalog ("Walk",
   * "Sit to stand"). A state saved before sets had ids reads as the generic `work`.
   */
  id: z._default(identifier, 'work'),
  exercise: z.nullable(exerciseSchema),
  countingMode: countingModeSchema,
  /** Timed set: its length. Rep set: the time cap (the set ends at the target or the cap). */
  workMs: intIn(5000, 3600000),
  /** Reps that end the set early; null for timed sets. */
  targetReps: z.nullable(intIn(1, 1000)),
  /** Rest after this set (0 after the last). */
  restAfterMs: intIn(0, 600000),
  /**
   * One short line for a large-text screen (guided routine), as an id: the screen shows msgid
   * `instruction.<id>`; else null. (Older saved states hold an English line here: not an id,
   * so the screen leaves it out.)
   */
  instruction: z.nullable(text(60)),
});
export type ProgramSet = z.infer<typeof programSetSchema>;

export const programSchema = z.object({
  id: identifier,
  name: text(40, 1),
  limb: limbSchema,
  restrictionMode: restrictionModeSchema,
  /** Controller cuffs, or elastic wraps without any pressure reading (quick-wrist). */
  device: z.enum(['cuffs', 'wraps']),
  countingMode: countingModeSchema,
  /** Default % LOP; null for wraps (no pressure to set). */
  percentLop: z.nullable(percentLopSchema),
  /** Perceived wrap tightness to aim for, 1-10 (wraps only). */
  tightnessPrompt: z.nullable(intIn(1, 10)),
  /** Tempo cue for resistance sets: ms up and ms down. */
  tempo: z.nullable(z.object({ upMs: intIn(500, 10000), downMs: intIn(500, 10000) })),
  /** Instruction id shown during rests (guided routine; msgid `instruction.<id>`), else null. */
  restInstruction: z.nullable(text(60)),
  sets: z.array(programSetSchema).check(z.minLength(1), z.maxLength(MAX_SETS)),
  bounds: z.object({
    percentLop: z.nullable(rangePercent),
    /** Bounds for timed sets' length; null when the program has none to adjust. */
    workMs: z.nullable(rangeMs),
    /** Bounds for rests; null when the program has no rests. */
    restMs: z.nullable(rangeMs),
  }),
});
export type Program = z.infer<typeof programSchema>;

/** Total planned length of a program. */
export function programDurationMs(program: Program): number {
  let total = 0;
  for (let i = 0; i < program.sets.length; i++) {
    total += program.sets[i].workMs + (i < program.sets.length - 1 ? program.sets[i].restAfterMs : 0);
  }
  return total;
}

/** Longest time the program keeps the limb restricted (work only if intermittent, all if continuous). */
export function plannedOcclusionMs(program: Program): number {
  if (program.restrictionMode === 'continuous') return programDurationMs(program);
  let total = 0;
  for (const set of program.sets) total += set.workMs;
  return total;
}
