// The watch's storage: one LocalStorage for the whole app, getDiskInfo for free space.
// A LocalStorage instance keeps what it loaded in memory (Zepp docs: storage/localStorage), so
// two instances read stale copies and a write from one can undo the other's. Every page and
// every async callback therefore shares the instance kept in the app's globalData; a page
// bundle's own module state would not do, as each page is a separate bundle.
import { LocalStorage } from '@zos/storage';
import { getDiskInfo } from '@zos/device';
import { SessionStore } from './sessionStore';

interface AppGlobals { storage?: LocalStorage }

function appGlobals(): AppGlobals {
  try {
    const app = getApp() as unknown as { _options?: { globalData?: AppGlobals } };
    if (app && app._options && app._options.globalData) return app._options.globalData;
  } catch (e) {
    // no app object (a page run on its own): fall through to a page-local instance
  }
  return pageGlobals;
}
const pageGlobals: AppGlobals = {};

function appStorage(): LocalStorage {
  const g = appGlobals();
  if (!g.storage) g.storage = new LocalStorage();
  return g.storage;
}

/** The app's one LocalStorage, for small keys outside the session store (the paired Bluetooth cuff). */
export function appKv(): LocalStorage {
  return appStorage();
}

export function openStore(): SessionStore {
  return new SessionStore(appStorage(), () => {
    try {
      const info = getDiskInfo() as unknown as { free?: number };
      return typeof info.free === 'number' ? info.free : Number.MAX_SAFE_INTEGER;
    } catch (e) {
      return Number.MAX_SAFE_INTEGER;
    }
  });
}
