// The first exchange between watch and companion: both sides say which protocol version they
// speak, so a watch app and a side service from different releases refuse each other clearly
// instead of misreading messages.
import * as z from 'zod/mini';

export const PROTOCOL_VERSION = 1;

export const helloRequestSchema = z.object({
  protocol: z.number().check(z.int(), z.minimum(1), z.maximum(1000)),
  appVersion: z.string().check(z.maxLength(32)),
});
export type HelloRequest = z.infer<typeof helloRequestSchema>;

export const helloReplySchema = z.object({
  protocol: z.number().check(z.int(), z.minimum(1), z.maximum(1000)),
  companionVersion: z.string().check(z.maxLength(32)),
  compatible: z.boolean(),
});
export type HelloReply = z.infer<typeof helloReplySchema>;

/** The companion's answer to a hello: compatible only when both speak the same version. */
export function answerHello(request: HelloRequest, companionVersion: string): HelloReply {
  return {
    protocol: PROTOCOL_VERSION,
    companionVersion,
    compatible: request.protocol === PROTOCOL_VERSION,
  };
}
