// The one gate every cuff command passes, on the watch (engine) and again on the companion
// before it talks to the controller. Deflating is always allowed; anything that raises
// pressure needs a well-formed command, a clean screening, a known limb, a measured LOP inside
// 30-400 mmHg, a whole % LOP under the limb ceiling and occlusion budget left (per limb for the
// engine, per cuff on the phone). Nothing is clamped into range: out of bounds is refused.
import { cuffCommandSchema, type CuffCommand } from '../protocol/cuffCommand';
import type { Limb } from '../protocol/common';
import type { ScreeningAnswers } from '../protocol/screening';
import { isFiniteNumber, isLimb, isValidLop, isValidPercentLop, LOP_RANGE_TEXT } from './bounds';
import { mayInflate, mustDeflateForBudget, OcclusionBudget } from './occlusionBudget';
import { maxPercentLop, targetMmHg } from './pressureCeiling';
import { screeningAllowsRestriction } from './screeningRule';

export interface CuffCommandContext {
  /** Limb of each known cuff and its measured LOP (null until measured). */
  cuffs: ReadonlyArray<{ cuffId: string; limb: Limb; lopMmHg: number | null }>;
  screening: ScreeningAnswers | null;
  /** Occlusion budget of each limb; missing means never inflated. */
  budgets?: Partial<Record<Limb, OcclusionBudget>>;
  /** Occlusion budget of each cuff (the phone's own clock, from telemetry); missing means never inflated. */
  cuffBudgets?: Readonly<Record<string, OcclusionBudget | undefined>>;
  nowMs: number;
}

export type CuffCommandVerdict = { ok: true; targetMmHg?: number } | { ok: false; reason: string };

function budgetRefusal(limb: Limb, budget: OcclusionBudget | undefined, nowMs: number, what: string): string | null {
  if (!budget) return null;
  // Deflated: only with budget left (3 min down restores it). Already up (a re-target): only
  // while the budget is not spent, whatever the sender believes.
  const spent = budget.inflatedSinceMs === null ? !mayInflate(limb, budget, nowMs) : mustDeflateForBudget(limb, budget, nowMs);
  return spent ? 'Occlusion time used up: keep the ' + what + ' deflated for reperfusion' : null;
}

export function checkCuffCommand(command: CuffCommand, context: CuffCommandContext): CuffCommandVerdict {
  if (command && command.type === 'deflateAll') return { ok: true };
  const parsed = cuffCommandSchema.safeParse(command);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? issue.path.join('.') : 'command';
    return { ok: false, reason: 'Bad cuff command: ' + where };
  }
  if (command.type === 'deflate') return { ok: true };
  const cuff = context.cuffs.find((c) => c.cuffId === command.cuffId);
  if (!cuff) return { ok: false, reason: 'Unknown cuff ' + command.cuffId };
  if (!isLimb(cuff.limb)) return { ok: false, reason: 'Unknown limb for cuff ' + cuff.cuffId };
  const screening = screeningAllowsRestriction(context.screening);
  if (!screening.ok) return screening;
  if (command.type === 'measureLop') return { ok: true };

  if (!isFiniteNumber(context.nowMs)) return { ok: false, reason: 'No valid time for the occlusion budget' };
  if (cuff.lopMmHg === null || cuff.lopMmHg === undefined) return { ok: false, reason: 'Measure LOP before inflating ' + cuff.cuffId };
  if (!isValidLop(cuff.lopMmHg)) return { ok: false, reason: 'LOP of ' + cuff.cuffId + ' is outside ' + LOP_RANGE_TEXT + ': measure again' };
  if (!isValidPercentLop(command.percentLop)) return { ok: false, reason: '% LOP must be a whole number from 1 to 100' };
  const maxPercent = maxPercentLop(cuff.limb);
  if (command.percentLop > maxPercent) {
    return { ok: false, reason: command.percentLop + ' % LOP is above the ' + cuff.limb + ' ceiling of ' + maxPercent + ' %' };
  }
  const limbRefusal = budgetRefusal(cuff.limb, context.budgets && context.budgets[cuff.limb], context.nowMs, cuff.limb + ' cuff');
  if (limbRefusal) return { ok: false, reason: limbRefusal };
  const cuffBudget = context.cuffBudgets && Object.prototype.hasOwnProperty.call(context.cuffBudgets, cuff.cuffId) ? context.cuffBudgets[cuff.cuffId] : undefined;
  const cuffRefusal = budgetRefusal(cuff.limb, cuffBudget, context.nowMs, 'cuff ' + cuff.cuffId);
  if (cuffRefusal) return { ok: false, reason: cuffRefusal };
  const mmHg = targetMmHg(cuff.limb, cuff.lopMmHg, command.percentLop);
  if (mmHg === null || !(mmHg > 0)) return { ok: false, reason: 'No pressure target for ' + cuff.cuffId };
  return { ok: true, targetMmHg: mmHg };
}
