// The device's session store: the platform-free SessionStore (records, outbox index, active
// engine state, screening, settings) over Fitbit's fs, one file per key in /private/data.
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'fs';
import { SessionStore, type KeyValue } from '../../watch/lib/sessionStore';

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
