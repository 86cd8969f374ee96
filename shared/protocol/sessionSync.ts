// Session push, watch -> companion, and its ack. The companion stores the record before it
// acks; the watch deletes a record only after an ack with stored: true for that id.
import * as z from 'zod/mini';
import { identifier, parseWith, ParseResult, text } from './common';
import { checkedSessionRecordSchema } from './sessionRecord';

export const SESSION_SYNC_VERSION = 1;

export const sessionPushSchema = z.object({
  v: z.literal(SESSION_SYNC_VERSION),
  kind: z.literal('sessionPush'),
  // With the cross-field rules: a record that contradicts itself is refused, not stored.
  record: checkedSessionRecordSchema,
});
export type SessionPush = z.infer<typeof sessionPushSchema>;

export const sessionAckSchema = z.object({
  v: z.literal(SESSION_SYNC_VERSION),
  kind: z.literal('sessionAck'),
  /** The record id this ack is for. */
  id: identifier,
  stored: z.boolean(),
  /** Why it was not stored (parse error, storage full). */
  error: z.optional(text(200)),
});
export type SessionAck = z.infer<typeof sessionAckSchema>;

export function parseSessionPush(input: unknown): ParseResult<SessionPush> {
  return parseWith(sessionPushSchema, input, 'session push');
}
export function parseSessionAck(input: unknown): ParseResult<SessionAck> {
  return parseWith(sessionAckSchema, input, 'session ack');
}
