// Session inbox: the phone's copy of every session the watch pushes. It stores a record before
// it acknowledges it (DESIGN.md, "Data that must never be lost"): the ack with stored: true is
// what lets the watch delete its copy, so an ack never goes out for something not written.
//
// Storage layout in settings storage (strings only):
//   session:<id>     the SessionRecord as JSON, one key per session (keeps each value small)
//   sessions:index   JSON array of InboxEntry, one per stored session
// Write order is record first, then index. A crash between the two leaves a record the index
// does not know: on load it is re-indexed (when the store can list its keys), and in any case
// the watch never got an ack, so it pushes the record again. Nothing stored is trusted: an
// index entry whose record is missing or corrupt is skipped with a logged reason. Load is kept
// cheap (the side service starts often, and 100 full records are ~4 MB of JSON): a record whose
// length matches the index is taken as written; any other is parsed with the schema there and
// then; every record is parsed with the schema again whenever it is read (get, receive).
//
// A push is checked with the record schema's cross-field rules (times ordered, phases in order
// and within the session, set numbers unique, in-band <= pressure time, counts bounded); a
// stored record is read with the per-field rules only, so records kept before those rules
// existed still load.
//
// The ack says stored: true only when the pushed content is in storage, written now or already
// there. A push under an id that is already stored is handled by this rule (always logged):
//   same content                               duplicate: nothing written, acked
//   same session (same startedAtMs and
//   programId), at least as far along          replaces the stored one (rev + 1), acked
//   an in-progress state of a session whose
//   finished record is stored                  superseded: not written, acked stored: false
//                                              ("superseded"); the watch keeps pushing its
//                                              current (finished) state, which is stored
//   anything else (an older finished state,
//   another session reusing the id)            kept beside the stored one as a conflict copy
//                                              under "<id>.cN" (index entry conflictOf: <id>),
//                                              acked; the same conflicting content again is a
//                                              duplicate of that copy
// Ids are only ever compared or used as keys of prototype-free maps: "__proto__",
// "constructor" and "toString" are ordinary ids. Nothing read from storage is stringified
// without the depth and size guard (./safeJson).
import * as z from 'zod/mini';
import { epochMs, identifier, intIn } from '../shared/protocol/common';
import {
  parseSessionRecord, SESSION_STATUSES, SessionRecord,
} from '../shared/protocol/sessionRecord';
import { parseSessionPush, SESSION_SYNC_VERSION, SessionAck } from '../shared/protocol/sessionSync';
import type { SettingsStore } from './settingsStore';
import { preview, safeParse, safeStringify } from './safeJson';

export const SESSION_KEY_PREFIX = 'session:';
export const SESSION_INDEX_KEY = 'sessions:index';
export const DEFAULT_MAX_SESSIONS = 100;
/** The ack's error field holds at most 200 characters. */
const MAX_ACK_ERROR = 200;
const MAX_PROBLEMS_KEPT = 50;
/** Conflict copies kept per session id; beyond this a conflicting push is refused. */
export const MAX_CONFLICT_COPIES = 20;
/** Largest record JSON the inbox writes or reads back (a full record is ~40 KB). */
export const MAX_RECORD_CHARS = 512 * 1024;
/** Largest index JSON read back (100 entries are ~25 KB). */
const MAX_INDEX_CHARS = 2 * 1024 * 1024;

export function sessionKey(id: string): string {
  return SESSION_KEY_PREFIX + id;
}

const inboxEntrySchema = z.object({
  id: identifier,
  startedAtMs: epochMs,
  programId: identifier,
  status: z.enum(SESSION_STATUSES),
  /** Acknowledged by the user's upload endpoint. */
  uploaded: z.boolean(),
  /** Handed to the user as a file (CSV / JSON / FIT). */
  exported: z.boolean(),
  /** Bumped each time a newer state of the same session replaces the stored one. */
  rev: intIn(0, 1000000),
  receivedAtMs: epochMs,
  /** Length of the stored record JSON, so load can spot a damaged record without parsing it. */
  bytes: z.optional(intIn(0, 100000000)),
  /** For a conflict copy: the id it arrived under (the stored session it conflicted with). */
  conflictOf: z.optional(identifier),
});
export type InboxEntry = z.infer<typeof inboxEntrySchema>;

/** Uploaded or exported: a copy exists outside this phone, so the inbox may evict it. */
export function isSynced(entry: InboxEntry): boolean {
  return entry.uploaded || entry.exported;
}

export type RejectionReason = 'invalidMessage' | 'invalidRecord' | 'storageFull' | 'storageError' | 'superseded' | 'tooManyConflicts';

export interface InboxStats {
  sessions: number;
  unsynced: number;
  /** Pushes received (valid or not). */
  received: number;
  /** New sessions written. */
  stored: number;
  /** Stored sessions replaced by a newer state of the same session. */
  replaced: number;
  /** Pushes of a session already stored with the same content. */
  duplicates: number;
  /** In-progress pushes of a session whose finished record is stored (not written, not acked as stored). */
  stale: number;
  /** Conflicting pushes kept beside the stored session as a copy. */
  conflicts: number;
  /** Synced sessions removed to make room. */
  evicted: number;
  rejections: Record<RejectionReason, number>;
  /** Index entries dropped on load because their record was missing or corrupt. */
  skippedOnLoad: number;
  /** Records found in storage but missing from the index, added back on load. */
  reindexed: number;
}

export interface SessionInboxOptions {
  /** Keep at most this many sessions; beyond it, the oldest synced ones are evicted. */
  maxSessions?: number;
  now?: () => number;
  log?: (line: string) => void;
}

export interface SessionInbox {
  /** Handle a sessionPush from the watch; the ack says stored: true only once the record is written. */
  receive(push: unknown): SessionAck;
  /** Stored sessions, newest first. */
  list(): InboxEntry[];
  /** The stored record, or null when absent or unreadable. */
  get(id: string): SessionRecord | null;
  /** Record that the upload endpoint acknowledged this session. With rev, only if still that revision. */
  markUploaded(id: string, rev?: number): boolean;
  /** Record that the user exported this session to a file. */
  markExported(id: string, rev?: number): boolean;
  remove(id: string): boolean;
  count(): number;
  stats(): InboxStats;
  /** Recent problems (skipped records, failed writes), oldest first. */
  problems(): string[];
  /** Forget the cached index and read storage again (e.g. after the Settings App changed it). */
  reload(): void;
}

class StorageWriteError extends Error {
  constructor(readonly full: boolean, message: string) {
    super(message);
  }
}

/** Settings storage reports a full budget only through its error message. */
function looksFull(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /full|quota|exceed|no space|too large|limit/i.test(message);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * How far along a state of one session is, compared lexicographically: finished beats in
 * progress; then the latest moment the record knows of (end, or the last phase start/end); then
 * an RPE rating (asked after the end); then how many alarms it holds. Counts are left out: the
 * user may correct them downwards. Equal progress with different content counts as newer (the
 * watch sends its current state, one push at a time), so the last push wins. Used only between
 * states of the same session (same start and program); an earlier state never overwrites a
 * later one, and is never dropped with an ack either (see the rule at the top).
 */
function progressOf(record: SessionRecord): number[] {
  let latest = record.startedAtMs;
  for (const phase of record.phases) {
    if (phase.actualStartMs !== null && phase.actualStartMs > latest) latest = phase.actualStartMs;
    if (phase.actualEndMs !== null && phase.actualEndMs > latest) latest = phase.actualEndMs;
  }
  if (record.endedAtMs !== null && record.endedAtMs > latest) latest = record.endedAtMs;
  return [
    record.status === 'inProgress' ? 0 : 1,
    latest,
    record.rpe === null ? 0 : 1,
    record.alarms.length + record.alarmsDropped,
  ];
}

function compareProgress(a: SessionRecord, b: SessionRecord): number {
  const pa = progressOf(a);
  const pb = progressOf(b);
  for (let i = 0; i < pa.length; i++) if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  return 0;
}

function guessId(push: unknown): string {
  const record = push && typeof push === 'object' ? (push as { record?: unknown }).record : undefined;
  const id = record && typeof record === 'object' ? (record as { id?: unknown }).id : undefined;
  return typeof id === 'string' && z.safeParse(identifier, id).success ? id : 'unknown';
}

function ack(id: string, stored: boolean, error?: string): SessionAck {
  const out: SessionAck = { v: SESSION_SYNC_VERSION, kind: 'sessionAck', id, stored };
  if (error !== undefined) out.error = error.length > MAX_ACK_ERROR ? error.slice(0, MAX_ACK_ERROR - 3) + '...' : error;
  return out;
}

function entryFor(record: SessionRecord, receivedAtMs: number, rev: number, bytes: number, conflictOf?: string): InboxEntry {
  const entry: InboxEntry = {
    id: record.id, startedAtMs: record.startedAtMs, programId: record.programId, status: record.status,
    uploaded: false, exported: false, rev, receivedAtMs, bytes,
  };
  if (conflictOf !== undefined) entry.conflictOf = conflictOf;
  return entry;
}

/** Same session: the watch pushes one session under one id, and its start and program never change. */
function sameSession(a: SessionRecord, b: SessionRecord): boolean {
  return a.startedAtMs === b.startedAtMs && a.programId === b.programId;
}

/** A set of ids with no prototype behind it, so "__proto__" or "toString" is just an id. */
function idSet(): { has(id: string): boolean; add(id: string): void } {
  const map: { [id: string]: true } = Object.create(null);
  return {
    has: (id) => Object.prototype.hasOwnProperty.call(map, id),
    add: (id) => { map[id] = true; },
  };
}

/** Candidate id for the n-th conflict copy of `id` (still a valid identifier, <= 64 chars). */
function conflictId(id: string, n: number): string {
  const suffix = '.c' + n;
  return id.slice(0, 64 - suffix.length) + suffix;
}

export function createSessionInbox(store: SettingsStore, options: SessionInboxOptions = {}): SessionInbox {
  const maxSessions = Math.max(1, options.maxSessions ?? DEFAULT_MAX_SESSIONS);
  const now = options.now || (() => Date.now());
  const log = options.log || (() => undefined);

  let entries: InboxEntry[] | null = null;
  const recentProblems: string[] = [];
  const counters: Omit<InboxStats, 'sessions' | 'unsynced' | 'rejections'> = {
    received: 0, stored: 0, replaced: 0, duplicates: 0, stale: 0, conflicts: 0, evicted: 0, skippedOnLoad: 0, reindexed: 0,
  };
  const rejections: Record<RejectionReason, number> = {
    invalidMessage: 0, invalidRecord: 0, storageFull: 0, storageError: 0, superseded: 0, tooManyConflicts: 0,
  };

  function problem(line: string): void {
    recentProblems.push(line);
    if (recentProblems.length > MAX_PROBLEMS_KEPT) recentProblems.shift();
    log('sessionInbox: ' + line);
  }

  function readRaw(id: string): { raw: string } | { reason: string } {
    let raw: string | null | undefined;
    try {
      raw = store.getItem(sessionKey(id));
    } catch (error) {
      return { reason: 'record unreadable (' + errorText(error) + ')' };
    }
    if (raw === null || raw === undefined) return { reason: 'record missing' };
    return { raw };
  }

  /** Read and validate one stored record; the reason when it cannot be used. */
  function readRecord(id: string, known?: string): { record: SessionRecord; bytes: number } | { reason: string } {
    let raw = known;
    if (raw === undefined) {
      const got = readRaw(id);
      if ('reason' in got) return got;
      raw = got.raw;
    }
    const json = safeParse(raw, MAX_RECORD_CHARS);
    if (!json.ok) return { reason: 'record is ' + json.reason };
    const parsed = parseSessionRecord(json.value);
    if (!parsed.ok) return { reason: 'record corrupt: ' + parsed.error };
    if (parsed.value.id !== id) return { reason: 'record holds id ' + parsed.value.id };
    return { record: parsed.value, bytes: raw.length };
  }

  function readIndex(): unknown[] {
    let raw: string | null | undefined;
    try {
      raw = store.getItem(SESSION_INDEX_KEY);
    } catch (error) {
      problem('index unreadable (' + errorText(error) + ')');
      return [];
    }
    if (raw === null || raw === undefined) return [];
    const json = safeParse(raw, MAX_INDEX_CHARS);
    if (!json.ok) problem('index ' + json.reason + '; rebuilding it from the stored records');
    else if (Array.isArray(json.value)) return json.value;
    else problem('index is not a list; rebuilding it from the stored records');
    return [];
  }

  function load(): InboxEntry[] {
    const loaded: InboxEntry[] = [];
    const seen = idSet();
    let changed = false;
    for (const item of readIndex()) {
      const parsed = z.safeParse(inboxEntrySchema, item);
      if (!parsed.success) {
        problem('index entry skipped: ' + preview(item));
        counters.skippedOnLoad++;
        changed = true;
        continue;
      }
      const entry = parsed.data;
      if (seen.has(entry.id)) {
        changed = true;
        continue;
      }
      const raw = readRaw(entry.id);
      if ('raw' in raw && entry.bytes === raw.raw.length) {
        seen.add(entry.id);
        loaded.push(entry);
        continue;
      }
      const read = 'raw' in raw ? readRecord(entry.id, raw.raw) : raw;
      if ('reason' in read) {
        problem('session ' + entry.id + ' skipped: ' + read.reason);
        counters.skippedOnLoad++;
        changed = true;
        continue;
      }
      seen.add(entry.id);
      // The record is the truth; the index only adds sync flags and bookkeeping.
      const r = read.record;
      loaded.push({ ...entry, startedAtMs: r.startedAtMs, programId: r.programId, status: r.status, bytes: read.bytes });
      changed = true;
    }
    if (store.keys) {
      let keys: string[] = [];
      try {
        keys = store.keys();
      } catch (error) {
        problem('cannot list storage keys (' + errorText(error) + ')');
      }
      for (const key of keys) {
        if (key.indexOf(SESSION_KEY_PREFIX) !== 0) continue;
        const id = key.slice(SESSION_KEY_PREFIX.length);
        if (seen.has(id)) continue;
        const read = readRecord(id);
        if ('reason' in read) {
          problem('unindexed key ' + key.slice(0, 80) + ' skipped: ' + read.reason);
          continue;
        }
        seen.add(id);
        // Not known to be uploaded or exported, so unsynced: it will never be evicted unseen.
        loaded.push(entryFor(read.record, now(), 0, read.bytes));
        counters.reindexed++;
        changed = true;
        problem('session ' + id + ' was missing from the index; re-indexed');
      }
    }
    if (changed) {
      try {
        store.setItem(SESSION_INDEX_KEY, JSON.stringify(loaded));
      } catch (error) {
        problem('could not rewrite the index after load (' + errorText(error) + ')');
      }
    }
    return loaded;
  }

  function current(): InboxEntry[] {
    if (!entries) entries = load();
    return entries;
  }

  function writeIndex(list: InboxEntry[]): void {
    store.setItem(SESSION_INDEX_KEY, JSON.stringify(list));
  }

  /** Oldest (by session start) synced entry other than `keepId`, or -1. */
  function oldestSyncedIndex(list: InboxEntry[], keepId: string): number {
    let best = -1;
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      if (e.id === keepId || !isSynced(e)) continue;
      if (best < 0 || e.startedAtMs < list[best].startedAtMs) best = i;
    }
    return best;
  }

  /**
   * Remove the oldest synced session (record key now, index entry from `list`; the caller
   * writes the index). False when nothing may be evicted.
   */
  function evictOne(list: InboxEntry[], keepId: string): boolean {
    const i = oldestSyncedIndex(list, keepId);
    if (i < 0) return false;
    const victim = list[i];
    try {
      store.removeItem(sessionKey(victim.id));
    } catch (error) {
      problem('could not remove session ' + victim.id + ' (' + errorText(error) + ')');
      return false;
    }
    list.splice(i, 1);
    counters.evicted++;
    log('sessionInbox: evicted synced session ' + victim.id + ' to make room');
    return true;
  }

  /** setItem, evicting synced sessions (never keepId) while the store says it is full. */
  function writeMakingRoom(key: string, value: string, list: InboxEntry[], keepId: string): void {
    for (;;) {
      try {
        store.setItem(key, value);
        return;
      } catch (error) {
        if (!looksFull(error)) throw new StorageWriteError(false, 'phone storage write failed: ' + errorText(error));
        if (!evictOne(list, keepId)) throw new StorageWriteError(true, 'phone storage full');
      }
    }
  }

  function rejectStorage(id: string, error: unknown): SessionAck {
    const full = error instanceof StorageWriteError ? error.full : looksFull(error);
    const message = error instanceof StorageWriteError ? error.message : (full ? 'phone storage full' : 'phone storage write failed: ' + errorText(error));
    rejections[full ? 'storageFull' : 'storageError']++;
    problem('session ' + id + ' not stored: ' + message);
    return ack(id, false, message);
  }

  /** Store a session the index does not have; the ack is for `ackId` (the pushed id). */
  function storeNew(record: SessionRecord, json: string, ackId = record.id, conflictOf?: string): SessionAck {
    const list = current().slice();
    const id = record.id;
    // Make room by count first: keep the newest N, evicting only synced sessions.
    while (list.length >= maxSessions) {
      if (!evictOne(list, id)) {
        // Evictions so far are real (their keys are gone): persist the shorter index.
        if (list.length !== current().length) {
          try { writeIndex(list); entries = list; } catch (error) { problem('index write failed (' + errorText(error) + ')'); }
        }
        rejections.storageFull++;
        problem('session ' + id + ' not stored: ' + maxSessions + ' unsynced sessions already kept');
        return ack(ackId, false, 'phone storage full');
      }
    }
    try {
      writeMakingRoom(sessionKey(id), json, list, id);
    } catch (error) {
      if (list.length !== current().length) {
        try { writeIndex(list); entries = list; } catch (e) { problem('index write failed (' + errorText(e) + ')'); }
      }
      return rejectStorage(ackId, error);
    }
    const withNew = list.concat([entryFor(record, now(), 0, json.length, conflictOf)]);
    try {
      writeMakingRoom(SESSION_INDEX_KEY, JSON.stringify(withNew), withNew, id);
    } catch (error) {
      // Undo the record write so storage matches what we acknowledge (nothing).
      try { store.removeItem(sessionKey(id)); } catch { /* re-indexed on load at worst */ }
      const without = withNew.filter((e) => e.id !== id);
      try { writeIndex(without); entries = without; } catch { entries = null; }
      return rejectStorage(ackId, error);
    }
    entries = withNew;
    counters.stored++;
    return ack(ackId, true);
  }

  /**
   * Keep a conflicting push beside the stored session: under the first free "<id>.cN", unless
   * a copy with the same content is already kept (then it is a duplicate of that copy).
   */
  function keepBeside(record: SessionRecord, why: string): SessionAck {
    const id = record.id;
    const list = current();
    const taken = idSet();
    for (const e of list) taken.add(e.id);
    for (const e of list) {
      if (e.conflictOf !== id) continue;
      // A copy is stored as exactly this text, so comparing text is enough (no parse).
      const kept = readRaw(e.id);
      if (!('raw' in kept) || kept.raw !== safeStringify({ ...record, id: e.id }, { maxChars: MAX_RECORD_CHARS })) continue;
      {
        counters.duplicates++;
        log('sessionInbox: session ' + id + ': conflicting push already kept as ' + e.id);
        return ack(id, true);
      }
    }
    let copyId = '';
    for (let n = 1; n <= MAX_CONFLICT_COPIES; n++) {
      const candidate = conflictId(id, n);
      if (!taken.has(candidate)) {
        copyId = candidate;
        break;
      }
    }
    if (!copyId) {
      rejections.tooManyConflicts++;
      problem('session ' + id + ' not stored: ' + why + ', and ' + MAX_CONFLICT_COPIES + ' conflict copies are already kept');
      return ack(id, false, 'conflicts with the stored session ' + id + ' (' + MAX_CONFLICT_COPIES + ' copies already kept)');
    }
    const copy: SessionRecord = { ...record, id: copyId };
    const json = safeStringify(copy, { maxChars: MAX_RECORD_CHARS });
    if (json === null) {
      rejections.invalidRecord++;
      problem('session ' + id + ' not stored: record too large');
      return ack(id, false, 'record too large');
    }
    const result = storeNew(copy, json, id, id);
    if (result.stored) {
      counters.conflicts++;
      problem('session ' + id + ': ' + why + '; kept beside it as ' + copyId);
    }
    return result;
  }

  function storeReplacement(entry: InboxEntry, record: SessionRecord, json: string): SessionAck {
    const id = record.id;
    let list = current().slice();
    // The new content has not been uploaded or exported. Clear the flags in the index before
    // the record changes, so a crash can never leave new content marked as synced (evictable).
    if (isSynced(entry)) {
      const cleared = list.map((e) => (e.id === id ? { ...e, uploaded: false, exported: false } : e));
      try {
        writeMakingRoom(SESSION_INDEX_KEY, JSON.stringify(cleared), cleared, id);
      } catch (error) {
        return rejectStorage(id, error);
      }
      list = cleared;
      entries = list;
    }
    try {
      writeMakingRoom(sessionKey(id), json, list, id);
    } catch (error) {
      entries = list;
      return rejectStorage(id, error);
    }
    const updated = list.map((e) => (e.id === id ? entryFor(record, now(), e.rev + 1, json.length, e.conflictOf) : e));
    entries = updated;
    counters.replaced++;
    try {
      writeMakingRoom(SESSION_INDEX_KEY, JSON.stringify(updated), updated, id);
      entries = updated;
      log('sessionInbox: session ' + id + ' replaced by a newer state (rev ' + (entry.rev + 1) + ')');
    } catch (error) {
      // The record itself is stored; the index's status is refreshed from it on the next load.
      problem('index write after replacing ' + id + ' failed (' + errorText(error) + ')');
    }
    return ack(id, true);
  }

  function receive(push: unknown): SessionAck {
    counters.received++;
    const parsed = parseSessionPush(push);
    if (!parsed.ok) {
      const reason: RejectionReason = parsed.fields.some((f) => f.indexOf('record.') === 0) ? 'invalidRecord' : 'invalidMessage';
      rejections[reason]++;
      problem('push rejected: ' + parsed.error);
      return ack(guessId(push), false, parsed.error);
    }
    const record = parsed.value.record;
    const json = safeStringify(record, { maxChars: MAX_RECORD_CHARS });
    if (json === null) {
      rejections.invalidRecord++;
      problem('push rejected: record ' + record.id + ' too large to store');
      return ack(record.id, false, 'record too large');
    }
    const existing = current().find((e) => e.id === record.id);
    if (!existing) return storeNew(record, json);
    const stored = readRecord(record.id);
    if ('reason' in stored) {
      problem('stored session ' + record.id + ' unusable (' + stored.reason + '); overwriting with the pushed one');
      return storeReplacement(existing, record, json);
    }
    if (safeStringify(stored.record, { maxChars: MAX_RECORD_CHARS }) === json) {
      counters.duplicates++;
      return ack(record.id, true);
    }
    if (!sameSession(record, stored.record)) {
      return keepBeside(record, 'another session (started ' + record.startedAtMs + ', ' + record.programId + ') pushed under a stored id');
    }
    const order = compareProgress(record, stored.record);
    if (order >= 0) return storeReplacement(existing, record, json);
    if (record.status === 'inProgress' && stored.record.status !== 'inProgress') {
      counters.stale++;
      rejections.superseded++;
      log('sessionInbox: session ' + record.id + ': in-progress push superseded by the stored ' + stored.record.status + ' record; not written');
      return ack(record.id, false, 'superseded: the ' + stored.record.status + ' session is stored');
    }
    return keepBeside(record, 'an earlier state than the stored one');
  }

  function setFlag(id: string, flag: 'uploaded' | 'exported', rev?: number): boolean {
    const list = current();
    const entry = list.find((e) => e.id === id);
    if (!entry || (rev !== undefined && entry.rev !== rev)) return false;
    if (entry[flag]) return true;
    const updated = list.map((e) => (e.id === id ? { ...e, [flag]: true } : e));
    try {
      writeIndex(updated);
    } catch (error) {
      problem('could not mark ' + id + ' ' + flag + ' (' + errorText(error) + ')');
      return false;
    }
    entries = updated;
    return true;
  }

  return {
    receive,
    list() {
      return current().slice().sort((a, b) => b.startedAtMs - a.startedAtMs).map((e) => ({ ...e }));
    },
    get(id) {
      if (!current().some((e) => e.id === id)) return null;
      const read = readRecord(id);
      if ('reason' in read) {
        // Damaged since load: forget it as load would (the key stays; a new push overwrites it).
        problem('session ' + id + ' skipped: ' + read.reason);
        const remaining = current().filter((e) => e.id !== id);
        try { writeIndex(remaining); } catch (error) { problem('index write failed (' + errorText(error) + ')'); }
        entries = remaining;
        return null;
      }
      return read.record;
    },
    markUploaded(id, rev) {
      return setFlag(id, 'uploaded', rev);
    },
    markExported(id, rev) {
      return setFlag(id, 'exported', rev);
    },
    remove(id) {
      const list = current();
      if (!list.some((e) => e.id === id)) return false;
      const remaining = list.filter((e) => e.id !== id);
      try {
        store.removeItem(sessionKey(id));
        writeIndex(remaining);
      } catch (error) {
        problem('could not remove ' + id + ' (' + errorText(error) + ')');
        entries = null;
        return false;
      }
      entries = remaining;
      return true;
    },
    count() {
      return current().length;
    },
    stats() {
      const list = current();
      return {
        sessions: list.length,
        unsynced: list.filter((e) => !isSynced(e)).length,
        ...counters,
        rejections: { ...rejections },
      };
    },
    problems() {
      return recentProblems.slice();
    },
    reload() {
      entries = null;
    },
  };
}
