// The FIT SDK creates a TextEncoder when its modules load. The side service's JavaScript
// engine may not have one, and a throw at load would take the whole side service down with
// it, so fit.ts imports this first: a minimal UTF-8 TextEncoder, installed only when missing.
interface TextEncoderLike { readonly encoding: string; encode(input?: string): Uint8Array }

function encodeUtf8(input: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < input.length; i++) {
    let code = input.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < input.length) {
      const low = input.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // lone surrogate
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return new Uint8Array(bytes);
}

export class Utf8TextEncoder implements TextEncoderLike {
  readonly encoding = 'utf-8';
  encode(input = ''): Uint8Array {
    return encodeUtf8(String(input));
  }
}

const scope = globalThis as unknown as { TextEncoder?: unknown };
if (typeof scope.TextEncoder !== 'function') scope.TextEncoder = Utf8TextEncoder;
