// The whole product, simulated: the cuff controller simulator (a real HTTP server on
// loopback), the real companion bundle in the side-service runtime, the real watch app in the
// Zepp runtime, the BLE link between them and a trainee moving the wrist. Used by the
// end-to-end tests, `bfr-coach simulate` and `npm start`.
import { PacedClock, ScaledClock, VirtualClock, type Clock } from './clock';
import { BleLink } from './zepp/bleLink';
import { SimWatch } from './zepp/watchRuntime';
import { SimBleCentral } from './zepp/bleCentral';
import { createBleCuff } from './bleCuff/peripheral';
import { SettingsStorage, SimSideService } from './zepp/sideRuntime';
import { memoryStore, type KeyValueStore, type Shape } from './zepp/deviceModules';
import { startControllerServer, type ControllerServer } from './controller/server';
import { Trainee } from './trainee';
import type { HeartOptions } from './heart';
import type { ScreeningAnswers } from '../shared/protocol/screening';
import type { CuffSettings } from '../shared/protocol/settings';

export interface SystemOptions {
  /** Speed-up of simulated time over real time (a PacedClock); ignored with `clock`. */
  speed?: number;
  clock?: Clock;
  seed?: number;
  shape?: Shape;
  /** Start the controller simulator and point the phone at it (default true). */
  controller?: boolean;
  /** Run the phone's side service (default true). */
  phone?: boolean;
  /** Health questions already answered with no contraindication (default true). */
  screened?: boolean;
  /** Known LOP per limb, as if measured before (null: not measured yet). */
  lopMmHg?: { arm: number | null; leg: number | null };
  token?: string;
  watchStorage?: KeyValueStore;
  phoneSettings?: SettingsStorage;
  verbose?: boolean;
  /** Start the trainee moving the wrist (default true); off makes virtual-clock runs cheap. */
  trainee?: boolean;
  /** The watch's language (watch/i18n/<locale>.po; default en-US). */
  locale?: string;
  /** The trainee's heart as the wrist sensor reads it (sim/heart.ts); false: no heart rate. */
  heart?: HeartOptions | false;
  /** The watch's BLE central for standard Bluetooth cuffs (sim/zepp/bleCentral.ts). */
  bleCentral?: SimBleCentral;
  /** Put one simulated Bluetooth hand-pump cuff in range, with a central on this clock (npm start). */
  bleCuff?: boolean;
}

export const CLEAR_SCREENING = (atMs: number): ScreeningAnswers => ({
  v: 1, kind: 'screening', answeredAtMs: atMs,
  answers: {
    pregnancy: false, clotting: false, dialysisPort: false, woundOrFracture: false,
    limbInfection: false, sickleCell: false, severeHypertension: false, recentSurgery: false,
  },
});

export interface SimSystem {
  clock: Clock;
  controller: ControllerServer | null;
  link: BleLink;
  side: SimSideService;
  watch: SimWatch;
  trainee: Trainee;
  token: string;
  /** The watch's BLE central and the Bluetooth cuff in range, when asked for (bleCuff). */
  bleCentral: SimBleCentral | null;
  stop(): Promise<void>;
}

export async function startSystem(options: SystemOptions = {}): Promise<SimSystem> {
  const speed = options.speed || 1;
  const clock = options.clock || new PacedClock(speed);
  const token = options.token || 'sim-token';
  const controller = options.controller === false
    ? null
    : await startControllerServer({
        token, port: 0, seed: options.seed || 1, timeScale: clock instanceof VirtualClock ? 1 : speed, cuffs: ['arm', 'leg'], verbose: options.verbose,
        // Under a virtual clock the cuffs' physics follow it too, or a virtual minute of work
        // would see only the few real milliseconds it took.
        clock: clock instanceof VirtualClock ? () => clock.now() : undefined,
        // ... and so does the delayMs fault: a delay longer than the phone's timeout must time
        // the phone out in the same (virtual) time its timeouts are counted in.
        sleep: clock instanceof VirtualClock ? (ms: number) => new Promise<void>((resolve) => { clock.setTimer(resolve, ms, false); }) : undefined,
      });
  const link = new BleLink(clock);
  const settings = options.phoneSettings || new SettingsStorage();
  const screened = options.screened !== false;
  const now = clock.now();
  if (settings.getItem('cuffs') === null) {
    const lop = options.lopMmHg || { arm: null, leg: null };
    const cuffs: CuffSettings[] = [
      { cuffId: 'leg', limb: 'leg', side: 'right', widthCm: 11, lopMmHg: lop.leg, lopMeasuredAtMs: lop.leg === null ? null : now },
      { cuffId: 'arm', limb: 'arm', side: 'right', widthCm: 5, lopMmHg: lop.arm, lopMeasuredAtMs: lop.arm === null ? null : now },
    ];
    settings.setItem('cuffs', JSON.stringify(cuffs));
  }
  if (controller && settings.getItem('controller') === null) settings.setItem('controller', JSON.stringify({ url: controller.url, token }));
  if (screened && settings.getItem('screening') === null) settings.setItem('screening', JSON.stringify(CLEAR_SCREENING(now)));
  const side = new SimSideService({ clock, ble: link.phone, settings });
  if (options.phone !== false) await side.start();
  const watchStorage = options.watchStorage || memoryStore();
  if (screened && watchStorage.get('bfr.screening') === undefined) {
    watchStorage.set('bfr.screening', JSON.stringify(JSON.stringify(CLEAR_SCREENING(now))));
  }
  const ownCentral = !options.bleCentral && options.bleCuff ? new SimBleCentral(clock, [createBleCuff('BFR Cuff', 'C0:FF:EE:00:00:01', options.seed || 1)]) : null;
  if (ownCentral) ownCentral.start();
  const bleCentral = options.bleCentral || ownCentral;
  const watch = new SimWatch({ clock, link, shape: options.shape, storage: watchStorage, locale: options.locale, bleCentral: bleCentral ? bleCentral.module() : undefined });
  await watch.launch();
  const rateHz = clock instanceof ScaledClock ? Math.max(10, Math.min(25, Math.floor(1000 / Math.max(40, 1.5 * speed)))) : 25;
  const trainee = new Trainee(watch, clock, { seed: options.seed || 1, rateHz, heart: options.heart });
  if (options.trainee !== false) trainee.start();
  if (clock instanceof PacedClock) clock.start();
  return {
    clock, controller, link, side, watch, trainee, token, bleCentral,
    async stop() {
      trainee.stop();
      if (ownCentral) ownCentral.stop();
      if (watch.running) watch.exit();
      side.stop();
      if (clock instanceof ScaledClock) clock.clearAll();
      if (clock instanceof PacedClock) clock.stop();
      if (controller) await controller.close();
    },
  };
}
