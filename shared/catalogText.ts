// Catalog texts with numbers, written once for both watches (Zepp getText, Fitbit gettext):
// each catalog names its language (msgid "lang"); en, de and es pick `<id>.one` for 1 and
// `<id>.other` otherwise, zh has no plural (always `.other`). Numbers: digits grouped with the
// catalog's separator ("num.group") from its threshold on ("num.groupFrom": German 1.000,
// Spanish only from 10 000). `lookup` is the platform's catalog lookup.
export type CatalogLookup = (id: string) => string;

export function pluralCategory(n: number, lookup: CatalogLookup): 'one' | 'other' {
  return lookup('lang').indexOf('zh') === 0 ? 'other' : n === 1 ? 'one' : 'other';
}

/** A whole number as this language writes it. */
export function catalogNumber(n: number, lookup: CatalogLookup): string {
  const whole = Math.round(n);
  const digits = String(Math.abs(whole));
  const from = Number(lookup('num.groupFrom')) || 1000;
  let out = digits;
  if (Math.abs(whole) >= from) {
    const sep = lookup('num.group');
    out = '';
    for (let i = 0; i < digits.length; i++) {
      if (i > 0 && (digits.length - i) % 3 === 0) out += sep;
      out += digits.charAt(i);
    }
  }
  return whole < 0 ? '-' + out : out;
}

/**
 * Fills each `%d` in turn with a number (as this language writes it), and `%s` with a text.
 * The text between placeholders is added a piece at a time, not a character at a time: a
 * watch's session screen fills three or four of these at every event, and each `+=` is a new
 * string in JerryScript's heap.
 */
export function fillCatalog(template: string, values: Array<number | string>, lookup: CatalogLookup): string {
  let out = '';
  let k = 0;
  let from = 0;
  for (let i = template.indexOf('%'); i >= 0 && i < template.length - 1 && k < values.length; i = template.indexOf('%', i + 1)) {
    const next = template.charAt(i + 1);
    if (next !== 'd' && next !== 's') continue;
    const v = values[k++];
    out += template.slice(from, i) + (typeof v === 'number' ? catalogNumber(v, lookup) : v);
    from = ++i + 1;
  }
  return out + template.slice(from);
}
