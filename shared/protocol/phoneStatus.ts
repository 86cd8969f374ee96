// Phone status, companion -> watch (reply to `phoneStatus` and pushed as a call when it
// changes): whether the companion reaches the cuff controller, so the pre-session check can
// say "controller connected" before anything is inflated.
import * as z from 'zod/mini';
import { epochMs, parseWith, ParseResult, text } from './common';

export const PHONE_STATUS_VERSION = 1;
export const CONTROLLER_LINK_STATES = ['connected', 'stale', 'unreachable', 'unauthorised', 'notConfigured'] as const;

export const phoneStatusSchema = z.object({
  v: z.literal(PHONE_STATUS_VERSION),
  kind: z.literal('phoneStatus'),
  controller: z.enum(CONTROLLER_LINK_STATES),
  /** Human-readable detail for the pre-session check ("wrong token", "no reply"). */
  detail: z.nullable(text(120)),
  atMs: epochMs,
});
export type PhoneStatus = z.infer<typeof phoneStatusSchema>;

export function parsePhoneStatus(input: unknown): ParseResult<PhoneStatus> {
  return parseWith(phoneStatusSchema, input, 'phone status');
}
