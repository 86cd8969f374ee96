// The string key-value store the companion keeps its data in. On the phone this is the side
// service's `settings.settingsStorage` (ZML's settingsLib wraps the same thing): strings only,
// synchronous, shared with the Settings App page, with a size budget it enforces by throwing.
// The inbox and uploader only see this interface, so tests run against the in-memory store.

export interface SettingsStore {
  getItem(key: string): string | null | undefined;
  /** Throws when the store cannot take the value (full). */
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  /**
   * Every key, when the platform can enumerate them. Optional: without it the inbox cannot
   * find a record that was written just before a crash, but nothing is lost, because the
   * watch did not get an ack and pushes it again.
   */
  keys?(): string[];
}

/** The parts of the side service's settingsStorage we may use to enumerate keys. */
export interface SettingsStorageLike {
  getItem(key: string): unknown;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  length?: number;
  key?(index: number): string | null;
  toObject?(): Record<string, unknown>;
}

/** Wrap `settings.settingsStorage` (or settingsLib) as a SettingsStore; non-string values read as null. */
export function settingsStoreFrom(storage: SettingsStorageLike): SettingsStore {
  const store: SettingsStore = {
    getItem(key) {
      const value = storage.getItem(key);
      return typeof value === 'string' ? value : null;
    },
    setItem(key, value) {
      storage.setItem(key, value);
    },
    removeItem(key) {
      storage.removeItem(key);
    },
  };
  if (typeof storage.key === 'function' && typeof storage.length === 'number') {
    store.keys = () => {
      const out: string[] = [];
      const n = storage.length || 0;
      for (let i = 0; i < n; i++) {
        const k = storage.key ? storage.key(i) : null;
        if (typeof k === 'string') out.push(k);
      }
      return out;
    };
  } else if (typeof storage.toObject === 'function') {
    store.keys = () => Object.keys((storage.toObject && storage.toObject()) || {});
  }
  return store;
}

export class StoreFullError extends Error {
  constructor(key: string, needed: number, capacity: number) {
    super('settings storage is full (writing ' + key + ' needs ' + needed + ' of ' + capacity + ' bytes)');
    this.name = 'StoreFullError';
  }
}

/**
 * In-memory store for tests and the simulator. Counts key + value length as bytes (what the
 * Zepp budget counts, near enough) and throws StoreFullError past `capacityBytes`, like the
 * real storage does when full. `failNextWrites` makes the next n setItem calls throw.
 */
export class MemorySettingsStore implements SettingsStore {
  // No prototype: a key such as "__proto__" or "constructor" is stored like any other.
  private data: { [key: string]: string } = Object.create(null);
  failNextWrites = 0;
  writes = 0;

  constructor(readonly capacityBytes = 4 * 1024 * 1024) {}

  getItem(key: string): string | null {
    return Object.prototype.hasOwnProperty.call(this.data, key) ? this.data[key] : null;
  }

  setItem(key: string, value: string): void {
    if (this.failNextWrites > 0) {
      this.failNextWrites--;
      throw new Error('simulated storage write failure');
    }
    const old = this.getItem(key);
    const used = this.usedBytes() - (old === null ? 0 : key.length + old.length);
    const needed = key.length + value.length;
    if (used + needed > this.capacityBytes) throw new StoreFullError(key, used + needed, this.capacityBytes);
    this.data[key] = String(value);
    this.writes++;
  }

  removeItem(key: string): void {
    delete this.data[key];
  }

  keys(): string[] {
    return Object.keys(this.data);
  }

  usedBytes(): number {
    let n = 0;
    for (const k of Object.keys(this.data)) n += k.length + this.data[k].length;
    return n;
  }
}
