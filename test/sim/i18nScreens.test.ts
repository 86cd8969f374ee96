// Every screen of the watch app, in every language, on both screen shapes, in the Node Zepp
// runtime (the real page bundles over the @zos stand-ins): home, the health questions, the
// pre-session check of each program, the phases of each program (all of the guided routine;
// the first work and rest and the last work phase of the others, whose other phases repeat
// them), every alarm and every notice, the effort and stop overlays, the ready screens, the
// summary of each program and the history. Fails on any text that is not from that
// language's catalog and on any text wider (or taller) than its widget (sim/i18n/textFit.ts:
// font size and characters, CJK full width). Session screens are drawn from engine states
// saved as the running session (what a relaunch resumes), so each state is one page opening,
// not a run through the program in time.
import { VirtualClock } from '../../sim/clock';
import { BleLink } from '../../sim/zepp/bleLink';
import { memoryStore, type Shape } from '../../sim/zepp/deviceModules';
import { readMessages } from '../../sim/zepp/po';
import { SimWatch } from '../../sim/zepp/watchRuntime';
import { CatalogMatcher, ScreenAudit, checkWidget } from '../../sim/i18n/screenCheck';
import { CLEAR_SCREENING } from '../../sim/system';
import { PROGRAMS, PROGRAM_IDS, type ProgramId } from '../../shared/programs/catalog';
import { ALARM_KINDS } from '../../shared/protocol/vocabulary';
import { SCREENING_QUESTIONS } from '../../shared/protocol/screening';
import { createSession, step, type SessionState } from '../../shared/session';
import { NOTICE_KINDS } from '../../shared/session/notices';
import { SessionStore, type KeyValue } from '../../shared/store/sessionStore';
import type { WidgetNode } from '../../sim/zepp/widgets';

const LANGS = ['en-US', 'de-DE', 'es-ES', 'zh-CN'];
const SHAPES: Shape[] = ['r', 's'];
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const LOP = 200;

/**
 * The app's own LocalStorage instance (kept in its globalData: watch/lib/device.ts). A
 * LocalStorage keeps what it loaded in memory, so states written for the pages to show must go
 * through the instance the pages read.
 */
function appStore(watch: SimWatch): SessionStore {
  const app = (watch as unknown as { appInstance: { _options?: { globalData?: { storage?: KeyValue } } } }).appInstance;
  const storage = app._options && app._options.globalData && app._options.globalData.storage;
  if (!storage) throw new Error('the app has not opened its storage yet');
  return new SessionStore(storage, () => Number.MAX_SAFE_INTEGER);
}

function newSession(id: ProgramId, t0 = T0): SessionState {
  const program = PROGRAMS[id];
  const restriction = program.device === 'wraps' ? 'wraps' : 'cuffs';
  return createSession({
    sessionId: 's-' + id, program, restriction,
    cuffs: restriction === 'cuffs' ? [{ cuffId: program.limb, lopMmHg: LOP }] : [],
    screening: CLEAR_SCREENING(T0),
    device: { platform: 'zepp', model: 'test', appVersion: '0', controller: null },
    nowMs: t0,
  });
}

/** The running state one second into each phase, with a fresh pressure reading and no alarm. */
function phaseStates(id: ProgramId, t0 = T0): SessionState[] {
  let s = step(newSession(id, t0), { type: 'button', nowMs: t0, press: { button: 'start' } }).state;
  const out: SessionState[] = [];
  for (let i = 0; i < s.record.phases.length; i++) {
    const at = s.record.phases[i].plannedStartMs + 1000;
    s = step(s, { type: 'tick', nowMs: at }).state;
    if (s.status !== 'running') break;
    const count = 7 + 1000 * (i % 2); // a count with thousands on some phases: grouping per language
    const sets = s.record.sets.map((x, k) => (k === s.record.phases[s.phaseIndex].setIndex ? { ...x, counted: count, corrected: count } : x));
    out.push({
      ...s, activeAlarms: [], alarmText: null, notice: null, noticeText: null,
      cuffs: s.cuffs.map((c) => ({ ...c, lastMmHg: 118, lastReadingAtMs: at, lastSeq: i + 1 })),
      record: { ...s.record, sets },
    });
  }
  return out;
}

function finishedRecord(id: ProgramId, stopped: boolean) {
  const states = phaseStates(id);
  const last = states[stopped ? 0 : states.length - 1];
  let s = step(last, { type: 'button', nowMs: last.nowMs + 500, press: { button: 'rpe', rating: 6 } }).state;
  s = stopped
    ? step(s, { type: 'button', nowMs: s.nowMs + 1000, press: { button: 'confirmStop' } }).state
    : step(s, { type: 'tick', nowMs: s.record.phases[s.record.phases.length - 1].plannedEndMs + 1000 }).state;
  const alarms = stopped ? [{ atMs: s.nowMs, kind: 'underPressure' as const, message: 'Pressure low' }] : [];
  return { ...s.record, alarms };
}

interface Run { watch: SimWatch; clock: VirtualClock; audit: ScreenAudit; store: SessionStore; screens: number; seen: Set<string>; slotsFound: Set<string>; messages: Record<string, string>; matcher: CatalogMatcher }

/**
 * Texts only a phone reply brings (controller state, LOP results, sync counts): checked in the
 * very widget that shows them, found on the screen by the text it shows without a phone.
 */
const PHONE_SLOTS: Array<{ shownNow: string; keys: string[] }> = [
  { shownNow: 'phoneConnecting', keys: ['phoneConnected', 'phoneIncompatible', 'phoneBadReply', 'sessionsSynced.one', 'sessionsSynced.other'] },
  { shownNow: 'controllerChecking', keys: ['controller.connected', 'controller.stale', 'controller.unreachable', 'controller.unauthorised', 'controller.notConfigured', 'controllerUnknown', 'phoneUnavailable'] },
  { shownNow: 'noCuffForLimb', keys: ['lopUnknown', 'lopKnown'] },
  { shownNow: 'lopFirst', keys: ['lopMeasuring', 'lopDone', 'lopFailed', 'lopNoReply', 'noCuffForLimb'] },
  { shownNow: 'measureLop', keys: ['retry'] },
];

function checkPhoneSlots(run: Run, nodes: WidgetNode[]): void {
  const messages = run.messages;
  for (const slot of PHONE_SLOTS) {
    const node = nodes.find((n) => n.props.text === messages[slot.shownNow]);
    if (!node) continue;
    run.slotsFound.add(slot.shownNow);
    for (const key of slot.keys) {
      if (messages[key] === undefined) continue; // zh has no ".one" forms
      const text = messages[key].replace(/%d/g, key === 'lopKnown' ? '188/192' : '12');
      const r = checkWidget({ ...node, props: { ...node.props, text } }, run.matcher);
      if (r.overflow) run.audit.overflowing.set(key + ' ' + r.overflow.where, { ...r.overflow, text: key + ': ' + text });
    }
  }
}

async function look(run: Run, what: string): Promise<void> {
  await run.clock.advance(50);
  const nodes = run.watch.device.ui.visible();
  run.audit.sample(nodes);
  run.screens++;
  const url = run.watch.currentUrl;
  if (url === 'page/home/index.page' || url === 'page/precheck/index.page') checkPhoneSlots(run, nodes);
  for (const t of run.watch.texts()) run.seen.add(t);
  if (run.watch.errors.length) throw new Error(what + ': the page crashed: ' + String(run.watch.errors[0]));
}

/**
 * Phase i of a program as it is now on the watch's clock (the page's ticks move on from the
 * state's time: a state from the past would run on into the next phase).
 */
function phaseNow(run: Run, id: ProgramId, i: number): SessionState {
  const offset = phaseStates(id)[i].nowMs - T0;
  return phaseStates(id, run.clock.now() - offset)[i];
}

async function session(run: Run, state: SessionState, what: string): Promise<void> {
  run.store.saveActive(state);
  await run.watch.open('page/session/index.page', JSON.stringify({ resume: true }));
  await look(run, what);
}

async function renderAll(lang: string, shape: Shape): Promise<Run> {
  const messages = readMessages(lang);
  const clock = new VirtualClock(T0);
  const storage = memoryStore();
  const watch = new SimWatch({ clock, link: new BleLink(clock), shape, locale: lang, storage });
  await watch.launch();
  const matcher = new CatalogMatcher(messages);
  const run: Run = { watch, clock, audit: new ScreenAudit(matcher), store: appStore(watch), screens: 0, seen: new Set(), slotsFound: new Set(), messages, matcher };
  const text = (k: string) => messages[k];

  // Home (phone connecting, then none), empty history, health questions not answered yet.
  await look(run, 'home');
  await clock.advance(6000);
  await look(run, 'home without phone');
  await watch.open('page/history/index.page');
  await look(run, 'empty history');
  for (const id of PROGRAM_IDS) {
    await watch.open('page/precheck/index.page', JSON.stringify({ programId: id }));
    await look(run, 'precheck unscreened ' + id);
  }
  // The questions one by one; a "yes" refuses cuffs, all "no" clears.
  for (const firstYes of [true, false]) {
    await watch.open('page/screening/index.page');
    for (let i = 0; i < SCREENING_QUESTIONS.length; i++) {
      await look(run, 'question ' + i);
      await watch.tap(i === 0 && firstYes ? text('yes') : text('no'));
    }
    await look(run, firstYes ? 'screening refused' : 'screening clear');
  }
  // Pre-session check of each program: controller line, LOP line, the tempo switch, the advice.
  for (const id of PROGRAM_IDS) {
    await watch.open('page/precheck/index.page', JSON.stringify({ programId: id }));
    await look(run, 'precheck ' + id);
    await clock.advance(6000);
    await look(run, 'precheck no phone ' + id);
    if (PROGRAMS[id].tempo) {
      await watch.tap(new RegExp('^(' + [text('tempoOn'), text('tempoOff')].map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') + ')$'));
      await look(run, 'tempo switched ' + id);
    }
    if (PROGRAMS[id].device === 'cuffs') {
      await watch.tap(text('measureLop'));
      await look(run, 'measure without cuff ' + id);
      await watch.tap(text('start'));
      await look(run, 'start without LOP ' + id);
    }
  }
  // Phases: every phase of the guided routine; of the others the first work and rest phase
  // and the last work phase (the rest repeat them with another set number and time). Each
  // ready screen, the effort overlay in a rest and after it, the stop question.
  for (const id of PROGRAM_IDS) {
    const states = phaseStates(id);
    expect(states.length).toBe(PROGRAMS[id].sets.length * 2 - 1);
    const picked = id === 'guided-older-adult' ? states.map((_, i) => i) : [0, 1, states.length - 1].filter((i, k, a) => i >= 0 && a.indexOf(i) === k && i < states.length);
    for (const i of picked) {
      await session(run, phaseNow(run, id, i), id + ' phase ' + i);
      if (states[i].record.phases[i].kind === 'rest' && states[i].restriction !== 'none') {
        await watch.tap(text('5') || '5');
        await look(run, id + ' rest rated ' + i);
      }
    }
    await session(run, newSession(id, clock.now()), id + ' ready');
  }
  // Every alarm and every notice, on the screen of the routine that shows most (instruction, pressure).
  const guided = () => phaseNow(run, 'guided-older-adult', 0);
  await session(run, { ...guided(), status: 'confirmStop' }, 'confirm stop');
  for (const kind of ALARM_KINDS) {
    await session(run, { ...guided(), activeAlarms: [kind], holdUntilPhase: 1 }, 'alarm ' + kind);
  }
  for (const kind of NOTICE_KINDS) {
    await session(run, { ...guided(), notice: { kind, n: kind === 'reperfusion' ? 3 : null }, holdUntilPhase: 1 }, 'notice ' + kind);
  }
  await session(run, { ...newSession('quick-wrist', clock.now()), notice: { kind: 'screeningRefused', n: null } }, 'notice on the wraps ready screen');
  // Summary of each program: completed, and stopped with an alarm and an effort rating; a count corrected.
  for (const id of PROGRAM_IDS) {
    for (const stopped of [false, true]) {
      const record = { ...finishedRecord(id, stopped), id: 's-' + id + (stopped ? '-stopped' : '') };
      run.store.putRecord(record);
      run.store.clearActive();
      await watch.open('page/summary/index.page', JSON.stringify({ id: record.id }));
      await look(run, id + ' summary');
      await watch.tap('+');
      await look(run, id + ' summary corrected');
    }
  }
  await watch.open('page/summary/index.page', JSON.stringify({ id: 'gone' }));
  await look(run, 'summary of a missing session');
  await watch.open('page/history/index.page');
  await look(run, 'history');
  // Toasts the pages raised on the way: from the catalog too.
  for (const toast of watch.device.toasts) {
    if (!new CatalogMatcher(messages).matches(toast)) run.audit.untranslated.set('toast ' + toast, { text: toast, where: 'toast', why: 'not from the catalog' });
  }
  return run;
}

function report(run: Run): string {
  const lines: string[] = [];
  for (const i of run.audit.untranslated.values()) lines.push('untranslated: ' + JSON.stringify(i.text) + ' ' + i.where);
  for (const i of run.audit.overflowing.values()) lines.push('overflowing: ' + JSON.stringify(i.text) + ' ' + i.where + ' (' + i.why + ')');
  return lines.join('\n');
}

describe('every screen in every language fits and comes from the catalog', () => {
  for (const lang of LANGS) {
    for (const shape of SHAPES) {
      it(lang + ' on the ' + (shape === 'r' ? 'round 480' : 'square 390x450') + ' screen', async () => {
        const run = await renderAll(lang, shape);
        expect(report(run)).toBe('');
        expect(run.screens).toBeGreaterThan(120);
        expect([...run.slotsFound].sort()).toEqual(PHONE_SLOTS.map((s) => s.shownNow).sort());
        // The screens really were in this language: its own words for the guided routine are on them.
        const m = readMessages(lang);
        for (const k of ['set.sit-to-stand', 'instruction.heel-raise', 'alarm.controllerError', 'notice.reperfusion', 'phase.rest']) {
          const expected = m[k].replace('%d', '3');
          expect([...run.seen]).toContain(expected);
        }
      }, 60000);
    }
  }
});

describe('the checks can fail', () => {
  it('an English text on a German screen and a cut safety message are both caught', () => {
    const de = new CatalogMatcher(readMessages('de-DE'));
    const node = (text: string, w: number, wrap: boolean): WidgetNode => ({
      id: 1, type: 'TEXT', parent: null, children: [], deleted: false, listeners: {},
      props: { text, x: 0, y: 0, w, h: 100, text_size: 28, text_style: wrap ? 1 : 2 },
    });
    expect(checkWidget(node('Cuff controller error: loosen cuffs by hand', 360, true), de).untranslated).not.toBeNull();
    expect(checkWidget(node(readMessages('de-DE')['alarm.controllerError'], 360, true), de).untranslated).toBeNull();
    expect(checkWidget(node(readMessages('de-DE')['alarm.controllerError'], 360, false), de).overflow).not.toBeNull();
    expect(de.matches('12:30  85% im Bereich')).toBe(true);
    expect(de.matches('12:30  85% in band')).toBe(false);
    // The audit counts each distinct problem once however often the screen is looked at.
    const audit = new ScreenAudit(new CatalogMatcher(readMessages('zh-CN')));
    const english = node('Rest', 200, false);
    audit.sample([english]);
    audit.sample([english, node(readMessages('zh-CN')['phase.rest'], 200, false)]);
    expect([audit.untranslated.size, audit.overflowing.size]).toEqual([1, 0]);
  });
});
