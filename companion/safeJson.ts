// Depth and size guards for values that came from outside (the watch, settings storage, a
// controller) before anything turns them into text. JSON.stringify recurses: a value nested
// 20,000 deep throws RangeError (stack), and a huge one takes the side service's memory. These
// walk the value without recursion and give up early.

export interface JsonLimits {
  /** Deepest nesting of arrays and objects allowed (the top level is depth 1). */
  maxDepth: number;
  /** Most values (objects, arrays, primitives) visited. */
  maxNodes: number;
  /** Longest text the result may be (characters). */
  maxChars: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 16, maxNodes: 200000, maxChars: 1024 * 1024 };

export type JsonCheck = { ok: true } | { ok: false; reason: string };

/** Whether `value` is within the depth and node limits (iterative: no recursion). */
export function checkJsonShape(value: unknown, limits: Partial<JsonLimits> = {}): JsonCheck {
  const maxDepth = limits.maxDepth === undefined ? DEFAULT_JSON_LIMITS.maxDepth : limits.maxDepth;
  const maxNodes = limits.maxNodes === undefined ? DEFAULT_JSON_LIMITS.maxNodes : limits.maxNodes;
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 1 }];
  let nodes = 0;
  while (stack.length) {
    const item = stack.pop() as { v: unknown; d: number };
    nodes++;
    if (nodes > maxNodes) return { ok: false, reason: 'more than ' + maxNodes + ' values' };
    const v = item.v;
    if (v === null || typeof v !== 'object') continue;
    if (item.d > maxDepth) return { ok: false, reason: 'nested deeper than ' + maxDepth };
    if (Array.isArray(v)) {
      if (v.length > maxNodes) return { ok: false, reason: 'more than ' + maxNodes + ' values' };
      for (let i = 0; i < v.length; i++) stack.push({ v: v[i], d: item.d + 1 });
    } else {
      const keys = Object.keys(v as object);
      if (keys.length > maxNodes) return { ok: false, reason: 'more than ' + maxNodes + ' values' };
      for (let i = 0; i < keys.length; i++) stack.push({ v: (v as Record<string, unknown>)[keys[i]], d: item.d + 1 });
    }
  }
  return { ok: true };
}

/** JSON text of `value`, or null when it is too deep, too big or cannot be stringified. */
export function safeStringify(value: unknown, limits: Partial<JsonLimits> = {}): string | null {
  const shape = checkJsonShape(value, limits);
  if (!shape.ok) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    return null;
  }
  if (typeof text !== 'string') return null;
  const maxChars = limits.maxChars === undefined ? DEFAULT_JSON_LIMITS.maxChars : limits.maxChars;
  return text.length > maxChars ? null : text;
}

/** JSON.parse of untrusted text with a length cap first; undefined when too long or not JSON. */
export function safeParse(text: string, maxChars = DEFAULT_JSON_LIMITS.maxChars): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (typeof text !== 'string') return { ok: false, reason: 'not text' };
  if (text.length > maxChars) return { ok: false, reason: 'longer than ' + maxChars + ' characters' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, reason: 'not JSON' };
  }
}

/** A short description for a log line: the JSON when small and shallow, else its kind. */
export function preview(value: unknown, maxChars = 80): string {
  const text = safeStringify(value, { maxDepth: 6, maxNodes: 200, maxChars: 4096 });
  if (text !== null) return text.length > maxChars ? text.slice(0, maxChars - 3) + '...' : text;
  if (Array.isArray(value)) return '[an array too deep or too big to show]';
  if (value !== null && typeof value === 'object') return '{an object too deep or too big to show}';
  return String(value).slice(0, maxChars);
}
