// Fitbit storage and file transfer for the Node runtime: the device's flat file system
// (/private/data), the watch -> phone file-transfer outbox and the phone's inbox, and the
// phone's string stores (settingsStorage with change events, localStorage).
import type { Clock } from '../clock';
import type { PeerLinkSim } from './messaging';

const DATA_DIR = '/private/data/';

function plain(name: string): string {
  return name.startsWith(DATA_DIR) ? name.slice(DATA_DIR.length) : name;
}

export class SimFileSystem {
  readonly files = new Map<string, Uint8Array>();
  writes = 0;

  existsSync(name: string): boolean {
    return this.files.has(plain(name));
  }
  writeFileSync(name: string, data: unknown, encoding?: string): void {
    let bytes: Uint8Array;
    if (encoding === 'json' || encoding === 'cbor') bytes = new Uint8Array(Buffer.from(JSON.stringify(data), 'utf8'));
    else if (typeof data === 'string') bytes = new Uint8Array(Buffer.from(data, 'utf8'));
    else if (data instanceof ArrayBuffer) bytes = new Uint8Array(data.slice(0));
    else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    else throw new Error('fs.writeFileSync: unsupported data for ' + name);
    this.files.set(plain(name), bytes);
    this.writes++;
  }
  readFileSync(name: string, encoding?: string): unknown {
    const bytes = this.files.get(plain(name));
    if (!bytes) throw new Error("Couldn't find file: " + name);
    const text = Buffer.from(bytes).toString('utf8');
    if (encoding === 'utf-8' || encoding === 'ascii') return text;
    if (encoding === 'json' || encoding === 'cbor') return JSON.parse(text);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }
  unlinkSync(name: string): void {
    if (!this.files.delete(plain(name))) throw new Error("Couldn't find file: " + name);
  }
  renameSync(from: string, to: string): void {
    const bytes = this.files.get(plain(from));
    if (!bytes) throw new Error("Couldn't find file: " + from);
    this.files.delete(plain(from));
    this.files.set(plain(to), bytes);
  }
  statSync(name: string): { size: number } {
    const bytes = this.files.get(plain(name));
    if (!bytes) throw new Error("Couldn't find file: " + name);
    return { size: bytes.byteLength };
  }
  listDirSync(): { next(): { done: boolean; value: string | undefined } } {
    const names = [...this.files.keys()];
    let i = 0;
    return { next: () => (i < names.length ? { done: false, value: names[i++] } : { done: true, value: undefined }) };
  }
}

export interface InboxItem {
  name: string;
  length: number;
  bodyUsed: boolean;
  text(): Promise<string>;
  json(): Promise<unknown>;
  cbor(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Watch -> phone file transfer: queued files move when the link is up, at the link's rate. */
export class SimFileTransfer {
  private readonly queue: Array<{ name: string; bytes: Uint8Array; transfer: { name: string; readyState: string } }> = [];
  private readonly arrived: InboxItem[] = [];
  private readonly inboxListeners: Array<(e: unknown) => void> = [];
  private moving = false;
  readonly log: Array<{ name: string; bytes: number; atMs: number }> = [];

  constructor(private readonly clock: Clock, private readonly link: PeerLinkSim, private readonly fsys: SimFileSystem, private readonly bytesPerSecond = 4000) {}

  /** The device's `file-transfer` module. */
  deviceModule() {
    return {
      outbox: {
        enqueueFile: (file: string, name?: string) => {
          const bytes = this.fsys.files.get(plain(file));
          if (!bytes) return Promise.reject(new Error("Couldn't find file: " + file));
          return Promise.resolve(this.enqueue(name || plain(file), bytes.slice()));
        },
        enqueue: (name: string, data: ArrayBuffer | ArrayBufferView) => {
          const bytes = data instanceof ArrayBuffer ? new Uint8Array(data.slice(0)) : new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
          return Promise.resolve(this.enqueue(name, bytes));
        },
        enumerate: () => Promise.resolve(this.queue.map((q) => q.transfer)),
      },
      inbox: { nextFile: () => undefined, addEventListener: () => undefined },
    };
  }

  /** The companion's `file-transfer` module. */
  companionModule() {
    const inbox: Record<string, unknown> = {
      pop: () => Promise.resolve(this.arrived.shift()),
      addEventListener: (name: string, fn: (e: unknown) => void) => {
        if (name === 'newfile') this.inboxListeners.push(fn);
      },
      onnewfile: null,
    };
    return { inbox, outbox: { enqueue: () => Promise.reject(new Error('phone -> watch files are not simulated')), enumerate: () => Promise.resolve([]) } };
  }

  waiting(): number {
    return this.queue.length;
  }

  private enqueue(name: string, bytes: Uint8Array) {
    const transfer = { name, readyState: 'pending' };
    this.queue.push({ name, bytes, transfer });
    this.pump();
    return transfer;
  }

  /** Called when the link comes up, and after each file. */
  pump(): void {
    if (this.moving || this.queue.length === 0 || !this.link.isConnected()) return;
    this.moving = true;
    const next = this.queue[0];
    next.transfer.readyState = 'transferring';
    this.clock.setTimer(() => {
      this.moving = false;
      if (!this.link.isConnected()) {
        next.transfer.readyState = 'pending';
        return; // tried again when the link is back
      }
      this.queue.shift();
      next.transfer.readyState = 'transferred';
      this.log.push({ name: next.name, bytes: next.bytes.byteLength, atMs: this.clock.now() });
      const text = Buffer.from(next.bytes).toString('utf8');
      const item: InboxItem = {
        name: next.name,
        length: next.bytes.byteLength,
        bodyUsed: false,
        text: () => Promise.resolve(text),
        json: () => Promise.resolve().then(() => JSON.parse(text)),
        cbor: () => Promise.resolve().then(() => JSON.parse(text)),
        arrayBuffer: () => Promise.resolve(next.bytes.buffer.slice(0) as ArrayBuffer),
      };
      this.arrived.push(item);
      for (const fn of this.inboxListeners) fn({ type: 'newfile' });
      this.pump();
    }, Math.ceil((next.bytes.byteLength * 1000) / this.bytesPerSecond) + 50, false);
  }
}

/** A string store; settingsStorage fires `change` only for what the settings page writes. */
export class SimStorage {
  private readonly data = new Map<string, string>();
  private readonly listeners: Array<(e: unknown) => void> = [];
  onchange: ((e: unknown) => void) | null = null;

  get length(): number {
    return this.data.size;
  }
  key(i: number): string | null {
    return [...this.data.keys()][i] ?? null;
  }
  getItem(key: string): string | null {
    return this.data.has(key) ? (this.data.get(key) as string) : null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, String(value));
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
  clear(): void {
    this.data.clear();
  }
  addEventListener(name: string, fn: (e: unknown) => void): void {
    if (name === 'change') this.listeners.push(fn);
  }
  removeEventListener(): void {}

  /** The settings page (on the phone) changes a value: stored, then `change` fires. */
  pageSet(key: string, value: string): void {
    const oldValue = this.getItem(key);
    this.setItem(key, value);
    const event = { type: 'change', key, oldValue, newValue: value };
    if (this.onchange) this.onchange(event);
    for (const fn of this.listeners) fn(event);
  }
}
