// The Zepp OS watch, simulated in Node: the real app and page bundles run in their own realm
// over the @zos/* stand-ins, with the simulator's clock, storage and BLE link. Tests drive it
// like a person (read the screen, tap, swipe, scroll, press a key, move the wrist) and the
// system does to it what a real watch does: screen-off paths that end the app and relaunch it
// into the page that was showing, BLE loss, keys. Each behaviour names its doc page
// (zepp-health/zeppos-docs, under docs/reference/device-app-api/newAPI/); where the docs are
// silent the runtime takes the harsher reading and says so.
import type { ZosBleCentral } from './bleCentral';
import type { Clock } from '../clock';
import { flushMicrotasks } from '../clock';
import type { BleLink } from './bleLink';
import { deviceBundle } from './bundles';
import { DeviceState, GESTURE, KEY, KEY_EVENT, SCREENS, createDeviceModules, memoryStore, type KeyValueStore, type RouterAction, type Shape } from './deviceModules';
import type { WidgetNode } from './widgets';
import { readMessages } from './po';
import { createRealm, type Realm } from './realm';
import fs from 'fs';
import path from 'path';

let pagesCache: string[] | null = null;
function appPages(): string[] {
  if (!pagesCache) {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../app.json'), 'utf8'));
    pagesCache = Object.values(manifest.targets as Record<string, { module: { page: { pages: string[] } } }>).flatMap((t) => t.module.page.pages);
  }
  return pagesCache;
}

type Lifecycle = Record<string, unknown>;

/**
 * With the screen off the system exits the app about 10 s later (docs: display/
 * setWakeUpRelaunch: "the system will exit the Mini Program after 10s").
 */
export const SCREEN_OFF_EXIT_MS = 10000;

/**
 * Ways the screen goes off (PLATFORMS.md, last section): the wrist drop (unless
 * pauseDropWristScreenOff), a palm over the screen (unless pausePalmScreenOff: docs display/
 * pausePalmScreenOff), the bright time running out or the screen button ('timeout',
 * 'button': nothing the app can pause), a notification or the low-battery warning taking the
 * screen (no API pauses those).
 */
export type ScreenOffCause = 'wrist' | 'palm' | 'timeout' | 'button' | 'notification' | 'lowBattery';

export interface RelaunchEntry { atMs: number; url: string; params?: string; cause: ScreenOffCause }

export interface WatchOptions {
  clock: Clock;
  link: BleLink;
  shape?: Shape;
  storage?: KeyValueStore;
  locale?: string;
  homePage?: string;
  /** The watch as a BLE central for standard Bluetooth cuffs (bleCentral.ts). */
  bleCentral?: ZosBleCentral;
}

export class SimWatch {
  readonly device: DeviceState;
  readonly errors: unknown[] = [];
  readonly shape: Shape;
  readonly storage: KeyValueStore;
  private realm: Realm | null = null;
  private modules: Record<string, unknown> = {};
  private appOptions: Lifecycle | null = null;
  private readonly appInstance: Lifecycle = {};
  private page: Lifecycle | null = null;
  private pendingPage: Lifecycle | null = null;
  private readonly stack: Array<{ url: string; params?: string }> = [];
  private navigation: Promise<void> = Promise.resolve();
  private relaunching: Promise<void> = Promise.resolve();
  running = false;
  /** The screen is lit (taps, keys and scrolls need it). */
  screenOn = true;
  /** Screen-off periods, and what each did to the app. */
  readonly screenOffs: Array<{ atMs: number; cause: ScreenOffCause; offMs: number; exited: boolean; relaunched: boolean }> = [];
  /** Every time the system reopened the app into the page that was showing (setWakeUpRelaunch). */
  readonly relaunches: RelaunchEntry[] = [];

  constructor(private readonly options: WatchOptions) {
    this.shape = options.shape || 'r';
    this.storage = options.storage || memoryStore();
    this.device = new DeviceState({
      shape: this.shape,
      timers: options.clock,
      ble: options.link.watch,
      storage: this.storage,
      messages: readMessages(options.locale || 'en-US'),
      navigate: (action) => this.navigate(action),
      onError: (e) => this.errors.push(e),
      bleCentral: options.bleCentral,
    });
    // The app hears the phone link come and go only while it runs (its listeners die with it).
    options.link.onStatus((up) => {
      if (this.running) this.device.bleStatus(up);
    });
  }

  /**
   * Uncaught exceptions from the app's code (lifecycle, timers, BLE callbacks, handlers). The
   * docs do not say whether one ends the app; the app keeps running here, and every one is a
   * crash in the simulator's reports and fails the tests.
   */
  get crashes(): number {
    return this.errors.length;
  }

  /** The app is being started (its bundles load); `running` turns true when it has. */
  launching = false;

  /** Starts the app as the system would: app.js, then the home page. */
  async launch(url = this.options.homePage || 'page/home/index.page', params?: string): Promise<void> {
    this.launching = true;
    try {
      await this.start(url, params);
    } finally {
      this.launching = false;
    }
  }

  private async start(url: string, params?: string): Promise<void> {
    this.modules = createDeviceModules(this.device);
    const app = this.appInstance;
    this.realm = createRealm(
      this.options.clock,
      {
        __$$R$$__: (name: string) => this.modules[name],
        __$$app$$__: { __globals__: { __scopedGlobals__: {} } },
        App: (opts: Lifecycle) => {
          this.appOptions = opts;
          Object.assign(app, opts, { _options: opts });
          return app;
        },
        getApp: () => app,
        Page: (opts: Lifecycle) => {
          this.pendingPage = opts;
          return opts;
        },
        getCurrentPage: () => this.page,
      },
      (e) => this.errors.push(e),
    );
    const code = await deviceBundle('app', this.shape);
    // Every page bundled up front, so a page switch takes no real time (as on the watch).
    await Promise.all(appPages().map((page) => deviceBundle(page, this.shape)));
    // Each file its own module object, as the CLI's per-file scope gives it: code app.js shares
    // with the pages (ZML's page factory) must not see a page's through a global.
    this.realm.runBundle(code, 'app.js', (n) => this.modules[n], { __$$module$$__: { id: 'app' } });
    this.call(this.appOptions, 'onCreate');
    this.running = true;
    await this.openPage(url, params);
  }

  private call(target: Lifecycle | null, name: string, ...args: unknown[]): void {
    const fn = target && target[name];
    if (typeof fn !== 'function') return;
    try {
      fn.apply(target, args);
    } catch (e) {
      this.errors.push(e);
    }
  }

  private async openPage(url: string, params?: string): Promise<void> {
    if (!this.realm) throw new Error('watch is not running');
    const code = await deviceBundle(url, this.shape);
    this.device.ui.clear();
    this.device.scrollY = 0;
    this.device.scrollLocked = false;
    this.device.gestureHandler = null;
    this.device.keyHandler = null;
    this.pendingPage = null;
    this.realm.runBundle(code, `${url}.js`, (n) => this.modules[n], { __$$module$$__: { id: url } });
    this.page = this.pendingPage;
    this.stack.push({ url, params });
    this.call(this.page, 'onInit', params);
    this.call(this.page, 'build');
    await flushMicrotasks();
  }

  private closePage(): void {
    this.call(this.page, 'onDestroy');
    this.page = null;
  }

  private navigate(action: RouterAction): void {
    // Navigation happens after the current handler returns, as on the watch.
    this.navigation = this.navigation.then(async () => {
      if (!this.running) return;
      if (action.kind === 'push' || action.kind === 'replace') {
        this.closePage();
        if (action.kind === 'replace') this.stack.pop();
        await this.openPage(action.url, action.params);
      } else if (action.kind === 'back') {
        this.closePage();
        this.stack.pop();
        const prev = this.stack.pop();
        if (prev) await this.openPage(prev.url, prev.params);
        else this.exit();
      } else {
        this.exit();
      }
    }).catch((e) => { this.errors.push(e); });
  }

  /**
   * Opens a page in the running app as the page's own router.replace would (no relaunch):
   * the render test walks hundreds of screens this way, each in a few milliseconds.
   */
  async open(url: string, params?: string): Promise<void> {
    if (!this.running) return this.launch(url, params);
    this.navigate({ kind: 'replace', url, params } as RouterAction);
    await this.settle();
  }

  /** Waits until any navigation the page asked for (or a relaunch) has happened. */
  async settle(): Promise<void> {
    await flushMicrotasks();
    await this.relaunching;
    await this.navigation;
    await flushMicrotasks();
  }

  get currentUrl(): string | null {
    return this.running && this.stack.length ? this.stack[this.stack.length - 1].url : null;
  }

  texts(): string[] {
    return this.device.ui.texts();
  }

  screen(): string {
    return this.texts().join(' | ');
  }

  private needScreen(what: string): void {
    if (!this.running) throw new Error(what + ': the watch app is not running');
    if (!this.screenOn) throw new Error(what + ': the screen is off');
  }

  /** Whether the widget is (at least partly) on the screen now, page scroll applied; widgets inside containers count as on it. */
  private onScreen(node: WidgetNode): boolean {
    const y = typeof node.props.y === 'number' ? node.props.y : null;
    if (y === null || node.parent) return true;
    const h = typeof node.props.h === 'number' ? node.props.h : 0;
    const top = y - this.device.scrollY;
    return top + h > 0 && top < SCREENS[this.shape].height;
  }

  /** A person scrolls a button into view before tapping it. */
  async tap(match: string | RegExp): Promise<void> {
    this.needScreen('tap');
    const node = this.device.ui.findButton(match);
    if (!this.onScreen(node)) {
      const y = node.props.y as number;
      const h = typeof node.props.h === 'number' ? node.props.h : 0;
      this.device.scrollTo(y + h / 2 - SCREENS[this.shape].height / 2);
    }
    this.device.ui.press(node);
    await this.settle();
  }

  /** Presses the button with this widget id where it is now on the screen (the simulator page's click). */
  async tapById(id: number): Promise<void> {
    this.needScreen('tap');
    const node = this.device.ui.findById(id);
    if (!this.onScreen(node)) throw new Error('button ' + id + ' is off the screen (the page is scrolled to ' + this.device.scrollY + ' px): scroll first');
    this.device.ui.press(node);
    await this.settle();
  }

  /**
   * A finger dragging the page up by dy px (negative: down). A page taller than the screen
   * scrolls in the system's free mode (docs: page/setScrollMode, SCROLL_MODE_FREE is the
   * default); returns the new offset.
   */
  scroll(dy: number): number {
    this.needScreen('scroll');
    return this.device.scrollBy(dy);
  }

  /** The swipe that would leave the page; returns true when the page swallowed it. */
  async swipeBack(): Promise<boolean> {
    this.needScreen('swipe');
    let swallowed = false;
    try {
      swallowed = this.device.gesture(GESTURE.RIGHT);
    } catch (e) {
      this.errors.push(e);
    }
    if (!swallowed) this.navigate({ kind: 'back' });
    await this.settle();
    return swallowed;
  }

  /**
   * A physical key (docs: interaction/onKey). The page's handler sees it first and returns
   * true to keep the system from acting; otherwise the back key leaves the page and the home
   * key leaves the app, as on the watch. Returns true when the page swallowed it.
   */
  async pressKey(key: number = KEY.BACK, keyEvent: number = KEY_EVENT.CLICK): Promise<boolean> {
    this.needScreen('key');
    let swallowed = false;
    try {
      swallowed = this.device.keyHandler ? this.device.keyHandler(key, keyEvent) === true : false;
    } catch (e) {
      this.errors.push(e);
    }
    if (!swallowed && keyEvent === KEY_EVENT.CLICK) {
      if (key === KEY.BACK) this.navigate({ kind: 'back' });
      else if (key === KEY.HOME) this.navigate({ kind: 'exit' });
    }
    await this.settle();
    return swallowed;
  }

  /**
   * The screen goes off for `offMs`, then the trainee wakes the watch. The app keeps running
   * with the screen off; SCREEN_OFF_EXIT_MS later the system exits it (lifecycle callbacks
   * run). If the app had asked for setWakeUpRelaunch when it was exited, waking reopens it
   * straight into the page that was showing, with the params that page was first opened with
   * (docs: display/setWakeUpRelaunch: "reopen and enter the corresponding page"); the pages
   * below it are gone. Otherwise it stays closed (the watch face shows). A palm is ignored
   * while pausePalmScreenOff holds, a wrist drop while pauseDropWristScreenOff holds.
   * Returns false when the screen did not go off.
   */
  screenOff(cause: ScreenOffCause, offMs: number): boolean {
    if (!this.screenOn) return false;
    if (cause === 'palm' && this.device.display.palmPaused) return false;
    if (cause === 'wrist' && this.device.display.dropWristPaused) return false;
    const clock = this.options.clock;
    const entry = { atMs: clock.now(), cause, offMs, exited: false, relaunched: false };
    this.screenOffs.push(entry);
    this.screenOn = false;
    let target: { url: string; params?: string } | null = null;
    const exitTimer = clock.setTimer(() => {
      if (this.screenOn || !this.running) return;
      // The flag as the app left it, read before its onDestroy runs.
      target = this.device.display.wakeUpRelaunch && this.stack.length ? { ...this.stack[this.stack.length - 1] } : null;
      entry.exited = true;
      this.exit();
    }, SCREEN_OFF_EXIT_MS, false);
    clock.setTimer(() => {
      clock.clearTimer(exitTimer);
      this.screenOn = true;
      const t = target as { url: string; params?: string } | null;
      if (!t || this.running) return;
      entry.relaunched = true;
      this.relaunches.push({ atMs: clock.now(), url: t.url, params: t.params, cause });
      this.relaunching = this.launch(t.url, t.params).catch((e) => {
        this.errors.push(e);
      });
    }, Math.max(0, offMs), false);
    return true;
  }

  /** Normal exit: lifecycle callbacks run. */
  exit(): void {
    if (!this.running) return;
    this.closePage();
    this.call(this.appOptions, 'onDestroy');
    this.running = false;
    this.device.accel.running = false;
    this.device.accel.listeners = [];
    if (this.realm) this.realm.dispose();
    this.realm = null;
    this.stack.length = 0;
    this.processGone();
  }

  /** What dies with the app's process: its BLE listeners, its handlers, its display requests. */
  private processGone(): void {
    this.device.bleListeners = [];
    this.device.keyHandler = null;
    this.device.gestureHandler = null;
    const d = this.device.display;
    d.brightTimeMs = 0;
    d.dropWristPaused = false;
    d.palmPaused = false;
    d.wakeUpRelaunch = false;
  }

  /** The system kills the app (screen off, crash, battery): no callbacks, storage survives. */
  kill(): void {
    this.running = false;
    this.page = null;
    // The process is gone: none of its timers fire again (heartbeats included).
    if (this.realm) this.realm.dispose();
    this.realm = null;
    this.stack.length = 0;
    this.device.accel.running = false;
    this.device.accel.listeners = [];
    this.device.step.listeners = [];
    this.options.link.watch.onReceive(null);
    this.processGone();
  }
}

export async function startWatch(options: WatchOptions, url?: string, params?: string): Promise<SimWatch> {
  const watch = new SimWatch(options);
  await watch.launch(url, params);
  return watch;
}
