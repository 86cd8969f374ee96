// Every watch <-> companion message by its `kind`, so a receiver keeps one table of handlers
// and parses before it dispatches (hello predates `kind` and is handled on its own).
import * as z from 'zod/mini';
import { parseWith, ParseResult } from './common';
import { cuffCommandRequestSchema, cuffCommandResultSchema } from './cuffCommand';
import { pressureUpdateSchema } from './pressure';
import { screeningAnswersSchema } from './screening';
import { sessionAckSchema, sessionPushSchema } from './sessionSync';
import { settingsSyncSchema } from './settings';

export const MESSAGE_SCHEMAS = {
  pressure: pressureUpdateSchema,
  cuffCommand: cuffCommandRequestSchema,
  cuffCommandResult: cuffCommandResultSchema,
  sessionPush: sessionPushSchema,
  sessionAck: sessionAckSchema,
  settings: settingsSyncSchema,
  screening: screeningAnswersSchema,
};
export type MessageKind = keyof typeof MESSAGE_SCHEMAS;
export type Message = { [K in MessageKind]: z.infer<(typeof MESSAGE_SCHEMAS)[K]> }[MessageKind];

const kindOnly = z.object({ kind: z.string().check(z.maxLength(32)) });

/** Parse any companion <-> watch message; the error names the kind or the field that failed. */
export function parseMessage(input: unknown): ParseResult<Message> {
  const head = parseWith(kindOnly, input, 'message');
  if (!head.ok) return head;
  const kind = head.value.kind;
  if (!Object.prototype.hasOwnProperty.call(MESSAGE_SCHEMAS, kind)) {
    return { ok: false, error: 'message rejected: kind: unknown kind ' + JSON.stringify(kind), fields: ['kind'] };
  }
  const schema = MESSAGE_SCHEMAS[kind as MessageKind] as z.ZodMiniType<Message>;
  return parseWith(schema, input, kind);
}
