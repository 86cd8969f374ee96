// The Zepp OS watch, simulated in Node: the real app and page bundles run in their own realm
// over the @zos/* stand-ins, with the simulator's clock, storage and BLE link. Tests drive it
// like a person (read the screen, tap, swipe, move the wrist) and a relaunch keeps storage.
import type { Clock } from '../clock';
import { flushMicrotasks } from '../clock';
import type { BleLink } from './bleLink';
import { deviceBundle } from './bundles';
import { DeviceState, GESTURE, createDeviceModules, memoryStore, type KeyValueStore, type RouterAction, type Shape } from './deviceModules';
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

export interface WatchOptions {
  clock: Clock;
  link: BleLink;
  shape?: Shape;
  storage?: KeyValueStore;
  locale?: string;
  homePage?: string;
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
  running = false;

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
    });
  }

  /** Starts the app as the system would: app.js, then the home page. */
  async launch(url = this.options.homePage || 'page/home/index.page', params?: string): Promise<void> {
    this.modules = createDeviceModules(this.device);
    const app = this.appInstance;
    this.realm = createRealm(
      this.options.clock,
      {
        __$$R$$__: (name: string) => this.modules[name],
        __$$app$$__: { __globals__: { __scopedGlobals__: {} } },
        __$$module$$__: { id: 'app' },
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
    this.realm.runBundle(code, 'app.js', (n) => this.modules[n]);
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
    this.device.gestureHandler = null;
    this.device.keyHandler = null;
    (this.realm.context as Record<string, unknown>).__$$module$$__ = { id: url };
    this.pendingPage = null;
    this.realm.runBundle(code, `${url}.js`, (n) => this.modules[n]);
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

  /** Waits until any navigation the page asked for has happened. */
  async settle(): Promise<void> {
    await flushMicrotasks();
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

  async tap(match: string | RegExp): Promise<void> {
    this.device.ui.click(match);
    await this.settle();
  }

  /** Presses the visible button with this widget id (the simulator page's click). */
  async tapById(id: number): Promise<void> {
    this.device.ui.clickById(id);
    await this.settle();
  }

  /** The swipe that would leave the page; returns true when the page swallowed it. */
  async swipeBack(): Promise<boolean> {
    const swallowed = this.device.gesture(GESTURE.RIGHT);
    if (!swallowed) this.navigate({ kind: 'back' });
    await this.settle();
    return swallowed;
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
  }
}

export async function startWatch(options: WatchOptions, url?: string, params?: string): Promise<SimWatch> {
  const watch = new SimWatch(options);
  await watch.launch(url, params);
  return watch;
}
