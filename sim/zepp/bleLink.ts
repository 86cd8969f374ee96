// The Bluetooth link between the simulated watch and the phone's side service: the bytes ZML
// frames on one side arrive, after a latency, at the other. A fault hook may drop, duplicate,
// delay, truncate or corrupt any chunk, and the link can be cut; everything is counted.
//
// Pacing: the docs give ZML's chunk size (3518 B of payload, no flow control) but no
// throughput. We choose 10 kB/s each way (10 bytes per ms): a BLE connection with a 30 ms
// interval and 247-byte packets carries about 30 kB/s, and the phone's Zepp app and the
// watch's message layer sit in between (acknowledgements, relaying), so we take a third of it.
// Chunks queue behind each other in each direction (one radio), so a 3.6 kB chunk takes 360 ms
// plus the base latency and a burst of them arrives one after another, as over the air.
//
// Disconnect (docs: reference/device-app-api/newAPI/ble/addListener): `setConnected(false)`
// tells the watch's `@zos/ble` listeners (ZML clears its pending requests then); chunks queued
// or in the air are lost; the phone side's sends are refused while the link is down.
import type { Clock } from '../clock';
import type { DeviceBle } from './deviceModules';

export type Direction = 'toPhone' | 'toWatch';

/** What to deliver for one chunk: none (drop), one, or several (duplicate), each with a delay. */
export type Delivery = Array<{ bytes: Uint8Array; delayMs: number }>;
export type LinkFault = (direction: Direction, bytes: Uint8Array) => Delivery | null;

export interface SideBle {
  send(bytes: Uint8Array): void;
  onReceive(cb: ((bytes: Uint8Array) => void) | null): void;
}

/** Bytes per millisecond each way: 10 kB/s (see the top of this file). */
export const BLE_BYTES_PER_MS = 10;

export class BleLink {
  private up = true;
  private readonly busyUntil: Record<Direction, number> = { toPhone: 0, toWatch: 0 };
  private statusListeners: Array<(up: boolean) => void> = [];
  /** Bumped at each disconnect: chunks queued before it never arrive. */
  private epoch = 0;
  private toWatchCb: ((b: Uint8Array) => void) | null = null;
  private toPhoneCb: ((b: Uint8Array) => void) | null = null;
  fault: LinkFault | null = null;
  readonly stats = { chunksToPhone: 0, chunksToWatch: 0, bytesToPhone: 0, bytesToWatch: 0, dropped: 0, refusedWhileDown: 0 };
  /** Time the watch last put anything on the air (for dead-man checks in tests). */
  lastWatchSendMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly latencyMs = 12,
    private readonly bytesPerMs = BLE_BYTES_PER_MS,
  ) {}

  get connected(): boolean {
    return this.up;
  }

  /** The watch's `@zos/ble` status listeners (the watch runtime subscribes its device). */
  onStatus(cb: (up: boolean) => void): () => void {
    this.statusListeners.push(cb);
    return () => {
      this.statusListeners = this.statusListeners.filter((f) => f !== cb);
    };
  }

  setConnected(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    if (!up) {
      this.epoch++;
      this.busyUntil.toPhone = this.busyUntil.toWatch = 0;
    }
    for (const cb of this.statusListeners.slice()) cb(up);
  }

  /** Time on the air for this many bytes, queued behind what is already being sent that way. */
  private airtime(direction: Direction, bytes: number): number {
    const now = this.clock.now();
    const start = Math.max(now, this.busyUntil[direction]);
    this.busyUntil[direction] = start + bytes / this.bytesPerMs;
    return this.busyUntil[direction] - now;
  }

  private deliver(direction: Direction, bytes: Uint8Array): void {
    const plan: Delivery = this.fault ? this.fault(direction, bytes) || [{ bytes, delayMs: 0 }] : [{ bytes, delayMs: 0 }];
    if (plan.length === 0) this.stats.dropped++;
    const epoch = this.epoch;
    for (const d of plan) {
      const air = this.airtime(direction, d.bytes.byteLength);
      this.clock.setTimer(
        () => {
          // A chunk queued or in flight when the link drops is lost, as over the air.
          if (!this.up || epoch !== this.epoch) {
            this.stats.dropped++;
            return;
          }
          const cb = direction === 'toPhone' ? this.toPhoneCb : this.toWatchCb;
          if (cb) cb(d.bytes);
          else this.stats.dropped++;
        },
        Math.round(air) + this.latencyMs + d.delayMs,
        false,
      );
    }
  }

  readonly watch: DeviceBle = {
    send: (bytes) => {
      if (!this.up) {
        this.stats.refusedWhileDown++;
        return false;
      }
      this.lastWatchSendMs = this.clock.now();
      this.stats.chunksToPhone++;
      this.stats.bytesToPhone += bytes.byteLength;
      this.deliver('toPhone', bytes);
      return true;
    },
    connected: () => this.up,
    onReceive: (cb) => {
      this.toWatchCb = cb;
    },
  };

  readonly phone: SideBle = {
    send: (bytes) => {
      if (!this.up) {
        this.stats.refusedWhileDown++;
        return;
      }
      this.stats.chunksToWatch++;
      this.stats.bytesToWatch += bytes.byteLength;
      this.deliver('toWatch', bytes);
    },
    onReceive: (cb) => {
      this.toPhoneCb = cb;
    },
  };
}
