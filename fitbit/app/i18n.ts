// The Fitbit app's words, in the watch's language (user-settings locale), from the compact
// table generated from the Zepp catalogs (strings.ts). Only this language's strings are split
// into a lookup; unknown languages fall back to English. Plurals and number grouping follow
// the same catalog entries as the Zepp watch (watch/lib/i18n.ts): `<id>.one` / `<id>.other`,
// zh without plural; "num.group" from "num.groupFrom" on.
import { locale } from 'user-settings';
import { KEYS, LANGUAGES } from './strings';

let table: { [key: string]: string } | null = null;

function pickLanguage(): string {
  let lang = 'en-US';
  try {
    lang = String(locale.language || 'en-US');
  } catch (e) {
    // No locale (an old firmware or a runtime without user-settings): English.
  }
  if (LANGUAGES[lang]) return lang;
  const prefix = lang.slice(0, 2).toLowerCase();
  for (const k in LANGUAGES) if (k.slice(0, 2) === prefix) return k;
  return 'en-US';
}

function load(): { [key: string]: string } {
  if (table) return table;
  const keys = KEYS.split('\n');
  const values = LANGUAGES[pickLanguage()].split('\n');
  const t: { [key: string]: string } = {};
  for (let i = 0; i < keys.length; i++) t[keys[i]] = values[i];
  table = t;
  return t;
}

export function t(id: string): string {
  const v = load()[id];
  return v === undefined ? id : v;
}

function num(n: number): string {
  const whole = Math.round(n);
  const digits = String(Math.abs(whole));
  let out = digits;
  if (Math.abs(whole) >= (Number(t('num.groupFrom')) || 1000)) {
    out = '';
    for (let i = 0; i < digits.length; i++) out += (i > 0 && (digits.length - i) % 3 === 0 ? t('num.group') : '') + digits.charAt(i);
  }
  return whole < 0 ? '-' + out : out;
}

export function tf(id: string, values: Array<number | string>): string {
  const template = t(id);
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

export function tn(id: string, n: number, values?: Array<number | string>): string {
  const zh = t('lang').indexOf('zh') === 0;
  return tf(id + '.' + (!zh && n === 1 ? 'one' : 'other'), values || [n]);
}
