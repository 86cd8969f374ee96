// Pressure update, companion -> watch: one controller reading relayed for one cuff. The watch
// feeds it to the engine as a `pressure` event; `seq` lets it drop duplicates and stale
// reorderings, `controllerTimeMs` is the controller's own clock (not comparable to the watch's).
import * as z from 'zod/mini';
import { cuffId, epochMs, intIn, measuredMmHg, numberIn, parseWith, ParseResult } from './common';

export const PRESSURE_UPDATE_VERSION = 1;

/** What the controller says the cuff is doing. */
export const CUFF_STATES = ['idle', 'measuringLop', 'inflating', 'holding', 'deflating', 'error'] as const;
export const cuffStateSchema = z.enum(CUFF_STATES);
export type CuffState = z.infer<typeof cuffStateSchema>;

export const pressureUpdateSchema = z.object({
  v: z.literal(PRESSURE_UPDATE_VERSION),
  kind: z.literal('pressure'),
  cuffId: cuffId,
  mmHg: measuredMmHg,
  /** Target the controller is holding, null when not inflating. */
  targetMmHg: z.nullable(numberIn(0, 300)),
  state: cuffStateSchema,
  seq: intIn(0, Number.MAX_SAFE_INTEGER),
  controllerTimeMs: epochMs,
});
export type PressureUpdate = z.infer<typeof pressureUpdateSchema>;

export function parsePressureUpdate(input: unknown): ParseResult<PressureUpdate> {
  return parseWith(pressureUpdateSchema, input, 'pressure update');
}
