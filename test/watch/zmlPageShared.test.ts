// ZML's page code lives once, in app.js, as a factory every page calls for a BasePage of its own
// (scripts/zeppBundle.js, zmlPageFactory). Checked on the real bundles: no page carries the
// code, each page opened hooks into the messaging once (one BasePage shared by all pages would
// append its mixins again on every page), and the shared code reads the page's own module
// scope (__$$R$$__, __$$module$$__, getApp), which on the watch is not app.js's.
import fs from 'fs';
import { VirtualClock } from '../../sim/clock';
import { BleLink } from '../../sim/zepp/bleLink';
import { SimWatch } from '../../sim/zepp/watchRuntime';
import { SimSideService } from '../../sim/zepp/sideRuntime';
import { readMessages } from '../../sim/zepp/po';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundleEntry, sourceFor, ZML_PAGE_SCOPE } = require('../../scripts/zeppBundle.js') as {
  bundleEntry: (file: string, opts: { shape?: string; minify?: boolean }) => Promise<string>;
  sourceFor: (stagePath: string) => string;
  ZML_PAGE_SCOPE: string[];
};

const text = readMessages();
const PAGES = ['home', 'screening', 'precheck', 'session', 'summary', 'history', 'blecuff'].map((p) => `page/${p}/index.page`);
// A property name ZML's page code uses (its file-transfer mixin) and its app code does not.
const ZML_PAGE_MARK = '_onReceivedFile';
const count = (code: string) => code.split(ZML_PAGE_MARK).length - 1;

type Fn = (...a: unknown[]) => unknown;
interface GlobalData { messaging: Record<string, Fn>; basePage: (...scope: unknown[]) => (opts: object) => Record<string, Fn | unknown> }

async function launched() {
  const clock = new VirtualClock();
  const link = new BleLink(clock);
  const side = new SimSideService({ clock, ble: link.phone });
  await side.start();
  const watch = new SimWatch({ clock, link });
  await watch.launch();
  const internals = watch as unknown as { appInstance: { _options: { globalData: GlobalData } }; modules: Record<string, unknown> };
  return { watch, globalData: internals.appInstance._options.globalData, modules: internals.modules };
}

describe("ZML's page code, shared from app.js", () => {
  it('is in app.js once and in no page bundle', async () => {
    const zmlPage = count(fs.readFileSync(require.resolve('@zeppos/zml/base-page'), 'utf8'));
    expect(zmlPage).toBeGreaterThan(0);
    expect(count(await bundleEntry(sourceFor('app'), { shape: 'r', minify: true }))).toBe(zmlPage);
    for (const page of PAGES) expect([page, count(await bundleEntry(sourceFor(page), { shape: 'r', minify: true }))]).toEqual([page, 0]);
  });

  it('gives each page opened a BasePage of its own: ZML hooks each page into the messaging once', async () => {
    const { watch, globalData } = await launched();
    const onCall = globalData.messaging.onCall;
    let hooked = 0;
    globalData.messaging.onCall = function (this: unknown, ...a: unknown[]) {
      hooked++;
      return onCall.apply(this, a);
    };
    for (let i = 0; i < 3; i++) {
      await watch.tap(text['program.walk-intervals']);
      expect(watch.currentUrl).toBe('page/precheck/index.page');
      await watch.swipeBack();
      expect(watch.currentUrl).toBe('page/home/index.page');
    }
    // six pages opened (precheck, home, three times)
    expect(hooked).toBe(6);
    expect(watch.errors).toEqual([]);
  });

  it("reads the page's module scope it is given, not app.js's", async () => {
    const { globalData, modules } = await launched();
    const required: string[] = [];
    const calls: string[] = [];
    const messaging = { onCall: () => (calls.push('onCall'), messaging), onRequest: () => messaging, onBleChanged: () => messaging };
    const files = { onFile: () => calls.push('onFile'), offFile: () => undefined };
    const pageApp = { _options: { globalData: { messaging, fileTransferLib: files } } };
    const scoped = { _$mgr$_: {} as Record<string, unknown> };
    const scope: Record<string, unknown> = {
      __$$R$$__: (name: string) => (required.push(name), modules[name]),
      getApp: () => pageApp,
      __$$app$$__: { __globals__: { __scopedGlobals__: scoped } },
      __$$module$$__: { id: 'page/probe' },
    };
    const BasePage = globalData.basePage(...ZML_PAGE_SCOPE.map((n) => scope[n]));
    const page = BasePage({});
    expect(required).toEqual(expect.arrayContaining(['@zos/app', '@zos/timer', '@zos/utils']));
    expect(Object.keys(scoped._$mgr$_)).toEqual(['page/probe']);
    expect(page.globalData).toBe(pageApp._options.globalData);
    (page.onInit as Fn).call(page);
    expect(calls).toEqual(['onCall', 'onFile']);
  });
});
