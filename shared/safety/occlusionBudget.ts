// Continuous-occlusion budget per limb (arm 15 min, leg 20 min), then at least 3 min of
// reperfusion. Conservative reading: inflated time keeps adding up across short deflations;
// only a deflation of the full reperfusion time restores the budget. Plain data, no clock:
// every function takes nowMs.
import type { Limb } from '../protocol/common';
import { OCCLUSION_BUDGET_MS, OCCLUSION_SLACK_MS, REPERFUSION_MS } from './limits';

export interface OcclusionBudget {
  /** Inflated time counted against the budget before the current inflation. */
  usedMs: number;
  /** When the current inflation began, or null while deflated. */
  inflatedSinceMs: number | null;
  /** When the last deflation began, or null if never inflated. */
  deflatedSinceMs: number | null;
}

export const freshBudget: OcclusionBudget = { usedMs: 0, inflatedSinceMs: null, deflatedSinceMs: null };

/** Inflated time that counts against the budget at nowMs. */
export function occlusionUsedMs(budget: OcclusionBudget, nowMs: number): number {
  if (budget.inflatedSinceMs !== null) return budget.usedMs + Math.max(0, nowMs - budget.inflatedSinceMs);
  if (budget.deflatedSinceMs !== null && nowMs - budget.deflatedSinceMs >= REPERFUSION_MS) return 0;
  return budget.usedMs;
}

/** Time left before the engine must deflate (slack included). */
export function occlusionRemainingMs(limb: Limb, budget: OcclusionBudget, nowMs: number): number {
  return OCCLUSION_BUDGET_MS[limb] - OCCLUSION_SLACK_MS - occlusionUsedMs(budget, nowMs);
}

/** Inflated and the budget (less slack) is spent: deflate now. */
export function mustDeflateForBudget(limb: Limb, budget: OcclusionBudget, nowMs: number): boolean {
  return budget.inflatedSinceMs !== null && occlusionRemainingMs(limb, budget, nowMs) <= 0;
}

/**
 * Deflated and allowed to inflate again. Once the budget was spent, only a full reperfusion
 * restores it; a small remainder (under a minute) is not worth an inflation either.
 */
export function mayInflate(limb: Limb, budget: OcclusionBudget, nowMs: number): boolean {
  return occlusionRemainingMs(limb, budget, nowMs) > 60000;
}

export function budgetAfterInflate(budget: OcclusionBudget, nowMs: number): OcclusionBudget {
  if (budget.inflatedSinceMs !== null) return budget;
  return { usedMs: occlusionUsedMs(budget, nowMs), inflatedSinceMs: nowMs, deflatedSinceMs: budget.deflatedSinceMs };
}

export function budgetAfterDeflate(budget: OcclusionBudget, nowMs: number): OcclusionBudget {
  if (budget.inflatedSinceMs === null) return budget;
  return { usedMs: occlusionUsedMs(budget, nowMs), inflatedSinceMs: null, deflatedSinceMs: nowMs };
}
