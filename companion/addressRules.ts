// Which addresses the phone may send a token to. Parsed by hand (the side service has no
// guaranteed URL class), strictly:
//   - https://host[:port][/path]: any host name or address
//   - http://...: only to a loopback, private or link-local IP address (127.0.0.0/8, 10.0.0.0/8,
//     172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16, ::1, fc00::/7, fe80::/10) or "localhost",
//     i.e. a controller on the same network; plain HTTP there is allowed with a warning (the
//     token and the commands travel unencrypted on that network). A host *name* over http is
//     refused: nothing proves it resolves to this network.
//   - never user:password@ in the address, never spaces or control characters.

/**
 * A message for a person: an English template with %s slots, then what fills them (a field
 * name, a host; never a token). The settings page translates template and values
 * (companion/setting/i18n.ts `trMsg`); logs and tests read the English `error` beside it.
 */
export type Msg = string[];
export type Refusal = { ok: false; error: string; msg: Msg };

export function english(msg: ReadonlyArray<string>): string {
  let out = msg[0];
  for (let i = 1; i < msg.length; i++) out = out.replace('%s', msg[i]);
  return out;
}

/** The English of each refusal (the page's table is keyed by these, companion/setting/i18n.ts). */
export const ADDRESS_TEXT = {
  empty: '%s is empty',
  long: '%s is longer than 200 characters',
  spaces: '%s contains spaces or control characters',
  scheme: '%s must start with https:// (http:// on your own network)',
  userinfo: '%s must not contain a user name or password; the token has its own field',
  host: '%s: "%s" is not a host name',
  port: '%s: port must be 1-65535',
  http: '%s: plain http:// only to an address on your own network (as http://192.168.1.20:8123); else https://',
  token: '%s may hold only printable characters, no spaces or line breaks',
};
const A = ADDRESS_TEXT;

function refuse(...msg: Msg): Refusal {
  return { ok: false, error: english(msg), msg };
}

export type AddressCheck =
  | { ok: true; url: string; origin: string; secure: boolean; warning: string | null }
  | Refusal;

export const PLAIN_HTTP_WARNING =
  'Plain HTTP: the token and every cuff command travel unencrypted on your local network. Use https:// if the controller supports it.';

const URL_SHAPE = /^(https?):\/\/([^/?#]*)([/?#][^\s]*)?$/i;

function ipv4(host: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  for (const p of parts) if (p > 255) return null;
  return parts;
}

/** Loopback, private (RFC 1918 / ULA) or link-local: an address on this network. */
export function isLocalAddress(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost') return true;
  const v4 = ipv4(h);
  if (v4) {
    const [a, b] = v4;
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  const v6 = /^\[([0-9a-f:.]+)\]$/.exec(h);
  if (v6) {
    const addr = v6[1];
    if (addr === '::1') return true;
    const first = /^([0-9a-f]{1,4}):/.exec(addr);
    if (!first) return false;
    const word = parseInt(first[1], 16);
    return (word & 0xfe00) === 0xfc00 || (word & 0xffc0) === 0xfe80;
  }
  return false;
}

/** Checks an address the user typed for where a token may go; trims spaces around it. */
export function checkAddress(input: string, what = 'address'): AddressCheck {
  const url = String(input).trim();
  if (!url) return refuse(A.empty, what);
  if (url.length > 200) return refuse(A.long, what);
  if (/[\u0000-\u0020\u007f]/.test(url)) return refuse(A.spaces, what);
  const m = URL_SHAPE.exec(url);
  if (!m) return refuse(A.scheme, what);
  const scheme = m[1].toLowerCase();
  const authority = m[2];
  if (authority.indexOf('@') >= 0) return refuse(A.userinfo, what);
  const hp = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(authority);
  if (!hp) return refuse(A.host, what, authority.slice(0, 60));
  const host = hp[1];
  if (hp[2] !== undefined && (Number(hp[2]) < 1 || Number(hp[2]) > 65535)) return refuse(A.port, what);
  if (/^[.-]|[.-]$|\.\./.test(host)) return refuse(A.host, what, host);
  const origin = scheme + '://' + authority.toLowerCase();
  if (scheme === 'https') return { ok: true, url, origin, secure: true, warning: null };
  if (!isLocalAddress(host)) {
    return refuse(A.http, what);
  }
  return { ok: true, url, origin, secure: false, warning: PLAIN_HTTP_WARNING };
}

/** A token the phone will send: printable ASCII, no spaces (it goes in an HTTP header). */
export function checkToken(input: string, what = 'token'): { ok: true; token: string } | Refusal {
  const token = String(input).trim();
  if (!token) return refuse(A.empty, what);
  if (token.length > 200) return refuse(A.long, what);
  if (!/^[\x21-\x7e]+$/.test(token)) return refuse(A.token, what);
  return { ok: true, token };
}

function isWordChar(c: string): boolean {
  return /[A-Za-z0-9]/.test(c);
}

function replaceWhole(text: string, secret: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const at = text.indexOf(secret, from);
    if (at < 0) break;
    const before = at > 0 ? text.charAt(at - 1) : '';
    const after = text.charAt(at + secret.length);
    // Only the token itself, not the same letters inside a longer word ("tok" in "token").
    if ((before && isWordChar(before) && isWordChar(secret.charAt(0))) || (after && isWordChar(after) && isWordChar(secret.charAt(secret.length - 1)))) {
      out += text.slice(from, at + 1);
      from = at + 1;
      continue;
    }
    out += text.slice(from, at) + '<token>';
    from = at + secret.length;
  }
  return out + text.slice(from);
}

/** `text` with every occurrence of `secret` replaced, so an error message never carries a token. */
export function redact(text: string, secret: string): string {
  if (!secret) return String(text);
  let out = String(text);
  // Also the escaped form a broken header value takes in an error text (CR/LF as \r\n).
  const escaped = JSON.stringify(secret).slice(1, -1);
  out = replaceWhole(out, secret);
  if (escaped !== secret) out = replaceWhole(out, escaped);
  return out;
}
