// User adjustments to a preset: durations and % LOP, only inside the program's bounds and never
// past the limb ceiling or the occlusion budget. The schema is built per program so the error
// names the field and the allowed range.
import * as z from 'zod/mini';
import { identifier, intIn, parseWith, ParseResult, percentLopSchema } from '../protocol/common';
import { OCCLUSION_BUDGET_MS } from '../safety/limits';
import { maxPercentLop } from '../safety/pressureCeiling';
import { isProgramId, PROGRAMS } from './catalog';
import { plannedOcclusionMs, Program } from './program';

export const ADJUSTMENT_VERSION = 1;

export const programAdjustmentSchema = z.object({
  v: z.literal(ADJUSTMENT_VERSION),
  programId: identifier,
  percentLop: z.optional(percentLopSchema),
  /** Length of every timed set. */
  workMs: z.optional(intIn(0, 3600000)),
  /** Length of every rest. */
  restMs: z.optional(intIn(0, 600000)),
});
export type ProgramAdjustment = z.infer<typeof programAdjustmentSchema>;

function outside(value: number, range: { min: number; max: number } | null): boolean {
  return range === null || value < range.min || value > range.max;
}

function describe(range: { min: number; max: number } | null): string {
  return range === null ? 'not adjustable in this program' : 'allowed ' + range.min + '-' + range.max;
}

/** The adjusted program (no bounds checks: use adjustmentSchemaFor / resolveProgram). */
export function applyAdjustment(program: Program, adjustment: ProgramAdjustment): Program {
  const last = program.sets.length - 1;
  return {
    ...program,
    percentLop: adjustment.percentLop !== undefined ? adjustment.percentLop : program.percentLop,
    sets: program.sets.map((set, i) => ({
      ...set,
      workMs: adjustment.workMs !== undefined && set.targetReps === null ? adjustment.workMs : set.workMs,
      restAfterMs: adjustment.restMs !== undefined && i < last ? adjustment.restMs : set.restAfterMs,
    })),
  };
}

/** Schema for an adjustment of this program: bounds, limb ceiling and occlusion budget. */
export function adjustmentSchemaFor(program: Program) {
  return programAdjustmentSchema.check(
    z.superRefine((adj, ctx) => {
      if (adj.programId !== program.id) {
        ctx.addIssue({ code: 'custom', path: ['programId'], message: 'expected ' + program.id, input: adj.programId });
      }
      const b = program.bounds;
      if (adj.percentLop !== undefined && (outside(adj.percentLop, b.percentLop) || adj.percentLop > maxPercentLop(program.limb))) {
        ctx.addIssue({ code: 'custom', path: ['percentLop'], message: describe(b.percentLop) + ' % LOP', input: adj.percentLop });
      }
      if (adj.workMs !== undefined && outside(adj.workMs, b.workMs)) {
        ctx.addIssue({ code: 'custom', path: ['workMs'], message: describe(b.workMs) + ' ms', input: adj.workMs });
      }
      if (adj.restMs !== undefined && outside(adj.restMs, b.restMs)) {
        ctx.addIssue({ code: 'custom', path: ['restMs'], message: describe(b.restMs) + ' ms', input: adj.restMs });
      }
      // "Under" the budget: a minute of margin for inflation time and late ticks.
      if (plannedOcclusionMs(applyAdjustment(program, adj)) > OCCLUSION_BUDGET_MS[program.limb] - 60000) {
        ctx.addIssue({ code: 'custom', path: ['workMs'], message: 'restriction would exceed the ' + program.limb + ' occlusion budget', input: adj.workMs });
      }
    }),
  );
}

/** The preset with the user's adjustment applied, or an error naming the field. */
export function resolveProgram(programId: string, adjustment?: unknown): ParseResult<Program> {
  if (!isProgramId(programId)) return { ok: false, error: 'program rejected: programId: unknown program ' + JSON.stringify(programId), fields: ['programId'] };
  const program = PROGRAMS[programId];
  if (adjustment === undefined || adjustment === null) return { ok: true, value: program };
  const parsed = parseWith(adjustmentSchemaFor(program), adjustment, 'adjustment');
  if (!parsed.ok) return parsed;
  return { ok: true, value: applyAdjustment(program, parsed.value) };
}
