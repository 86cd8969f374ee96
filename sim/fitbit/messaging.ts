// Fitbit messaging between the watch and the phone for the Node runtime: two `peerSocket`s
// joined by a simulated Bluetooth link. Messages go through a CBOR-like copy (JSON), are
// measured in bytes, refused at MAX_MESSAGE_SIZE, buffered up to BUFFER_BYTES (a fuller buffer
// throws, as the real socket does) and delivered one at a time at the link's byte rate, each
// delivery lowering bufferedAmount and firing `bufferedamountdecrease`.
import type { Clock } from '../clock';

export const MAX_MESSAGE_SIZE = 1027;
export const BUFFER_BYTES = 4096;
export const OPEN = 0;
export const CLOSED = 1;

type Listener = (event: unknown) => void;

/** What the cbor module would encode: the JSON bytes stand in for it (same order of size). */
export function encodedBytes(data: unknown): Uint8Array {
  return new Uint8Array(Buffer.from(JSON.stringify(data === undefined ? null : data), 'utf8'));
}

export const cborModule = {
  encode: (data: unknown) => {
    const bytes = encodedBytes(data);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  },
  decode: (data: ArrayBuffer | ArrayBufferView) => {
    const view = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return JSON.parse(Buffer.from(view).toString('utf8'));
  },
};

export class SimPeerSocket {
  readonly OPEN = OPEN;
  readonly CLOSED = CLOSED;
  readonly MAX_MESSAGE_SIZE = MAX_MESSAGE_SIZE;
  readyState = CLOSED;
  bufferedAmount = 0;
  private listeners: { [name: string]: Listener[] } = {};
  /** Every message this end put on the link (after the size check), for tests. */
  readonly sentLog: Array<{ atMs: number; bytes: number; data: unknown }> = [];
  /** send() calls refused (too large, full buffer, closed). */
  readonly refused: { tooLarge: number; bufferFull: number; closed: number } = { tooLarge: 0, bufferFull: 0, closed: 0 };
  [handler: `on${string}`]: Listener | null | undefined;

  constructor(private readonly link: PeerLinkSim, readonly side: 'device' | 'companion') {}

  addEventListener(name: string, fn: Listener): void {
    (this.listeners[name] = this.listeners[name] || []).push(fn);
  }

  removeEventListener(name: string, fn: Listener): void {
    this.listeners[name] = (this.listeners[name] || []).filter((f) => f !== fn);
  }

  /** The app on this end was closed: its handlers go with it. */
  forgetListeners(): void {
    this.listeners = {};
    for (const key of Object.keys(this)) if (key.startsWith('on') && typeof (this as Record<string, unknown>)[key] === 'function') (this as Record<string, unknown>)[key] = null;
  }

  emit(name: string, event: unknown): void {
    const handler = this[`on${name}`];
    if (typeof handler === 'function') handler(event);
    for (const fn of (this.listeners[name] || []).slice()) fn(event);
  }

  send(data: unknown): void {
    if (this.readyState !== OPEN) {
      this.refused.closed++;
      throw new Error('peerSocket is not open');
    }
    const bytes = encodedBytes(data);
    if (bytes.byteLength > MAX_MESSAGE_SIZE) {
      this.refused.tooLarge++;
      throw new Error(`message of ${bytes.byteLength} bytes exceeds MAX_MESSAGE_SIZE ${MAX_MESSAGE_SIZE}`);
    }
    if (this.bufferedAmount + bytes.byteLength > BUFFER_BYTES) {
      this.refused.bufferFull++;
      const error = Object.assign(new Error('BUFFER_FULL'), { code: 'BUFFER_FULL', BUFFER_FULL: 'BUFFER_FULL' });
      this.emit('error', error);
      throw error;
    }
    this.bufferedAmount += bytes.byteLength;
    this.sentLog.push({ atMs: this.link.clock.now(), bytes: bytes.byteLength, data: JSON.parse(Buffer.from(bytes).toString('utf8')) });
    this.link.carry(this, bytes);
  }
}

export interface PeerLinkStats { delivered: number; bytes: number; lostOnClose: number }

/** The Bluetooth link between the two sockets. */
export class PeerLinkSim {
  readonly device: SimPeerSocket;
  readonly companion: SimPeerSocket;
  readonly stats: PeerLinkStats = { delivered: 0, bytes: 0, lostOnClose: 0 };
  private connected = false;
  private readonly inFlight: Array<{ from: SimPeerSocket; bytes: Uint8Array; timer: number }> = [];
  private busyUntil: { device: number; companion: number } = { device: 0, companion: 0 };

  constructor(
    readonly clock: Clock,
    /** Link throughput and latency; ~2 KB/s is a plausible BLE rate for an app. */
    private readonly bytesPerSecond = 2000,
    private readonly latencyMs = 30,
  ) {
    this.device = new SimPeerSocket(this, 'device');
    this.companion = new SimPeerSocket(this, 'companion');
  }

  isConnected(): boolean {
    return this.connected;
  }

  setConnected(up: boolean): void {
    if (up === this.connected) return;
    this.connected = up;
    if (up) {
      this.device.readyState = this.companion.readyState = OPEN;
      this.device.emit('open', { type: 'open' });
      this.companion.emit('open', { type: 'open' });
      return;
    }
    for (const m of this.inFlight.splice(0)) {
      this.clock.clearTimer(m.timer);
      this.stats.lostOnClose++;
    }
    this.device.bufferedAmount = this.companion.bufferedAmount = 0;
    this.device.readyState = this.companion.readyState = CLOSED;
    this.device.emit('close', { type: 'close', code: 'CONNECTION_LOST', wasClean: false });
    this.companion.emit('close', { type: 'close', code: 'CONNECTION_LOST', wasClean: false });
  }

  carry(from: SimPeerSocket, bytes: Uint8Array): void {
    const to = from === this.device ? this.companion : this.device;
    const now = this.clock.now();
    const start = Math.max(now, this.busyUntil[from.side]);
    const done = start + Math.ceil((bytes.byteLength * 1000) / this.bytesPerSecond);
    this.busyUntil[from.side] = done;
    const entry = {
      from,
      bytes,
      timer: this.clock.setTimer(() => {
        const i = this.inFlight.indexOf(entry);
        if (i >= 0) this.inFlight.splice(i, 1);
        from.bufferedAmount = Math.max(0, from.bufferedAmount - bytes.byteLength);
        this.stats.delivered++;
        this.stats.bytes += bytes.byteLength;
        to.emit('message', { type: 'message', data: JSON.parse(Buffer.from(bytes).toString('utf8')) });
        from.emit('bufferedamountdecrease', { type: 'bufferedamountdecrease' });
      }, done - now + this.latencyMs, false),
    };
    this.inFlight.push(entry);
  }

  /** Delivers raw data to one end as if the other had sent it (malformed-message tests). */
  inject(to: 'device' | 'companion', data: unknown): void {
    const socket = to === 'device' ? this.device : this.companion;
    socket.emit('message', { type: 'message', data });
  }
}
