// The dead-man rule: if the watch has been silent (8 s) while any cuff is inflated, the
// phone deflates everything by itself and records why. The watch sends a heartbeat every 2 s
// during a cuff session; any request counts too. A trainee whose watch died, left the app or
// lost Bluetooth must not keep an inflated cuff on the limb.
import type { Timers } from './timers';

// 8 s, not 10: checks every 0.5 s plus the HTTP round trip still land deflate-all at the
// controller within 10 s of the watch's last message.
export const WATCH_SILENCE_LIMIT_MS = 8000;
export const DEAD_MAN_CHECK_MS = 500;

/** The decision, pure: deflate when inflated and the watch was last heard too long ago. */
export function watchSilentTooLong(lastHeardMs: number, nowMs: number, inflated: boolean, limitMs = WATCH_SILENCE_LIMIT_MS): boolean {
  return inflated && nowMs - lastHeardMs >= limitMs;
}

/**
 * Where the last time the watch was heard survives a restart of the side service (the phone
 * may stop and relaunch it): the silence is counted from the watch's last message, not from
 * the restart, so a cuff left up is still deflated in time.
 */
export interface LastHeardStore {
  load(): number | null;
  save(ms: number): void;
}

const SAVE_EVERY_MS = 1000;

export class DeadMan {
  private lastHeardMs: number;
  private lastSavedMs = -Infinity;
  private tripped = false;
  private timer: unknown = null;
  readonly counts = { trips: 0, failures: 0 };

  constructor(
    private readonly now: () => number,
    private readonly timers: Timers,
    private readonly inflated: () => boolean,
    private readonly deflateAll: (why: string) => Promise<void>,
    private readonly limitMs = WATCH_SILENCE_LIMIT_MS,
    private readonly persisted: LastHeardStore | null = null,
  ) {
    const saved = persisted ? persisted.load() : null;
    const t = now();
    this.lastHeardMs = saved !== null && saved <= t ? saved : t;
  }

  heard(): void {
    this.lastHeardMs = this.now();
    this.tripped = false;
    if (this.persisted && this.lastHeardMs - this.lastSavedMs >= SAVE_EVERY_MS) {
      this.lastSavedMs = this.lastHeardMs;
      try {
        this.persisted.save(this.lastHeardMs);
      } catch (e) {
        // Storage full: the in-memory time still guards this run.
      }
    }
  }

  check(): void {
    const now = this.now();
    if (this.tripped || !watchSilentTooLong(this.lastHeardMs, now, this.inflated(), this.limitMs)) return;
    this.tripped = true;
    this.counts.trips++;
    const silentS = Math.round((now - this.lastHeardMs) / 100) / 10;
    this.deflateAll('watch silent for ' + silentS + ' s while a cuff was inflated').then(
      () => undefined,
      () => {
        // Keep trying on the next check: the safety action must get through.
        this.counts.failures++;
        this.tripped = false;
      },
    );
  }

  start(): void {
    if (this.timer !== null) return;
    const loop = () => {
      this.check();
      this.timer = this.timers.set(loop, DEAD_MAN_CHECK_MS);
    };
    this.timer = this.timers.set(loop, DEAD_MAN_CHECK_MS);
  }

  stop(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }
}
