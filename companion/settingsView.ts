// What the phone's settings page shows, computed from settings storage without any UI, and
// what its edits do to storage: the controller (address and token), the upload endpoint, each
// cuff's LOP and width, the screening status, and the session history with a compact
// per-session pressure and reps chart. No UI here, so it is tested in Node; the page itself
// (./setting/index.ts) runs in the Settings App runtime (sim/settings) in the tests.
//
// Editing a pair (address + token) one field at a time. The Settings App re-renders from
// storage only, so whatever the page must remember between two edits lives in storage too,
// under FORM_KEY, which nothing else reads:
//   - a bad value: the text as typed and the message, shown next to the field; the stored
//     configuration is not touched (the side service sees no change)
//   - a good value whose partner is still missing (fresh install, address typed first): kept
//     as pending in FORM_KEY, with a hint to fill in the other field; once both are good the
//     pair is written to its key in one go, and FORM_KEY forgets them
//   - a good value when the partner is already stored: the pair is written with the stored
//     partner, so editing one field never loses the other
// A token is never shown again once saved (the field offers to replace it).
import type { SettingsStore } from './settingsStore';
import { CONFIG_KEYS, PhoneConfig } from './phoneConfig';
import { createSessionInbox } from './sessionInbox';
import type { SessionRecord } from '../shared/protocol/sessionRecord';
import { HR_AGE_MAX, HR_AGE_MIN, HR_DEFAULT_AGE, heartRateCeilingBpm } from '../shared/safety/heartRateCeiling';
import { ADDRESS_TEXT, checkAddress, checkToken, PLAIN_HTTP_WARNING, type Msg, type Refusal } from './addressRules';
import { parseUploadEndpoint, UPLOAD_ENDPOINT_KEY } from './uploader';
import { safeParse, safeStringify } from './safeJson';

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** A one-line chart of values scaled to their maximum (8 levels). */
export function sparkline(values: ReadonlyArray<number>, width = 24): string {
  if (values.length === 0) return '';
  const step = Math.max(1, Math.ceil(values.length / width));
  const points: number[] = [];
  for (let i = 0; i < values.length; i += step) {
    let sum = 0;
    let n = 0;
    for (let j = i; j < Math.min(values.length, i + step); j++) { sum += values[j]; n++; }
    points.push(sum / n);
  }
  const max = Math.max(...points);
  return points.map((v) => (max > 0 ? BARS[Math.min(7, Math.floor((v / max) * 7.999))] : BARS[0])).join('');
}

export interface SessionLine {
  id: string;
  /** English (logs, tests); the page builds its own from the fields below. */
  title: string;
  detail: string;
  date: string;
  programName: string;
  /** Reps (or steps) per set. */
  counts: number[];
  /** Percent of the tracked pressure time in band, or null when none was tracked. */
  bandPct: number | null;
  alarms: number;
  pressureChart: string;
  repsChart: string;
  synced: boolean;
}

export function sessionLine(record: SessionRecord, synced: boolean): SessionLine {
  const date = new Date(record.startedAtMs).toISOString().slice(0, 16).replace('T', ' ');
  const counts = record.sets.map((s) => s.corrected);
  let inBand = 0;
  let tracked = 0;
  for (const s of record.sets) { inBand += s.inBandMs; tracked += s.pressureMs; }
  const bandPct = tracked > 0 ? Math.round((inBand / tracked) * 100) : null;
  const band = bandPct !== null ? ' · ' + bandPct + '% in band' : '';
  return {
    id: record.id, date, programName: record.programName, counts, bandPct, alarms: record.alarms.length,
    title: date + ' ' + record.programName,
    detail: record.sets.length + ' sets · ' + counts.join('/') + band + (record.alarms.length ? ' · ' + record.alarms.length + ' alarms' : ''),
    pressureChart: sparkline(record.pressureSamples.map((p) => p.mmHg)),
    repsChart: sparkline(counts, 12),
    synced,
  };
}

/** Settings storage key of the page's own form state (drafts, messages, pending halves). */
export const FORM_KEY = 'settings:form';
/** Settings storage key the side service writes the controller link state to, for the page. */
export const CONTROLLER_STATUS_KEY = 'controller:status';
/** Settings storage key of the chosen export format. */
export const EXPORT_FORMAT_KEY = 'settings:exportFormat';

/** The formats the page can hand over, and why FIT is not one of them. */
export const EXPORT_FORMATS = [
  { value: 'csv', name: 'CSV: one row per set, for spreadsheets' },
  { value: 'json', name: 'JSON: the whole session record' },
] as const;
export const FIT_NOT_OFFERED =
  'FIT (Garmin Connect, Strava) is not offered here: the Settings App cannot save files. The upload endpoint below gets each session as JSON, from which FIT can be made.';

export type PairName = 'controller' | 'upload';
export type PairField = 'url' | 'token';

// msg: the error as template and values, for the page to translate (see addressRules Msg).
interface FieldState { text?: string; error?: string | null; msg?: Msg; pending?: string }
type FormState = { [field: string]: FieldState };

const PAIR_KEYS: Record<PairName, string> = { controller: CONFIG_KEYS.controller, upload: UPLOAD_ENDPOINT_KEY };

/** The page's form state; an unreadable one is an empty one. */
export function readForm(store: SettingsStore): FormState {
  const out: FormState = Object.create(null);
  const raw = store.getItem(FORM_KEY);
  if (!raw) return out;
  const parsed = safeParse(raw, 64 * 1024);
  if (!parsed.ok || !parsed.value || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) return out;
  const v = parsed.value as Record<string, unknown>;
  for (const k of Object.keys(v)) {
    const f = v[k];
    if (!f || typeof f !== 'object') continue;
    const g = f as Record<string, unknown>;
    out[k] = {
      text: typeof g.text === 'string' ? g.text.slice(0, 500) : undefined,
      error: typeof g.error === 'string' ? g.error.slice(0, 300) : null,
      msg: Array.isArray(g.msg) && g.msg.length < 5 && g.msg.every((m) => typeof m === 'string') ? (g.msg as string[]).map((m) => m.slice(0, 300)) : undefined,
      pending: typeof g.pending === 'string' ? g.pending.slice(0, 500) : undefined,
    };
  }
  return out;
}

function writeForm(store: SettingsStore, form: FormState): void {
  const clean: Record<string, FieldState> = {};
  for (const k of Object.keys(form)) {
    const f = form[k];
    if (f && (f.text !== undefined || f.error || f.pending !== undefined)) clean[k] = f;
  }
  const text = safeStringify(clean, { maxChars: 64 * 1024 });
  if (Object.keys(clean).length === 0) store.removeItem(FORM_KEY);
  else if (text !== null) store.setItem(FORM_KEY, text);
}

/** The url and token stored for a pair, as text (whatever their validity), or null. */
function storedPair(store: SettingsStore, pair: PairName): { url: string; token: string } | null {
  const raw = store.getItem(PAIR_KEYS[pair]);
  if (!raw) return null;
  const parsed = safeParse(raw, 16 * 1024);
  if (!parsed.ok || !parsed.value || typeof parsed.value !== 'object') return null;
  const v = parsed.value as { url?: unknown; token?: unknown };
  return { url: typeof v.url === 'string' ? v.url : '', token: typeof v.token === 'string' ? v.token : '' };
}

function checkUrl(pair: PairName, text: string): { ok: true; url: string; warning: string | null } | Refusal {
  if (pair === 'controller') {
    const c = checkAddress(text, 'Address');
    return c.ok ? { ok: true, url: c.url, warning: c.warning } : c;
  }
  const url = String(text).trim();
  const parsed = parseUploadEndpoint({ url, token: 'x' });
  if (parsed.ok) return { ok: true, url, warning: null };
  // The uploader's schema says only this (or that the address is too long or empty).
  const msg = [url ? UPLOAD_HTTPS : ADDRESS_TEXT.empty, 'Address'];
  return { ok: false, error: msg[0].replace('%s', 'Address'), msg };
}

function validStored(pair: PairName, stored: { url: string; token: string } | null): { url: string | null; token: string | null } {
  if (!stored) return { url: null, token: null };
  const u = checkUrl(pair, stored.url);
  const t = checkToken(stored.token);
  return { url: u.ok ? u.url : null, token: t.ok ? t.token : null };
}

/**
 * What typing `text` into one field of a pair does. Returns whether the pair was written and
 * the message shown next to the field (null when none).
 */
export function editPair(store: SettingsStore, pair: PairName, field: PairField, text: string): { stored: boolean; error: string | null } {
  const form = readForm(store);
  const urlKey = pair + '.url';
  const tokenKey = pair + '.token';
  const stored = validStored(pair, storedPair(store, pair));
  const check = field === 'url' ? checkUrl(pair, text) : checkToken(text, 'Token');
  const key = field === 'url' ? urlKey : tokenKey;
  if (!check.ok) {
    // Keep what was typed (never a token) and say what is wrong; the stored pair stays.
    form[key] = { text: field === 'url' ? String(text).slice(0, 500) : undefined, error: check.error, msg: check.msg, pending: form[key] ? form[key].pending : undefined };
    writeForm(store, form);
    return { stored: false, error: check.error };
  }
  const value = 'url' in check ? check.url : check.token;
  const otherKey = field === 'url' ? tokenKey : urlKey;
  const other = field === 'url'
    ? (stored.token !== null ? stored.token : form[tokenKey] && form[tokenKey].pending) || null
    : (stored.url !== null ? stored.url : form[urlKey] && form[urlKey].pending) || null;
  if (other === null) {
    form[key] = { pending: value };
    writeForm(store, form);
    return { stored: false, error: null };
  }
  const pairValue = field === 'url' ? { url: value, token: other } : { url: other, token: value };
  store.setItem(PAIR_KEYS[pair], JSON.stringify(pairValue));
  if (pair === 'controller') store.setItem(CONFIG_KEYS.updatedAt, String(Date.now()));
  delete form[key];
  delete form[otherKey];
  writeForm(store, form);
  return { stored: true, error: null };
}

/** Forget a pair (the page's "Remove" button). */
export function clearPair(store: SettingsStore, pair: PairName): void {
  store.removeItem(PAIR_KEYS[pair]);
  const form = readForm(store);
  delete form[pair + '.url'];
  delete form[pair + '.token'];
  writeForm(store, form);
}

export interface PairView {
  /** What the address field shows: the text typed (when bad or pending), else the stored url. */
  url: string;
  urlError: string | null;
  /** The same as template and values, for the page to translate; with `savedUnused` when it is about the saved address. */
  urlMsg: Msg | null;
  savedUnused: boolean;
  /** Plain HTTP to a local address: shown next to the address. */
  urlWarning: string | null;
  tokenSaved: boolean;
  tokenError: string | null;
  tokenMsg: Msg | null;
  /** What is still missing, when one half waits for the other. */
  hint: string | null;
  configured: boolean;
}

/** An upload address the uploader refuses (its schema says only this, or that it is too long). */
export const UPLOAD_HTTPS = '%s must be https:// (http only to 127.0.0.1 or localhost)';
/** A stored token the rules refuse. */
export const TOKEN_STALE = 'The saved token has characters a token may not have; type it again';
/** What a pair waiting for its other half says. */
export const HINT_TOKEN = 'Address kept. Now enter the token to connect.';
export const HINT_ADDRESS = 'Token kept. Now enter the address to connect.';
/** Said after the reason when the stored address itself is refused. */
export const SAVED_UNUSED = ' (the saved address is not used)';

export function pairView(store: SettingsStore, pair: PairName): PairView {
  const form = readForm(store);
  const raw = storedPair(store, pair);
  const stored = validStored(pair, raw);
  const urlForm = form[pair + '.url'];
  const tokenForm = form[pair + '.token'];
  const pendingUrl = urlForm && urlForm.pending;
  const pendingToken = tokenForm && tokenForm.pending;
  const url = urlForm && urlForm.text !== undefined ? urlForm.text : pendingUrl || (stored.url !== null ? stored.url : raw ? raw.url : '');
  let urlError = urlForm && urlForm.error ? urlForm.error : null;
  let urlMsg = urlError ? (urlForm.msg || [urlError]) : null;
  let savedUnused = false;
  if (!urlError && raw && raw.url && stored.url === null) {
    const c = checkUrl(pair, raw.url);
    if (!c.ok) {
      urlError = c.error + SAVED_UNUSED;
      urlMsg = c.msg;
      savedUnused = true;
    }
  }
  const shownUrlCheck = url ? checkUrl(pair, url) : null;
  const urlWarning = !urlError && shownUrlCheck && shownUrlCheck.ok ? shownUrlCheck.warning : null;
  let tokenError = tokenForm && tokenForm.error ? tokenForm.error : null;
  let tokenMsg = tokenError ? (tokenForm.msg || [tokenError]) : null;
  if (!tokenError && raw && raw.token && stored.token === null) {
    tokenError = TOKEN_STALE;
    tokenMsg = [tokenError];
  }
  const tokenSaved = stored.token !== null || !!pendingToken;
  let hint: string | null = null;
  if (pendingUrl && !tokenSaved) hint = HINT_TOKEN;
  else if (pendingToken && stored.url === null && !pendingUrl) hint = HINT_ADDRESS;
  return { url, urlError, urlMsg, savedUnused, urlWarning, tokenSaved, tokenError, tokenMsg, hint, configured: stored.url !== null && stored.token !== null };
}

export const LOP_RANGE = 'LOP must be a whole number of mmHg from 30 to 400';

/** The LOP field of a cuff: a whole number of mmHg, 30-400; a bad one is kept with a message. */
export function editLop(store: SettingsStore, cuffId: string, text: string, now: () => number): { stored: boolean; error: string | null } {
  const form = readForm(store);
  const key = 'lop.' + cuffId;
  const lop = parseLopInput(text);
  if (lop === null) {
    form[key] = { text: String(text).slice(0, 40), error: LOP_RANGE };
    writeForm(store, form);
    return { stored: false, error: form[key].error as string };
  }
  const config = new PhoneConfig(store, now);
  if (!config.saveLop(cuffId, lop)) return { stored: false, error: 'no cuff ' + cuffId };
  delete form[key];
  writeForm(store, form);
  return { stored: true, error: null };
}

/** The age for the heart-rate ceiling (asked once): a whole number of years, 18-100; empty clears it. */
export function editAge(store: SettingsStore, text: string, now: () => number): { stored: boolean; error: string | null } {
  const form = readForm(store);
  const trimmed = String(text).trim();
  const age = trimmed === '' ? null : Number(trimmed);
  if (age !== null && !(Number.isInteger(age) && age >= HR_AGE_MIN && age <= HR_AGE_MAX)) {
    form.age = { text: String(text).slice(0, 40), error: 'Age must be a whole number of years from ' + HR_AGE_MIN + ' to ' + HR_AGE_MAX };
    writeForm(store, form);
    return { stored: false, error: form.age.error as string };
  }
  const config = new PhoneConfig(store, now);
  const current = config.heartRate();
  config.saveHeartRate({ ageYears: age, ceilingAllPrograms: current ? current.ceilingAllPrograms : false });
  delete form.age;
  writeForm(store, form);
  return { stored: true, error: null };
}

/** The heart-rate ceiling for every program (a Toggle); the guided routine watches it anyway. */
export function editCeilingAllPrograms(store: SettingsStore, on: boolean, now: () => number): void {
  const config = new PhoneConfig(store, now);
  const current = config.heartRate();
  config.saveHeartRate({ ageYears: current ? current.ageYears : null, ceilingAllPrograms: on === true });
}

/** What the heart-rate section shows. */
export interface HeartRateView {
  age: string;
  ageText: string | null;
  ageError: string | null;
  ceilingAllPrograms: boolean;
  /** "135 bpm (age 70)", or the default's when no age is given (English: logs and tests). */
  ceiling: string;
  /** The same as numbers, for the page to say in the trainee's language. */
  ageYears: number | null;
  ceilingBpm: number;
  defaultAge: number;
}

function heartRateView(config: PhoneConfig, form: FormState): HeartRateView {
  const hr = config.heartRate();
  const age = hr ? hr.ageYears : null;
  const f = form.age;
  return {
    age: age === null ? 'not given' : String(age),
    ageText: f && f.text !== undefined ? f.text : null,
    ageError: f && f.error ? f.error : null,
    ceilingAllPrograms: !!hr && hr.ceilingAllPrograms,
    ceiling: heartRateCeilingBpm(age) + ' bpm (' + (age === null ? 'age not given: assumes ' + HR_DEFAULT_AGE : 'age ' + age) + ')',
    ageYears: age,
    ceilingBpm: heartRateCeilingBpm(age),
    defaultAge: HR_DEFAULT_AGE,
  };
}

/** The cuff width (a Slider, so always a whole number in range). */
export function editCuffWidth(store: SettingsStore, cuffId: string, widthCm: number, now: () => number): boolean {
  const config = new PhoneConfig(store, now);
  const cuffs = config.cuffs();
  const cuff = cuffs.find((c) => c.cuffId === cuffId);
  const w = Math.round(Number(widthCm));
  if (!cuff || !(w >= 3 && w <= 30)) return false;
  if (cuff.widthCm === w) return true;
  cuff.widthCm = w;
  config.saveCuffs(cuffs);
  return true;
}

export interface SettingsViewModel {
  controllerUrl: string;
  controllerToken: string;
  controller: PairView;
  /** The side service's last word on the controller link, for the page. */
  controllerStatus: string;
  upload: PairView;
  cuffs: Array<{ cuffId: string; limb: string; widthCm: number; lop: string; lopText: string | null; lopError: string | null }>;
  screening: 'not answered' | 'clear' | 'cuffs refused';
  heartRate: HeartRateView;
  sessions: SessionLine[];
  exportFormat: 'csv' | 'json';
  problems: string[];
}

/** The store as the page may read it for sessions: the inbox must not rewrite its index from here. */
function readOnly(store: SettingsStore): SettingsStore {
  const out: SettingsStore = { getItem: (k) => store.getItem(k), setItem: () => undefined, removeItem: () => undefined };
  if (store.keys) out.keys = () => (store.keys as () => string[])();
  return out;
}

function controllerStatus(store: SettingsStore): string {
  const raw = store.getItem(CONTROLLER_STATUS_KEY);
  if (!raw) return 'not connected yet';
  const parsed = safeParse(raw, 4096);
  if (!parsed.ok || !parsed.value || typeof parsed.value !== 'object') return 'unknown';
  const v = parsed.value as { state?: unknown; detail?: unknown };
  const state = typeof v.state === 'string' ? v.state : 'unknown';
  return state + (typeof v.detail === 'string' && v.detail && state !== 'connected' ? ' (' + v.detail.slice(0, 100) + ')' : '');
}

/** Session lines already drawn, by index entry (id, revision, size, arrival, synced). */
const lineCache: { [key: string]: SessionLine } = Object.create(null);
const lineCacheKeys: string[] = [];

export function settingsViewModel(store: SettingsStore, now: () => number): SettingsViewModel {
  const config = new PhoneConfig(store, now);
  const controller = config.controller();
  const screening = config.screening();
  const inbox = createSessionInbox(readOnly(store), { now });
  const sessions: SessionLine[] = [];
  for (const entry of inbox.list().slice(0, 20)) {
    // The page redraws on every storage write: parse a record only when it changed.
    const synced = entry.uploaded || entry.exported;
    const key = entry.id + '|' + entry.rev + '|' + entry.bytes + '|' + entry.receivedAtMs + '|' + synced;
    let line = Object.prototype.hasOwnProperty.call(lineCache, key) ? lineCache[key] : undefined;
    if (!line) {
      const record = inbox.get(entry.id);
      if (!record) continue;
      line = sessionLine(record, synced);
      if (lineCacheKeys.push(key) > 64) delete lineCache[lineCacheKeys.shift() as string];
      lineCache[key] = line;
    }
    sessions.push(line);
  }
  const form = readForm(store);
  const format = store.getItem(EXPORT_FORMAT_KEY);
  return {
    controllerUrl: controller ? controller.url : '',
    controllerToken: controller ? controller.token : '',
    controller: pairView(store, 'controller'),
    controllerStatus: controllerStatus(store),
    upload: pairView(store, 'upload'),
    cuffs: config.cuffs().map((c) => {
      const f = form['lop.' + c.cuffId];
      return {
        cuffId: c.cuffId, limb: c.limb, widthCm: c.widthCm, lop: c.lopMmHg === null ? 'not measured' : Math.round(c.lopMmHg) + ' mmHg',
        lopText: f && f.text !== undefined ? f.text : null, lopError: f && f.error ? f.error : null,
      };
    }),
    screening: !screening ? 'not answered' : Object.values(screening.answers).some((a) => a) ? 'cuffs refused' : 'clear',
    heartRate: heartRateView(config, form),
    sessions,
    exportFormat: format === 'json' ? 'json' : 'csv',
    problems: config.problems.map((p) => p.key + ': ' + p.error).concat(inbox.problems()).slice(-5),
  };
}

/** Parses what the user typed as a LOP: a whole number of mmHg within the schema's range. */
export function parseLopInput(text: string): number | null {
  const n = Number(String(text).trim());
  return Number.isInteger(n) && n >= 30 && n <= 400 ? n : null;
}
