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

/** Fills each `%d` in turn with a number (as this language writes it), and `%s` with a text. */
export function fillCatalog(template: string, values: Array<number | string>, lookup: CatalogLookup): string {
  let out = '';
  let k = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template.charAt(i);
    const next = template.charAt(i + 1);
    if (c === '%' && (next === 'd' || next === 's') && k < values.length) {
      const v = values[k++];
      out += typeof v === 'number' ? catalogNumber(v, lookup) : v;
      i++;
    } else out += c;
  }
  return out;
}
