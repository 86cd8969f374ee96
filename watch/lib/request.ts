// ZML's page `request(data, opts)` accepts a timeout at run time but its typing omits the
// second argument. ZML also never rejects a pending request when BLE drops, so every request
// from the watch goes through here with an explicit, short timeout.
export interface Requester {
  request: (data: { method: string; params: Record<string, unknown> }) => Promise<unknown>;
}

type RequestWithOptions = (
  data: { method: string; params: Record<string, unknown> },
  opts: { timeout: number },
) => Promise<unknown>;

export function requestWithTimeout(
  page: Requester,
  method: string,
  params: Record<string, unknown>,
  timeoutMs: number,
): Promise<unknown> {
  const request = page.request as unknown as RequestWithOptions;
  return request.call(page, { method, params }, { timeout: timeoutMs });
}
