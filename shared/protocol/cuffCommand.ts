// Cuff command, watch -> companion, and its result. Pressure is asked for as a percentage of
// LOP: the companion, which holds the measured LOP, turns it into mmHg after checkCuffCommand
// (safety/) has allowed it, so a wrong or stale number on the watch cannot over-inflate.
import * as z from 'zod/mini';
import { cuffId, identifier, intIn, lopMmHgSchema, numberIn, parseWith, ParseResult, percentLopSchema, text } from './common';

export const CUFF_COMMAND_VERSION = 1;

export const cuffCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('measureLop'), cuffId: cuffId }),
  z.object({ type: z.literal('inflate'), cuffId: cuffId, percentLop: percentLopSchema }),
  z.object({ type: z.literal('deflate'), cuffId: cuffId }),
  z.object({ type: z.literal('deflateAll') }),
]);
export type CuffCommand = z.infer<typeof cuffCommandSchema>;

export const cuffCommandRequestSchema = z.object({
  v: z.literal(CUFF_COMMAND_VERSION),
  kind: z.literal('cuffCommand'),
  /** Request id, echoed in the result. */
  id: identifier,
  command: cuffCommandSchema,
});
export type CuffCommandRequest = z.infer<typeof cuffCommandRequestSchema>;

export const CUFF_COMMAND_ERRORS = ['refused', 'controllerUnreachable', 'controllerError', 'badRequest'] as const;

export const cuffCommandResultSchema = z.object({
  v: z.literal(CUFF_COMMAND_VERSION),
  kind: z.literal('cuffCommandResult'),
  id: identifier,
  ok: z.boolean(),
  /** For an inflate: the mmHg the controller was asked to hold. */
  targetMmHg: z.optional(numberIn(0, 300)),
  /** For a measureLop: the measured limb occlusion pressure. */
  lopMmHg: z.optional(lopMmHgSchema),
  error: z.optional(z.object({ code: z.enum(CUFF_COMMAND_ERRORS), message: text(200) })),
  /** Controller sequence number at the time of the result, when known. */
  seq: z.optional(intIn(0, Number.MAX_SAFE_INTEGER)),
});
export type CuffCommandResult = z.infer<typeof cuffCommandResultSchema>;

export function parseCuffCommandRequest(input: unknown): ParseResult<CuffCommandRequest> {
  return parseWith(cuffCommandRequestSchema, input, 'cuff command');
}
export function parseCuffCommandResult(input: unknown): ParseResult<CuffCommandResult> {
  return parseWith(cuffCommandResultSchema, input, 'cuff command result');
}
