// The Node Fitbit runtime: the real device app and companion bundles (scripts/buildFitbit.js,
// as CommonJS) run in their own realms on one clock, with stand-ins for the Fitbit modules:
// accelerometer (batched readings in m/s^2), haptics, display, appbit, document (the real
// index.view), fs, messaging (peerSocket over a simulated link), file transfer, and on the
// phone settingsStorage, localStorage and fetch (Node's, so the companion reaches the real
// controller simulator on a loopback port).
import type { Clock } from '../clock';
import { createRealm } from '../zepp/realm';
import { SimDocument } from './document';
import { SimFileSystem, SimFileTransfer, SimStorage } from './files';
import { i18nModule } from './i18n';
import { cborModule, PeerLinkSim } from './messaging';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundleFitbit } = require('../../scripts/buildFitbit.js') as {
  bundleFitbit: (component: 'app' | 'companion' | 'settings', opts: { format: 'cjs' | 'esm' }) => Promise<string>;
};

const bundles = new Map<string, Promise<string>>();
function bundle(component: 'app' | 'companion'): Promise<string> {
  let hit = bundles.get(component);
  if (!hit) {
    hit = bundleFitbit(component, { format: 'cjs' });
    bundles.set(component, hit);
  }
  return hit;
}

/** Where accelerometer samples come from: m/s^2 at a time (ms since the sensor started). */
export type MotionSource = (tMs: number) => [number, number, number];
export const STILL: MotionSource = () => [0, 0, 9.81];

export class SimAccelerometerHub {
  source: MotionSource = STILL;
  readonly sensors: SimAccelerometer[] = [];
  constructor(public clock: Clock) {}
}

/**
 * What every Fitbit sensor does alike (Sensor API: `reading` events through addEventListener
 * or `onreading`, start/stop, `activated`): a timer on the simulated clock every `periodMs`
 * once started, and `deliver` to fill in the reading.
 */
abstract class SimSensor {
  activated = false;
  onreading: (() => void) | null = null;
  protected startedAt = 0;
  private timer: number | null = null;
  private listeners: Array<() => void> = [];

  constructor(protected readonly clock: Clock) {}
  addEventListener(name: string, fn: () => void): void {
    if (name === 'reading') this.listeners.push(fn);
  }
  removeEventListener(name: string, fn: () => void): void {
    this.listeners = this.listeners.filter((f) => f !== fn);
  }
  start(): void {
    if (this.activated) return;
    this.activated = true;
    this.startedAt = this.clock.now();
    this.timer = this.clock.setTimer(() => { this.deliver(); this.notify(); }, this.timerPeriodMs(), true);
  }
  stop(): void {
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    this.activated = false;
  }
  protected abstract timerPeriodMs(): number;
  protected abstract deliver(): void;
  private notify(): void {
    if (this.onreading) this.onreading();
    for (const fn of this.listeners.slice()) fn();
  }
}

export class SimAccelerometer extends SimSensor {
  readonly frequency: number;
  readonly batch: number;
  readings = { x: new Float32Array(0), y: new Float32Array(0), z: new Float32Array(0), timestamp: new Uint32Array(0) };
  x: number | null = null;
  y: number | null = null;
  z: number | null = null;
  timestamp: number | null = null;
  batches = 0;
  private sample = 0;

  constructor(private readonly hub: SimAccelerometerHub, options: { frequency?: number; batch?: number } = {}) {
    super(hub.clock);
    this.frequency = options.frequency || 10;
    this.batch = Math.max(1, options.batch || 1);
    hub.sensors.push(this);
  }
  protected timerPeriodMs(): number {
    return (1000 / this.frequency) * this.batch;
  }
  protected deliver(): void {
    const periodMs = 1000 / this.frequency;
    const n = this.batch;
    const r = { x: new Float32Array(n), y: new Float32Array(n), z: new Float32Array(n), timestamp: new Uint32Array(n) };
    // The batch ends now: sample i was taken (n - 1 - i) periods ago, sensor time from its start.
    const end = this.hub.clock.now() - this.startedAt;
    for (let i = 0; i < n; i++) {
      const t = Math.round(end - (n - 1 - i) * periodMs);
      const v = this.hub.source(t + this.startedAt);
      r.x[i] = v[0]; r.y[i] = v[1]; r.z[i] = v[2]; r.timestamp[i] = t;
      this.sample++;
    }
    this.readings = r;
    this.x = r.x[n - 1]; this.y = r.y[n - 1]; this.z = r.z[n - 1]; this.timestamp = r.timestamp[n - 1];
    this.batches++;
  }
}

/**
 * The heart-rate sensor (dev.fitbit.com/build/reference/device-api/heart-rate, Heart Rate
 * Sensor Guide): `reading` events at `frequency` Hz once started, heartRate in bpm. Off the
 * wrist the docs only say the timestamp tells a stale reading: harsher, the sensor here keeps
 * firing with the last heartRate and timestamp unchanged (nothing new), never a 0.
 */
export class SimHeartRateHub {
  /** What the wrist gives now: a bpm, or null off the wrist. */
  bpm: number | null = 72;
  readonly sensors: SimHeartRateSensor[] = [];
  constructor(public clock: Clock) {}
}

export class SimHeartRateSensor extends SimSensor {
  heartRate: number | null = null;
  timestamp: number | null = null;
  readings = 0;
  private readonly frequency: number;

  constructor(private readonly hub: SimHeartRateHub, options: { frequency?: number } = {}) {
    super(hub.clock);
    this.frequency = options.frequency || 1;
    hub.sensors.push(this);
  }
  protected timerPeriodMs(): number {
    return 1000 / this.frequency;
  }
  protected deliver(): void {
    if (this.hub.bpm !== null) {
      this.heartRate = this.hub.bpm;
      this.timestamp = this.clock.now() - this.startedAt;
    }
    this.readings++;
  }
}

/** The device app's timers, so that closing the app ends them (a relaunch starts afresh). */
class AppClock implements Clock {
  private readonly ids = new Set<number>();
  constructor(private readonly base: Clock) {}
  now(): number {
    return this.base.now();
  }
  setTimer(fn: () => void, delayMs: number, repeat: boolean): number {
    const id = this.base.setTimer(() => {
      if (!repeat) this.ids.delete(id);
      fn();
    }, delayMs, repeat);
    this.ids.add(id);
    return id;
  }
  clearTimer(id: number): void {
    this.ids.delete(id);
    this.base.clearTimer(id);
  }
  closeApp(): void {
    for (const id of this.ids) this.base.clearTimer(id);
    this.ids.clear();
  }
}

export interface FitbitSystemOptions {
  clock: Clock;
  /** The phone can reach HTTP through Node's fetch; tests may wrap it. */
  fetch?: typeof fetch;
  linkUp?: boolean;
  /** The watch's language (user-settings locale.language, e.g. "de-DE"); default en-US. */
  locale?: string;
}

export class FitbitSystem {
  readonly link: PeerLinkSim;
  readonly fs = new SimFileSystem();
  readonly files: SimFileTransfer;
  document = new SimDocument();
  private deviceClock: AppClock | null = null;
  launches = 0;
  readonly settingsStorage = new SimStorage();
  readonly localStorage = new SimStorage();
  readonly accelerometer: SimAccelerometerHub;
  readonly heartRate: SimHeartRateHub;
  readonly vibrations: Array<{ atMs: number; pattern: string }> = [];
  readonly display = { autoOff: true, on: true, brightnessOverride: undefined as unknown, poke: () => undefined };
  readonly me = { appTimeoutEnabled: true, exited: false, exit: () => { this.me.exited = true; } };
  readonly displayLog: Array<{ atMs: number; autoOff: boolean }> = [];
  readonly errors: unknown[] = [];
  /** Requests the companion has in flight (URL), for a test that waits for the network. */
  readonly inFlight = new Set<string>();
  readonly fetchLog: Array<{ atMs: number; method: string; url: string; status: number | null }> = [];
  /** The entries' exports (`app` and `companion` objects, for inspection). */
  device: Record<string, unknown> | null = null;
  phone: Record<string, unknown> | null = null;

  constructor(private readonly options: FitbitSystemOptions) {
    const clock = options.clock;
    this.link = new PeerLinkSim(clock);
    this.files = new SimFileTransfer(clock, this.link, this.fs);
    this.accelerometer = new SimAccelerometerHub(clock);
    this.heartRate = new SimHeartRateHub(clock);
    this.link.companion.addEventListener('open', () => this.files.pump());
    // display.autoOff is a property on the watch; log every write for the tests.
    let autoOff = true;
    Object.defineProperty(this.display, 'autoOff', {
      get: () => autoOff,
      set: (v: boolean) => {
        autoOff = !!v;
        this.displayLog.push({ atMs: clock.now(), autoOff });
      },
    });
  }

  private deviceModules(): Record<string, unknown> {
    const haptics = {
      vibration: {
        start: (pattern: string) => { this.vibrations.push({ atMs: this.options.clock.now(), pattern }); return true; },
        stop: () => undefined,
      },
    };
    const hub = this.accelerometer;
    hub.clock = this.deviceClock as Clock;
    const heart = this.heartRate;
    heart.clock = this.deviceClock as Clock;
    return {
      accelerometer: { Accelerometer: function (this: unknown, o?: { frequency?: number; batch?: number }) { return new SimAccelerometer(hub, o); } },
      'heart-rate': { HeartRateSensor: function (this: unknown, o?: { frequency?: number }) { return new SimHeartRateSensor(heart, o); } },
      haptics,
      display: { display: this.display },
      appbit: { me: this.me },
      document: this.document,
      fs: {
        existsSync: (n: string) => this.fs.existsSync(n),
        writeFileSync: (n: string, d: unknown, e?: string) => this.fs.writeFileSync(n, d, e),
        readFileSync: (n: string, e?: string) => this.fs.readFileSync(n, e),
        unlinkSync: (n: string) => this.fs.unlinkSync(n),
        renameSync: (a: string, b: string) => this.fs.renameSync(a, b),
        statSync: (n: string) => this.fs.statSync(n),
        listDirSync: () => this.fs.listDirSync(),
      },
      cbor: cborModule,
      messaging: { peerSocket: this.link.device },
      'file-transfer': this.files.deviceModule(),
      // Device API user-settings: locale.language, the watch's language (e.g. "en-US").
      'user-settings': { locale: { language: this.options.locale || 'en-US' } },
      // Device API i18n: gettext over the app's translations (./i18n.ts).
      i18n: i18nModule(this.options.locale || 'en-US'),
    };
  }

  private companionModules(): Record<string, unknown> {
    return {
      cbor: cborModule,
      messaging: { peerSocket: this.link.companion },
      'file-transfer': this.files.companionModule(),
      settings: { settingsStorage: this.settingsStorage },
      'local-storage': { localStorage: this.localStorage },
      companion: { me: { wakeInterval: undefined, monitorSignificantLocationChanges: false } },
    };
  }

  private companionFetch(): typeof fetch {
    const base = this.options.fetch || fetch;
    const clock = this.options.clock;
    return ((url: string, init?: RequestInit) => {
      const key = (init && init.method ? init.method : 'GET') + ' ' + url + ' #' + this.fetchLog.length;
      const entry = { atMs: clock.now(), method: init && init.method ? init.method : 'GET', url: String(url), status: null as number | null };
      this.fetchLog.push(entry);
      this.inFlight.add(key);
      return base(url, init).then(
        (res) => {
          entry.status = res.status;
          // The body is read by the client; keep the request counted until it is.
          return res.text().then((body) => {
            this.inFlight.delete(key);
            return { status: res.status, ok: res.ok, text: () => Promise.resolve(body) } as unknown as Response;
          });
        },
        (e) => {
          this.inFlight.delete(key);
          throw e;
        },
      );
    }) as typeof fetch;
  }

  /** Starts the phone side (companion), then the watch app; the link comes up if asked. */
  async start(): Promise<void> {
    const clock = this.options.clock;
    const onError = (e: unknown) => this.errors.push(e);
    const [companionCode, appCode] = await Promise.all([bundle('companion'), bundle('app')]);
    const phoneRealm = createRealm(clock, { fetch: this.companionFetch() }, onError);
    const companionModules = this.companionModules();
    this.phone = phoneRealm.runBundle(companionCode, 'companion/index.js', (name) => companionModules[name]) as Record<string, unknown>;
    this.launchDevice(appCode);
    if (this.options.linkUp !== false) this.link.setConnected(true);
  }

  private launchDevice(appCode: string): void {
    this.deviceClock = new AppClock(this.options.clock);
    const watchRealm = createRealm(this.deviceClock, {}, (e) => this.errors.push(e));
    const deviceModules = this.deviceModules();
    this.launches++;
    this.device = watchRealm.runBundle(appCode, 'app/index.js', (name) => deviceModules[name]) as Record<string, unknown>;
  }

  /**
   * The watch app is closed (killed, crashed, or the system reclaimed it) and opened again:
   * its timers, sensors and socket handlers end, its files stay; the display comes back as
   * the system leaves it.
   */
  async relaunchDevice(): Promise<void> {
    if (this.deviceClock) this.deviceClock.closeApp();
    for (const sensor of this.accelerometer.sensors.splice(0)) sensor.stop();
    for (const sensor of this.heartRate.sensors.splice(0)) sensor.stop();
    this.link.device.forgetListeners();
    this.document = new SimDocument();
    this.display.autoOff = true;
    this.me.appTimeoutEnabled = true;
    this.launchDevice(await bundle('app'));
  }

  /** The settings page sets a component's value (TextInput, Toggle, Select JSON). */
  setting(key: string, value: unknown): void {
    this.settingsStorage.pageSet(key, typeof value === 'string' ? JSON.stringify({ name: value }) : JSON.stringify(value));
  }
}
