// The app object: ZML's BaseApp owns the BLE messaging that every page uses through
// `this.request` / `this.call`, so it must be created even before any page needs it.
import { BaseApp } from '@zeppos/zml/base-app';
import { guardLateReplies } from './lib/lateReplies';
import { SHARED_ZOD } from './lib/sharedZod';
// ZML's page code, made into a factory by the build (scripts/zeppBundle.js, zmlPageFactory):
// each page builds its own BasePage from it instead of carrying the code.
import { createBasePage } from 'zml-page-factory';

App(
  BaseApp({
    // ZML puts its messaging object here in onCreate; lib/device.ts keeps the one storage
    // here; every page takes zod from `zod` (lib/sharedZod.ts) and its BasePage from
    // `basePage`.
    globalData: { messaging: null, zod: SHARED_ZOD, basePage: createBasePage },
    onCreate() {
      // Runs after ZML's own onCreate has made the messaging object.
      guardLateReplies((this as unknown as { globalData: { messaging: unknown } }).globalData.messaging);
    },
    onDestroy() {},
  }),
);
