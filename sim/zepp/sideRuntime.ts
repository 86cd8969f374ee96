// The phone side, simulated in Node: the Zepp app's native message layer (the hm-protocol
// frame header the watch's ZML speaks over BLE, handshake included) and the side-service
// runtime (messaging.peerSocket, settings.settingsStorage, fetch, timers) in which the real
// companion bundle runs.
import type { Clock } from '../clock';
import { flushMicrotasks } from '../clock';
import type { SideBle } from './bleLink';
import { sideBundle } from './bundles';
import { createRealm } from './realm';

const HEADER = 16;
const APP_ID = 1099001;
const SIDE_PORT = 30;

interface Frame { flag: number; version: number; type: number; port1: number; port2: number; appId: number; extra: number; payload: Uint8Array }

function readFrame(bytes: Uint8Array): Frame | null {
  if (bytes.byteLength < HEADER) return null;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    flag: b.readUInt8(0), version: b.readUInt8(1), type: b.readUInt16LE(2), port1: b.readUInt16LE(4),
    port2: b.readUInt16LE(6), appId: b.readUInt32LE(8), extra: b.readUInt32LE(12), payload: bytes.subarray(HEADER),
  };
}

function writeFrame(f: Omit<Frame, 'payload'>, payload: Uint8Array): Uint8Array {
  const b = Buffer.alloc(HEADER + payload.byteLength);
  b.writeUInt8(f.flag, 0); b.writeUInt8(f.version, 1); b.writeUInt16LE(f.type, 2); b.writeUInt16LE(f.port1, 4);
  b.writeUInt16LE(f.port2, 6); b.writeUInt32LE(f.appId, 8); b.writeUInt32LE(f.extra, 12);
  b.set(payload, HEADER);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** settings.settingsStorage: strings only, change listeners, a byte budget like the real one. */
export class SettingsStorage {
  private data: Record<string, string> = {};
  private listeners: Array<(e: { key: string; newValue: string | null; oldValue: string | null }) => void> = [];
  writes = 0;

  constructor(readonly capacityBytes = 4 * 1024 * 1024) {}

  getItem(key: string): string | null {
    return Object.prototype.hasOwnProperty.call(this.data, key) ? this.data[key] : null;
  }
  setItem(key: string, value: unknown): void {
    const str = typeof value === 'string' ? value : String(value);
    const oldValue = this.getItem(key);
    const used = this.usedBytes() - (oldValue === null ? 0 : key.length + oldValue.length);
    if (used + key.length + str.length > this.capacityBytes) throw new Error('settings storage is full');
    this.data[key] = str;
    this.writes++;
    for (const cb of this.listeners.slice()) cb({ key, newValue: str, oldValue });
  }
  removeItem(key: string): void {
    const oldValue = this.getItem(key);
    delete this.data[key];
    for (const cb of this.listeners.slice()) cb({ key, newValue: null, oldValue });
  }
  clear(): void {
    this.data = {};
  }
  get length(): number {
    return Object.keys(this.data).length;
  }
  key(i: number): string | null {
    return Object.keys(this.data)[i] ?? null;
  }
  toObject(): Record<string, string> {
    return { ...this.data };
  }
  addListener(_name: 'change', cb: (e: { key: string; newValue: string | null; oldValue: string | null }) => void): void {
    this.listeners.push(cb);
  }
  removeListener(_name: 'change', cb?: (e: { key: string; newValue: string | null; oldValue: string | null }) => void): void {
    this.listeners = cb ? this.listeners.filter((f) => f !== cb) : [];
  }
  usedBytes(): number {
    return Object.keys(this.data).reduce((n, k) => n + k.length + this.data[k].length, 0);
  }
}

/** The side service's fetch: one options object in, `{ status, body }` out (PLATFORMS.md). */
export type ZeppSideFetch = (options: { url: string; method?: string; headers?: Record<string, string>; body?: string; timeout?: number }) =>
  Promise<{ status: number; statusText: string; headers: Record<string, string>; body: string }>;

/** Zepp's fetch shape over Node's fetch; the body always arrives as a string, as it may on a phone. */
export function zeppFetchOverNode(nodeFetch: typeof fetch = fetch): ZeppSideFetch {
  return async (o) => {
    const signal = o.timeout ? AbortSignal.timeout(o.timeout) : undefined;
    const res = await nodeFetch(o.url, { method: o.method || 'GET', headers: o.headers, body: o.body, signal });
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => { headers[k] = v; });
    return { status: res.status, statusText: res.statusText, headers, body: await res.text() };
  };
}

export interface SideOptions {
  clock: Clock;
  ble: SideBle;
  settings?: SettingsStorage;
  fetch?: ZeppSideFetch;
}

export class SimSideService {
  readonly settings: SettingsStorage;
  readonly errors: unknown[] = [];
  readonly logs: Array<{ level: string; text: string }> = [];
  private listeners: Array<(payload: ArrayBuffer) => void> = [];
  private service: Record<string, unknown> | null = null;
  private realm: { dispose(): void } | null = null;
  private devicePort = 20;
  running = false;
  readonly frames = { shakes: 0, data: 0, unknown: 0 };

  constructor(private readonly options: SideOptions) {
    this.settings = options.settings || new SettingsStorage();
  }

  /** The Zepp app's native layer: frames from the watch in, payloads to the service. */
  private fromWatch(bytes: Uint8Array): void {
    const frame = readFrame(bytes);
    if (!frame) {
      this.frames.unknown++;
      return;
    }
    if (frame.flag === 1 && frame.type === 1) {
      this.frames.shakes++;
      this.devicePort = frame.port1;
      this.options.ble.send(
        writeFrame({ flag: 1, version: 1, type: 1, port1: this.devicePort, port2: SIDE_PORT, appId: APP_ID, extra: 0 }, Uint8Array.from([APP_ID & 0xff])),
      );
      return;
    }
    if (frame.flag === 1 && (frame.type === 4 || frame.type === 5)) {
      this.frames.data++;
      if (!this.running) return;
      const copy = frame.payload.slice();
      for (const cb of this.listeners.slice()) {
        try {
          cb(copy.buffer);
        } catch (e) {
          this.errors.push(e);
        }
      }
      return;
    }
    if (!(frame.flag === 1 && frame.type === 2)) this.frames.unknown++;
  }

  private toWatch(payload: ArrayBuffer | Uint8Array): void {
    const bytes = payload instanceof Uint8Array ? payload : new Uint8Array(payload);
    this.options.ble.send(writeFrame({ flag: 1, version: 1, type: 4, port1: this.devicePort, port2: SIDE_PORT, appId: APP_ID, extra: 0 }, bytes));
  }

  async start(): Promise<void> {
    this.options.ble.onReceive((bytes) => this.fromWatch(bytes));
    const logger = (level: string) => (...args: unknown[]) => this.logs.push({ level, text: args.map(String).join(' ') });
    const realm = createRealm(
      this.options.clock,
      {
        messaging: {
          peerSocket: {
            addListener: (_name: string, cb: (p: ArrayBuffer) => void) => this.listeners.push(cb),
            removeListener: () => { this.listeners = []; },
            send: (payload: ArrayBuffer | Uint8Array) => this.toWatch(payload),
          },
        },
        settings: { settingsStorage: this.settings },
        fetch: this.options.fetch || zeppFetchOverNode(),
        Logger: { getLogger: () => ({ log: logger('log'), info: logger('info'), warn: logger('warn'), error: logger('error'), debug: logger('debug') }) },
        sideService: { appInfo: { app: { appName: 'BFR Coach', appId: APP_ID } }, launchReasons: {}, launchArgs: undefined },
        getApp: () => ({ port2: SIDE_PORT }),
        transferFile: undefined,
        image: { convert: () => Promise.reject(new Error('image conversion is not simulated')) },
        network: { downloader: { downloadFile: () => { throw new Error('downloads are not simulated'); } } },
        AppSideService: (opts: Record<string, unknown>) => {
          this.service = opts;
          return opts;
        },
      },
      (e) => this.errors.push(e),
    );
    this.realm = realm;
    const code = await sideBundle();
    this.running = true;
    realm.runBundle(code, 'app-side.js', (name) => {
      throw new Error(`the side service has no module "${name}"`);
    });
    this.call('onInit');
    this.call('onRun');
    await flushMicrotasks();
  }

  private call(name: string): void {
    const fn = this.service && this.service[name];
    if (typeof fn !== 'function') return;
    try {
      fn.call(this.service);
    } catch (e) {
      this.errors.push(e);
    }
  }

  /** The phone stops the service (it is launched by events); storage survives. */
  stop(): void {
    this.call('onDestroy');
    this.running = false;
    this.listeners = [];
    // The service's JS context is torn down: nothing it scheduled runs any more.
    if (this.realm) this.realm.dispose();
    this.realm = null;
  }

  /** The service instance (for tests that inspect counters the companion exposes). */
  get instance(): Record<string, unknown> | null {
    return this.service;
  }

  /** What the companion reports about itself (its debugState), or null before start. */
  debugState(): Record<string, unknown> | null {
    const fn = this.service && this.service.debugState;
    return typeof fn === 'function' ? (fn.call(this.service) as Record<string, unknown>) : null;
  }
}
