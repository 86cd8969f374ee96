// The app object: ZML's BaseApp owns the BLE messaging that every page uses through
// `this.request` / `this.call`, so it must be created even before any page needs it.
import { BaseApp } from '@zeppos/zml/base-app';

App(
  BaseApp({
    // ZML puts its messaging object here in onCreate.
    globalData: { messaging: null },
    onCreate() {},
    onDestroy() {},
  }),
);
