// The headless simulator: runs one program start to finish on the whole simulated system
// (controller simulator, companion, watch app, trainee) the way a person would use the watch:
// tap the program, measure LOP (retrying) for cuff programs, Start, answer the effort question
// in each rest, wait for the summary page, then check that the phone stored the session and
// that the cuffs ended deflated. Scripted device events (screen off and wake relaunch, keys,
// BLE loss: sim/zepp/deviceEvents.ts) happen on the way; the trainee answers a stop question
// they caused with "Keep going" and opens the app again if the system left it closed.
// Shared by `bfr-coach simulate` and the tests.
import * as z from 'zod/mini';
import { startSystem, type SimSystem } from './system';
import { ScaledClock, VirtualClock, flushMicrotasks } from './clock';
import { readMessages } from './zepp/po';
import { VIBRATOR_SCENE, type Shape } from './zepp/deviceModules';
import { faultPatchSchema, type FaultPatch } from './controller/server';
import { PROGRAMS, PROGRAM_IDS, isProgramId, type ProgramId } from '../shared/programs/catalog';
import { programDurationMs } from '../shared/programs/program';
import { describeIssues } from '../shared/protocol/controller';
import type { SessionRecord } from '../shared/protocol/sessionRecord';
import { parseSessionRecord } from '../shared/protocol/sessionRecord';
import type { SynthTrace } from '../shared/motion/synth';
import { createSessionInbox } from '../companion/sessionInbox';
import { settingsStoreFrom, type SettingsStore } from '../companion/settingsStore';
import type { SettingsStorage } from './zepp/sideRuntime';
import { writeSessionExports } from './exportSession';
import type { HeartOptions } from './heart';
import { applyDeviceEvent, type DeviceEvent } from './zepp/deviceEvents';
import { CatalogMatcher, ScreenAudit } from './i18n/screenCheck';

import { LANGUAGES, type Language } from '../shared/languages';
/** The watch's languages (watch/i18n/<lang>.po). */
export { LANGUAGES, type Language };
import { runWristOnly, WRIST_FAULTS, type WristFault } from './bleCuff/wristOnly';

export { PROGRAM_IDS, isProgramId, WRIST_FAULTS };
export type { WristFault };
export type { ProgramId };

export interface SimulateOptions {
  programId: ProgramId;
  /** Simulated seconds per real second (default 60); 'max' runs on a virtual clock, as fast as the machine allows. */
  speed?: number | 'max';
  seed?: number;
  shape?: Shape;
  /** A recorded trace to replay (looped) instead of the motion model. */
  trace?: SynthTrace | null;
  /** Controller faults switched on before anything happens. */
  faults?: FaultPatch | null;
  /** The answer to "Effort 1-10?" in each rest (default 5; above 7 stops the session). */
  effort?: number;
  /** LOP measurement attempts before giving up (default 12). */
  maxLopAttempts?: number;
  /** Called a few times a second with how far the run is. */
  onProgress?: (p: SimulateProgress) => void;
  /** Also give up after this many real ms. Without it the limit is simulated time only (the
   * program's length plus 5 min, x2.5): the system runs on virtual time (paced or not), so a
   * busy machine makes a run slower, never a failure. */
  timeoutMs?: number;
  /** Write the session's exports (<sessionId>.fit, .csv, .json) into this directory. */
  exportDir?: string | null;
  /** Device events during the session (parseDeviceEvents), timed from the session page opening. */
  events?: DeviceEvent[] | null;
  /** The watch's language (default en-US): its screens, and the texts the trainee taps, come from that catalog. */
  lang?: Language;
  /** The trainee's heart (sim/heart.ts: resting rate, gain, dropouts); false: no heart rate. */
  heart?: HeartOptions | false;
}

export interface SimulateProgress {
  stage: 'starting' | 'lop' | 'session' | 'finishing' | 'done';
  /** 0..1 of the program's planned length (simulated time). */
  fraction: number;
  /** What the watch shows, one line. */
  screen: string;
}

export interface SetSummary {
  set: number;
  exercise: string | null;
  countingMode: string;
  target: number | null;
  counted: number;
  corrected: number;
  /** The end-of-set recount of a rep set (shared/motion recount), when the record has it. */
  recountedReps?: number;
  systemSteps?: number;
  /** Share of the set's pressure time within +-10 % of target, 0..100; null without pressure. */
  inBandPercent: number | null;
  inBandMs: number;
  pressureMs: number;
  /** Wrist heart rate over the set's work (absent when the watch read none). */
  heartRateMeanBpm?: number;
  heartRateMaxBpm?: number;
}

export interface SimulationSummary {
  program: ProgramId;
  programName: string;
  /** The session completed, the phone stored it and the cuffs ended deflated. */
  ok: boolean;
  problems: string[];
  status: 'completed' | 'stopped' | 'inProgress' | 'none';
  endReason: string | null;
  restriction: 'cuffs' | 'wraps' | 'none' | null;
  lop: { attempts: number; mmHg: number | null } | null;
  phases: {
    work: { done: number; planned: number };
    rest: { done: number; planned: number };
  };
  sets: SetSummary[];
  occlusion: Array<{ limb: string; totalMs: number; longestContinuousMs: number }>;
  alarms: Array<{ atS: number; kind: string; message: string }>;
  alarmsDropped: number;
  /** Heart-rate samples in the record (one per 5 s at most). */
  heartRateSamples: number;
  rpe: number | null;
  effortAnswers: number;
  cuffsDeflated: boolean;
  cuffs: Array<{ id: string; state: string; pressureMmHg: number }>;
  phoneStored: boolean;
  sessionId: string | null;
  sessionSource: 'phone' | 'watch' | null;
  simulatedS: number;
  wallS: number;
  speed: number | 'max';
  seed: number;
  shape: Shape;
  trace: boolean;
  faults: FaultPatch | null;
  errors: string[];
  lang: Language;
  /** Distinct texts shown during the run that are not from the language's catalog (sim/i18n/screenCheck.ts). */
  untranslated: number;
  /** Distinct texts shown wider or taller than their widget (textFit estimate). */
  overflowing: number;
  /** The first few of each, for the report. */
  textIssues: string[];
  /** Files written with exportDir (absent without it). */
  exported?: string[];
  /** Sessions the phone stored for this run (one session must stay one session). */
  sessions: number;
  /** Relaunches (by the system, or the trainee reopening the app) that carried on the same session id. */
  resumed: number;
  /** Times the trainee had to open the app again (the system left it closed). */
  reopened: number;
  /** Uncaught exceptions in the watch app, the side service or their timers. */
  crashes: number;
  /** Alarm buzzes (STRONG_REMINDER, 4 pulses in 1.2 s) cut short by a lesser cue or stopped (not by another alarm). */
  alarmBuzzesCut: number;
  /**
   * The scripted device events, when each happened (s after the session opened), what it did,
   * and the count of the set under way just before it and once the session ran again after it
   * (null outside a work set, or when the session had ended).
   */
  events: Array<{ event: string; atS: number; outcome: string; count: { set: number; before: number; after: number | null } | null }>;
}

export class SimulateError extends Error {}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A read-only view of the phone's settings storage (the inbox must not rewrite its index). */
export function readOnlyPhoneStore(settings: SettingsStorage): SettingsStore {
  const inner = settingsStoreFrom(settings);
  return { getItem: (k) => inner.getItem(k), setItem: () => undefined, removeItem: () => undefined, keys: inner.keys };
}

/** The record the phone stored for this id, or null. */
export function phoneRecord(sys: SimSystem, id: string): SessionRecord | null {
  return createSessionInbox(readOnlyPhoneStore(sys.side.settings)).get(id);
}

/** The newest record the watch keeps in its storage (bfr.session.<id>), or null. */
function watchRecord(sys: SimSystem, programId: string): SessionRecord | null {
  let best: SessionRecord | null = null;
  for (const key of sys.watch.storage.keys()) {
    if (key.indexOf('bfr.session.') !== 0) continue;
    const raw = sys.watch.storage.get(key);
    if (!raw) continue;
    try {
      // LocalStorage stores JSON.stringify(value); the session store writes a JSON string.
      let v: unknown = JSON.parse(raw);
      if (typeof v === 'string') v = JSON.parse(v);
      const parsed = parseSessionRecord(v);
      if (parsed.ok && parsed.value.programId === programId && (!best || parsed.value.startedAtMs > best.startedAtMs)) best = parsed.value;
    } catch (e) {
      // unreadable: not ours to judge here
    }
  }
  return best;
}

/** Cuff state straight from the controller model. */
export function cuffStates(sys: SimSystem): Array<{ id: string; state: string; pressureMmHg: number }> {
  if (!sys.controller) return [];
  sys.controller.sync();
  return sys.controller.model.cuffs.map((c) => ({ id: c.id, state: c.state, pressureMmHg: Math.round(c.pressureMmHg * 10) / 10 }));
}

function allDeflated(cuffs: Array<{ state: string; pressureMmHg: number }>): boolean {
  return cuffs.every((c) => c.state === 'idle' && c.pressureMmHg < 5);
}

/** What the watch's saved engine state says the session is doing (bfr.active). */
export function activePhase(sys: SimSystem): { status: string; kind: string; set: number; sets: number } | null {
  const raw = sys.watch.storage.get('bfr.active');
  if (!raw) return null;
  try {
    const s = JSON.parse(JSON.parse(raw));
    const phase = s && s.record && s.record.phases ? s.record.phases[s.phaseIndex] : undefined;
    return { status: String(s.status), kind: phase ? String(phase.kind) : '-', set: phase ? phase.setIndex + 1 : 0, sets: s.program && s.program.sets ? s.program.sets.length : 0 };
  } catch (e) {
    return null;
  }
}

/** The current set and its count in the watch's saved session (bfr.active), or null. */
function savedSetCount(sys: SimSystem, setIndex?: number): { set: number; count: number } | null {
  const raw = sys.watch.storage.get('bfr.active');
  if (!raw) return null;
  try {
    const s = JSON.parse(JSON.parse(raw));
    const phase = s.record.phases[s.phaseIndex];
    const index = setIndex === undefined ? (phase && phase.kind === 'work' ? phase.setIndex : -1) : setIndex;
    const set = s.record.sets[index];
    return set ? { set: index + 1, count: set.counted } : null;
  } catch (e) {
    return null;
  }
}

/** The id of the session the watch has saved as running (bfr.active), or null. */
export function activeSessionId(sys: SimSystem): string | null {
  const raw = sys.watch.storage.get('bfr.active');
  if (!raw) return null;
  try {
    const s = JSON.parse(JSON.parse(raw));
    return s && s.record && typeof s.record.id === 'string' ? s.record.id : null;
  } catch (e) {
    return null;
  }
}

/** The button label for a program on the home page. */
export function programButtonLabel(programId: ProgramId, messages = readMessages('en-US')): string {
  return programId === 'quick-wrist' ? messages.quickSession : messages['program.' + programId];
}

const faultValue = z.union([z.number(), z.boolean(), z.array(z.string())]);

/**
 * Parses a fault spec: JSON (`{"dropRate":0.1}`) or comma-separated `name=value` pairs
 * (`dropRate=0.1,delayMs=200,stuckValve=arm+leg,spike`); a bare name means true. Throws an
 * Error naming the bad field.
 */
export function parseFaultSpec(spec: string): FaultPatch {
  let raw: unknown;
  const text = spec.trim();
  if (text.startsWith('{')) {
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new Error('--faults: not valid JSON (' + (e instanceof Error ? e.message : String(e)) + ')');
    }
  } else {
    const out: Record<string, unknown> = {};
    for (const part of text.split(',')) {
      if (!part.trim()) throw new Error('--faults: empty item in "' + spec + '"');
      const m = /^\s*([A-Za-z]+)\s*(?:=\s*(.*?)\s*)?$/.exec(part);
      if (!m) throw new Error('--faults: "' + part + '" is not name=value');
      const [, name, value] = m;
      let v: unknown;
      if (value === undefined || value === 'true') v = true;
      else if (value === 'false') v = false;
      else if (/^-?\d+(\.\d+)?$/.test(value)) v = Number(value);
      else if (name === 'stuckValve') v = value.split('+');
      else if (name === 'spike') {
        // spike=arm or spike=arm:150
        const [cuffId, mmHg] = value.split(':');
        v = mmHg === undefined ? { cuffId } : { cuffId, mmHg: Number(mmHg) };
      } else v = value;
      if (name !== 'spike' && !faultValue.safeParse(v).success) throw new Error('--faults: ' + name + ': bad value "' + value + '"');
      out[name] = v;
    }
    raw = out;
  }
  const known = Object.keys(faultPatchSchema.def.shape);
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const k of Object.keys(raw)) if (known.indexOf(k) < 0) throw new Error('--faults: unknown fault "' + k + '" (known: ' + known.join(', ') + ')');
  }
  const parsed = faultPatchSchema.safeParse(raw);
  if (!parsed.success) throw new Error('--faults: ' + describeIssues(parsed.error.issues));
  return parsed.data;
}

function summariseSets(record: SessionRecord | null): SetSummary[] {
  if (!record) return [];
  return record.sets.map((s) => {
    const out: SetSummary = {
      set: s.setIndex + 1, exercise: s.exercise, countingMode: s.countingMode, target: s.target,
      counted: s.counted, corrected: s.corrected,
      inBandPercent: s.pressureMs > 0 ? Math.round((1000 * s.inBandMs) / s.pressureMs) / 10 : null,
      inBandMs: s.inBandMs, pressureMs: s.pressureMs,
    };
    if (s.recountedReps !== undefined) out.recountedReps = s.recountedReps;
    if (s.systemSteps !== undefined) out.systemSteps = s.systemSteps;
    if (s.heartRateMeanBpm !== undefined) out.heartRateMeanBpm = s.heartRateMeanBpm;
    if (s.heartRateMaxBpm !== undefined) out.heartRateMaxBpm = s.heartRateMaxBpm;
    return out;
  });
}

function countPhases(record: SessionRecord | null, kind: string): { done: number; planned: number } {
  if (!record) return { done: 0, planned: 0 };
  const ofKind = record.phases.filter((p) => p.kind === kind);
  return { done: ofKind.filter((p) => p.actualEndMs !== null).length, planned: ofKind.length };
}

/** Runs one program to the end on a fresh simulated system and summarises it. */
export async function simulate(options: SimulateOptions): Promise<SimulationSummary> {
  if (!isProgramId(options.programId)) throw new SimulateError('unknown program "' + options.programId + '" (programs: ' + PROGRAM_IDS.join(', ') + ')');
  const programId = options.programId;
  const program = PROGRAMS[programId];
  const speed = options.speed || 60;
  // 'max': virtual time moving in 200 ms steps, with a turn of real I/O between steps so the
  // loopback HTTP finishes; a busy machine then slows the run but cannot time a request out.
  const virtual = speed === 'max' ? new VirtualClock(Date.now()) : null;
  const rate = speed === 'max' ? 300 : speed;
  const seed = options.seed || 1;
  const shape = options.shape || 'r';
  const effort = options.effort === undefined ? 5 : options.effort;
  const maxLop = options.maxLopAttempts || 12;
  const plannedMs = programDurationMs(program);
  const timeoutMs = options.timeoutMs || Math.round(((plannedMs + 5 * 60000) / rate) * 2.5 + 60000);
  const lang: Language = options.lang || 'en-US';
  if (LANGUAGES.indexOf(lang) < 0) throw new SimulateError('unknown language "' + lang + '" (languages: ' + LANGUAGES.join(', ') + ')');
  const messages = readMessages(lang);
  // Every screen the run shows is checked: catalog texts only, each fitting its widget.
  const audit = new ScreenAudit(new CatalogMatcher(messages));
  const lopKnown = new RegExp('^' + messages.lopKnown.split('%d').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\d.,/]+') + '$');
  const problems: string[] = [];
  const wall0 = Date.now();
  const deadline = wall0 + timeoutMs;
  const progress = (stage: SimulateProgress['stage'], fraction: number) => {
    if (options.onProgress) options.onProgress({ stage, fraction: Math.max(0, Math.min(1, fraction)), screen: sys ? sys.watch.screen() : '' });
  };
  let sys: SimSystem | null = null;
  sys = virtual ? await startSystem({ clock: virtual, seed, shape, locale: lang, heart: options.heart }) : await startSystem({ speed: rate, seed, shape, locale: lang, heart: options.heart });
  const s = sys;
  const look = () => {
    if (s.watch.running && s.watch.screenOn) audit.sample(s.watch.device.ui.visible());
  };
  /** Lets time pass: real ms on the scaled clock, one 200 ms step of virtual time otherwise. */
  const pass = async (realMs: number): Promise<void> => {
    look();
    if (!virtual) return sleep(realMs);
    await virtual.advance(200);
    if (s.controller) s.controller.sync();
    await new Promise((resolve) => setImmediate(resolve));
    await flushMicrotasks();
  };
  const sim0 = s.clock.now();
  const simLimitMs = (plannedMs + 5 * 60000) * 2.5;
  // Paced or not, the system runs on virtual time (sim/system.ts): limits are in simulated time.
  const simTimed = s.clock instanceof VirtualClock;
  const overdue = (): boolean =>
    simTimed ? s.clock.now() - sim0 > simLimitMs || (options.timeoutMs !== undefined && Date.now() > deadline) : Date.now() > deadline;
  let lop: SimulationSummary['lop'] = null;
  const eventLog: SimulationSummary['events'] = [];
  let resumed = 0;
  let reopened = 0;
  let effortAnswers = 0;
  let restriction: SimulationSummary['restriction'] = null;
  let sessionStartSim = 0;
  try {
    if (options.trace) s.trainee.replay(options.trace);
    if (options.faults && s.controller) s.controller.setFaults(options.faults);
    progress('starting', 0);
    const waitFor = async (what: string, cond: () => boolean, pollMs = 40): Promise<void> => {
      while (!cond()) {
        if (overdue()) throw new SimulateError('timed out waiting for ' + what + '; the watch shows: ' + s.watch.screen());
        await pass(pollMs);
      }
    };
    const label = programButtonLabel(programId, messages);
    await waitFor('the home page', () => s.watch.currentUrl === 'page/home/index.page' && s.watch.texts().indexOf(label) >= 0);
    await s.watch.tap(label);
    await waitFor('the pre-session check', () => s.watch.currentUrl === 'page/precheck/index.page');

    if (program.device === 'cuffs') {
      progress('lop', 0);
      lop = { attempts: 0, mmHg: null };
      // The page asks the phone for the cuff settings first; measure once it knows the cuff.
      const lopLine = () => s.watch.texts().some((t) => t === messages.lopUnknown || lopKnown.test(t));
      await waitFor('the cuff settings from the phone', lopLine);
      const measured = () => s.watch.texts().indexOf(messages.lopDone) >= 0;
      const canRetry = () => s.watch.texts().indexOf(messages.retry) >= 0;
      while (!measured()) {
        if (lop.attempts >= maxLop) throw new SimulateError('LOP not measured after ' + lop.attempts + ' attempts; the watch shows: ' + s.watch.screen());
        lop.attempts++;
        await s.watch.tap(lop.attempts === 1 ? messages.measureLop : messages.retry);
        await waitFor('the LOP measurement', () => measured() || canRetry());
      }
      const m = /(\d+)/.exec(s.watch.texts().find((t) => lopKnown.test(t)) || '');
      lop.mmHg = m ? Number(m[1]) : null;
      restriction = 'cuffs';
    } else {
      restriction = program.device === 'wraps' ? 'wraps' : 'none';
    }
    await s.watch.tap(messages.start);
    await waitFor('the session page', () => s.watch.currentUrl === 'page/session/index.page');
    sessionStartSim = s.clock.now();
    let lastProgress = 0;
    const rateButton = String(effort);
    const SESSION_PAGE = 'page/session/index.page';
    const SUMMARY_PAGE = 'page/summary/index.page';
    const pending = (options.events || []).map((e) => ({ event: e, done: false }));
    // Each screen-off: once the screen is back, did the app carry on the same session?
    const checks: Array<{ off: SimSystem['watch']['screenOffs'][number]; id: string | null; done: boolean }> = [];
    // Each event's set count: read again once the session page runs after it.
    const recounts: Array<{ entry: SimulationSummary['events'][number]; notBeforeSim: number }> = [];
    let sessionId: string | null = activeSessionId(s);
    while (s.watch.currentUrl !== SUMMARY_PAGE) {
      if (overdue()) throw new SimulateError('timed out during the session; the watch shows: ' + s.watch.screen());
      if (sessionId === null && s.watch.currentUrl === SESSION_PAGE) sessionId = activeSessionId(s);
      for (const p of pending) {
        if (p.done || s.clock.now() - sessionStartSim < p.event.atMs) continue;
        p.done = true;
        const offs = s.watch.screenOffs.length;
        const atS = Math.round((s.clock.now() - sessionStartSim) / 100) / 10;
        const before = savedSetCount(s);
        const outcome = await applyDeviceEvent(s, p.event);
        if (s.watch.screenOffs.length > offs) checks.push({ off: s.watch.screenOffs[s.watch.screenOffs.length - 1], id: sessionId, done: false });
        const entry: SimulationSummary['events'][number] = { event: p.event.spec, atS, outcome, count: before ? { set: before.set, before: before.count, after: null } : null };
        eventLog.push(entry);
        if (entry.count) recounts.push({ entry, notBeforeSim: s.clock.now() + (p.event.durationMs || 0) + 2000 });
      }
      for (let i = recounts.length - 1; i >= 0; i--) {
        const r = recounts[i];
        if (s.clock.now() < r.notBeforeSim || !s.watch.running || !s.watch.screenOn || s.watch.currentUrl !== SESSION_PAGE || !r.entry.count) continue;
        const now = savedSetCount(s, r.entry.count.set - 1);
        r.entry.count.after = now ? now.count : null;
        recounts.splice(i, 1);
      }
      for (const c of checks) {
        if (c.done || !s.watch.screenOn) continue;
        if (!c.off.exited) {
          c.done = true; // woken before the system closed the app: nothing to resume
        } else if (s.watch.running && !s.watch.launching && (s.watch.currentUrl === SESSION_PAGE || s.watch.currentUrl === SUMMARY_PAGE)) {
          c.done = true;
          if (s.watch.currentUrl === SESSION_PAGE && c.id !== null && activeSessionId(s) === c.id) resumed++;
        }
      }
      if (!s.watch.running) {
        // Woken with no relaunch asked for, or the app was left: the trainee opens it again.
        if (s.watch.screenOn && !s.watch.launching) {
          reopened++;
          await s.watch.launch();
          await s.watch.settle();
        }
        await pass(25);
        continue;
      }
      if (!s.watch.screenOn) {
        await pass(25);
        continue;
      }
      const texts = s.watch.texts();
      if (texts.indexOf(messages.rateEffort) >= 0 && texts.indexOf(rateButton) >= 0) {
        await s.watch.tap(rateButton);
        effortAnswers++;
      }
      // A key asked "Stop the session?": the trainee meant to carry on.
      if (texts.indexOf(messages.confirmStop) >= 0 && texts.indexOf(messages.keepGoing) >= 0) {
        await s.watch.tap(messages.keepGoing);
      }
      const now = Date.now();
      if (now - lastProgress > 200) {
        lastProgress = now;
        progress('session', (s.clock.now() - sessionStartSim) / plannedMs);
      }
      await pass(25);
    }
    progress('finishing', 1);
  } catch (e) {
    problems.push(e instanceof Error ? e.message : String(e));
  }

  // The phone stores the final record; the cuffs deflate at the end. Give both some time.
  const settleUntil = Math.min(deadline + 30000, Date.now() + Math.max(5000, 120000 / rate));
  const settleSimUntil = s.clock.now() + 120000;
  const storedId = (): string | null => {
    const st = s.side.debugState();
    const list = st && Array.isArray(st.sessions) ? (st.sessions as Array<{ id: string; programId: string; status: string; startedAtMs: number }>) : [];
    const mine = list.filter((e) => e.programId === programId && e.status !== 'inProgress' && e.startedAtMs >= sim0 - 1000);
    return mine.length ? mine[0].id : null;
  };
  let cuffs = cuffStates(s);
  while ((simTimed || Date.now() < settleUntil) && s.clock.now() < settleSimUntil && (storedId() === null || !allDeflated(cuffs))) {
    await pass(50);
    cuffs = cuffStates(s);
  }
  const id = storedId();
  const phoneSessions = (() => {
    const st = s.side.debugState();
    const list = st && Array.isArray(st.sessions) ? (st.sessions as Array<{ startedAtMs: number }>) : [];
    return list.filter((e) => e.startedAtMs >= sim0 - 1000).length;
  })();
  let record = id ? phoneRecord(s, id) : null;
  const phoneStored = record !== null && record.status !== 'inProgress';
  let sessionSource: SimulationSummary['sessionSource'] = record ? 'phone' : null;
  if (!record) {
    record = watchRecord(s, programId);
    if (record) sessionSource = 'watch';
  }
  const simEnd = s.clock.now();
  look();
  for (const toast of s.watch.device.toasts) {
    if (!new CatalogMatcher(messages).matches(toast)) audit.untranslated.set('toast ' + toast, { text: toast, where: 'toast', why: 'not from the catalog' });
  }
  const textIssues = [
    ...Array.from(audit.untranslated.values()).map((i) => 'untranslated ' + JSON.stringify(i.text)),
    ...Array.from(audit.overflowing.values()).map((i) => 'overflowing ' + JSON.stringify(i.text) + ' ' + i.where + ': ' + i.why),
  ].slice(0, 10);
  const allErrors = [
    ...s.watch.errors.map(String),
    ...s.side.errors.map(String),
    ...(s.clock instanceof ScaledClock || s.clock instanceof VirtualClock ? s.clock.errors.map(String) : []),
  ];
  const errors = allErrors.slice(0, 20);
  // An alarm buzz stopped, or cut by a lesser cue (another alarm may replace it).
  const vib = s.watch.device.vibrations;
  const alarmBuzzesCut = vib.filter((v, i) => v.mode === VIBRATOR_SCENE.STRONG_REMINDER && v.cut && !(vib[i + 1] && vib[i + 1].mode === VIBRATOR_SCENE.STRONG_REMINDER)).length;
  progress('done', 1);
  await s.stop();

  const work = countPhases(record, 'work');
  const rest = countPhases(record, 'rest');
  const cuffsDeflated = allDeflated(cuffs);
  if (!record) problems.push('no session record on the phone or the watch');
  else {
    if (record.status !== 'completed') problems.push('session ' + record.status + (record.endReason ? ' (' + record.endReason + ')' : ''));
    if (work.done !== work.planned || work.planned !== program.sets.length) problems.push('work phases done ' + work.done + '/' + program.sets.length);
    for (const set of record.sets) {
      if (set.countingMode !== 'none' && set.counted === 0) problems.push('set ' + (set.setIndex + 1) + ': no ' + set.countingMode + ' counted');
    }
  }
  if (!phoneStored) problems.push('the phone did not store the session');
  if (!cuffsDeflated) problems.push('cuffs not deflated at the end: ' + cuffs.map((c) => c.id + ' ' + c.state + ' ' + c.pressureMmHg + ' mmHg').join(', '));
  if (phoneSessions > 1) problems.push('the phone stored ' + phoneSessions + ' sessions for one run');
  if (allErrors.length) problems.push(allErrors.length + ' crash(es): ' + errors[0].slice(0, 160));
  if (alarmBuzzesCut) problems.push(alarmBuzzesCut + ' alarm buzz(es) cut short by a lesser cue');
  const startedAt = record ? record.startedAtMs : sessionStartSim;
  let exported: string[] | undefined;
  if (options.exportDir) {
    exported = [];
    if (!record) problems.push('nothing to export: no session record');
    else {
      try {
        exported = writeSessionExports(record, options.exportDir, { exportedAtMs: Date.now() });
      } catch (e) {
        problems.push('export to ' + options.exportDir + ' failed: ' + (e instanceof Error ? e.message : String(e)));
      }
    }
  }
  return {
    program: programId,
    programName: program.name,
    ok: problems.length === 0,
    problems,
    status: record ? record.status : 'none',
    endReason: record ? record.endReason : null,
    restriction: record ? record.restriction : restriction,
    lop,
    phases: { work, rest },
    sets: summariseSets(record),
    occlusion: record ? record.occlusion.map((o) => ({ limb: o.limb, totalMs: o.totalMs, longestContinuousMs: o.longestContinuousMs })) : [],
    alarms: record ? record.alarms.map((a) => ({ atS: Math.round((a.atMs - startedAt) / 100) / 10, kind: a.kind, message: a.message })) : [],
    alarmsDropped: record ? record.alarmsDropped : 0,
    heartRateSamples: record && record.heartRateSamples ? record.heartRateSamples.length : 0,
    rpe: record ? record.rpe : null,
    effortAnswers,
    cuffsDeflated,
    cuffs,
    phoneStored,
    sessionId: record ? record.id : null,
    sessionSource,
    simulatedS: Math.round((simEnd - sim0) / 1000),
    wallS: Math.round((Date.now() - wall0) / 100) / 10,
    speed,
    seed,
    shape,
    trace: !!options.trace,
    faults: options.faults || null,
    errors,
    lang,
    untranslated: audit.untranslated.size,
    overflowing: audit.overflowing.size,
    textIssues,
    ...(exported ? { exported } : {}),
    sessions: phoneSessions,
    resumed,
    reopened,
    crashes: allErrors.length,
    alarmBuzzesCut,
    events: eventLog,
  };
}

/** One wrist-only run with a Bluetooth hand-pump cuff (`--cuff ble --no-phone`). */
export interface BleCuffSummary {
  program: ProgramId;
  cuff: 'ble';
  phone: false;
  /** Completed, kept in the watch outbox, pressure recorded, no cuff command, released at the end, alarms as the faults predict. */
  ok: boolean;
  status: string;
  endReason: string | null;
  paired: { name: string; address: string } | null;
  /** The finished record is in the watch's outbox (no phone to take it). */
  stored: boolean;
  pressureSamples: number;
  faults: WristFault[];
  alarmCount: number;
  expectedAlarmCount: number;
  alarmsMatchFaults: boolean;
  alarms: Array<{ atS: number; kind: string }>;
  expectedAlarms: string[];
  frames: { sent: number; readings: number; noReading: number; rejected: number; reasons: Record<string, number> };
  disconnects: number;
  cuffCommands: number;
  bogusShown: number;
  releasedAtEnd: boolean;
  occlusion: Array<{ limb: string; totalMs: number; longestContinuousMs: number }>;
  simulatedS: number;
  wallS: number;
  speed: number | 'max';
  seed: number;
}

export async function simulateBleCuff(options: { programId: ProgramId; faults?: WristFault[]; seed?: number; speed?: number | 'max' }): Promise<BleCuffSummary> {
  const wall0 = Date.now();
  const seed = options.seed || 1;
  const speed = options.speed === undefined ? 60 : options.speed;
  const r = await runWristOnly({ programId: options.programId, faults: options.faults, seed, speed });
  const kinds = r.alarms.map((a) => a.kind).sort();
  const expected = r.expectedAlarms.slice().sort();
  const match = kinds.length === expected.length && kinds.every((k, i) => k === expected[i]);
  return {
    program: options.programId, cuff: 'ble', phone: false,
    ok: r.status === 'completed' && r.stored && r.pressureSamples > 0 && r.cuffCommands === 0 && r.releasedAtEnd && match && r.bogusShown === 0,
    status: r.status, endReason: r.endReason, paired: r.paired, stored: r.stored, pressureSamples: r.pressureSamples,
    faults: (options.faults || []).slice(), alarmCount: r.alarms.length, expectedAlarmCount: r.expectedAlarms.length, alarmsMatchFaults: match,
    alarms: r.alarms, expectedAlarms: r.expectedAlarms, frames: r.frames, disconnects: r.disconnects, cuffCommands: r.cuffCommands,
    bogusShown: r.bogusShown, releasedAtEnd: r.releasedAtEnd, occlusion: r.occlusion, simulatedS: r.simulatedS,
    wallS: Math.round((Date.now() - wall0) / 100) / 10, speed, seed,
  };
}
