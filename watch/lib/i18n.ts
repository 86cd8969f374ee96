// Words on the watch come only from the catalogs (watch/i18n/<lang>.po, read by getText). The
// engine hands over codes (msgids, alarm and notice kinds) with numbers; this turns them into
// text in the watch's language. Plurals: each catalog names its language (msgid "lang"), en,
// de and es pick `<id>.one` for 1 and `<id>.other` otherwise, zh has no plural (always
// `.other`). Numbers: digits grouped with the catalog's separator ("num.group") from the
// catalog's threshold on ("num.groupFrom": German 1.000, Spanish only from 10 000).
import { getText } from '@zos/i18n';
import type { Said } from '../../shared/session/effects';
import type { Notice } from '../../shared/session/notices';

export function t(id: string): string {
  return getText(id);
}

export function pluralCategory(n: number): 'one' | 'other' {
  return getText('lang').indexOf('zh') === 0 ? 'other' : n === 1 ? 'one' : 'other';
}

/** A whole number as this language writes it. */
export function num(n: number): string {
  const whole = Math.round(n);
  const digits = String(Math.abs(whole));
  const from = Number(getText('num.groupFrom')) || 1000;
  let out = digits;
  if (Math.abs(whole) >= from) {
    const sep = getText('num.group');
    out = '';
    for (let i = 0; i < digits.length; i++) {
      if (i > 0 && (digits.length - i) % 3 === 0) out += sep;
      out += digits.charAt(i);
    }
  }
  return whole < 0 ? '-' + out : out;
}

/** Fills each `%d` in turn with a number, and `%s` with a text. */
export function fill(template: string, values: Array<number | string>): string {
  let out = '';
  let k = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template.charAt(i);
    const next = template.charAt(i + 1);
    if (c === '%' && (next === 'd' || next === 's') && k < values.length) {
      const v = values[k++];
      out += typeof v === 'number' ? num(v) : v;
      i++;
    } else out += c;
  }
  return out;
}

/** Catalog text with numbers: fill(getText(id), values). */
export function tf(id: string, values: Array<number | string>): string {
  return fill(getText(id), values);
}

/** The plural form of `id` for n (msgids `<id>.one` / `<id>.other`), filled with `values` (default: n). */
export function tn(id: string, n: number, values?: Array<number | string>): string {
  return fill(getText(id + '.' + pluralCategory(n)), values || [n]);
}

/** A code from the engine (msgid + number) as text. */
export function said(s: Said | null): string {
  if (!s) return '';
  return s.n === null ? getText(s.id) : tf(s.id, [s.n]);
}

export function noticeText(n: Notice | null): string {
  if (!n) return '';
  return n.n === null ? getText('notice.' + n.kind) : tf('notice.' + n.kind, [n.n]);
}

export function alarmText(kind: string): string {
  return getText('alarm.' + kind);
}

/** "12 steps", "3 / 10 reps": the count of a set in its counting mode. */
export function countText(mode: string, count: number, target: number | null): string {
  const unit = mode === 'steps' ? 'steps' : mode === 'cadence' ? 'revs' : 'reps';
  return target !== null ? tn('countOf.' + unit, target, [count, target]) : tn('count.' + unit, count);
}
