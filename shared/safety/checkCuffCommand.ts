// The one gate every cuff command passes, on the watch (engine) and again on the companion
// before it talks to the controller. Deflating is always allowed; anything that raises
// pressure needs a clean screening, a known LOP, a percentage under the limb ceiling and
// occlusion budget left.
import type { CuffCommand } from '../protocol/cuffCommand';
import type { Limb } from '../protocol/common';
import type { ScreeningAnswers } from '../protocol/screening';
import { mayInflate, OcclusionBudget } from './occlusionBudget';
import { maxPercentLop, targetMmHg } from './pressureCeiling';
import { screeningAllowsRestriction } from './screeningRule';

export interface CuffCommandContext {
  /** Limb of each known cuff and its measured LOP (null until measured). */
  cuffs: ReadonlyArray<{ cuffId: string; limb: Limb; lopMmHg: number | null }>;
  screening: ScreeningAnswers | null;
  /** Occlusion budget of each limb; missing means never inflated. */
  budgets?: Partial<Record<Limb, OcclusionBudget>>;
  nowMs: number;
}

export type CuffCommandVerdict = { ok: true; targetMmHg?: number } | { ok: false; reason: string };

export function checkCuffCommand(command: CuffCommand, context: CuffCommandContext): CuffCommandVerdict {
  if (command.type === 'deflate' || command.type === 'deflateAll') return { ok: true };
  const cuff = context.cuffs.find((c) => c.cuffId === command.cuffId);
  if (!cuff) return { ok: false, reason: 'Unknown cuff ' + command.cuffId };
  const screening = screeningAllowsRestriction(context.screening);
  if (!screening.ok) return screening;
  if (command.type === 'measureLop') return { ok: true };

  if (cuff.lopMmHg === null) return { ok: false, reason: 'Measure LOP before inflating ' + cuff.cuffId };
  const maxPercent = maxPercentLop(cuff.limb);
  if (command.percentLop > maxPercent) {
    return { ok: false, reason: command.percentLop + ' % LOP is above the ' + cuff.limb + ' ceiling of ' + maxPercent + ' %' };
  }
  const budget = context.budgets && context.budgets[cuff.limb];
  if (budget && budget.inflatedSinceMs === null && !mayInflate(cuff.limb, budget, context.nowMs)) {
    return { ok: false, reason: 'Occlusion time used up: keep the ' + cuff.limb + ' cuff deflated for reperfusion' };
  }
  const mmHg = targetMmHg(cuff.limb, cuff.lopMmHg, command.percentLop);
  return { ok: true, targetMmHg: mmHg as number };
}
