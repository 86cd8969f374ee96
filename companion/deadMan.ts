// The dead-man rule: if the watch has been silent while any cuff is inflated, the phone
// deflates everything by itself and records why. The watch sends a heartbeat every 2 s during
// a cuff session; any request counts too. A trainee whose watch died, left the app or lost
// Bluetooth must not keep an inflated cuff on the limb.
//
// The promise: the controller accepts deflate-all within 10 s of the watch's last message,
// even when the first try is lost, the controller refuses a few and answers slowly. Its worst
// case is a sum of the parts below (docs/ENGINE.md, "Dead-man"):
//
//   silence limit 5000 + check period 250 + one lost try 750 (the next try starts then, the
//   lost one is not waited for) + 4 refusals x (200 to answer + 100 gap) + an accepting
//   answer within 1000  =  8200 ms after the phone last heard the watch; + 800 ms for the
//   watch's last message to cross Bluetooth = 9000 ms, and 1000 ms to spare for late timers
//   and HTTP overhead on the phone.
//
// Tries are single (no client retries) with a 3 s timeout each; a try unanswered after 750 ms
// gets a parallel one (deflate-all is idempotent), a failed one is followed after 100 ms, at
// most 3 in flight. Until the watch speaks again or a try is accepted, it never stops trying.
import type { DeflateAllOptions } from './controllerClient';
import type { Timers } from './timers';

/**
 * Silence that trips the rule: at the watch's 2 s heartbeat, two heartbeats lost, or one lost
 * and the next more than 1 s late.
 */
export const WATCH_SILENCE_LIMIT_MS = 5000;
/** How often the silence is checked (the trip is at most this late). */
export const DEAD_MAN_CHECK_MS = 250;
/** Each deflate-all try is given up after this (it may still act at the controller). */
export const DEFLATE_TRY_TIMEOUT_MS = 3000;
/** A try with no answer after this gets another one in parallel. */
export const DEFLATE_HEDGE_MS = 750;
/** After a refused or failed try, the next one starts this much later ... */
export const DEFLATE_RETRY_GAP_MS = 100;
/** ... for the first tries; after that the gap doubles up to 2 s (a controller that is down). */
export const DEFLATE_BRISK_TRIES = 8;
export const DEFLATE_MAX_GAP_MS = 2000;
/** Tries in flight at once. */
export const DEFLATE_MAX_IN_FLIGHT = 3;

/** What the controller may do wrong while the deadline still holds (the tested envelope). */
export interface DeadManFaults {
  /** Tries that get no answer at all (lost request or lost reply); at most DEFLATE_MAX_IN_FLIGHT - 1. */
  lostTries: number;
  /** Tries the controller refuses or fails (5xx, 409, garbage), each answered within refusalMs. */
  refusals: number;
  refusalMs: number;
  /** The accepting try is answered (the controller acts) within this. */
  acceptMs: number;
}
export const DEAD_MAN_ENVELOPE: DeadManFaults = { lostTries: 1, refusals: 4, refusalMs: 200, acceptMs: 1000 };
/** The watch's message crossing Bluetooth (the soak's largest injected chunk delay). */
export const BLE_TRANSIT_MS = 800;
/** The promise, from the watch's last message. */
export const DEAD_MAN_DEADLINE_MS = 10000;
/** What the sum leaves unused: timers firing late, HTTP overhead, the phone being busy. */
export const DEAD_MAN_SPARE_MS = 1000;

/** Worst case, from the phone hearing the watch last to the controller accepting deflate-all. */
export function deadManWorstCaseMs(f: DeadManFaults = DEAD_MAN_ENVELOPE): number {
  return WATCH_SILENCE_LIMIT_MS + DEAD_MAN_CHECK_MS + f.lostTries * DEFLATE_HEDGE_MS + f.refusals * (f.refusalMs + DEFLATE_RETRY_GAP_MS) + f.acceptMs;
}

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

export interface DeadManCounts {
  /** Silences that started a deflate. */
  trips: number;
  /** Deflate-all tries sent, and those that failed (refused, timed out, unreachable). */
  tries: number;
  failures: number;
  /** Trips that ended with a try accepted by the controller. */
  accepted: number;
}

type DeflateAll = (why: string, options?: DeflateAllOptions) => Promise<void>;

/** One trip's tries: single, bounded, hedged; until one is accepted or the campaign is stopped. */
class DeflateCampaign {
  private inFlight = 0;
  private tries = 0;
  private timer: unknown = null;
  done = false;
  private stopped = false;

  constructor(
    private readonly why: string,
    private readonly timers: Timers,
    private readonly inflated: () => boolean,
    private readonly deflateAll: DeflateAll,
    private readonly counts: DeadManCounts,
  ) {}

  start(): void {
    this.launch();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  private launchIn(ms: number): void {
    this.clearTimer();
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.launch();
    }, ms);
  }

  private launch(): void {
    if (this.done || this.stopped) return;
    if (!this.inflated()) {
      // Telemetry shows every cuff down and none is commanded up: nothing left to release.
      this.done = true;
      return;
    }
    // Full: the next answer (every try ends within its timeout) starts the next one.
    if (this.inFlight >= DEFLATE_MAX_IN_FLIGHT) return;
    this.inFlight++;
    this.tries++;
    this.counts.tries++;
    this.launchIn(DEFLATE_HEDGE_MS);
    let call: Promise<void>;
    try {
      call = this.deflateAll(this.why, { timeoutMs: DEFLATE_TRY_TIMEOUT_MS, retries: 0 });
    } catch (e) {
      call = Promise.reject(e);
    }
    call.then(
      () => {
        this.inFlight--;
        if (this.done) return;
        this.done = true;
        this.counts.accepted++;
        this.clearTimer();
      },
      () => {
        this.inFlight--;
        this.counts.failures++;
        if (this.done || this.stopped) return;
        const over = this.tries - DEFLATE_BRISK_TRIES;
        this.launchIn(over < 0 ? DEFLATE_RETRY_GAP_MS : Math.min(DEFLATE_MAX_GAP_MS, DEFLATE_RETRY_GAP_MS * Math.pow(2, Math.min(over + 1, 10))));
      },
    );
  }
}

export class DeadMan {
  private lastHeardMs: number;
  private lastSavedMs = -Infinity;
  private tripped = false;
  private campaign: DeflateCampaign | null = null;
  private timer: unknown = null;
  readonly counts: DeadManCounts = { trips: 0, tries: 0, failures: 0, accepted: 0 };

  /**
   * `deflateAll(why, options)` sends one deflate-all with the given per-try timeout and retries
   * (CuffCommands.deflateAll); the dead-man schedules the tries itself.
   */
  constructor(
    private readonly now: () => number,
    private readonly timers: Timers,
    private readonly inflated: () => boolean,
    private readonly deflateAll: DeflateAll,
    private readonly limitMs = WATCH_SILENCE_LIMIT_MS,
    private readonly persisted: LastHeardStore | null = null,
  ) {
    const saved = persisted ? persisted.load() : null;
    const t = now();
    this.lastHeardMs = saved !== null && saved <= t ? saved : t;
  }

  /** The watch spoke: the silence is over, and the rule re-arms for the next one. */
  heard(): void {
    this.lastHeardMs = this.now();
    this.tripped = false;
    if (this.campaign) this.campaign.stop();
    this.campaign = null;
    if (this.persisted && this.lastHeardMs - this.lastSavedMs >= SAVE_EVERY_MS) {
      this.lastSavedMs = this.lastHeardMs;
      try {
        this.persisted.save(this.lastHeardMs);
      } catch (e) {
        // Storage full: the in-memory time still guards this run.
      }
    }
  }

  /** A deflate is being tried for the current silence (and not yet accepted). */
  get deflating(): boolean {
    return this.campaign !== null && !this.campaign.done;
  }

  check(): void {
    const now = this.now();
    if (this.tripped || !watchSilentTooLong(this.lastHeardMs, now, this.inflated(), this.limitMs)) return;
    this.tripped = true;
    this.counts.trips++;
    const silentS = Math.round((now - this.lastHeardMs) / 100) / 10;
    this.campaign = new DeflateCampaign('watch silent for ' + silentS + ' s while a cuff was inflated', this.timers, this.inflated, this.deflateAll, this.counts);
    this.campaign.start();
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
    if (this.campaign) this.campaign.stop();
    this.campaign = null;
  }
}
