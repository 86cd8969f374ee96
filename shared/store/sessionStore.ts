// Everything a watch keeps, for both watch shells (Zepp over LocalStorage, Fitbit over files):
// finished and in-progress session records (the outbox until the phone acknowledges them), the
// running session's engine state for a relaunch, screening answers, settings from the phone and
// the last program used. Every read is parsed with its schema; a corrupt entry is skipped,
// logged and counted, and never takes the others down.
import { parseSessionRecord, type SessionRecord } from '../protocol/sessionRecord';
import { parseScreeningAnswers, type ScreeningAnswers } from '../protocol/screening';
import { parseSettingsSync, type SettingsSync } from '../protocol/settings';
import { planRetention, type StoredSessionEntry } from './retention';

export interface KeyValue {
  getItem(key: string, defaultValue?: unknown): unknown;
  setItem(key: string, value: unknown): void;
  removeItem(key: string): void;
  /**
   * Optional, both or neither: values kept as JSON by the storage itself (Fitbit's fs 'json'
   * encoding), so a large record or session state never exists as one JSON string in a small
   * JS heap. getJson returns undefined for a missing key and throws for unreadable data.
   */
  getJson?(key: string): unknown;
  setJson?(key: string, value: unknown): void;
}

/**
 * The length of JSON.stringify(value) without building it (for plain data: objects, arrays,
 * strings, finite numbers, booleans, null). The store's byte accounting uses it when the
 * storage writes the JSON itself.
 */
export function jsonLength(value: unknown): number {
  if (value === null) return 4;
  switch (typeof value) {
    case 'boolean': return value ? 4 : 5;
    case 'number': return isFinite(value) ? String(value).length : 4;
    case 'string': return quotedLength(value);
    case 'object': {
      if (Array.isArray(value)) {
        let n = 2 + Math.max(0, value.length - 1);
        for (let i = 0; i < value.length; i++) {
          const t = typeof value[i];
          n += t === 'undefined' || t === 'function' || t === 'symbol' ? 4 : jsonLength(value[i]);
        }
        return n;
      }
      let n = 2;
      let count = 0;
      const o = value as { [key: string]: unknown };
      for (const key in o) {
        if (!Object.prototype.hasOwnProperty.call(o, key)) continue;
        const t = typeof o[key];
        if (t === 'undefined' || t === 'function' || t === 'symbol') continue;
        n += quotedLength(key) + 1 + jsonLength(o[key]);
        count++;
      }
      return n + Math.max(0, count - 1);
    }
  }
  return 0;
}

function quotedLength(s: string): number {
  let n = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) n += 2;
    else if (c < 0x20) n += 6;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) n += 6; // a lone surrogate is written as \udxxx
    else n += 1;
  }
  return n;
}

const KEY = {
  index: 'bfr.sessions',
  record: (id: string) => 'bfr.session.' + id,
  active: 'bfr.active',
  screening: 'bfr.screening',
  settings: 'bfr.settings',
  lastProgram: 'bfr.lastProgram',
  options: 'bfr.options',
};

/** Where a record is kept (a Fitbit app sends the file of that name as it is). */
export function recordKey(id: string): string {
  return KEY.record(id);
}

export const STORE_LIMITS = { maxSessions: 40, maxBytes: 600 * 1024 };
/** Free flash to leave untouched for the system. */
export const DISK_RESERVE_BYTES = 256 * 1024;

export interface StoreProblem { key: string; error: string }

export interface WatchOptions { tempoCue: boolean }

export class SessionStore {
  /** Entries that failed to parse, by key, for the log and the tests. */
  readonly problems: StoreProblem[] = [];

  constructor(
    private readonly kv: KeyValue,
    private readonly diskFreeBytes: () => number,
  ) {}

  private readString(key: string): string | null {
    let v: unknown;
    try {
      v = this.kv.getItem(key);
    } catch (e) {
      this.problems.push({ key, error: 'unreadable: ' + String(e) });
      return null;
    }
    return typeof v === 'string' ? v : null;
  }

  private readJson(key: string): unknown {
    if (this.kv.getJson) {
      try {
        return this.kv.getJson(key);
      } catch (e) {
        this.problems.push({ key, error: 'not JSON' });
        return undefined;
      }
    }
    const s = this.readString(key);
    if (s === null) return undefined;
    try {
      return JSON.parse(s);
    } catch (e) {
      this.problems.push({ key, error: 'not JSON' });
      return undefined;
    }
  }

  private write(key: string, value: unknown): boolean {
    try {
      if (this.kv.setJson) this.kv.setJson(key, value);
      else this.kv.setItem(key, JSON.stringify(value));
      return true;
    } catch (e) {
      this.problems.push({ key, error: 'write failed: ' + String(e) });
      return false;
    }
  }

  index(): StoredSessionEntry[] {
    const raw = this.readJson(KEY.index);
    if (!Array.isArray(raw)) return [];
    const out: StoredSessionEntry[] = [];
    for (const e of raw) {
      if (e && typeof e.id === 'string' && typeof e.startedAtMs === 'number' && typeof e.synced === 'boolean' && typeof e.bytes === 'number') {
        out.push({ id: e.id, startedAtMs: e.startedAtMs, synced: e.synced, bytes: e.bytes });
      } else {
        this.problems.push({ key: KEY.index, error: 'bad index entry skipped' });
      }
    }
    return out;
  }

  /**
   * Writes a record (new or updated): the record first, then the index, so a crash between
   * the two leaves a record the next write re-indexes, never an index entry without data.
   */
  putRecord(record: SessionRecord): { ok: true } | { ok: false; error: string } {
    const json = !!this.kv.setJson;
    const text = json ? '' : JSON.stringify(record);
    const length = json ? jsonLength(record) : text.length;
    const entries = this.index().filter((e) => e.id !== record.id);
    const plan = planRetention(entries, STORE_LIMITS, length);
    // Make what room we may (synced sessions only); even over a cap, the record itself is
    // still written while the flash has space.
    for (const id of plan.evict) this.kv.removeItem(KEY.record(id));
    const kept = entries.filter((e) => plan.evict.indexOf(e.id) < 0);
    if (this.diskFreeBytes() - length < DISK_RESERVE_BYTES / 4) {
      return { ok: false, error: 'watch storage full' };
    }
    try {
      if (json) (this.kv.setJson as (key: string, value: unknown) => void)(KEY.record(record.id), record);
      else this.kv.setItem(KEY.record(record.id), text);
    } catch (e) {
      this.problems.push({ key: KEY.record(record.id), error: 'write failed: ' + String(e) });
      return { ok: false, error: 'watch storage full' };
    }
    kept.push({ id: record.id, startedAtMs: record.startedAtMs, synced: false, bytes: length });
    kept.sort((a, b) => a.startedAtMs - b.startedAtMs);
    if (!this.write(KEY.index, kept)) return { ok: false, error: 'watch storage full' };
    return { ok: true };
  }

  getRecord(id: string): SessionRecord | null {
    const raw = this.readJson(KEY.record(id));
    if (raw === undefined) return null;
    const parsed = parseSessionRecord(raw);
    if (!parsed.ok) {
      this.problems.push({ key: KEY.record(id), error: parsed.error });
      return null;
    }
    return parsed.value;
  }

  /** Records the phone has not acknowledged yet, oldest first (the outbox). */
  unsynced(): SessionRecord[] {
    const out: SessionRecord[] = [];
    for (const e of this.index()) {
      if (e.synced) continue;
      const r = this.getRecord(e.id);
      if (r) out.push(r);
    }
    return out;
  }

  markSynced(id: string): void {
    const entries = this.index();
    let changed = false;
    for (const e of entries) if (e.id === id && !e.synced) { e.synced = true; changed = true; }
    if (changed) this.write(KEY.index, entries);
  }

  /** Newest first, for the history screen. */
  history(): Array<StoredSessionEntry & { record: SessionRecord | null }> {
    return this.index()
      .slice()
      .sort((a, b) => b.startedAtMs - a.startedAtMs)
      .map((e) => ({ ...e, record: this.getRecord(e.id) }));
  }

  saveActive(state: unknown): boolean {
    return this.write(KEY.active, state);
  }

  loadActive(): unknown {
    return this.readJson(KEY.active);
  }

  clearActive(): void {
    this.kv.removeItem(KEY.active);
  }

  screening(): ScreeningAnswers | null {
    const raw = this.readJson(KEY.screening);
    if (raw === undefined) return null;
    const parsed = parseScreeningAnswers(raw);
    if (!parsed.ok) {
      this.problems.push({ key: KEY.screening, error: parsed.error });
      return null;
    }
    return parsed.value;
  }

  saveScreening(answers: ScreeningAnswers): boolean {
    return this.write(KEY.screening, answers);
  }

  settings(): SettingsSync | null {
    const raw = this.readJson(KEY.settings);
    if (raw === undefined) return null;
    const parsed = parseSettingsSync(raw);
    if (!parsed.ok) {
      this.problems.push({ key: KEY.settings, error: parsed.error });
      return null;
    }
    return parsed.value;
  }

  saveSettings(settings: SettingsSync): boolean {
    return this.write(KEY.settings, settings);
  }

  lastProgram(): string | null {
    const v = this.readJson(KEY.lastProgram);
    return typeof v === 'string' ? v : null;
  }

  saveLastProgram(id: string): void {
    this.write(KEY.lastProgram, id);
  }

  options(): WatchOptions {
    const v = this.readJson(KEY.options) as Partial<WatchOptions> | undefined;
    return { tempoCue: !(v && v.tempoCue === false) };
  }

  saveOptions(o: WatchOptions): void {
    this.write(KEY.options, o);
  }
}
