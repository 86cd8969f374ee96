// A standard Bluetooth cuff (Blood Pressure Service 0x1810) read straight from the watch:
// scan, connect, build the profile, switch on Intermediate Cuff Pressure (0x2A36)
// notifications, and turn each frame into a pressure event for the engine (or "no reading").
//
// Written against `@zos/ble` `mst*` directly (Zepp OS docs, reference/device-app-api/newAPI/ble/
// mstStartScan, mstStopScan, mstConnect, mstBuildProfile, mstOnPrepare, mstWriteDescriptor,
// mstOnDescWriteComplete, mstOnCharaNotification, mstOffAllCb, mstDisconnect). Not through
// @silver-zepp/easy-ble: it is not installed here, and this needs only these few calls while
// every page bundle must keep the zpk within 256,000 bytes. The module is passed in (the page
// hands its `@zos/ble` import), so the simulator's central and the tests use the same code.
// No async/await (QuickJS/ES5 rules); callbacks only.
import { readBleCuffFrame } from '../../shared/protocol/bleCuffReading';
import type { PressureUpdate } from '../../shared/protocol/pressure';

export interface BleApi {
  mstStartScan(cb: (r: { dev_name?: unknown; dev_addr?: unknown; rssi?: unknown; service_uuid_array?: unknown }) => void, filter?: object): boolean;
  mstStopScan(): boolean;
  mstConnect(addr: ArrayBuffer, cb: (r: { connected?: unknown; connect_id?: unknown }) => void): boolean;
  mstDisconnect(connectId: number): boolean;
  mstBuildProfile(profile: object): boolean;
  mstOnPrepare(cb: (profile: number, status: number) => void): boolean;
  mstWriteDescriptor(profile: number, uuid: string, descUuid: string, data: ArrayBuffer, length: number): boolean;
  mstOnDescWriteComplete(cb: (profile: number, uuid: string, descUuid: string, status: number) => void): boolean;
  mstOnCharaNotification(cb: (profile: number, uuid: string, data: ArrayBuffer, length: number) => void): boolean;
  mstOffAllCb(): boolean;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
  now(): number;
}

/** Scanning stops by itself after this (the docs give mstStartScan no timeout of its own). */
export const SCAN_MS = 10000;
/** At most this many devices listed (a round screen shows a few). */
export const MAX_LISTED = 6;
/** After a lost or failed connection, try again this often. */
export const RECONNECT_MS = 3000;

export interface FoundCuff { name: string; address: string; rssi: number; bps: boolean }

function isUuid(u: unknown, short: string): boolean {
  if (typeof u !== 'string') return false;
  const s = u.toLowerCase();
  return s === short || s === '0x' + short || s === '0000' + short + '-0000-1000-8000-00805f9b34fb';
}

export function macText(buf: unknown): string | null {
  if (!(buf instanceof ArrayBuffer) || buf.byteLength !== 6) return null;
  const b = new Uint8Array(buf);
  let out = '';
  for (let i = 0; i < 6; i++) out += (i ? ':' : '') + (b[i] < 16 ? '0' : '') + b[i].toString(16).toUpperCase();
  return out;
}

export function macBuffer(mac: string): ArrayBuffer | null {
  const parts = mac.split(':');
  if (parts.length !== 6) return null;
  const b = new Uint8Array(6);
  for (let i = 0; i < 6; i++) {
    if (!/^[0-9A-Fa-f]{2}$/.test(parts[i])) return null;
    b[i] = parseInt(parts[i], 16);
  }
  return b.buffer;
}

/**
 * Scan for SCAN_MS, then stop by itself. Devices advertising 0x1810 come first; any other
 * named device is listed after them (some cuffs advertise only a name). `onList` hears the
 * list as it grows, `onDone` once at the end. Returns a function that stops the scan early.
 */
export function scanForCuffs(ble: BleApi, timers: Timers, onList: (list: FoundCuff[]) => void, onDone: (list: FoundCuff[]) => void): () => void {
  const list: FoundCuff[] = [];
  let open = true;
  const finish = () => {
    if (!open) return;
    open = false;
    timers.clearTimeout(timer);
    ble.mstStopScan();
    onDone(list);
  };
  const ok = ble.mstStartScan((r) => {
    if (!open || !r) return;
    const address = macText(r.dev_addr);
    const name = typeof r.dev_name === 'string' ? r.dev_name.slice(0, 24) : '';
    if (address === null) return;
    const uuids = Array.isArray(r.service_uuid_array) ? r.service_uuid_array : [];
    let bps = false;
    for (let i = 0; i < uuids.length; i++) if (isUuid(uuids[i], '1810')) bps = true;
    if (!bps && !name) return;
    for (let i = 0; i < list.length; i++) if (list[i].address === address) return;
    list.push({ name: name || address, address, rssi: typeof r.rssi === 'number' ? r.rssi : -100, bps });
    list.sort((a, b) => (a.bps === b.bps ? b.rssi - a.rssi : a.bps ? -1 : 1));
    if (list.length > MAX_LISTED) list.length = MAX_LISTED;
    onList(list);
  });
  const timer = timers.setTimeout(finish, ok ? SCAN_MS : 0);
  return finish;
}

export type LinkState = 'connecting' | 'preparing' | 'live' | 'lost';

export interface BleCuffHandlers {
  /** A usable reading (already a PressureUpdate for the engine). */
  onPressure(update: PressureUpdate): void;
  /** The cuff sent a frame without a value (NaN, NRes, INF): show "no reading". */
  onNoReading(why: string): void;
  onState(state: LinkState): void;
}

/** Malformed-frame reasons counted by name; beyond this many names they count as 'other'. */
const MAX_REASONS = 8;

/**
 * One connection to a paired cuff, kept up: a lost or failed link retries every RECONNECT_MS
 * until close(). Frames are decoded with the shared codec; malformed ones are counted by reason.
 */
export class BleCuffLink {
  readonly stats = { frames: 0, readings: 0, noReading: 0, rejected: 0, disconnects: 0, failedConnects: 0, reasons: {} as Record<string, number> };
  state: LinkState = 'lost';
  private connectId: number | null = null;
  private profile: number | null = null;
  private retry: number | null = null;
  private seq = 0;
  private closed = false;

  constructor(
    private readonly ble: BleApi,
    private readonly timers: Timers,
    readonly address: string,
    private readonly cuffId: string,
    private readonly handlers: BleCuffHandlers,
  ) {}

  open(): void {
    this.closed = false;
    const ble = this.ble;
    ble.mstOnPrepare((profile, status) => {
      if (this.closed || this.state !== 'preparing') return;
      if (status !== 0) return this.lost(true);
      this.profile = profile;
      // CCCD 0x2902 = 0x0001: notifications on (the BPS sends 0x2A36 as notifications).
      const on = new Uint8Array([1, 0]);
      if (!ble.mstWriteDescriptor(profile, '2A36', '2902', on.buffer, 2)) this.lost(true);
    });
    ble.mstOnDescWriteComplete((profile, _uuid, _desc, status) => {
      if (this.closed || profile !== this.profile) return;
      if (status !== 0) return this.lost(true);
      this.setState('live');
    });
    ble.mstOnCharaNotification((profile, uuid, data, length) => {
      if (this.closed || profile !== this.profile || !isUuid(String(uuid).toLowerCase(), '2a36')) return;
      this.frame(data, length);
    });
    this.connect();
  }

  close(): void {
    this.closed = true;
    if (this.retry !== null) this.timers.clearTimeout(this.retry);
    this.retry = null;
    this.ble.mstOffAllCb();
    if (this.connectId !== null) this.ble.mstDisconnect(this.connectId);
    this.connectId = null;
    this.profile = null;
  }

  private setState(s: LinkState): void {
    if (this.state === s) return;
    this.state = s;
    this.handlers.onState(s);
  }

  private connect(): void {
    const addr = macBuffer(this.address);
    if (addr === null) return this.setState('lost');
    this.setState('connecting');
    const ok = this.ble.mstConnect(addr, (r) => {
      if (this.closed || !r) return;
      if (r.connected === 0 && typeof r.connect_id === 'number') {
        this.connectId = r.connect_id;
        this.setState('preparing');
        const profile = {
          pair: false, id: r.connect_id, profile: 'bfr-cuff', dev: addr, len: 1,
          list: [{ len: 1, list: [{ uuid: '1810', permission: 0, len1: 1, list: [{ uuid: '2A36', permission: 0, len: 1, list: [{ uuid: '2902', permission: 0 }] }] }] }],
        };
        if (!this.ble.mstBuildProfile(profile)) this.lost(true);
      } else if (r.connected === 2) {
        this.stats.disconnects++;
        this.lost(false);
      } else {
        this.lost(true);
      }
    });
    if (!ok) this.lost(true);
  }

  private lost(failed: boolean): void {
    if (failed) this.stats.failedConnects++;
    this.connectId = null;
    this.profile = null;
    this.setState('lost');
    if (this.closed || this.retry !== null) return;
    this.retry = this.timers.setTimeout(() => {
      this.retry = null;
      if (!this.closed) this.connect();
    }, RECONNECT_MS);
  }

  private frame(data: ArrayBuffer, length: number): void {
    this.stats.frames++;
    const n = data instanceof ArrayBuffer ? Math.min(length, data.byteLength) : 0;
    const reading = readBleCuffFrame(new Uint8Array(data instanceof ArrayBuffer ? data : new ArrayBuffer(0), 0, n));
    if (reading.kind === 'rejected') {
      this.stats.rejected++;
      const key = reasonKey(reading.error);
      const reasons = this.stats.reasons;
      const name = reasons[key] !== undefined || Object.keys(reasons).length < MAX_REASONS ? key : 'other';
      reasons[name] = (reasons[name] || 0) + 1;
      return;
    }
    if (reading.kind === 'noReading') {
      this.stats.noReading++;
      this.handlers.onNoReading(reading.why);
      return;
    }
    this.stats.readings++;
    const now = this.timers.now();
    this.handlers.onPressure({
      v: 1, kind: 'pressure', cuffId: this.cuffId, mmHg: reading.mmHg, targetMmHg: null, state: 'idle',
      seq: ++this.seq, controllerTimeMs: Math.max(0, Math.floor(now)),
    });
  }
}

/** "cuff pressure rejected: flags: ..." -> "flags": the field named, not the values. */
function reasonKey(error: string): string {
  const m = /rejected: ([A-Za-z]+)/.exec(error);
  return m ? m[1] : 'frame';
}

