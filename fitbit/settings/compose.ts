// The settings page's components store their own shapes (a TextInput `{"name": "..."}`, a
// Toggle `true`, a Select `{"selected": [i], "values": [...]}`) under `ui.*` keys. The
// companion turns them into the keys PhoneConfig reads (controller, cuffs, screening) each
// time the page changes something. Values that do not make sense are left out, and PhoneConfig
// parses whatever is written with the shared schemas anyway.
import { CONFIG_KEYS } from '../../companion/phoneConfig';
import { SCREENING_QUESTIONS } from '../../shared/protocol/screening';

export const UI_KEYS = {
  controllerUrl: 'ui.controllerUrl',
  controllerToken: 'ui.controllerToken',
  cuffLimb: 'ui.cuffLimb',
  cuffWidthCm: 'ui.cuffWidthCm',
  lop: (side: 'left' | 'right') => 'ui.lop.' + side,
  screeningDone: 'ui.screeningDone',
  screen: (id: string) => 'ui.screen.' + id,
};

export const SIDES: Array<'left' | 'right'> = ['left', 'right'];

export interface KeyStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function parsed(store: KeyStore, key: string): unknown {
  const raw = store.getItem(key);
  if (raw === null || raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch (e) {
    return raw;
  }
}

export function text(store: KeyStore, key: string): string {
  const v = parsed(store, key) as { name?: unknown; selected?: number[]; values?: Array<{ name?: string; value?: string }> } | string | number | undefined;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  if (v && Array.isArray(v.selected) && Array.isArray(v.values)) {
    const chosen = v.values[v.selected[0]];
    return chosen ? String(chosen.value || chosen.name || '').trim() : '';
  }
  if (v && typeof v.name === 'string') return v.name.trim();
  return '';
}

function positive(store: KeyStore, key: string): number | null {
  const n = Number(text(store, key));
  return text(store, key) !== '' && isFinite(n) && n > 0 ? Math.round(n) : null;
}

function write(store: KeyStore, key: string, value: string | null): void {
  if (value === null) store.removeItem(key);
  else if (store.getItem(key) !== value) store.setItem(key, value);
}

/** Writes the PhoneConfig keys from the page's values. A measured LOP already stored is kept. */
export function applySettingsPage(store: KeyStore, nowMs: number): void {
  let url = text(store, UI_KEYS.controllerUrl);
  const token = text(store, UI_KEYS.controllerToken);
  if (url && !/^https?:\/\//.test(url)) url = 'http://' + url;
  write(store, CONFIG_KEYS.controller, url && token ? JSON.stringify({ url, token }) : null);

  const limb = text(store, UI_KEYS.cuffLimb) === 'arm' ? 'arm' : 'leg';
  const widthCm = positive(store, UI_KEYS.cuffWidthCm) || 11;
  const old = parsed(store, CONFIG_KEYS.cuffs);
  const previous = Array.isArray(old) ? (old as Array<{ cuffId?: string; lopMmHg?: number | null; lopMeasuredAtMs?: number | null }>) : [];
  const cuffs = SIDES.map((side) => {
    const entered = positive(store, UI_KEYS.lop(side));
    const before = previous.filter((c) => c && c.cuffId === limb + '-' + side)[0];
    const kept = before && typeof before.lopMmHg === 'number' ? before : null;
    const changed = entered !== null && (!kept || kept.lopMmHg !== entered);
    return {
      cuffId: limb + '-' + side, limb, side, widthCm,
      lopMmHg: entered !== null ? entered : kept ? kept.lopMmHg : null,
      lopMeasuredAtMs: changed ? nowMs : kept && typeof kept.lopMeasuredAtMs === 'number' ? kept.lopMeasuredAtMs : entered !== null ? nowMs : null,
    };
  });
  write(store, CONFIG_KEYS.cuffs, JSON.stringify(cuffs));

  if (parsed(store, UI_KEYS.screeningDone) === true) {
    const answers: { [id: string]: boolean } = {};
    for (const q of SCREENING_QUESTIONS) answers[q.id] = parsed(store, UI_KEYS.screen(q.id)) === true;
    const old = parsed(store, CONFIG_KEYS.screening) as { answers?: unknown; answeredAtMs?: number } | undefined;
    const same = old && JSON.stringify(old.answers) === JSON.stringify(answers);
    const answeredAtMs = same && old && typeof old.answeredAtMs === 'number' ? old.answeredAtMs : nowMs;
    write(store, CONFIG_KEYS.screening, JSON.stringify({ v: 1, kind: 'screening', answeredAtMs, answers }));
  } else {
    write(store, CONFIG_KEYS.screening, null);
  }
  write(store, CONFIG_KEYS.updatedAt, String(nowMs));
}
