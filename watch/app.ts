// The app object: ZML's BaseApp owns the BLE messaging that every page uses through
// `this.request` / `this.call`, so it must be created even before any page needs it.
import { BaseApp } from '@zeppos/zml/base-app';
import { guardLateReplies } from './lib/lateReplies';
import { SHARED_ZOD } from './lib/sharedZod';

App(
  BaseApp({
    // ZML puts its messaging object here in onCreate; lib/device.ts keeps the one storage
    // here; every page takes zod from `zod` (lib/sharedZod.ts).
    globalData: { messaging: null, zod: SHARED_ZOD },
    onCreate() {
      // Runs after ZML's own onCreate has made the messaging object.
      guardLateReplies((this as unknown as { globalData: { messaging: unknown } }).globalData.messaging);
    },
    onDestroy() {},
  }),
);
