// A wrist-only session with a Bluetooth hand-pump cuff: no phone, no controller. The watch
// side is the shared engine in its SessionRunner (the loop both watch shells run) fed by the
// watch's own Bluetooth cuff client (watch/lib/bleCuff.ts) through the `@zos/ble` central
// stand-in (sim/zepp/bleCentral.ts) to the simulated cuff (peripheral.ts); the record goes to
// the watch's SessionStore (its outbox until a phone acknowledges it). The trainee pumps to the
// target shown, tops up when it sags, and opens the valve when told to release. Faults follow a
// fixed schedule (BLE_FAULT_PLAN): each named fault hits one work set, 40 s in, and the alarms
// it must raise are known in advance, so a run can check its alarm count against them.
// Runs on virtual time; `speed` only paces it against the wall clock.
import { VirtualClock, flushMicrotasks } from '../clock';
import { createBleCuff, pump, PUMP_STROKE_MMHG, setValve, type BleCuffFault, type BleCuffPeripheral } from './peripheral';
import { SimBleCentral } from '../zepp/bleCentral';
import { BleCuffLink, scanForCuffs, SCAN_MS, type Timers } from '../../watch/lib/bleCuff';
import { pairedCuff, rememberCuff } from '../../watch/lib/pairedCuff';
import { PROGRAMS, type ProgramId } from '../../shared/programs/catalog';
import { createSession } from '../../shared/session/create';
import { SessionRunner, type SessionShell } from '../../shared/session/runner';
import type { ViewModel } from '../../shared/session/effects';
import type { AlarmKind } from '../../shared/protocol/vocabulary';
import { SessionStore } from '../../shared/store/sessionStore';
import { CLEAR_SCREENING } from '../system';

/** Faults the simulated run can inject: the cuff's own, and a trainee who over-pumps. */
export const WRIST_FAULTS = ['disconnect', 'garbage', 'kPa', 'nan', 'silent', 'overpump'] as const;
export type WristFault = (typeof WRIST_FAULTS)[number];

/**
 * What each fault does (for `durationS` from 40 s into its work set) and the alarms it must
 * raise with the engine's timings (stale warn 5 s, stale release 15 s, over-band 5 s):
 * - disconnect: the link drops once; the client reconnects within ~3 s: no alarm;
 * - garbage / nan: 10 s of frames with no usable value: "no pressure reading" (1);
 * - kPa: the cuff reports kPa for the set, converted: no alarm;
 * - silent: 20 s without a frame: "no pressure reading", then "release the cuff now" (2);
 * - overpump: the trainee pumps 50 % over target: "release the cuff now" after 5 s (1).
 */
export const BLE_FAULT_PLAN: Readonly<Record<WristFault, { durationS: number; alarms: AlarmKind[] }>> = {
  disconnect: { durationS: 0, alarms: [] },
  garbage: { durationS: 10, alarms: ['stalePressureWarn'] },
  kPa: { durationS: 60, alarms: [] },
  nan: { durationS: 10, alarms: ['stalePressureWarn'] },
  silent: { durationS: 20, alarms: ['stalePressureWarn', 'releaseCuff'] },
  overpump: { durationS: 0, alarms: ['releaseCuff'] },
};
const FAULT_AT_S = 40;
const LOP_BY_HAND = 180;
const REACT_MS = 1000;

export interface WristOnlyOptions {
  programId: ProgramId;
  faults?: WristFault[];
  seed?: number;
  /** Simulated seconds per real second; 'max' does not wait at all. */
  speed?: number | 'max';
  startMs?: number;
}

export interface WristOnlyResult {
  paired: { name: string; address: string } | null;
  status: string;
  endReason: string | null;
  /** The finished record is in the watch store's outbox. */
  stored: boolean;
  pressureSamples: number;
  alarms: Array<{ atS: number; kind: AlarmKind }>;
  expectedAlarms: AlarmKind[];
  cuffCommands: number;
  frames: { sent: number; readings: number; noReading: number; rejected: number; reasons: Record<string, number> };
  disconnects: number;
  releasedAtEnd: boolean;
  occlusion: Array<{ limb: string; totalMs: number; longestContinuousMs: number }>;
  /** The screen showed a pressure number while the cuff sent no usable value. */
  bogusShown: number;
  simulatedS: number;
}

function memoryKv() {
  const data: Record<string, unknown> = {};
  return {
    getItem: (k: string, d?: unknown) => (Object.prototype.hasOwnProperty.call(data, k) ? data[k] : d),
    setItem: (k: string, v: unknown) => { data[k] = v; },
    removeItem: (k: string) => { delete data[k]; },
  };
}

export async function runWristOnly(options: WristOnlyOptions): Promise<WristOnlyResult> {
  const program = PROGRAMS[options.programId];
  const faults = (options.faults || []).slice();
  if (faults.length > program.sets.length) throw new Error('at most one Bluetooth cuff fault per work set (' + program.sets.length + ')');
  const clock = new VirtualClock(options.startMs);
  const cuff: BleCuffPeripheral = createBleCuff('BFR Cuff ' + program.limb, 'C0:FF:EE:00:00:0' + (program.limb === 'leg' ? '1' : '2'), options.seed || 1);
  const central = new SimBleCentral(clock, [cuff]);
  central.start();
  const ble = central.module();
  const timers: Timers = { setTimeout: (fn, ms) => clock.setTimer(fn, ms, false), clearTimeout: (id) => clock.clearTimer(id), now: () => clock.now() };
  const kv = memoryKv();
  const store = new SessionStore(kv, () => Number.MAX_SAFE_INTEGER);
  const speed = options.speed === undefined ? 'max' : options.speed;
  const advance = async (ms: number) => {
    for (let done = 0; done < ms; done += 1000) {
      await clock.advance(Math.min(1000, ms - done));
      if (speed !== 'max') await new Promise<void>((r) => setTimeout(r, Math.min(1000, ms - done) / speed));
    }
  };

  // Pairing, as from the pre-check: scan (stops by itself), pick the first 0x1810 cuff, remember it.
  let pickedName: string | null = null;
  scanForCuffs(ble, timers, () => undefined, (list) => {
    const pick = list.filter((c) => c.bps)[0];
    if (pick) {
      rememberCuff(kv, program.limb, { address: pick.address, name: pick.name });
      pickedName = pick.name;
    }
  });
  await advance(SCAN_MS + 500);
  const paired = pairedCuff(kv, program.limb);
  const startedAt = clock.now();
  const result: WristOnlyResult = {
    paired: paired && pickedName ? { name: paired.name, address: paired.address } : null,
    status: 'none', endReason: null, stored: false, pressureSamples: 0, alarms: [], expectedAlarms: [], cuffCommands: 0,
    frames: { sent: 0, readings: 0, noReading: 0, rejected: 0, reasons: {} }, disconnects: 0, releasedAtEnd: false, occlusion: [],
    bogusShown: 0, simulatedS: 0,
  };
  for (const f of faults) result.expectedAlarms.push(...BLE_FAULT_PLAN[f].alarms);
  if (!paired) return result;

  // The session: LOP entered by hand, no phone (link down from the start: it must not matter).
  const state = createSession({
    sessionId: 'ble-' + startedAt, program, restriction: 'cuffs', cuffSource: 'ble',
    cuffs: [{ cuffId: program.limb, lopMmHg: LOP_BY_HAND }], screening: CLEAR_SCREENING(startedAt),
    device: { platform: 'zepp', model: 'sim', appVersion: 'sim', controller: paired.name }, nowMs: startedAt, linkUp: false,
  });
  let view: ViewModel | null = null;
  let wake: number | null = null;
  let noValueSince: number | null = null;
  const shell: SessionShell = {
    render: (v) => { view = v; },
    vibrate: () => undefined,
    sendCuffCommand: () => { result.cuffCommands++; },
    persistRecord: (r) => { store.putRecord(r); },
    raiseAlarm: (kind) => { result.alarms.push({ atS: Math.round((clock.now() - startedAt) / 1000), kind }); },
    saveState: () => undefined,
    wakeAt: (at) => {
      if (wake !== null) clock.clearTimer(wake);
      wake = at === null ? null : clock.setTimer(() => { wake = null; runner.dispatch({ type: 'tick', nowMs: clock.now() }); }, Math.max(0, at - clock.now()), false);
    },
  };
  const runner = new SessionRunner(state, shell);
  const link = new BleCuffLink(ble, timers, paired.address, program.limb, {
    onPressure: (u) => { noValueSince = null; runner.dispatch({ type: 'pressure', nowMs: clock.now(), reading: u }); },
    onNoReading: () => { if (noValueSince === null) noValueSince = clock.now(); },
    onState: () => undefined,
  });
  link.open();
  // The watch page's own 1 Hz ticker (the engine's safety rules need it).
  clock.setTimer(() => runner.dispatch({ type: 'tick', nowMs: clock.now() }), 1000, true);
  await advance(2000);
  runner.dispatch({ type: 'button', nowMs: clock.now(), press: { button: 'start' } });

  // Fault schedule: fault i hits work set i+1, FAULT_AT_S into it.
  const injected: Array<{ fault: WristFault; set: number; done: boolean; endAt: number | null }> = faults.map((fault, i) => ({ fault, set: i, done: false, endAt: null }));
  const maxMs = program.sets.reduce((n, s) => n + s.workMs + s.restAfterMs, 0) + 5 * 60000;
  let overpumping = false;
  for (let t = 0; t < maxMs; t += REACT_MS) {
    await advance(REACT_MS);
    const s = runner.state;
    const v = view as ViewModel | null;
    if (v && noValueSince !== null && v.pressure !== null && clock.now() - noValueSince > 3000) result.bogusShown++;
    const phase = s.status === 'running' || s.status === 'confirmStop' ? s.record.phases[s.phaseIndex] : null;
    const intoWork = phase && phase.kind === 'work' ? clock.now() - s.phaseStartMs : -1;
    for (const inj of injected) {
      if (!phase || phase.kind !== 'work' || phase.setIndex !== inj.set) continue;
      if (!inj.done && intoWork >= FAULT_AT_S * 1000) {
        inj.done = true;
        inj.endAt = clock.now() + BLE_FAULT_PLAN[inj.fault].durationS * 1000;
        if (inj.fault === 'overpump') overpumping = true;
        else cuff.faults[inj.fault as BleCuffFault] = true;
      }
    }
    for (const inj of injected) {
      if (inj.endAt !== null && clock.now() >= inj.endAt && inj.fault !== 'disconnect' && inj.fault !== 'overpump') {
        cuff.faults[inj.fault as BleCuffFault] = false;
        inj.endAt = null;
      }
    }
    // The trainee: release when told (alarm, rest, the end), else pump to the target shown.
    const target = s.cuffs[0] ? s.cuffs[0].targetMmHg : null;
    const release = s.status === 'finished' || s.release !== null || (v !== null && v.instruction !== null && v.instruction.id === 'instruction.bleReleaseRest');
    if (release) {
      overpumping = false;
      setValve(cuff, true);
    } else if (phase && target !== null) {
      const pumpAllowed = v !== null && (v.instruction !== null && v.instruction.id === 'instruction.blePump' || s.inflated);
      const aim = overpumping ? target * 1.5 : target;
      // Up to one full squeeze a second, a partial one to land on the aim; top up below aim - 5.
      if (pumpAllowed && cuff.pressureMmHg < aim - 5) pump(cuff, Math.min(1, (aim - cuff.pressureMmHg) / PUMP_STROKE_MMHG));
      else if (!pumpAllowed) setValve(cuff, true);
    }
    if (s.status === 'finished' && s.release === null && cuff.pressureMmHg < 5) break;
  }
  await advance(3000);
  link.close();
  central.stop();
  const final = runner.state;
  const rec = store.getRecord(final.record.id);
  result.status = final.record.status;
  result.endReason = final.record.endReason;
  result.stored = rec !== null && rec.status !== 'inProgress' && store.unsynced().some((r) => r.id === final.record.id);
  result.pressureSamples = rec ? rec.pressureSamples.length : 0;
  result.frames = { sent: cuff.framesSent, readings: link.stats.readings, noReading: link.stats.noReading, rejected: link.stats.rejected, reasons: link.stats.reasons };
  result.disconnects = link.stats.disconnects;
  result.releasedAtEnd = final.release === null && cuff.pressureMmHg < 10;
  result.occlusion = final.record.occlusion.map((o) => ({ limb: o.limb, totalMs: o.totalMs, longestContinuousMs: o.longestContinuousMs }));
  result.simulatedS = Math.round((clock.now() - startedAt) / 1000);
  await flushMicrotasks();
  return result;
}
