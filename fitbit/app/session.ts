// The session screen on Fitbit: the same thin shell as the Zepp page around the shared
// SessionRunner. Sensors, buttons, the companion's pressure relay and the clock go in as
// events; the engine's effects come out as screen updates, vibrations, cuff commands over
// messaging and stored records. While a session runs the display stays on and the app does
// not time out.
import { display } from 'display';
import { me } from 'appbit';
import type { CuffCommand, CuffCommandResult } from '../../shared/protocol/cuffCommand';
import type { PressureUpdate } from '../../shared/protocol/pressure';
import type { SessionEvent } from '../../shared/session/events';
import type { SessionState } from '../../shared/session/state';
import { SessionRunner, type SessionShell } from '../../shared/session/runner';
import type { SessionStore } from '../../shared/store/sessionStore';
import type { PeerLink } from '../common/peerLink';
import { buzz } from './haptics';
import { MotionFeed } from './motion';
import { HeartRateSensor } from 'heart-rate';
import { clearTaps, noticeLine, onTap, SessionScreen } from './ui';

/**
 * Pressure samples the watch keeps in a session record. The engine keeps up to 1200 and then
 * halves them (every other one per cuff, twice the spacing); each is an object of ~45 bytes in
 * JerryScript, and 1200 of them (54 KB) do not fit the 128 KB JS heap beside the app's ~100 KB
 * of code and data (`npm run test:jerryscript` measures both). The shell therefore halves them
 * the same way once they reach this many: the record stays valid and its sampleIntervalMs
 * true, with a coarser trace (the resistance session ends with one sample per 16 s and cuff,
 * Walk continuous, 19 minutes with two cuffs, one per 64 s). Time in band and the safety rules
 * use every reading, not the samples. See docs/FITBIT.md, "Memory".
 */
export const WATCH_MAX_PRESSURE_SAMPLES = 50;

/**
 * Heart-rate samples the watch keeps (the engine keeps up to 1440): past this many, every other
 * one is dropped, as with pressure (the heap, docs/FITBIT.md); a record stays valid and ordered,
 * its per-set means come from the thinner trace.
 */
export const WATCH_MAX_HR_SAMPLES = 60;

const BUTTONS = ['btn-stop', 'btn-pain', 'btn-confirm-yes', 'btn-confirm-no', 'rpe-1', 'rpe-2', 'rpe-3', 'rpe-4', 'rpe-5', 'rpe-6', 'rpe-7', 'rpe-8', 'rpe-9', 'rpe-10'];

/** A cuff command must be answered fast; deflates are sent again, inflates never. */
export const CUFF_TIMEOUT_MS = 4000;
const DEFLATE_ATTEMPTS = 3;

interface PendingCommand { command: CuffCommand; attempts: number; timer: number }

export interface SessionHost {
  store: SessionStore;
  link: PeerLink;
  now(): number;
  finished(state: SessionState): void;
  /** The engine refused the start (screening, LOP): back to the list with its reason. */
  refused(reason: string): void;
  /** Problems worth counting (rejected replies). */
  countRejected(reason: string): void;
}

export function keepAwake(on: boolean): void {
  display.autoOff = !on;
  if (on) display.on = true;
  me.appTimeoutEnabled = !on;
}

let commandSeq = 0;

export class FitbitSession {
  readonly runner: SessionRunner;
  readonly screen: SessionScreen;
  readonly motion: MotionFeed;
  private ticker: number | null = null;
  private wakeTimer: number | null = null;
  private linkUp: boolean;
  private phaseKey = '';
  private ratedSet = -1;
  /** The work set the motion feed counts (-1: none). */
  private countedSet = -1;
  private done = false;
  private readonly pending: { [id: string]: PendingCommand } = {};
  private hrm: InstanceType<Exclude<typeof HeartRateSensor, void>> | null = null;
  private hrAt: number | null = null;
  /**
   * Fitbit's Heart Rate Sensor Guide: a reading's timestamp tells a stale one (off the wrist);
   * a reading with the timestamp of the one before is no reading.
   */
  private readonly onHeartRate = (): void => {
    const h = this.hrm;
    if (!h) return;
    const fresh = h.timestamp !== this.hrAt;
    this.hrAt = h.timestamp;
    this.dispatch({ type: 'heartRate', nowMs: this.host.now(), bpm: fresh ? h.heartRate : null });
  };

  constructor(initial: SessionState, private readonly host: SessionHost) {
    this.linkUp = host.link.isOpen();
    this.screen = new SessionScreen(initial.restriction !== 'none');
    this.motion = new MotionFeed((kind, tMs) => this.dispatch(kind === 'rep' ? { type: 'rep', nowMs: tMs } : { type: 'step', nowMs: tMs }), host.now);
    this.runner = new SessionRunner(initial, this.shell());
  }

  start(resume: boolean): void {
    const press = (button: 'stop' | 'pain' | 'confirmStop' | 'cancelStop') => () => this.dispatch({ type: 'button', nowMs: this.host.now(), press: { button } });
    onTap('btn-stop', press('stop'));
    onTap('btn-pain', press('pain'));
    onTap('btn-confirm-yes', press('confirmStop'));
    onTap('btn-confirm-no', press('cancelStop'));
    for (let r = 1; r <= 10; r++) {
      const rating = r;
      onTap('rpe-' + r, () => {
        this.screen.showRpe(false);
        this.dispatch({ type: 'button', nowMs: this.host.now(), press: { button: 'rpe', rating } });
      });
    }
    this.screen.showRpe(false);
    keepAwake(true);
    this.ticker = setInterval(() => this.tick(), 1000) as unknown as number;
    const nowMs = this.host.now();
    if (resume) this.dispatch({ type: 'resume', nowMs, saved: this.runner.state });
    else this.dispatch({ type: 'button', nowMs, press: { button: 'start' } });
    if (this.runner.state.status === 'ready' && this.close()) {
      const view = this.runner.lastView;
      this.host.refused(noticeLine(view));
    }
  }

  dispatch(event: SessionEvent): void {
    if (this.done) return;
    this.runner.dispatch(event);
    this.capSamples();
    this.followPhase();
  }

  /** The engine's own thinning of pressure samples (shared/session/draft.ts), done earlier. */
  private capSamples(): void {
    const hr = this.runner.state.record.heartRateSamples;
    if (hr && hr.length >= WATCH_MAX_HR_SAMPLES) {
      const st = this.runner.state;
      this.runner.state = { ...st, record: { ...st.record, heartRateSamples: hr.filter((_, i) => i % 2 === 0) } };
    }
    const s = this.runner.state;
    const samples = s.record.pressureSamples;
    if (samples.length < WATCH_MAX_PRESSURE_SAMPLES) return;
    const seen: { [cuffId: string]: number } = {};
    const kept = samples.filter((x) => {
      const n = seen[x.cuffId] || 0;
      seen[x.cuffId] = n + 1;
      return n % 2 === 0;
    });
    const sampleIntervalMs = Math.min(s.record.sampleIntervalMs * 2, 1024000);
    this.runner.state = { ...s, record: { ...s.record, pressureSamples: kept, sampleIntervalMs } };
  }

  onPressure(reading: PressureUpdate): void {
    this.dispatch({ type: 'pressure', nowMs: this.host.now(), reading });
  }

  onCuffResult(result: CuffCommandResult): void {
    const p = this.pending[result.id];
    if (!p) return this.host.countRejected('cuffCommandResult:unknownId');
    clearTimeout(p.timer);
    delete this.pending[result.id];
    if (!result.ok) {
      this.dispatch({ type: 'controllerError', nowMs: this.host.now(), message: result.error ? result.error.message : 'refused' });
    }
  }

  private tick(): void {
    const up = this.host.link.isOpen();
    if (up !== this.linkUp) {
      this.linkUp = up;
      this.dispatch({ type: up ? 'linkUp' : 'linkDown', nowMs: this.host.now() });
    }
    this.dispatch({ type: 'tick', nowMs: this.host.now() });
  }

  /** Sensors follow the phases: a fresh counter for each work set, none in rest. */
  private followPhase(): void {
    const s = this.runner.state;
    if (s.status === 'finished') {
      this.recountSet();
      return this.finish();
    }
    const phase = s.record.phases[s.phaseIndex];
    if (s.status === 'ready' || !phase) return;
    this.motion.start();
    if (!this.hrm && HeartRateSensor) {
      this.hrm = new HeartRateSensor({ frequency: 1 });
      this.hrm.addEventListener('reading', this.onHeartRate);
      this.hrm.start();
    }
    const key = phase.kind + ':' + phase.setIndex;
    if (key === this.phaseKey) return;
    this.phaseKey = key;
    this.recountSet();
    if (phase.kind === 'work') {
      this.countedSet = phase.setIndex;
      const set = s.program.sets[phase.setIndex];
      this.motion.countFor(set.countingMode, set.exercise, { tempo: s.tempoCue ? s.program.tempo : null, targetReps: set.targetReps });
      if (this.screen.rpeShown) this.screen.showRpe(false);
    } else {
      this.motion.countFor('none', null);
      if (s.restriction !== 'none' && this.ratedSet < phase.setIndex) {
        this.ratedSet = phase.setIndex;
        this.screen.showRpe(true);
      }
    }
  }

  /**
   * The counted set has ended (target, time or session end): a rep set's end-of-set recount
   * goes to the engine, which writes it into the set's record before the next counter starts
   * and before the record is shown or synced.
   */
  private recountSet(): void {
    const setIndex = this.countedSet;
    this.countedSet = -1;
    const done = this.motion.endSet();
    const set = setIndex >= 0 ? this.runner.state.program.sets[setIndex] : null;
    if (done && set && set.countingMode === 'reps') this.dispatch({ type: 'recount', nowMs: this.host.now(), setIndex, reps: done.reps, live: done.live });
  }

  private shell(): SessionShell {
    return {
      render: (view) => this.screen.render(view),
      vibrate: (pattern) => buzz(pattern),
      sendCuffCommand: (command) => this.sendCuff(command, 1),
      persistRecord: (record) => {
        const written = this.host.store.putRecord(record);
        if (!written.ok) this.host.countRejected('storageFull');
      },
      raiseAlarm: () => undefined, // the view shows the alarm text and the engine buzzes 'alarm'
      saveState: (state) => {
        if (state.status !== 'finished') this.host.store.saveActive(state);
      },
      wakeAt: (atMs) => {
        if (this.wakeTimer !== null) clearTimeout(this.wakeTimer);
        this.wakeTimer = null;
        if (atMs === null || this.done) return;
        const delay = Math.max(0, Math.min(1000, atMs - this.host.now()));
        this.wakeTimer = setTimeout(() => {
          this.wakeTimer = null;
          this.dispatch({ type: 'tick', nowMs: this.host.now() });
        }, delay) as unknown as number;
      },
    };
  }

  private sendCuff(command: CuffCommand, attempt: number): void {
    commandSeq++;
    const id = 'c' + this.host.now().toString(36) + '-' + commandSeq;
    const retries = command.type === 'inflate' || command.type === 'measureLop' ? 1 : DEFLATE_ATTEMPTS;
    const sent = this.host.link.send({ v: 1, kind: 'cuffCommand', id, command });
    const timer = setTimeout(() => {
      delete this.pending[id];
      if (attempt < retries) return this.sendCuff(command, attempt + 1);
      this.dispatch({ type: 'controllerError', nowMs: this.host.now(), message: 'no reply from phone' });
    }, CUFF_TIMEOUT_MS) as unknown as number;
    this.pending[id] = { command, attempts: attempt, timer };
    if (!sent) this.host.countRejected('cuffCommand:notSent');
  }

  private finish(): void {
    if (this.close()) this.host.finished(this.runner.state);
  }

  /**
   * Ends the screen's part (timers, sensors, keep-awake, saved state, its buttons, which would
   * otherwise keep the finished state and its record in the heap); false if already done.
   */
  private close(): boolean {
    if (this.done) return false;
    this.done = true;
    this.stop();
    clearTaps(BUTTONS);
    keepAwake(false);
    this.host.store.clearActive();
    return true;
  }

  stop(): void {
    if (this.ticker !== null) clearInterval(this.ticker);
    if (this.wakeTimer !== null) clearTimeout(this.wakeTimer);
    this.ticker = this.wakeTimer = null;
    for (const id of Object.keys(this.pending)) clearTimeout(this.pending[id].timer);
    this.motion.stop();
    if (this.hrm) this.hrm.stop();
    this.hrm = null;
  }
}
