// Stale pressure: while a cuff is inflated we must keep seeing it. No reading for 5 s: warn;
// 15 s: deflate request. Counted from the later of the last reading and the inflate command,
// so a fresh inflation gets the full grace period.
import { STALE_DEFLATE_MS, STALE_WARN_MS } from './limits';

export type Staleness = 'fresh' | 'warn' | 'deflate';

export function pressureStaleness(lastReadingAtMs: number | null, inflatedSinceMs: number | null, nowMs: number): Staleness {
  if (inflatedSinceMs === null) return 'fresh';
  const since = lastReadingAtMs === null ? inflatedSinceMs : Math.max(lastReadingAtMs, inflatedSinceMs);
  const age = nowMs - since;
  if (age >= STALE_DEFLATE_MS) return 'deflate';
  if (age >= STALE_WARN_MS) return 'warn';
  return 'fresh';
}
