// Which stored sessions a device may delete to make room. Unsynced sessions are never chosen:
// a record leaves the watch only after the companion acknowledged it (DESIGN.md, "Data that
// must never be lost"). Synced ones go oldest first, until both caps hold again.

export interface StoredSessionEntry {
  id: string;
  startedAtMs: number;
  /** Acknowledged as stored by the companion. */
  synced: boolean;
  /** Size of the stored record in bytes (as written). */
  bytes: number;
}

export interface RetentionLimits {
  /** Most sessions kept (synced ones count toward it; unsynced are kept even past it). */
  maxSessions: number;
  /** Most bytes for all stored records together. */
  maxBytes: number;
}

export interface RetentionPlan {
  /** Ids to delete, oldest first. */
  evict: string[];
  /** Still over a limit after evicting everything allowed: only unsynced sessions remain. */
  overLimit: boolean;
}

/** Plans room for `incomingBytes` more (0 to just enforce the caps). */
export function planRetention(entries: ReadonlyArray<StoredSessionEntry>, limits: RetentionLimits, incomingBytes: number): RetentionPlan {
  let count = entries.length + (incomingBytes > 0 ? 1 : 0);
  let bytes = incomingBytes;
  for (let i = 0; i < entries.length; i++) bytes += entries[i].bytes;
  const synced = entries.filter((e) => e.synced).sort((a, b) => a.startedAtMs - b.startedAtMs);
  const evict: string[] = [];
  for (let i = 0; i < synced.length && (count > limits.maxSessions || bytes > limits.maxBytes); i++) {
    evict.push(synced[i].id);
    count--;
    bytes -= synced[i].bytes;
  }
  return { evict, overLimit: count > limits.maxSessions || bytes > limits.maxBytes };
}
