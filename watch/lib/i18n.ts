// Words on the watch come only from the catalogs (watch/i18n/<lang>.po, read by getText). The
// engine hands over codes (msgids, alarm and notice kinds) with numbers; this turns them into
// text in the watch's language. Plurals and numbers per language: shared/catalogText.ts.
import { getText } from '@zos/i18n';
import { catalogNumber, fillCatalog, pluralCategory as pluralOf } from '../../shared/catalogText';
import type { Said } from '../../shared/session/effects';
import type { Notice } from '../../shared/session/notices';

export function t(id: string): string {
  return getText(id);
}

export function pluralCategory(n: number): 'one' | 'other' {
  return pluralOf(n, getText);
}

/** A whole number as this language writes it. */
export function num(n: number): string {
  return catalogNumber(n, getText);
}

/** Fills each `%d` in turn with a number, and `%s` with a text. */
export function fill(template: string, values: Array<number | string>): string {
  return fillCatalog(template, values, getText);
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
