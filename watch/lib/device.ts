// The watch's storage, opened once per page: LocalStorage for data, getDiskInfo for free space.
import { LocalStorage } from '@zos/storage';
import { getDiskInfo } from '@zos/device';
import { SessionStore } from './sessionStore';

export function openStore(): SessionStore {
  const kv = new LocalStorage();
  return new SessionStore(kv, () => {
    try {
      const info = getDiskInfo() as unknown as { free?: number };
      return typeof info.free === 'number' ? info.free : Number.MAX_SAFE_INTEGER;
    } catch (e) {
      return Number.MAX_SAFE_INTEGER;
    }
  });
}
