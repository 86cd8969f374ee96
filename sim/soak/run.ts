// Randomised end-to-end runs under faults, with the safety and data invariants checked after
// each (and the deflate deadline checked at every step). Faults: on the BLE link (per chunk and
// timed cuts), on the apps (watch killed, side service restarted) and, between the phone and
// the cuff controller, lost, refused and delayed requests (sim/faults/controllerFaults.ts,
// through a loopback proxy; deflate-all bursts kept inside the dead-man's envelope). Shared by
// the jest suite (test/faults/soak.test.ts) and `bfr-coach soak`. A run is fully described by its seed:
// planRun(seed) picks the program, the fault mix and the schedule; runOne(plan) plays it on
// a VirtualClock with the real watch pages, the real companion bundle and the controller
// simulator over loopback HTTP.
import { VirtualClock, flushMicrotasks } from '../clock';
import { startSystem, type SimSystem } from '../system';
import { seededRandom } from '../../shared/motion/synth';
import { injectChunkFaults, zeroChunkCounts, type ChunkFaultCounts, type ChunkFaultRates } from '../faults/faultLink';
import { randomControllerFaults, startFaultProxy, type ControllerFaultRates } from '../faults/controllerFaults';
import { DEAD_MAN_ENVELOPE } from '../../companion/deadMan';
import { SessionStore } from '../../watch/lib/sessionStore';
import type { SessionRecord } from '../../shared/protocol/sessionRecord';
import { CEILING_FRACTION_OF_LOP, ABSOLUTE_CEILING_MMHG, OCCLUSION_BUDGET_MS } from '../../shared/safety/limits';
import type { Limb } from '../../shared/protocol/common';
import type { KeyValueStore } from '../zepp/deviceModules';

/** The promise: deflate-all at the controller within this long of the watch's last message. */
export const DEFLATE_DEADLINE_MS = 10000;
export const LOP = { arm: 150, leg: 220 } as const;
const STEP_MS = 200;
/** From a watch message to a running side service, when the phone had stopped it. */
const SIDE_LAUNCH_MS = 600;

export type SystemFaultKind = 'linkCut' | 'watchKill' | 'sideRestart' | 'linkNeverBack';
/** Requests between the phone and the controller: lost (no answer), refused (error answer), delayed. */
export type ControllerFaultClass = 'ctlLost' | 'ctlRefused' | 'ctlDelayed';
export type FaultClass = keyof ChunkFaultCounts | SystemFaultKind | ControllerFaultClass;
export const FAULT_CLASSES: ReadonlyArray<FaultClass> = [
  'drop', 'duplicate', 'delay', 'truncate', 'corrupt', 'linkCut', 'watchKill', 'sideRestart', 'linkNeverBack', 'ctlLost', 'ctlRefused', 'ctlDelayed',
];

export interface TimedFault {
  kind: 'linkCut' | 'watchKill' | 'sideRestart';
  /** Session time (ms after the session page opened) when it starts. */
  atMs: number;
  /** How long the link stays cut / the app or service stays down. */
  forMs: number;
}

export interface RunPlan {
  seed: number;
  programId: string;
  adjustment?: Record<string, unknown>;
  restriction: 'cuffs' | 'wraps' | 'none';
  cuffs: Array<{ cuffId: string; lopMmHg: number }>;
  limb: Limb;
  /** Session time at which the trainee stops (Stop, confirm) or presses Pain; null: to the end. */
  endBy: { atMs: number; how: 'stop' | 'pain' } | null;
  chunkRates: ChunkFaultRates;
  timed: TimedFault[];
  /** The link is cut near the end and never comes back: the record must stay in the outbox. */
  linkNeverBack: boolean;
  /** Per-request controller faults (none, light or heavy). */
  controllerRates: ControllerFaultRates;
  /** Session time limit before the run is abandoned (a hang is a failure). */
  maxMs: number;
}

export interface RunResult {
  plan: RunPlan;
  ok: boolean;
  violations: string[];
  /** Faults actually injected, by class. */
  faults: Record<FaultClass, number>;
  sessionsLost: number;
  lateDeflates: number;
  /** Longest the controller held a cuff up while the watch was silent (0: never). */
  maxSilentInflatedMs: number;
  /** Deflate-all requests that were lost, refused or delayed. */
  deflateAllFaults: number;
  /** The phone's dead-man: silences that tripped it, its deflate-all tries and the failed ones. */
  deadMan: { trips: number; tries: number; failures: number };
  /** Rejections counted by the receivers, by reason (watch and phone). */
  rejected: Record<string, number>;
  sessionId: string | null;
  status: string | null;
  realMs: number;
  virtualMs: number;
}

interface ProgramChoice {
  programId: string;
  limb: Limb;
  restriction: 'cuffs' | 'wraps' | 'none';
  adjustment?: Record<string, unknown>;
  /** Planned session length (ms) with the adjustment. */
  lengthMs: number;
}

const MIN = 60000;
const PROGRAMS: ProgramChoice[] = [
  { programId: 'walk-intervals', limb: 'leg', restriction: 'cuffs', adjustment: { v: 1, programId: 'walk-intervals', workMs: MIN, restMs: 30000 }, lengthMs: 5 * MIN + 4 * 30000 },
  { programId: 'cycle-intervals', limb: 'leg', restriction: 'cuffs', adjustment: { v: 1, programId: 'cycle-intervals', workMs: MIN, restMs: 30000 }, lengthMs: 5 * MIN + 4 * 30000 },
  { programId: 'walk-continuous', limb: 'leg', restriction: 'cuffs', adjustment: { v: 1, programId: 'walk-continuous', workMs: 10 * MIN }, lengthMs: 10 * MIN },
  { programId: 'cycle-continuous', limb: 'leg', restriction: 'cuffs', adjustment: { v: 1, programId: 'cycle-continuous', workMs: 10 * MIN }, lengthMs: 10 * MIN },
  { programId: 'resistance-30-15-15-15', limb: 'arm', restriction: 'cuffs', lengthMs: 150000 + 3 * 90000 + 3 * 30000 },
  // Two rep sets (90 s caps: the soak has no trainee counting reps), the walk, two 75 s rests.
  { programId: 'guided-older-adult', limb: 'leg', restriction: 'cuffs', adjustment: { v: 1, programId: 'guided-older-adult', workMs: 2 * MIN, restMs: 75000 }, lengthMs: 2 * 90000 + 2 * MIN + 2 * 75000 },
  { programId: 'quick-wrist', limb: 'arm', restriction: 'wraps', lengthMs: 8 * MIN },
  { programId: 'walk-intervals', limb: 'leg', restriction: 'none', adjustment: { v: 1, programId: 'walk-intervals', workMs: MIN, restMs: 30000 }, lengthMs: 5 * MIN + 4 * 30000 },
];

/** The whole run from its seed. `full` runs every session to its end (slower). */
export function planRun(seed: number, options: { fullFraction?: number } = {}): RunPlan {
  const r = seededRandom(seed * 7919 + 17);
  const pick = <T>(xs: ReadonlyArray<T>): T => xs[Math.floor(r() * xs.length)];
  const p = pick(PROGRAMS);
  const fullFraction = options.fullFraction === undefined ? 0.15 : options.fullFraction;
  // Most runs end early (Stop or Pain) so many runs stay cheap; some go to the planned end.
  const full = r() < fullFraction && p.lengthMs <= 11 * MIN;
  const endAt = 15000 + Math.floor(r() * Math.min(p.lengthMs - 20000, 150000));
  const endBy = full ? null : { atMs: endAt, how: r() < 0.2 ? ('pain' as const) : ('stop' as const) };
  const horizon = full ? p.lengthMs : endAt;
  // Chunk faults: none, light or heavy.
  const level = r();
  const scale = level < 0.2 ? 0 : level < 0.75 ? 0.02 : 0.08;
  const chunkRates: ChunkFaultRates = {};
  if (scale > 0) {
    chunkRates.drop = scale * r();
    chunkRates.duplicate = scale * r();
    chunkRates.delay = scale * 2 * r();
    chunkRates.truncate = scale * r();
    chunkRates.corrupt = scale * r();
  }
  const timed: TimedFault[] = [];
  const n = Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const kind = pick(['linkCut', 'linkCut', 'watchKill', 'sideRestart'] as const);
    timed.push({ kind, atMs: 3000 + Math.floor(r() * Math.max(1000, horizon - 3000)), forMs: 1000 + Math.floor(r() * (kind === 'linkCut' ? 30000 : 20000)) });
  }
  timed.sort((a, b) => a.atMs - b.atMs);
  const linkNeverBack = r() < 0.05;
  const cuffs = p.restriction === 'cuffs' ? [{ cuffId: p.limb, lopMmHg: LOP[p.limb] }] : [];
  // Controller faults: none, light or heavy; a slow controller answers within 1 s.
  const ctl = r();
  const ctlScale = ctl < 0.25 ? 0 : ctl < 0.7 ? 1 : 3;
  // Deflate-all (the safety action, rare in the traffic) is hit hard: a lost first try, refusals
  // and slow answers are common, capped per burst at the dead-man's envelope.
  const controllerRates: ControllerFaultRates = ctlScale === 0 ? {} : {
    lose: 0.01 * ctlScale * r(), refuse: 0.03 * ctlScale * r(), delay: 0.06 * ctlScale * r(), maxDelayMs: DEAD_MAN_ENVELOPE.acceptMs,
    deflateAll: { lose: 0.25, refuse: 0.35, delay: 0.3 },
  };
  return {
    seed, programId: p.programId, adjustment: p.adjustment, restriction: p.restriction, cuffs, limb: p.limb,
    endBy, chunkRates, timed, linkNeverBack, controllerRates, maxMs: p.lengthMs + 10 * MIN,
  };
}

function zeroFaults(): Record<FaultClass, number> {
  const out = {} as Record<FaultClass, number>;
  for (const k of FAULT_CLASSES) out[k] = 0;
  return out;
}

/** The watch's own store, read from Node the way the watch reads it. */
export function watchStoreOf(storage: KeyValueStore): SessionStore {
  return new SessionStore(
    {
      getItem: (key: string) => {
        const v = storage.get(key);
        if (v === undefined) return undefined;
        try {
          return JSON.parse(v);
        } catch {
          return undefined;
        }
      },
      setItem: (key: string, value: unknown) => storage.set(key, JSON.stringify(value)),
      removeItem: (key: string) => storage.remove(key),
    },
    () => storage.freeBytes(),
  );
}

/** Taps the last visible button with this text (the confirm button repeats the Stop label). */
function tapLast(sys: SimSystem, text: string): boolean {
  const ui = sys.watch.device.ui as unknown as { visible(): Array<{ type: string; props: Record<string, unknown> }>; handle(n: unknown): unknown };
  const buttons = ui.visible().filter((n) => n.props.text === text && typeof n.props.click_func === 'function');
  const hit = buttons[buttons.length - 1];
  if (!hit) return false;
  (hit.props.click_func as (h: unknown) => void)(ui.handle(hit));
  return true;
}

function addCounts(into: Record<string, number>, from: unknown, prefix: string): void {
  if (!from || typeof from !== 'object') return;
  for (const [k, v] of Object.entries(from as Record<string, unknown>)) {
    if (typeof v === 'number' && v > 0) into[prefix + k] = (into[prefix + k] || 0) + v;
  }
}

/** Occlusion per cuff from the controller's command log: the longest continuous inflation. */
export function longestInflationMs(commands: ReadonlyArray<{ atMs: number; command: string; cuffId: string | null }>, cuffId: string, endMs: number): number {
  let since: number | null = null;
  let longest = 0;
  for (const c of commands) {
    if (c.command === 'inflate' && c.cuffId === cuffId) {
      if (since === null) since = c.atMs;
    } else if ((c.command === 'deflate' && c.cuffId === cuffId) || c.command === 'deflate-all' || (c.command === 'lop' && c.cuffId === cuffId)) {
      if (since !== null) longest = Math.max(longest, c.atMs - since);
      since = null;
    }
  }
  if (since !== null) longest = Math.max(longest, endMs - since);
  return longest;
}

export async function runOne(plan: RunPlan): Promise<RunResult> {
  const real0 = Date.now();
  const clock = new VirtualClock();
  const violations: string[] = [];
  const faults = zeroFaults();
  const rejected: Record<string, number> = {};
  const sys = await startSystem({ clock, seed: plan.seed, lopMmHg: { arm: LOP.arm, leg: LOP.leg }, trainee: false });
  const { watch, side, link } = sys;
  const controller = sys.controller!;
  const chunks = injectChunkFaults(link, plan.seed ^ 0x9e3779b9, { rates: plan.chunkRates, maxDelayMs: 800 });
  // The phone talks to the controller through a proxy that loses, refuses and delays requests.
  const controllerFaults = randomControllerFaults(plan.seed ^ 0x85ebca6b, plan.controllerRates, DEAD_MAN_ENVELOPE);
  const proxy = await startFaultProxy({ target: controller.url, policy: controllerFaults, clock });
  side.settings.setItem('controller', JSON.stringify({ url: proxy.url, token: sys.token }));
  const errors: unknown[] = [];
  let lateDeflates = 0;
  let sessionsLost = 0;
  let sessionId: string | null = null;
  let status: string | null = null;
  const t0 = clock.now();
  const sessionNow = () => clock.now() - t0;

  const step = async (ms = STEP_MS) => {
    await clock.advance(ms);
    controller.sync();
    // Let loopback HTTP to the controller complete between steps.
    await new Promise((resolve) => setImmediate(resolve));
    await flushMicrotasks();
  };

  // Late deflate: a cuff the controller holds up while the watch has been silent too long.
  let lateEpisode = false;
  let maxSilentInflatedMs = 0;
  const checkDeflateDeadline = () => {
    const up = controller.model.cuffs.some((c) => c.targetMmHg !== null && (c.state === 'inflating' || c.state === 'holding'));
    const silentMs = clock.now() - Math.max(link.lastWatchSendMs, t0);
    if (up && silentMs > maxSilentInflatedMs) maxSilentInflatedMs = silentMs;
    if (up && silentMs > DEFLATE_DEADLINE_MS) {
      if (!lateEpisode) {
        lateEpisode = true;
        lateDeflates++;
        violations.push('late deflate: cuff still up ' + Math.round(silentMs) + ' ms after the watch last sent (t=' + sessionNow() + ')');
      }
    } else if (!up) {
      lateEpisode = false;
    }
  };

  const deadMan = { trips: 0, tries: 0, failures: 0 };
  const snapshotSide = () => {
    const st = side.debugState() as Record<string, unknown> | null;
    if (!st) return;
    const dm = st.deadMan as Partial<typeof deadMan> | undefined;
    if (dm) for (const k of ['trips', 'tries', 'failures'] as const) deadMan[k] += typeof dm[k] === 'number' ? (dm[k] as number) : 0;
    addCounts(rejected, st.rejected, 'phone.');
    const inbox = st.inbox as { rejections?: unknown } | undefined;
    addCounts(rejected, inbox && inbox.rejections, 'phone.inbox.');
  };

  const collectErrors = () => {
    for (const e of watch.errors.splice(0)) errors.push(e);
    for (const e of side.errors.splice(0)) errors.push(e);
    for (const e of clock.errors.splice(0)) errors.push(e);
  };

  try {
    await step(1000);
    watch.kill();
    await watch.launch('page/session/index.page', JSON.stringify({
      programId: plan.programId, adjustment: plan.adjustment, restriction: plan.restriction, cuffs: plan.cuffs,
    }));
    if (watch.currentUrl !== 'page/session/index.page') throw new Error('session did not open: ' + watch.device.toasts.join('; '));
    const timed = plan.timed.slice();
    const restore: Array<{ atMs: number; run: () => Promise<void> }> = [];
    let ended = false;
    let neverBackAt: number | null = null;
    let sideDownSince = -1;
    while (sessionNow() < plan.maxMs) {
      const now = sessionNow();
      while (timed.length && timed[0].atMs <= now) {
        const f = timed.shift() as TimedFault;
        if (ended && f.kind !== 'linkCut') continue;
        faults[f.kind]++;
        if (f.kind === 'linkCut') {
          link.setConnected(false);
          restore.push({ atMs: now + f.forMs, run: async () => { if (neverBackAt === null) link.setConnected(true); } });
        } else if (f.kind === 'watchKill') {
          if (!watch.running) { faults[f.kind]--; continue; }
          watch.kill();
          restore.push({ atMs: now + f.forMs, run: async () => { if (!watch.running) await watch.launch(); } });
        } else {
          if (!side.running) { faults[f.kind]--; continue; }
          snapshotSide();
          side.stop();
          sideDownSince = link.stats.chunksToPhone;
          restore.push({ atMs: now + f.forMs, run: async () => { if (!side.running) await side.start(); } });
        }
      }
      // The phone launches its side service when a message from the watch arrives.
      if (!side.running && sideDownSince >= 0 && link.stats.chunksToPhone > sideDownSince) {
        sideDownSince = -1;
        restore.push({ atMs: now + SIDE_LAUNCH_MS, run: async () => { if (!side.running) await side.start(); } });
      }
      restore.sort((a, b) => a.atMs - b.atMs);
      while (restore.length && restore[0].atMs <= now) await (restore.shift() as { run: () => Promise<void> }).run();
      if (!ended && plan.endBy && now >= plan.endBy.atMs && watch.running && watch.currentUrl === 'page/session/index.page') {
        try {
          if (plan.endBy.how === 'pain') {
            await watch.tap('Pain');
          } else {
            await watch.tap('Stop');
            tapLast(sys, 'Stop');
            await watch.settle();
          }
        } catch {
          // The button is hidden (an overlay, the session ending on its own): try next step.
        }
      }
      if (plan.linkNeverBack && neverBackAt === null && now >= (plan.endBy ? plan.endBy.atMs : plan.maxMs - 10 * MIN) - 5000) {
        neverBackAt = now;
        faults.linkNeverBack++;
        link.setConnected(false);
      }
      if (watch.running && (watch.currentUrl as string | null) === 'page/summary/index.page') ended = true;
      await step();
      checkDeflateDeadline();
      if (ended && timed.length === 0 && restore.length === 0) break;
    }
    if (!ended) violations.push('session did not finish within ' + plan.maxMs + ' ms (screen: ' + (watch.running ? watch.screen().slice(0, 120) : 'app not running') + ')');

    // Recovery: faults stop, the phone service runs, the user opens the app again later.
    chunks.enabled = false;
    controllerFaults.enabled = false;
    if (!side.running) await side.start();
    if (!plan.linkNeverBack) link.setConnected(true);
    for (let i = 0; i < 75; i++) { await step(); checkDeflateDeadline(); }
    const store = watchStoreOf(watch.storage);
    if (!plan.linkNeverBack && store.unsynced().length > 0) {
      watch.kill();
      await watch.launch();
      for (let i = 0; i < 150; i++) { await step(); checkDeflateDeadline(); }
    }
    // Once the watch is gone for good the cuffs must still be down (dead-man included).
    for (let i = 0; i < 5; i++) { await step(); checkDeflateDeadline(); }

    // ---- invariants ----
    const history = store.history();
    const records = history.map((h) => h.record).filter((x): x is SessionRecord => x !== null);
    const finished = records.filter((x) => x.status !== 'inProgress');
    if (ended && finished.length === 0) violations.push('the watch shows a summary but holds no finished record');
    const st = side.debugState() as { sessions: Array<{ id: string; status: string }> } | null;
    snapshotSide();
    const phoneSessions = st ? st.sessions : [];
    for (const rec of finished) {
      sessionId = rec.id;
      status = rec.status;
      const onPhone = phoneSessions.filter((s) => s.id === rec.id);
      const inOutbox = store.unsynced().some((u) => u.id === rec.id);
      if (onPhone.length > 1) violations.push('session ' + rec.id + ' is on the phone ' + onPhone.length + ' times');
      if (onPhone.length === 0 && !(plan.linkNeverBack && inOutbox)) {
        sessionsLost++;
        violations.push('session ' + rec.id + ' lost: not on the phone' + (inOutbox ? ' (still in the watch outbox)' : '') + (plan.linkNeverBack ? '' : ' although the link came back'));
      }
      if (onPhone.length === 1) {
        if (onPhone[0].status !== rec.status) violations.push('session ' + rec.id + ' is ' + onPhone[0].status + ' on the phone, ' + rec.status + ' on the watch');
        if (inOutbox) violations.push('session ' + rec.id + ' is on the phone but still unacknowledged on the watch');
      }
      const stored = side.settings.getItem('session:' + rec.id);
      if (onPhone.length === 1 && stored) {
        const phoneRec = JSON.parse(stored) as SessionRecord;
        if (phoneRec.sets.length !== rec.sets.length || JSON.stringify(phoneRec.sets) !== JSON.stringify(rec.sets)) {
          violations.push('session ' + rec.id + ': sets differ between watch and phone');
        }
      }
    }
    // Commanded pressure never above the ceiling (the controller's own log).
    for (const c of controller.commands) {
      if (c.command !== 'inflate' || c.cuffId === null || c.targetMmHg === null) continue;
      const limb: Limb = c.cuffId === 'arm' ? 'arm' : 'leg';
      const ceiling = Math.min(ABSOLUTE_CEILING_MMHG, CEILING_FRACTION_OF_LOP[limb] * LOP[limb]);
      if (c.targetMmHg > ceiling + 1e-9) violations.push('inflate ' + c.cuffId + ' to ' + c.targetMmHg + ' mmHg above the ceiling ' + ceiling);
    }
    for (const cuff of ['arm', 'leg'] as const) {
      const longest = longestInflationMs(controller.commands, cuff, clock.now());
      if (longest > OCCLUSION_BUDGET_MS[cuff]) violations.push('cuff ' + cuff + ' inflated ' + longest + ' ms continuously (budget ' + OCCLUSION_BUDGET_MS[cuff] + ')');
    }
    collectErrors();
    // A corrupted or truncated chunk makes ZML's decoder throw out of the receive callback (the
    // runtime contains it, as the device and the Zepp app do): that is a rejection, counted
    // with its reason. A lost fragment (drop, cut, a restart mid-message) truncates a message
    // as well, so it is allowed after any fault that loses bytes; never in a clean run.
    // Anything else is a crash.
    const wrecked = chunks.counts.corrupt + chunks.counts.truncate + chunks.counts.drop + chunks.counts.duplicate
      + faults.linkCut + faults.watchKill + faults.sideRestart + faults.linkNeverBack + link.stats.dropped;
    let decodeRejections = 0;
    for (const e of errors) {
      const reason = decodeRejectionReason(e);
      if (reason && wrecked > 0) {
        decodeRejections++;
        rejected['transport.' + reason] = (rejected['transport.' + reason] || 0) + 1;
      } else {
        violations.push('crash: ' + (e instanceof Error ? e.stack || e.message : String(e)).split('\n').slice(0, 8).join(' | '));
      }
    }
    if (side.frames.unknown > 0) rejected['transport.badFrame'] = (rejected['transport.badFrame'] || 0) + side.frames.unknown;

  } catch (e) {
    violations.push('run failed: ' + (e instanceof Error ? e.stack || e.message : String(e)).split('\n').slice(0, 4).join(' | '));
  } finally {
    await sys.stop();
    await proxy.close();
  }
  for (const k of Object.keys(chunks.counts) as Array<keyof ChunkFaultCounts>) faults[k] += chunks.counts[k];
  faults.ctlLost += controllerFaults.counts.lose;
  faults.ctlRefused += controllerFaults.counts.refuse;
  faults.ctlDelayed += controllerFaults.counts.delay;
  return {
    plan, ok: violations.length === 0, violations, faults, sessionsLost, lateDeflates, maxSilentInflatedMs, deflateAllFaults: controllerFaults.deflateAllFaults, deadMan, rejected, sessionId, status,
    realMs: Date.now() - real0, virtualMs: sessionNow(),
  };
}

/** The reason a transport-level decode failed, or null when the error is something else. */
export function decodeRejectionReason(e: unknown): string | null {
  if (e instanceof SyntaxError || (e && (e as Error).name === 'SyntaxError')) return 'notJson';
  const code = e && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
  if (code === 'ERR_OUT_OF_RANGE' || code === 'ERR_BUFFER_OUT_OF_BOUNDS') return 'shortFrame';
  // ZML looks up a handler by the message type byte; a damaged byte names no handler.
  if (e && /reading 'handler'/.test(String((e as Error).message))) return 'unknownType';
  // A request whose content-type byte was damaged is answered in raw mode with no body, and
  // ZML's sendJson throws on it (seen at seed 90 of the soak).
  if (code === 'ERR_INVALID_ARG_TYPE' && /sendJson/.test(String((e as Error).stack))) return 'badContentType';
  return null;
}

export interface SoakSummary {
  runs: number;
  failed: number;
  faults: Record<FaultClass, number>;
  /** Runs that had at least one fault of each class. */
  runsWith: Record<FaultClass, number>;
  sessionsLost: number;
  lateDeflates: number;
  /** Deflate-all requests lost, refused or delayed (inside the dead-man's envelope per burst). */
  deflateAllFaults: number;
  /** Dead-man trips, and its deflate-all tries that failed (lost, refused, timed out). */
  deadManTrips: number;
  deadManFailedTries: number;
  /** Runs where a cuff was up while the watch had been silent over 2 s (the dead-man was tested). */
  silentWhileInflatedRuns: number;
  maxSilentInflatedMs: number;
  finished: Record<string, number>;
  rejected: Record<string, number>;
  failures: Array<{ seed: number; violations: string[] }>;
  realMs: number;
}

export async function runSoak(options: { runs: number; seed: number; onRun?: (r: RunResult, i: number) => void; fullFraction?: number }): Promise<SoakSummary> {
  const real0 = Date.now();
  const summary: SoakSummary = {
    runs: 0, failed: 0, faults: zeroFaults(), runsWith: zeroFaults(), sessionsLost: 0, lateDeflates: 0, deflateAllFaults: 0, deadManTrips: 0, deadManFailedTries: 0,
    silentWhileInflatedRuns: 0, maxSilentInflatedMs: 0, finished: {}, rejected: {}, failures: [], realMs: 0,
  };
  for (let i = 0; i < options.runs; i++) {
    const result = await runOne(planRun(options.seed + i, { fullFraction: options.fullFraction }));
    summary.runs++;
    for (const k of FAULT_CLASSES) {
      summary.faults[k] += result.faults[k];
      if (result.faults[k] > 0) summary.runsWith[k]++;
    }
    summary.sessionsLost += result.sessionsLost;
    summary.lateDeflates += result.lateDeflates;
    summary.deflateAllFaults += result.deflateAllFaults;
    summary.deadManTrips += result.deadMan.trips;
    summary.deadManFailedTries += result.deadMan.failures;
    if (result.maxSilentInflatedMs > 2500) summary.silentWhileInflatedRuns++;
    summary.maxSilentInflatedMs = Math.max(summary.maxSilentInflatedMs, result.maxSilentInflatedMs);
    const fin = result.status || 'none';
    summary.finished[fin] = (summary.finished[fin] || 0) + 1;
    addCounts(summary.rejected, result.rejected, '');
    if (!result.ok) {
      summary.failed++;
      summary.failures.push({ seed: result.plan.seed, violations: result.violations });
    }
    if (options.onRun) options.onRun(result, i);
  }
  summary.realMs = Date.now() - real0;
  return summary;
}
