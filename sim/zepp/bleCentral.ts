// The watch as a BLE central: the `@zos/ble` `mst*` calls (API_LEVEL 3.0) over simulated time,
// talking to simulated peripherals (sim/bleCuff/peripheral.ts). Docs (zepp-health/zeppos-docs,
// docs/reference/device-app-api/newAPI/ble/):
//   mstStartScan.mdx   (callback(ScanResult), filter?, timeout {duration s, on_timeout}) -> boolean
//   mstStopScan.mdx    () -> boolean
//   mstConnect.mdx     (dev_addr ArrayBuffer(6), callback({connected 0 ok | 1 failed | 2 disconnected, connect_id, dev_addr})) -> boolean
//   mstDisconnect.mdx  (connect_id) -> boolean
//   mstBuildProfile.mdx({pair, id, profile, dev, len, list: [{len, list: [service {uuid, len1, list: [chara {uuid, len, list: [desc]}]}]}]}) -> boolean
//   mstOnPrepare.mdx   callback(profile, status 0 = ok): the profile is ready
//   mstWriteDescriptor.mdx (profile, charaUUID, descUUID, data, length) -> boolean
//   mstOnDescWriteComplete.mdx callback(profile, charaUUID, descUUID, status)
//   mstOnCharaNotification.mdx callback(profile, charaUUID, data ArrayBuffer, length)
//   mstOffAllCb.mdx, mstDestroyProfileInstance.mdx
// Where the docs are silent we are harsher: a second scan while one runs is refused (false);
// a scan without a duration still stops after MAX_SCAN_MS; notifications flow only after the
// CCCD (0x2902) is written with 0x0001; a disconnect is reported through the mstConnect
// callback (connected: 2) and the profile dies with it (a new connect and profile are needed);
// a call with a malformed argument returns false and counts, never throws.
import type { Clock } from '../clock';
import { advanceBleCuff, advertisement, type BleCuffPeripheral } from '../bleCuff/peripheral';

/** Advertising interval a scan sees each device at (the BPS spec suggests 20 ms-1 s; we take the slow end). */
export const ADVERTISING_EVERY_MS = 1000;
/** A scan with no duration stops by itself after this (harsher than the docs). */
export const MAX_SCAN_MS = 30000;
export const CONNECT_DELAY_MS = 300;
export const PREPARE_DELAY_MS = 200;
const TICK_MS = 250;

export interface ScanResult {
  dev_name: string;
  dev_addr: ArrayBuffer;
  rssi: number;
  service_uuid_array: string[];
  service_data_array: Array<{ uuid: string; service_data: ArrayBuffer }>;
}
export interface ConnectResult { connected: number; connect_id: number; dev_addr: ArrayBuffer }

/** The subset of `@zos/ble` a central uses (the watch client types against this too). */
export interface ZosBleCentral {
  mstStartScan(cb: (r: ScanResult) => void, filter?: { service_uuid?: string; device_name?: string } | null, timeout?: { duration?: number; on_timeout?: () => void } | null): boolean;
  mstStopScan(): boolean;
  mstConnect(addr: ArrayBuffer, cb: (r: ConnectResult) => void): boolean;
  mstDisconnect(connectId: number): boolean;
  mstBuildProfile(profile: unknown): boolean;
  mstOnPrepare(cb: (profile: number, status: number) => void): boolean;
  mstWriteDescriptor(profile: number, uuid: string, descUuid: string, data: ArrayBuffer, length: number): boolean;
  mstOnDescWriteComplete(cb: (profile: number, uuid: string, descUuid: string, status: number) => void): boolean;
  mstOnCharaNotification(cb: (profile: number, uuid: string, data: ArrayBuffer, length: number) => void): boolean;
  mstOffAllCb(): boolean;
  mstDestroyProfileInstance(profile: number): boolean;
}

/** '1810', '0x1810', '00001810-0000-1000-8000-00805f9b34fb' -> '1810'; anything else -> null. */
export function shortUuid(u: unknown): string | null {
  if (typeof u !== 'string') return null;
  const s = u.trim().toLowerCase().replace(/^0x/, '');
  if (/^[0-9a-f]{4}$/.test(s)) return s;
  const m = /^0000([0-9a-f]{4})-0000-1000-8000-00805f9b34fb$/.exec(s);
  return m ? m[1] : null;
}

export function macToBuffer(mac: string): ArrayBuffer {
  const out = new Uint8Array(6);
  mac.split(':').forEach((h, i) => { if (i < 6) out[i] = parseInt(h, 16) & 0xff; });
  return out.buffer;
}

export function bufferToMac(buf: unknown): string | null {
  if (!(buf instanceof ArrayBuffer) || buf.byteLength !== 6) return null;
  const b = new Uint8Array(buf);
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push((b[i] < 16 ? '0' : '') + b[i].toString(16).toUpperCase());
  return parts.join(':');
}

interface Connection { id: number; cuff: BleCuffPeripheral; cb: (r: ConnectResult) => void; profile: number | null; notifying: boolean }

export class SimBleCentral {
  readonly stats = { scans: 0, scanResults: 0, connects: 0, disconnects: 0, notifications: 0, refused: 0 };
  private scanTimer: number | null = null;
  private scanStop: number | null = null;
  private ticker: number | null = null;
  private nextId = 1;
  private conns: Connection[] = [];
  private onPrepare: ((profile: number, status: number) => void) | null = null;
  private onDesc: ((profile: number, uuid: string, desc: string, status: number) => void) | null = null;
  private onNotify: ((profile: number, uuid: string, data: ArrayBuffer, length: number) => void) | null = null;

  constructor(private readonly clock: Clock, readonly peripherals: BleCuffPeripheral[]) {}

  get scanning(): boolean {
    return this.scanTimer !== null;
  }

  /** Start the peripherals' physics (they run whether or not anyone is connected). */
  start(): void {
    if (this.ticker === null) this.ticker = this.clock.setTimer(() => this.tick(TICK_MS), TICK_MS, true);
  }

  stop(): void {
    if (this.ticker !== null) this.clock.clearTimer(this.ticker);
    this.ticker = null;
    this.endScan(false);
  }

  private refuse(): boolean {
    this.stats.refused++;
    return false;
  }

  private tick(dtMs: number): void {
    for (const cuff of this.peripherals) {
      const frames = advanceBleCuff(cuff, dtMs);
      const conn = this.conns.find((c) => c.cuff === cuff);
      if (!conn) continue;
      if (!cuff.connected) {
        this.drop(conn);
        continue;
      }
      for (const f of frames) {
        if (!conn.notifying || conn.profile === null || !this.onNotify) continue;
        this.stats.notifications++;
        const copy = f.slice();
        this.onNotify(conn.profile, '2A36', copy.buffer, copy.byteLength);
      }
    }
  }

  private drop(conn: Connection): void {
    this.conns = this.conns.filter((c) => c !== conn);
    conn.cuff.connected = false;
    this.stats.disconnects++;
    conn.cb({ connected: 2, connect_id: conn.id, dev_addr: macToBuffer(conn.cuff.address) });
  }

  private endScan(timedOut: boolean, onTimeout?: () => void): void {
    if (this.scanTimer !== null) this.clock.clearTimer(this.scanTimer);
    if (this.scanStop !== null) this.clock.clearTimer(this.scanStop);
    this.scanTimer = null;
    this.scanStop = null;
    if (timedOut && onTimeout) onTimeout();
  }

  module(): ZosBleCentral {
    return {
      mstStartScan: (cb, filter, timeout) => {
        if (typeof cb !== 'function' || this.scanTimer !== null) return this.refuse();
        this.stats.scans++;
        const wantService = filter && filter.service_uuid !== undefined ? shortUuid(filter.service_uuid) : null;
        const durationMs = timeout && typeof timeout.duration === 'number' && timeout.duration > 0 ? Math.min(timeout.duration * 1000, MAX_SCAN_MS) : MAX_SCAN_MS;
        const onTimeout = timeout && typeof timeout.on_timeout === 'function' ? timeout.on_timeout : undefined;
        this.scanTimer = this.clock.setTimer(() => {
          for (const p of this.peripherals) {
            if (p.connected) continue; // a connected peripheral stops advertising
            const ad = advertisement(p);
            const uuids = ad.serviceUuids.map((u) => u.toString(16).padStart(4, '0'));
            if (wantService !== null && uuids.indexOf(wantService) < 0) continue;
            this.stats.scanResults++;
            cb({ dev_name: ad.name, dev_addr: macToBuffer(ad.address), rssi: ad.rssi, service_uuid_array: uuids, service_data_array: [] });
          }
        }, ADVERTISING_EVERY_MS, true);
        this.scanStop = this.clock.setTimer(() => this.endScan(true, onTimeout), durationMs, false);
        return true;
      },
      mstStopScan: () => {
        if (this.scanTimer === null) return false;
        this.endScan(false);
        return true;
      },
      mstConnect: (addr, cb) => {
        const mac = bufferToMac(addr);
        if (mac === null || typeof cb !== 'function') return this.refuse();
        this.stats.connects++;
        const id = this.nextId++;
        this.clock.setTimer(() => {
          const cuff = this.peripherals.find((p) => p.address === mac);
          if (!cuff || cuff.connected) {
            cb({ connected: 1, connect_id: id, dev_addr: macToBuffer(mac) });
            return;
          }
          cuff.connected = true;
          this.conns.push({ id, cuff, cb, profile: null, notifying: false });
          cb({ connected: 0, connect_id: id, dev_addr: macToBuffer(mac) });
        }, CONNECT_DELAY_MS, false);
        return true;
      },
      mstDisconnect: (connectId) => {
        const conn = this.conns.find((c) => c.id === connectId);
        if (!conn) return this.refuse();
        this.drop(conn);
        return true;
      },
      mstBuildProfile: (profile) => {
        const conn = this.conns.find((c) => profileOk(profile) && c.id === (profile as { id: number }).id);
        if (!conn || !profileOk(profile)) return this.refuse();
        const ptr = 1000 + conn.id;
        this.clock.setTimer(() => {
          if (this.conns.indexOf(conn) < 0) return;
          conn.profile = ptr;
          if (this.onPrepare) this.onPrepare(ptr, 0);
        }, PREPARE_DELAY_MS, false);
        return true;
      },
      mstOnPrepare: (cb) => { this.onPrepare = typeof cb === 'function' ? cb : null; return this.onPrepare !== null; },
      mstWriteDescriptor: (profile, uuid, descUuid, data, length) => {
        const conn = this.conns.find((c) => c.profile === profile);
        if (!conn || shortUuid(uuid) !== '2a36' || shortUuid(descUuid) !== '2902' || !(data instanceof ArrayBuffer) || length !== 2) return this.refuse();
        const v = new Uint8Array(data);
        this.clock.setTimer(() => {
          if (this.conns.indexOf(conn) < 0) return;
          conn.notifying = v[0] === 1 && v[1] === 0;
          if (this.onDesc) this.onDesc(profile, uuid, descUuid, 0);
        }, 50, false);
        return true;
      },
      mstOnDescWriteComplete: (cb) => { this.onDesc = typeof cb === 'function' ? cb : null; return this.onDesc !== null; },
      mstOnCharaNotification: (cb) => { this.onNotify = typeof cb === 'function' ? cb : null; return this.onNotify !== null; },
      mstOffAllCb: () => { this.onPrepare = null; this.onDesc = null; this.onNotify = null; return true; },
      mstDestroyProfileInstance: (profile) => {
        const conn = this.conns.find((c) => c.profile === profile);
        if (!conn) return this.refuse();
        conn.profile = null;
        conn.notifying = false;
        return true;
      },
    };
  }
}

/** The profile object must name a live connection and list 0x1810 > 0x2A36 > 0x2902. */
function profileOk(p: unknown): boolean {
  const o = p as { id?: unknown; dev?: unknown; list?: Array<{ list?: Array<{ uuid?: unknown; list?: Array<{ uuid?: unknown; list?: Array<{ uuid?: unknown }> }> }> }> };
  if (!o || typeof o.id !== 'number' || !(o.dev instanceof ArrayBuffer) || !Array.isArray(o.list)) return false;
  for (const group of o.list) {
    for (const svc of (group && group.list) || []) {
      if (shortUuid(svc.uuid) !== '1810') continue;
      for (const ch of svc.list || []) {
        if (shortUuid(ch.uuid) !== '2a36') continue;
        for (const d of ch.list || []) if (shortUuid(d.uuid) === '2902') return true;
      }
    }
  }
  return false;
}
