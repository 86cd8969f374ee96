// The Bluetooth link between the simulated watch and the phone's side service: the bytes ZML
// frames on one side arrive, after a latency, at the other. A fault hook may drop, duplicate,
// delay, truncate or corrupt any chunk, and the link can be cut; everything is counted.
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

export class BleLink {
  private up = true;
  private toWatchCb: ((b: Uint8Array) => void) | null = null;
  private toPhoneCb: ((b: Uint8Array) => void) | null = null;
  fault: LinkFault | null = null;
  readonly stats = { chunksToPhone: 0, chunksToWatch: 0, bytesToPhone: 0, bytesToWatch: 0, dropped: 0, refusedWhileDown: 0 };
  /** Time the watch last put anything on the air (for dead-man checks in tests). */
  lastWatchSendMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly latencyMs = 12,
  ) {}

  get connected(): boolean {
    return this.up;
  }

  setConnected(up: boolean): void {
    this.up = up;
  }

  private deliver(direction: Direction, bytes: Uint8Array): void {
    const plan: Delivery = this.fault ? this.fault(direction, bytes) || [{ bytes, delayMs: 0 }] : [{ bytes, delayMs: 0 }];
    if (plan.length === 0) this.stats.dropped++;
    for (const d of plan) {
      this.clock.setTimer(
        () => {
          // A chunk in flight when the link drops is lost, as over the air.
          if (!this.up) {
            this.stats.dropped++;
            return;
          }
          const cb = direction === 'toPhone' ? this.toPhoneCb : this.toWatchCb;
          if (cb) cb(d.bytes);
          else this.stats.dropped++;
        },
        this.latencyMs + d.delayMs,
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
