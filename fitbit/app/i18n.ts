// The Fitbit app's words, in the watch's language, from the firmware's own string tables: the
// SDK compiles app/i18n/<lang>.po (generated from the Zepp catalogs by scripts/fitbitStrings.js)
// and `gettext` picks the language and falls back to en-US, then to the id (Fitbit Device API,
// i18n). The texts live outside the JS heap; only a looked-up text is a JS string. Plurals and
// number grouping follow the same catalog entries as the Zepp watch (watch/lib/i18n.ts):
// `<id>.one` / `<id>.other`, zh without plural; "num.group" from "num.groupFrom" on.
import { gettext } from 'i18n';

export function t(id: string): string {
  return gettext(id);
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
