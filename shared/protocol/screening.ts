// Screening answers (watch or Settings App -> companion and back): the contraindication
// checklist of BFR.md (Nascimento et al. 2022). Every question must be answered; a single
// `true` means "yes, this applies to me" and refuses cuff sessions (safety/screeningRule.ts).
import * as z from 'zod/mini';
import { epochMs, parseWith, ParseResult } from './common';

export const SCREENING_VERSION = 1;

/** Question ids with the short text shown on the watch / phone. */
export const SCREENING_QUESTIONS = [
  { id: 'pregnancy', text: 'Are you pregnant?' },
  { id: 'clotting', text: 'Deep vein thrombosis or a clotting disorder?' },
  { id: 'dialysisPort', text: 'A dialysis port in an arm or leg?' },
  { id: 'woundOrFracture', text: 'An open wound or fracture in the limb?' },
  { id: 'limbInfection', text: 'An infection in the limb?' },
  { id: 'sickleCell', text: 'Sickle cell disease or trait?' },
  { id: 'severeHypertension', text: 'Blood pressure 180/100 or higher?' },
  { id: 'recentSurgery', text: 'Surgery in the last few months?' },
] as const;
export type ScreeningQuestionId = (typeof SCREENING_QUESTIONS)[number]['id'];

export const screeningAnswersSchema = z.object({
  v: z.literal(SCREENING_VERSION),
  kind: z.literal('screening'),
  answeredAtMs: epochMs,
  answers: z.object({
    pregnancy: z.boolean(),
    clotting: z.boolean(),
    dialysisPort: z.boolean(),
    woundOrFracture: z.boolean(),
    limbInfection: z.boolean(),
    sickleCell: z.boolean(),
    severeHypertension: z.boolean(),
    recentSurgery: z.boolean(),
  }),
});
export type ScreeningAnswers = z.infer<typeof screeningAnswersSchema>;

export function parseScreeningAnswers(input: unknown): ParseResult<ScreeningAnswers> {
  return parseWith(screeningAnswersSchema, input, 'screening answers');
}
