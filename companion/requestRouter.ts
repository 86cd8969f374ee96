// A table of request handlers keyed by method. Every request's params are parsed with the
// method's schema before the handler sees them; unknown methods and bad params get an error
// reply naming what was wrong, and are counted.
import * as z from 'zod/mini';

export interface RequestHandler<S extends z.ZodMiniType> {
  schema: S;
  handle: (params: z.infer<S>) => unknown | Promise<unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RequestHandlers = Record<string, RequestHandler<any>>;

export interface RejectionCounts {
  [reason: string]: number;
}

export const rejected: RejectionCounts = {};

function reject(reason: string): void {
  rejected[reason] = (rejected[reason] || 0) + 1;
}

export function dispatchRequest(
  handlers: RequestHandlers,
  req: { method: string; params: unknown },
  res: (error: unknown, data?: unknown) => void,
): void {
  const method = req && typeof req.method === 'string' ? req.method : '';
  const handler = Object.prototype.hasOwnProperty.call(handlers, method) ? handlers[method] : undefined;
  if (!handler) {
    reject('unknown-method');
    res({ code: 'unknown-method', message: 'unknown method "' + method + '"' });
    return;
  }
  const parsed = handler.schema.safeParse(req.params);
  if (!parsed.success) {
    reject('bad-params:' + method);
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? issue.path.join('.') : '(params)';
    res({ code: 'bad-params', message: method + ': ' + where + ': ' + (issue ? issue.message : 'invalid') });
    return;
  }
  Promise.resolve()
    .then(() => handler.handle(parsed.data))
    .then(
      (data) => res(null, data),
      (error: unknown) => {
        reject('handler-failed:' + method);
        res({ code: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
}
