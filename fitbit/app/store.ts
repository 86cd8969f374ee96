// The device's session store: the platform-free SessionStore (records, outbox index, active
// engine state, screening, settings) over Fitbit's fs, one file per key in /private/data.
// Values are written and read with fs's 'json' encoding: the JSON text is made and parsed by
// the firmware, so a session state or record (tens of KB with its pressure samples) never
// has to fit the 128 KB JS heap a second time as one string.
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'fs';
import { SessionStore, type KeyValue } from '../../shared/store/sessionStore';

/** What the app lets itself use of the watch's flash. */
export const APP_STORAGE_BYTES = 4 * 1024 * 1024;

export const fsKeyValue: KeyValue = {
  getItem(key: string): unknown {
    return existsSync(key) ? readFileSync(key, 'utf-8') : undefined;
  },
  setItem(key: string, value: unknown): void {
    writeFileSync(key, String(value), 'utf-8');
  },
  removeItem(key: string): void {
    if (existsSync(key)) unlinkSync(key);
  },
  getJson(key: string): unknown {
    return existsSync(key) ? readFileSync(key, 'json') : undefined;
  },
  setJson(key: string, value: unknown): void {
    writeFileSync(key, value, 'json');
  },
};

export function openStore(): SessionStore {
  let store: SessionStore | null = null;
  const used = () => {
    let bytes = 0;
    const entries = store ? store.index() : [];
    for (let i = 0; i < entries.length; i++) bytes += entries[i].bytes;
    return bytes;
  };
  store = new SessionStore(fsKeyValue, () => APP_STORAGE_BYTES - used());
  return store;
}
