// ZML's page `request(data, opts)` accepts a timeout at run time but its typing omits the
// second argument. ZML also never rejects a pending request when BLE drops, so every request
// from the watch goes through here with an explicit, short timeout.
//
// The short timeout is ours, not ZML's: ZML forgets a request when its own timeout fires, and
// a reply that arrives after that (a phone busy retrying the controller, a slow link) makes
// its transport throw in the BLE receive callback ("reading 'handler'"). So ZML is given a long
// timeout and keeps the request until the late reply arrives, and we stop waiting on time.
export interface Requester {
  request: (data: { method: string; params: Record<string, unknown> }) => Promise<unknown>;
}

type RequestWithOptions = (
  data: { method: string; params: Record<string, unknown> },
  opts: { timeout: number },
) => Promise<unknown>;

/** How long ZML keeps a request we stopped waiting for, so a late reply finds its handler. */
export const LATE_REPLY_GRACE_MS = 60000;

export function requestWithTimeout(
  page: Requester,
  method: string,
  params: Record<string, unknown>,
  timeoutMs: number,
): Promise<unknown> {
  const request = page.request as unknown as RequestWithOptions;
  const pending = request.call(page, { method, params }, { timeout: timeoutMs + LATE_REPLY_GRACE_MS });
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | null = setTimeout(() => {
      timer = null;
      reject(new Error('request ' + method + ' timeout in ' + timeoutMs + 'ms'));
    }, timeoutMs);
    const done = () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    };
    pending.then(
      (reply) => { done(); resolve(reply); },
      (error: unknown) => { done(); reject(error); },
    );
  });
}
