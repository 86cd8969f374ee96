// Reading an HTTP reply body with a size cap, whatever shape the runtime's fetch hands over:
//   - a WHATWG Response (Node, browsers, the Fitbit companion): Content-Length is checked
//     first, then the body stream is read chunk by chunk and cancelled as soon as it passes the
//     cap, so a reply that never ends costs at most the cap in memory;
//   - Zepp OS side-service fetch: `body` is already a string (or a parsed object) when the
//     promise resolves. The native layer has read it all by then and nothing here can stop
//     that; the cap only keeps an oversized reply from being parsed and kept.
// The caller bounds the time (its timeout aborts the request, and with it the stream).
import { checkJsonShape } from './safeJson';

export type BodyRead =
  | { ok: true; text: string }
  | { ok: true; value: unknown }
  | { ok: false; reason: 'too-large' | 'none'; detail: string };

interface StreamReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}

interface ResponseShape {
  headers?: unknown;
  text?: () => Promise<string>;
  body?: unknown;
}

function header(res: ResponseShape, name: string): string | null {
  const h = res.headers as { get?: (n: string) => string | null } | Record<string, unknown> | undefined;
  if (!h || typeof h !== 'object') return null;
  if (typeof (h as { get?: unknown }).get === 'function') {
    try {
      return (h as { get(n: string): string | null }).get(name);
    } catch (e) {
      return null;
    }
  }
  const rec = h as Record<string, unknown>;
  for (const key of Object.keys(rec)) if (key.toLowerCase() === name && typeof rec[key] === 'string') return rec[key] as string;
  return null;
}

function decodeUtf8(chunks: Uint8Array[], total: number): string {
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  const g = globalThis as unknown as { TextDecoder?: new (label?: string) => { decode(b: Uint8Array): string } };
  if (typeof g.TextDecoder === 'function') return new g.TextDecoder('utf-8').decode(all);
  // No TextDecoder: decode UTF-8 by hand (malformed bytes become U+FFFD).
  let s = '';
  for (let i = 0; i < all.length; ) {
    const b = all[i];
    let code = 0xfffd;
    let n = 1;
    if (b < 0x80) code = b;
    else if (b >= 0xc2 && b < 0xe0 && i + 1 < all.length) { code = ((b & 31) << 6) | (all[i + 1] & 63); n = 2; }
    else if (b >= 0xe0 && b < 0xf0 && i + 2 < all.length) { code = ((b & 15) << 12) | ((all[i + 1] & 63) << 6) | (all[i + 2] & 63); n = 3; }
    else if (b >= 0xf0 && b < 0xf5 && i + 3 < all.length) { code = ((b & 7) << 18) | ((all[i + 1] & 63) << 12) | ((all[i + 2] & 63) << 6) | (all[i + 3] & 63); n = 4; }
    i += n;
    if (code > 0xffff) {
      code -= 0x10000;
      s += String.fromCharCode(0xd800 + (code >> 10), 0xdc00 + (code & 1023));
    } else s += String.fromCharCode(code);
  }
  return s;
}

/** The reply body as text (or an already-parsed value), refusing more than maxBytes. */
export async function readBodyCapped(res: ResponseShape, maxBytes: number): Promise<BodyRead> {
  const length = Number(header(res, 'content-length'));
  if (Number.isFinite(length) && length > maxBytes) {
    const stream = res.body as { cancel?: (r?: unknown) => Promise<void> } | undefined;
    if (stream && typeof stream.cancel === 'function') stream.cancel('too large').then(undefined, () => undefined);
    return { ok: false, reason: 'too-large', detail: 'reply of ' + length + ' bytes (Content-Length) is over the ' + maxBytes + '-byte limit' };
  }
  const body = res.body as { getReader?: () => StreamReader } | string | undefined | null;
  if (body && typeof body === 'object' && typeof (body as { getReader?: unknown }).getReader === 'function') {
    const reader = (body as { getReader: () => StreamReader }).getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!value) continue;
      total += value.byteLength;
      if (total > maxBytes) {
        reader.cancel('too large').then(undefined, () => undefined);
        return { ok: false, reason: 'too-large', detail: 'reply over the ' + maxBytes + '-byte limit (stopped reading)' };
      }
      chunks.push(value);
    }
    return { ok: true, text: decodeUtf8(chunks, total) };
  }
  if (typeof res.text === 'function') {
    const text = await res.text();
    if (typeof text === 'string' && text.length > maxBytes) return { ok: false, reason: 'too-large', detail: 'reply over the ' + maxBytes + '-byte limit' };
    return { ok: true, text: String(text) };
  }
  if (typeof body === 'string') {
    if (body.length > maxBytes) return { ok: false, reason: 'too-large', detail: 'reply over the ' + maxBytes + '-byte limit' };
    return { ok: true, text: body };
  }
  if (body !== null && typeof body === 'object') {
    // Already parsed by the platform: bound its shape before anything walks or stringifies it.
    const shape = checkJsonShape(body, { maxDepth: 32, maxNodes: Math.max(1000, Math.floor(maxBytes / 8)) });
    if (!shape.ok) return { ok: false, reason: 'too-large', detail: 'reply ' + shape.reason };
    return { ok: true, value: body };
  }
  return { ok: false, reason: 'none', detail: 'no body' };
}
