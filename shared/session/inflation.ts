// Occlusion bookkeeping when the cuffs go up or down, whoever moves them: the controller on our
// command (cuffControl.ts) or the trainee's hand on a Bluetooth cuff (bleCuff.ts). Kept apart so
// both paths count occlusion and the budget the same way.
import { budgetAfterDeflate, budgetAfterInflate } from '../safety/occlusionBudget';
import { Draft, resolveAlarm } from './draft';

export function markInflated(d: Draft): void {
  const s = d.s;
  s.inflated = true;
  s.budget = budgetAfterInflate(s.budget, d.now);
  s.cuffs = s.cuffs.map((c) => ({ ...c, holding: false, overSinceMs: null, underNoticed: false, staleWarned: false, heldTargetMmHg: null }));
  if (!s.record.usedCuffs) s.record = { ...s.record, usedCuffs: true };
}

export function markDeflated(d: Draft): void {
  const s = d.s;
  const since = s.budget.inflatedSinceMs === null ? d.now : s.budget.inflatedSinceMs;
  const stretch = Math.max(0, d.now - since);
  const prior = s.record.occlusion[0];
  s.record = {
    ...s.record,
    occlusion: [{
      limb: s.program.limb,
      totalMs: Math.min(86400000, (prior ? prior.totalMs : 0) + stretch),
      longestContinuousMs: Math.min(86400000, Math.max(prior ? prior.longestContinuousMs : 0, stretch)),
    }],
  };
  s.budget = budgetAfterDeflate(s.budget, d.now);
  s.inflated = false;
  s.cuffs = s.cuffs.map((c) => ({ ...c, overSinceMs: null, underNoticed: false, staleWarned: false, heldTargetMmHg: null }));
  // Warnings about an inflated cuff end with the inflation.
  resolveAlarm(d, 'stalePressureWarn');
  resolveAlarm(d, 'underPressure');
  d.persist = true;
}
