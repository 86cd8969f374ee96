// A cuff (or wrap) session is refused until the screening was answered with no
// contraindication. A timer-only session is always allowed.
import { ScreeningAnswers, SCREENING_QUESTIONS, screeningAnswersSchema } from '../protocol/screening';
import type { RestrictionKind } from '../protocol/vocabulary';

export type Verdict = { ok: true } | { ok: false; reason: string };

export function screeningAllowsRestriction(screening: ScreeningAnswers | null | undefined): Verdict {
  if (!screening) return { ok: false, reason: 'Answer the safety questions first' };
  if (!screeningAnswersSchema.safeParse(screening).success) return { ok: false, reason: 'Safety answers are incomplete' };
  for (const q of SCREENING_QUESTIONS) {
    if (screening.answers[q.id]) return { ok: false, reason: 'Not safe with cuffs: ' + q.id };
  }
  return { ok: true };
}

export function screeningAllowsSession(restriction: RestrictionKind, screening: ScreeningAnswers | null | undefined): Verdict {
  return restriction === 'none' ? { ok: true } : screeningAllowsRestriction(screening);
}
