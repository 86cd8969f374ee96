// Controller readings to the watch, at most twice a second: readings that arrive in between
// are coalesced per cuff (the newest wins), so a slow BLE link never queues stale pressure.
import type { Reading } from '../shared/protocol/controller';
import type { CuffState, PressureUpdate } from '../shared/protocol/pressure';
import type { Timers } from './timers';

export const RELAY_INTERVAL_MS = 500;

/** Controller words to watch words (the two APIs were named by different people). */
const STATE_TO_WATCH: Record<Reading['state'], CuffState> = {
  idle: 'idle', inflating: 'inflating', holding: 'holding', deflating: 'deflating', measuring: 'measuringLop', fault: 'error',
};

export function toPressureUpdate(reading: Reading, controllerTimeOriginMs = 0): PressureUpdate {
  return {
    v: 1,
    kind: 'pressure',
    cuffId: reading.cuffId,
    mmHg: Math.round(reading.pressureMmHg * 10) / 10,
    targetMmHg: reading.targetMmHg,
    state: STATE_TO_WATCH[reading.state],
    seq: reading.seq,
    controllerTimeMs: Math.max(0, Math.floor(controllerTimeOriginMs + reading.tMs)),
  };
}

export interface RelayStats { offered: number; sent: number; coalesced: number; failed: number }

export class PressureRelay {
  private readonly pending: Record<string, Reading> = {};
  private pendingCount = 0;
  private lastSentMs = -Infinity;
  private timer: unknown = null;
  readonly stats: RelayStats = { offered: 0, sent: 0, coalesced: 0, failed: 0 };

  constructor(
    private readonly send: (update: PressureUpdate) => void,
    private readonly now: () => number,
    private readonly timers: Timers,
    private readonly intervalMs = RELAY_INTERVAL_MS,
  ) {}

  offer(readings: ReadonlyArray<Reading>): void {
    for (let i = 0; i < readings.length; i++) {
      const r = readings[i];
      this.stats.offered++;
      const prev = this.pending[r.cuffId];
      if (prev) {
        if (prev.seq >= r.seq) continue;
        this.stats.coalesced++;
      } else {
        this.pendingCount++;
      }
      this.pending[r.cuffId] = r;
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== null || this.pendingCount === 0) return;
    const wait = Math.max(0, this.lastSentMs + this.intervalMs - this.now());
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  private flush(): void {
    this.lastSentMs = this.now();
    const ids = Object.keys(this.pending);
    for (let i = 0; i < ids.length; i++) {
      const r = this.pending[ids[i]];
      delete this.pending[ids[i]];
      try {
        this.send(toPressureUpdate(r));
        this.stats.sent++;
      } catch (e) {
        this.stats.failed++;
      }
    }
    this.pendingCount = 0;
  }

  stop(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }
}
