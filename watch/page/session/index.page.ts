// The session screen: a thin shell around the shared engine. Sensors, buttons, the phone's
// pressure relay and the clock go in as events; the engine's effects come out as screen
// updates, buzzes, cuff commands and stored records. The engine state is saved at every
// phase boundary and every few seconds, so a relaunch resumes the session where it was:
// also when the system reopens this page itself after the screen went off (wake relaunch),
// with the params it was first opened with. The heartbeat to the phone goes out from the
// engine's own loop, so a failing engine falls silent and the phone's dead-man deflates.
import { BasePage } from '@zeppos/zml/base-page';
import { getText } from '@zos/i18n';
import { replace } from '@zos/router';
import { getDeviceInfo } from '@zos/device';
import { log } from '@zos/utils';
import { connectStatus } from '@zos/ble';
import {
  onGesture, offGesture, onKey, offKey, showToast, GESTURE_RIGHT, KEY_BACK, KEY_HOME, KEY_EVENT_CLICK,
} from '@zos/interaction';
import {
  setPageBrightTime, resetPageBrightTime, pauseDropWristScreenOff, resetDropWristScreenOff, setWakeUpRelaunch,
} from '@zos/display';
import { layout as shapeLayout } from 'zosLoader:./index.[pf].layout.js';
import type { SessionLayout } from './index.r.layout';
import { resolveProgram } from '../../../shared/programs/adjust';
import { parsePressureUpdate } from '../../../shared/protocol/pressure';
import { parseCuffCommandResult, type CuffCommand } from '../../../shared/protocol/cuffCommand';
import type { RestrictionKind } from '../../../shared/protocol/vocabulary';
import { createSession, parseSessionState, type SessionState } from '../../../shared/session/index';
import { SessionRunner } from '../../../shared/session/runner';
import { APP_VERSION } from '../../../shared/version';
import { SessionView } from '../../lib/sessionView';
import { alarmText } from '../../lib/i18n';
import { MotionFeed } from '../../lib/motion';
import { HeartRateFeed } from '../../lib/heartRate';
import { buzz } from '../../lib/haptics';
import { openStore } from '../../lib/device';
import { ask, countRejected, syncOutbox } from '../../lib/phone';
import type { SessionStore } from '../../lib/sessionStore';
import { BleCuffLink } from '../../lib/bleCuff';
import { deviceTimers, zosBle } from '../../lib/zosBle';

const layout = shapeLayout as SessionLayout;
const logger = log.getLogger('bfr-session');
const HEARTBEAT_MS = 2000;
const KEEP_AWAKE_MS = 3 * 60 * 60 * 1000;
/** A cuff command must answer fast; deflates are retried by the phone itself. */
const CUFF_TIMEOUT_MS = 4000;

interface StartParams {
  resume: boolean;
  programId: string;
  /** Durations / % LOP changed within the program's bounds (resolveProgram checks them). */
  adjustment: unknown;
  restriction: RestrictionKind;
  cuffs: Array<{ cuffId: string; lopMmHg: number | null }>;
  /** A paired standard Bluetooth cuff gives the pressure (read-only: the trainee pumps and releases it). */
  cuffSource: 'controller' | 'ble';
  bleAddress: string | null;
  bleName: string | null;
}

function parseParams(raw: unknown): StartParams {
  const fallback: StartParams = { resume: false, programId: 'quick-wrist', adjustment: undefined, restriction: 'none', cuffs: [], cuffSource: 'controller', bleAddress: null, bleName: null };
  try {
    const p = JSON.parse(String(raw || '{}'));
    if (!p || typeof p !== 'object') return fallback;
    const restriction: RestrictionKind = p.restriction === 'cuffs' || p.restriction === 'wraps' ? p.restriction : 'none';
    const cuffs = Array.isArray(p.cuffs)
      ? p.cuffs
          .filter((c: { cuffId?: unknown; lopMmHg?: unknown }) => c && typeof c.cuffId === 'string')
          .map((c: { cuffId: string; lopMmHg?: unknown }) => ({ cuffId: c.cuffId, lopMmHg: typeof c.lopMmHg === 'number' ? c.lopMmHg : null }))
      : [];
    return {
      resume: p.resume === true,
      programId: typeof p.programId === 'string' ? p.programId : 'quick-wrist',
      adjustment: p.adjustment,
      restriction,
      cuffs,
      cuffSource: p.cuffSource === 'ble' && typeof p.bleAddress === 'string' ? 'ble' : 'controller',
      bleAddress: typeof p.bleAddress === 'string' ? p.bleAddress.slice(0, 17) : null,
      bleName: typeof p.bleName === 'string' ? p.bleName.slice(0, 24) : null,
    };
  } catch (e) {
    countRejected('pageParams');
    return fallback;
  }
}

let runner: SessionRunner | null = null;
let view: SessionView | null = null;
let motion: MotionFeed | null = null;
let heartRate: HeartRateFeed | null = null;
let store: SessionStore | null = null;
let wakeTimer: number | null = null;
let ticker: number | null = null;
/** When the last heartbeat went to the phone (0: none yet this launch). */
let lastBeatMs = 0;
/** Engine steps that threw in a row; the trainee is told once. */
let engineFailures = 0;
let linkUp = true;
let countedSet = -1;
let countedPhase = '';
let ratedSet = -1;
let finished = false;
/** Id of the deflateAll in flight while it is still the last cuff command sent (else null). */
let deflateAllInFlight: string | null = null;
/** The Bluetooth cuff's connection, for a session with cuffSource 'ble'. */
let bleLink: BleCuffLink | null = null;

Page(
  BasePage({
    state: { params: null as StartParams | null, resuming: false },
    onInit(raw: unknown) {
      this.state.params = parseParams(raw);
      this.state.resuming = false;
      finished = false;
      lastBeatMs = 0;
      engineFailures = 0;
      countedSet = -1;
      countedPhase = '';
      ratedSet = -1;
      deflateAllInFlight = null;
    },
    build() {
      store = openStore();
      const params = this.state.params as StartParams;
      const initial = this.initialState(params);
      if (!initial) return;
      const withCuffs = initial.restriction !== 'none';
      view = new SessionView(layout, {
        start: () => this.dispatch({ type: 'button', nowMs: Date.now(), press: { button: 'start' } }),
        stop: () => this.dispatch({ type: 'button', nowMs: Date.now(), press: { button: 'stop' } }),
        pain: () => this.dispatch({ type: 'button', nowMs: Date.now(), press: { button: 'pain' } }),
        confirmStop: () => this.dispatch({ type: 'button', nowMs: Date.now(), press: { button: 'confirmStop' } }),
        cancelStop: () => this.dispatch({ type: 'button', nowMs: Date.now(), press: { button: 'cancelStop' } }),
        rate: (rpe: number) => {
          if (view) view.showRpe(false);
          this.dispatch({ type: 'button', nowMs: Date.now(), press: { button: 'rpe', rating: rpe } });
        },
      }, withCuffs, initial.cuffSource === 'ble');
      view.build();
      motion = new MotionFeed(
        {
          onCount: (kind, tMs) => this.dispatch(kind === 'rep' ? { type: 'rep', nowMs: tMs } : { type: 'step', nowMs: tMs }),
          onPedometer: (total, tMs) => this.dispatch({ type: 'pedometer', nowMs: tMs, totalSteps: total }),
        },
        () => Date.now(),
      );
      // Wrist heart rate through the whole session (work and rest): recorded, shown, and
      // judged against the ceiling by the engine.
      heartRate = new HeartRateFeed((bpm, tMs) => this.dispatch({ type: 'heartRate', nowMs: tMs, bpm }), () => Date.now());
      runner = new SessionRunner(initial, this.shell());
      this.openBleCuff(initial, params);
      this.keepAwake(true);
      // Leaving a running session takes a confirmation: the swipe asks instead of leaving.
      onGesture({
        callback: (gesture: number) => {
          if (gesture === GESTURE_RIGHT && this.sessionRunning()) {
            this.dispatch({ type: 'button', nowMs: Date.now(), press: { button: 'stop' } });
            return true;
          }
          return false;
        },
      });
      // ... and so do the physical keys: back (and home) would leave the page unless handled
      // (Zepp docs, interaction/onKey). Every event of those keys is kept from the system; a
      // click asks to stop, exactly as the swipe does.
      onKey({
        callback: (key: number, keyEvent: number) => {
          if ((key === KEY_BACK || key === KEY_HOME) && this.sessionRunning()) {
            if (keyEvent === KEY_EVENT_CLICK) this.dispatch({ type: 'button', nowMs: Date.now(), press: { button: 'stop' } });
            return true;
          }
          return false;
        },
      });
      ticker = setInterval(() => this.tick(), 1000) as unknown as number;
      if (this.state.resuming) this.dispatch({ type: 'resume', nowMs: Date.now(), saved: initial });
      else this.dispatch({ type: 'button', nowMs: Date.now(), press: { button: 'start' } });
    },
    /**
     * A Bluetooth cuff session reads the paired cuff straight from the watch: its frames become
     * pressure events; a frame without a value ("no reading") is not fed, so the screen drops
     * the number and the stale-reading rules take over. After a relaunch the address comes from
     * the saved record (device.controller holds "name|address").
     */
    openBleCuff(initial: SessionState, params: StartParams) {
      if (initial.cuffSource !== 'ble' || initial.cuffs.length === 0) return;
      const saved = (initial.record.device.controller || '').split('|');
      const address = params.bleAddress || saved[1] || '';
      if (!address) return;
      bleLink = new BleCuffLink(zosBle(), deviceTimers, address, initial.cuffs[0].cuffId, {
        onPressure: (update) => this.dispatch({ type: 'pressure', nowMs: Date.now(), reading: update }),
        onNoReading: () => undefined,
        onState: (state) => logger.info('bluetooth cuff ' + state),
      });
      bleLink.open();
    },
    sessionRunning(): boolean {
      return !!runner && runner.state.status !== 'finished' && runner.state.status !== 'ready';
    },
    initialState(params: StartParams): SessionState | null {
      const s = store as SessionStore;
      // A session in progress always wins over these params: after a wake relaunch the
      // system reopens this page with the params it was first opened with, and starting
      // again would overwrite the running session (its set, timing and occlusion time).
      const saved = s.loadActive();
      const parsed = saved === undefined ? null : parseSessionState(saved);
      if (parsed && parsed.ok && (params.resume || parsed.value.status === 'running' || parsed.value.status === 'confirmStop')) {
        this.state.resuming = true;
        return parsed.value;
      }
      if (params.resume) {
        s.clearActive();
        showToast({ content: getText('resumeFailed') });
        replace({ url: 'page/home/index.page' });
        return null;
      }
      const program = resolveProgram(params.programId, params.adjustment);
      if (!program.ok) {
        countRejected('program');
        logger.warn('program refused: ' + program.error.slice(0, 80));
        showToast({ content: getText('notice.programInvalid') });
        replace({ url: 'page/home/index.page' });
        return null;
      }
      const info = getDeviceInfo() as unknown as { deviceName?: string };
      const settings = s.settings();
      const now = Date.now();
      return createSession({
        sessionId: 's-' + now.toString(36) + '-' + Math.floor(Math.random() * 1e6).toString(36),
        program: program.value,
        restriction: params.restriction,
        cuffs: params.cuffs,
        screening: s.screening(),
        device: {
          platform: 'zepp',
          model: String(info && info.deviceName ? info.deviceName : 'unknown').slice(0, 40),
          appVersion: APP_VERSION,
          controller: params.cuffSource === 'ble' && params.bleAddress
            ? ((params.bleName || 'cuff').replace('|', ' ').slice(0, 40) + '|' + params.bleAddress)
            : params.restriction === 'cuffs' && settings ? (settings.controllerAddress || '').slice(0, 64) || null : null,
        },
        cuffSource: params.cuffSource,
        tempoCue: s.options().tempoCue,
        linkUp: connectStatus(),
        nowMs: now,
        // Age and "ceiling in every program" from the phone; the guided routine watches it regardless.
        heartRate: settings && settings.heartRate ? settings.heartRate : null,
      });
    },
    dispatch(event: Parameters<SessionRunner['dispatch']>[0]) {
      if (!runner) return;
      try {
        runner.dispatch(event);
      } catch (e) {
        this.engineFailed(e);
        return;
      }
      engineFailures = 0;
      this.followPhase();
      this.heartbeat();
    },
    /**
     * The phone's dead-man hears from us only while the engine steps without failing: the
     * heartbeat is sent here, after a step went through, never from a timer of its own.
     */
    heartbeat() {
      // A Bluetooth cuff needs no phone: no heartbeat (the phone's dead-man has no cuff to deflate).
      if (!runner || finished || runner.state.restriction !== 'cuffs' || runner.state.cuffSource === 'ble' || !this.sessionRunning()) return;
      const now = Date.now();
      if (lastBeatMs !== 0 && now - lastBeatMs < HEARTBEAT_MS) return;
      lastBeatMs = now;
      this.call({ method: 'heartbeat', params: { v: 1, atMs: now, inflated: runner.state.inflated } });
    },
    engineFailed(e: unknown) {
      engineFailures++;
      logger.error('session engine failed (' + engineFailures + '): ' + String(e).slice(0, 120));
      if (engineFailures === 1) {
        // No heartbeat goes out while this lasts: the phone deflates the cuffs by itself.
        buzz('alarm');
        showToast({ content: getText('sessionError') });
      }
    },
    tick() {
      const up = connectStatus();
      if (up !== linkUp) {
        linkUp = up;
        this.dispatch({ type: up ? 'linkUp' : 'linkDown', nowMs: Date.now() });
      }
      this.dispatch({ type: 'tick', nowMs: Date.now() });
    },
    /** Sensors follow the phases: a fresh counter for each work set, none in rest. */
    followPhase() {
      if (!runner || !motion || !view) return;
      const s = runner.state;
      const phase = s.record.phases[s.phaseIndex];
      // A Bluetooth cuff not yet seen released keeps this page (and its reminder buzz) up.
      if (s.status === 'finished') {
        this.recountSet();
        return s.release === null ? this.finish() : undefined;
      }
      if (s.status === 'ready' || !phase) return;
      motion.start();
      if (heartRate) heartRate.start();
      const key = phase.kind + ':' + phase.setIndex;
      if (key !== countedPhase) {
        countedPhase = key;
        this.recountSet();
        const set = s.program.sets[phase.setIndex];
        if (phase.kind === 'work') {
          countedSet = phase.setIndex;
          // What the app knows about the set: the tempo cue when it plays, and the target.
          motion.countFor(set.countingMode, set.exercise, { tempo: s.tempoCue ? s.program.tempo : null, targetReps: set.targetReps });
        } else {
          motion.countFor('none', null);
          // One-tap effort rating after each set, while resting.
          if (s.restriction !== 'none' && ratedSet < phase.setIndex && s.status === 'running') {
            ratedSet = phase.setIndex;
            view.showRpe(true);
          }
        }
      }
      if (phase.kind === 'work' && view.rpeShown) view.showRpe(false);
    },
    /**
     * The set that was counted has ended (by its target, its time or the session's end): its
     * counter's end-of-set recount goes to the engine, which writes it into the set's record
     * before the next phase's counter starts (and before the record is shown or synced).
     */
    recountSet() {
      if (!motion || countedSet < 0) return;
      const setIndex = countedSet;
      countedSet = -1;
      const done = motion.endSet();
      if (done) this.dispatch({ type: 'recount', nowMs: Date.now(), setIndex, reps: done.reps, live: done.live });
    },
    shell() {
      return {
        render: (v: Parameters<SessionView['render']>[0]) => { if (view) view.render(v); },
        vibrate: (pattern: Parameters<typeof buzz>[0]) => buzz(pattern),
        sendCuffCommand: (command: CuffCommand) => this.sendCuff(command),
        persistRecord: (record: Parameters<SessionStore['putRecord']>[0]) => {
          const r = (store as SessionStore).putRecord(record);
          if (!r.ok) showToast({ content: getText('storageFull') });
        },
        raiseAlarm: () => undefined, // the engine's view shows the alarm text and its vibrate buzzes
        saveState: (state: SessionState) => { if (!finished) (store as SessionStore).saveActive(state); },
        wakeAt: (atMs: number | null) => {
          if (wakeTimer !== null) clearTimeout(wakeTimer);
          wakeTimer = null;
          if (atMs === null) return;
          const delay = Math.max(0, Math.min(1000, atMs - Date.now()));
          wakeTimer = setTimeout(() => { wakeTimer = null; this.dispatch({ type: 'tick', nowMs: Date.now() }); }, delay) as unknown as number;
        },
      };
    },
    sendCuff(command: CuffCommand) {
      // A broken controller reports an error with every reading and every failed command, and
      // the engine asks for deflateAll again each time. One in flight, with nothing sent after
      // it, already carries that request: the next goes out when it has answered.
      if (command.type === 'deflateAll' && deflateAllInFlight !== null) return;
      const id = 'c-' + Date.now().toString(36) + '-' + Math.floor(Math.random() * 1e6).toString(36);
      deflateAllInFlight = command.type === 'deflateAll' ? id : null;
      const settled = () => {
        if (deflateAllInFlight === id) deflateAllInFlight = null;
      };
      const failed = (message: string) => {
        // The session's last deflate (stop, pain, the end) fails after the engine has finished
        // and this screen gave way to the summary: nothing would tell the trainee the cuffs
        // are still up. Say it on the wrist; the phone keeps retrying the deflate by itself
        // (its dead-man rule) once this watch goes quiet.
        if ((finished || !runner) && (command.type === 'deflate' || command.type === 'deflateAll')) {
          logger.warn('deflate failed after the session: ' + message.slice(0, 80));
          buzz('alarm');
          showToast({ content: alarmText('controllerError') });
          return;
        }
        this.dispatch({ type: 'controllerError', nowMs: Date.now(), message });
      };
      ask(this, 'cuffCommand', { v: 1, kind: 'cuffCommand', id, command }, { timeoutMs: CUFF_TIMEOUT_MS, attempts: command.type === 'inflate' ? 1 : 3 }).then(
        (reply) => {
          settled();
          const parsed = parseCuffCommandResult(reply);
          if (!parsed.ok) {
            countRejected('cuffCommandResult');
            return failed('bad reply from phone');
          }
          if (!parsed.value.ok) failed(parsed.value.error ? parsed.value.error.message : 'refused');
        },
        () => {
          settled();
          failed('no reply from phone');
        },
      );
    },
    onCall(data: { method?: string; params?: unknown } | undefined) {
      if (!data || data.method !== 'pressure') {
        countRejected('call:' + (data && typeof data.method === 'string' ? data.method.slice(0, 20) : 'unknown'));
        return;
      }
      const parsed = parsePressureUpdate(data.params);
      if (!parsed.ok) return countRejected('pressure', parsed.error);
      this.dispatch({ type: 'pressure', nowMs: Date.now(), reading: parsed.value });
    },
    keepAwake(on: boolean) {
      // Palm screen-off is left on: a palm over the watch is the trainee darkening it on
      // purpose; like every other screen-off it ends in a wake relaunch, which resumes.
      try {
        if (on) {
          setPageBrightTime({ brightTime: KEEP_AWAKE_MS });
          pauseDropWristScreenOff({ duration: 0 });
          setWakeUpRelaunch({ relaunch: true });
        } else {
          resetPageBrightTime();
          resetDropWristScreenOff();
          setWakeUpRelaunch({ relaunch: false });
        }
      } catch (e) {
        // A missing display API must never stop a session.
      }
    },
    stopEverything() {
      if (ticker !== null) clearInterval(ticker);
      if (wakeTimer !== null) clearTimeout(wakeTimer);
      ticker = wakeTimer = null;
      if (motion) motion.stop();
      if (heartRate) heartRate.stop();
      if (bleLink) bleLink.close();
      bleLink = null;
    },
    finish() {
      if (finished || !runner) return;
      finished = true;
      const id = runner.state.record.id;
      // The accelerometer's rate is not documented: log what this watch really delivered.
      if (motion) logger.info('accelerometer ' + motion.rateHz().toFixed(1) + ' Hz over ' + motion.samples + ' samples');
      if (heartRate) logger.info('heart rate: ' + heartRate.readings + ' readings, ' + heartRate.unusable + ' without a usable number');
      this.stopEverything();
      (store as SessionStore).clearActive();
      this.keepAwake(false);
      offGesture();
      offKey();
      syncOutbox(this, store as SessionStore).then(() => undefined, () => undefined);
      replace({ url: 'page/summary/index.page', params: JSON.stringify({ id }) });
    },
    onDestroy() {
      this.stopEverything();
      if (!finished) this.keepAwake(false);
      if (view) view.destroy();
      view = null;
      runner = null;
      motion = null;
      heartRate = null;
    },
  }),
);
