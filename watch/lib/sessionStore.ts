// Everything the watch keeps: finished and in-progress session records (the outbox until the
// phone acknowledges them), the running session's engine state for a relaunch, screening
// answers, settings from the phone and the last program used. Every read is parsed with its
// schema; a corrupt entry is skipped, logged and counted, and never takes the others down.
import { parseSessionRecord, type SessionRecord } from '../../shared/protocol/sessionRecord';
import { parseScreeningAnswers, type ScreeningAnswers } from '../../shared/protocol/screening';
import { parseSettingsSync, type SettingsSync } from '../../shared/protocol/settings';
import { planRetention, type StoredSessionEntry } from '../../shared/store/retention';

export interface KeyValue {
  getItem(key: string, defaultValue?: unknown): unknown;
  setItem(key: string, value: unknown): void;
  removeItem(key: string): void;
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
      this.kv.setItem(key, JSON.stringify(value));
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
    const text = JSON.stringify(record);
    const entries = this.index().filter((e) => e.id !== record.id);
    const plan = planRetention(entries, STORE_LIMITS, text.length);
    // Make what room we may (synced sessions only); even over a cap, the record itself is
    // still written while the flash has space.
    for (const id of plan.evict) this.kv.removeItem(KEY.record(id));
    const kept = entries.filter((e) => plan.evict.indexOf(e.id) < 0);
    if (this.diskFreeBytes() - text.length < DISK_RESERVE_BYTES / 4) {
      return { ok: false, error: 'watch storage full' };
    }
    try {
      this.kv.setItem(KEY.record(record.id), text);
    } catch (e) {
      this.problems.push({ key: KEY.record(record.id), error: 'write failed: ' + String(e) });
      return { ok: false, error: 'watch storage full' };
    }
    kept.push({ id: record.id, startedAtMs: record.startedAtMs, synced: false, bytes: text.length });
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
