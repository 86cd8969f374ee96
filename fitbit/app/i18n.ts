// The Fitbit app's words, in the watch's language, from the firmware's own string tables: the
// SDK compiles app/i18n/<lang>.po (generated from the Zepp catalogs by scripts/fitbitStrings.js)
// and `gettext` picks the language and falls back to en-US, then to the id (Fitbit Device API,
// i18n). The texts live outside the JS heap; only a looked-up text is a JS string. Plurals and
// number grouping follow the same catalog entries as the Zepp watch (shared/catalogText.ts).
import { gettext } from 'i18n';
import { fillCatalog, pluralCategory } from '../../shared/catalogText';

export function t(id: string): string {
  return gettext(id);
}

export function tf(id: string, values: Array<number | string>): string {
  return fillCatalog(t(id), values, t);
}

export function tn(id: string, n: number, values?: Array<number | string>): string {
  return tf(id + '.' + pluralCategory(n, t), values || [n]);
}
