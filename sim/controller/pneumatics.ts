// The cuff controller simulator's physics and firmware: a small pneumatic model per cuff and
// the controller logic that drives it. Deterministic: all randomness comes from a seeded PRNG
// (mulberry32) in the model, time only from `advance(model, dtMs)` (fixed 10 ms substeps, the
// remainder carried, so advancing 1000 ms at once or 10 x 100 ms gives the same result). No
// clock, no I/O, no Math.random. The model object is mutated in place by advance and by the
// commands; the HTTP shell (server.ts) owns the clock.
//
// Per cuff:
//   pump      adds pressure at pumpRateMmHgPerS x speed (weaker as pressure rises), with a
//             spin-down lag, so stopping at the target overshoots by a few mmHg;
//   valve     open: exponential release (valveReleasePerS); a bleed orifice for fine control;
//   leak      slow exponential loss (leakPerS x fault leakFactor);
//   ripple    arterial pulse (~1.2 Hz) of a few mmHg, largest mid-range and gone at and above
//             the limb occlusion pressure (that is how the LOP measurement finds it);
//   firmware  inflating -> holding (bang-bang with hysteresis: slow top-ups, bleed when over),
//             deflating -> idle, measuring (ramp until the pulse vanishes) -> deflating,
//             over-pressure protection, stuck-valve fault.
import {
  CONTROLLER_HARD_MAX_MMHG,
  PRESSURE_RANGE_MAX_MMHG,
  type CuffState,
  type CuffStatus,
  type Limb,
  type Posture,
  type Reading,
  type StatusResponse,
} from '../../shared/protocol/controller';

export const STEP_MS = 10;

// ---- seeded randomness ----

/** mulberry32: one uint32 of state, period 2^32; plenty for a simulator. */
export function nextRandom(model: { rngState: number }): number {
  let t = (model.rngState = (model.rngState + 0x6d2b79f5) >>> 0);
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Roughly normal (sum of 4 uniforms), mean 0, sd 1. */
function gaussian(model: { rngState: number }): number {
  let s = 0;
  for (let i = 0; i < 4; i++) s += nextRandom(model);
  return (s - 2) * Math.sqrt(3);
}

// ---- model ----

export interface CuffParams {
  pumpRateMmHgPerS: number;
  /** Spin-down time constant of the pump: the source of the overshoot. */
  pumpLagS: number;
  valveReleasePerS: number;
  bleedPerS: number;
  leakPerS: number;
  rippleMaxMmHg: number;
  noiseMmHg: number;
  /** The limb's real occlusion pressure (hidden; the LOP measurement estimates it). */
  trueLopMmHg: number;
  /** Measuring ramps fast to here, then slowly while it watches the pulse. */
  searchStartMmHg: number;
}

export interface LopResult {
  id: number;
  ok: boolean;
  posture: Posture;
  durationMs: number;
  lopMmHg?: number;
  code?: 'lop-failed' | 'lop-aborted';
  message?: string;
}

export interface Measurement {
  id: number;
  posture: Posture;
  startedMs: number;
  willFail: boolean;
  errorMmHg: number;
}

export interface CuffModel {
  id: string;
  limb: Limb;
  params: CuffParams;
  /** True mean cuff pressure (without ripple and sensor noise). */
  pressureMmHg: number;
  pumpSpeed: number;
  pumpCommand: number;
  valveOpen: boolean;
  bleeding: boolean;
  state: CuffState;
  targetMmHg: number | null;
  lopMmHg: number | null;
  fault: string | null;
  measurement: Measurement | null;
  lastLop: LopResult | null;
  /** Controller time the pump has run (ms), for stats and battery. */
  pumpOnMs: number;
}

export interface ModelFaults {
  /** Valve stuck closed: true for every cuff, or the ids of the stuck ones. */
  stuckValve: boolean | string[];
  /** The trainee moves during LOP measurement: most measurements fail. */
  traineeMoving: boolean;
  /** Multiplies every cuff's leak (1 = normal; 20 = a torn bladder). */
  leakFactor: number;
}

export interface PneumaticModel {
  seed: number;
  rngState: number;
  tMs: number;
  pendingMs: number;
  seq: number;
  battery: number;
  heartHz: number;
  heartPhase: number;
  sampleIntervalMs: number;
  nextSampleMs: number;
  cuffs: CuffModel[];
  /** Recent readings, oldest first, seqs contiguous. */
  readings: Reading[];
  maxReadings: number;
  faults: ModelFaults;
  nextMeasurementId: number;
}

export interface ModelOptions {
  seed?: number;
  cuffs?: ReadonlyArray<string>;
  sampleIntervalMs?: number;
  maxReadings?: number;
}

/** 'arm', 'arm-left', 'leg-2' ... : the limb is the first word. */
export function limbOfCuffId(id: string): Limb | null {
  const m = /^(arm|leg)(-[a-z0-9]+)*$/.exec(id);
  return m ? (m[1] as Limb) : null;
}

const LIMB_DEFAULTS: Record<Limb, { pump: number; lop: number; search: number }> = {
  // Wide thigh cuffs have more volume (slower pump) and a higher LOP (BFR.md: ~144 wide /
  // ~235 narrow; the sim uses arm ~150, leg ~220).
  arm: { pump: 45, lop: 150, search: 100 },
  leg: { pump: 40, lop: 220, search: 150 },
};

export function createModel(options: ModelOptions = {}): PneumaticModel {
  const seed = (options.seed === undefined ? 1 : options.seed) >>> 0;
  const model: PneumaticModel = {
    seed,
    rngState: seed ^ 0x9e3779b9,
    tMs: 0,
    pendingMs: 0,
    seq: 0,
    battery: 100,
    heartHz: 1.2,
    heartPhase: 0,
    sampleIntervalMs: options.sampleIntervalMs || 200,
    nextSampleMs: 0,
    cuffs: [],
    readings: [],
    maxReadings: options.maxReadings || 3000,
    faults: { stuckValve: false, traineeMoving: false, leakFactor: 1 },
    nextMeasurementId: 1,
  };
  model.heartHz = 1.2 + 0.15 * gaussian(model);
  model.battery = Math.round(80 + 20 * nextRandom(model));
  const ids = options.cuffs && options.cuffs.length ? options.cuffs : ['arm', 'leg'];
  for (const id of ids) {
    const limb = limbOfCuffId(id);
    if (!limb) throw new Error('cuff id "' + id + '" must be arm or leg, optionally with a suffix (arm-left)');
    if (model.cuffs.some((c) => c.id === id)) throw new Error('cuff id "' + id + '" given twice');
    const d = LIMB_DEFAULTS[limb];
    const params: CuffParams = {
      pumpRateMmHgPerS: d.pump * (1 + 0.05 * gaussian(model)),
      pumpLagS: 0.3,
      valveReleasePerS: 1.6,
      bleedPerS: 0.35,
      leakPerS: 0.004 * (1 + 0.2 * gaussian(model)),
      rippleMaxMmHg: 2.5 + 0.5 * nextRandom(model),
      noiseMmHg: 0.4,
      trueLopMmHg: Math.round(Math.min(290, Math.max(100, d.lop * (1 + 0.08 * gaussian(model))))),
      searchStartMmHg: d.search,
    };
    model.cuffs.push({
      id,
      limb,
      params,
      pressureMmHg: 0,
      pumpSpeed: 0,
      pumpCommand: 0,
      valveOpen: true,
      bleeding: false,
      state: 'idle',
      targetMmHg: null,
      lopMmHg: null,
      fault: null,
      measurement: null,
      lastLop: null,
      pumpOnMs: 0,
    });
  }
  return model;
}

export function findCuff(model: PneumaticModel, id: string): CuffModel | undefined {
  return model.cuffs.find((c) => c.id === id);
}

export function isValveStuck(model: PneumaticModel, cuff: CuffModel): boolean {
  const s = model.faults.stuckValve;
  return s === true || (Array.isArray(s) && s.indexOf(cuff.id) >= 0);
}

/** Pulse ripple amplitude at a mean pressure: grows with pressure, gone at the LOP. */
export function rippleAmplitude(cuff: CuffModel, p: number): number {
  const lop = cuff.params.trueLopMmHg;
  const rise = Math.min(1, p / (0.3 * lop));
  const fall = Math.max(0, Math.min(1, (lop - p) / (0.15 * lop)));
  return cuff.params.rippleMaxMmHg * rise * fall;
}

/** What the pressure sensor would read now, without noise (used by status). */
export function sensedPressure(model: PneumaticModel, cuff: CuffModel): number {
  const p = cuff.pressureMmHg + rippleAmplitude(cuff, cuff.pressureMmHg) * Math.sin(2 * Math.PI * model.heartPhase);
  return clampPressure(p);
}

function clampPressure(p: number): number {
  return Math.round(Math.max(0, Math.min(PRESSURE_RANGE_MAX_MMHG, p)) * 10) / 10;
}

function lopFailureProbability(model: PneumaticModel, posture: Posture): number {
  // Rolnick et al. 2025: automatic LOP upright succeeded in only 29-51 % of attempts; seated best.
  const base = posture === 'standing' ? 0.6 : posture === 'supine' ? 0.08 : 0.1;
  return model.faults.traineeMoving ? Math.max(base, 0.9) : base;
}

function finishMeasurement(model: PneumaticModel, cuff: CuffModel, result: Omit<LopResult, 'id' | 'posture' | 'durationMs'>): void {
  const m = cuff.measurement;
  if (!m) return;
  cuff.lastLop = { id: m.id, posture: m.posture, durationMs: model.tMs - m.startedMs, ...result };
  if (result.ok && result.lopMmHg !== undefined) cuff.lopMmHg = result.lopMmHg;
  cuff.measurement = null;
  startDeflating(model, cuff);
}

function startDeflating(model: PneumaticModel, cuff: CuffModel): void {
  cuff.targetMmHg = null;
  cuff.pumpCommand = 0;
  cuff.bleeding = false;
  cuff.valveOpen = true;
  if (isValveStuck(model, cuff) && cuff.pressureMmHg >= 5) {
    cuff.state = 'fault';
    cuff.fault = 'valve-stuck';
  } else if (cuff.pressureMmHg < 2 && cuff.state !== 'measuring') {
    cuff.state = 'idle';
    cuff.fault = null;
  } else {
    cuff.state = 'deflating';
    cuff.fault = null;
  }
}

function lopFailureMessage(cuff: CuffModel, posture: Posture): string {
  const advice =
    posture === 'standing'
      ? ' Automatic LOP often fails standing: sit down, rest the limb, keep still and relaxed, then try again.'
      : ' Keep the limb still and relaxed, sit or lie down, and try again.';
  return 'LOP measurement on cuff ' + cuff.id + ' failed: the pulse signal was too unsteady to find the occlusion point.' + advice;
}

/** One fixed substep of physics and firmware for one cuff. */
function stepCuff(model: PneumaticModel, cuff: CuffModel, dtS: number): void {
  const prm = cuff.params;
  const stuck = isValveStuck(model, cuff);
  const p0 = cuff.pressureMmHg;

  // firmware decides pump and valve from the state and the (filtered) pressure
  switch (cuff.state) {
    case 'idle':
      cuff.pumpCommand = 0;
      cuff.valveOpen = true;
      cuff.bleeding = false;
      break;
    case 'inflating': {
      const target = cuff.targetMmHg || 0;
      cuff.valveOpen = false;
      cuff.bleeding = false;
      if (p0 >= target) {
        cuff.pumpCommand = 0;
        cuff.state = 'holding';
      } else cuff.pumpCommand = 1;
      break;
    }
    case 'holding': {
      const target = cuff.targetMmHg || 0;
      cuff.valveOpen = false;
      const over = p0 - target;
      if (over > 2 + 0.01 * target) cuff.bleeding = true;
      else if (over <= 0) cuff.bleeding = false;
      // far above (a spike): dump through the main valve until back near the target
      if (over > 0.3 * target + 10) cuff.valveOpen = true;
      if (-over > 3 + 0.03 * target) cuff.pumpCommand = 0.25;
      else if (over >= 0) cuff.pumpCommand = 0;
      break;
    }
    case 'deflating':
      cuff.pumpCommand = 0;
      cuff.valveOpen = true;
      cuff.bleeding = false;
      if (stuck && p0 >= 5) {
        cuff.state = 'fault';
        cuff.fault = 'valve-stuck';
      } else if (p0 < 2) cuff.state = 'idle';
      break;
    case 'measuring': {
      const m = cuff.measurement;
      cuff.valveOpen = false;
      cuff.bleeding = false;
      cuff.pumpCommand = p0 < prm.searchStartMmHg ? 1 : 0.6;
      if (m) {
        if (p0 >= prm.trueLopMmHg + 8) {
          if (m.willFail) finishMeasurement(model, cuff, { ok: false, code: 'lop-failed', message: lopFailureMessage(cuff, m.posture) });
          else finishMeasurement(model, cuff, { ok: true, lopMmHg: Math.round(prm.trueLopMmHg + m.errorMmHg) });
        } else if (p0 >= CONTROLLER_HARD_MAX_MMHG - 5 || model.tMs - m.startedMs > 60000) {
          finishMeasurement(model, cuff, { ok: false, code: 'lop-failed', message: lopFailureMessage(cuff, m.posture) });
        }
      }
      break;
    }
    case 'fault':
      cuff.pumpCommand = 0;
      cuff.bleeding = false;
      cuff.valveOpen = true; // try to vent; a stuck valve will not let it
      if (!stuck && cuff.fault === 'valve-stuck') {
        // the valve came free: the vent succeeds and the cuff deflates
        cuff.state = 'deflating';
        cuff.fault = null;
      }
      break;
  }

  // physics
  cuff.pumpSpeed += (cuff.pumpCommand - cuff.pumpSpeed) * Math.min(1, dtS / prm.pumpLagS);
  if (cuff.pumpSpeed < 1e-4) cuff.pumpSpeed = 0;
  let p = p0;
  p += cuff.pumpSpeed * prm.pumpRateMmHgPerS * Math.max(0, 1 - p / (PRESSURE_RANGE_MAX_MMHG * 0.9)) * dtS;
  if (!stuck) {
    if (cuff.valveOpen) p -= p * prm.valveReleasePerS * dtS;
    else if (cuff.bleeding) p -= p * prm.bleedPerS * dtS;
  }
  p -= p * prm.leakPerS * model.faults.leakFactor * dtS;
  cuff.pressureMmHg = Math.max(0, Math.min(PRESSURE_RANGE_MAX_MMHG, p));
  if (cuff.pumpSpeed > 0.01) cuff.pumpOnMs += dtS * 1000;

  // over-pressure protection: above the hard max the firmware vents and reports a fault
  if (cuff.pressureMmHg > CONTROLLER_HARD_MAX_MMHG && cuff.state !== 'fault') {
    if (cuff.measurement) finishMeasurement(model, cuff, { ok: false, code: 'lop-aborted', message: 'LOP measurement on cuff ' + cuff.id + ' aborted: over-pressure' });
    startDeflating(model, cuff);
    cuff.state = 'fault';
    cuff.fault = stuck ? 'valve-stuck' : 'over-pressure';
  }
  if (cuff.state === 'fault' && cuff.fault === 'over-pressure' && cuff.pressureMmHg < 5) {
    // vented: the fault stays visible until the next command clears it
    cuff.valveOpen = true;
  }
}

function emitReadings(model: PneumaticModel, out: Reading[]): void {
  for (const cuff of model.cuffs) {
    const noise = cuff.params.noiseMmHg * gaussian(model);
    const reading: Reading = {
      seq: ++model.seq,
      cuffId: cuff.id,
      tMs: model.tMs,
      pressureMmHg: clampPressure(sensedPressure(model, cuff) + (cuff.pressureMmHg > 0.5 ? noise : 0)),
      targetMmHg: cuff.targetMmHg,
      state: cuff.state,
    };
    model.readings.push(reading);
    out.push(reading);
  }
  if (model.readings.length > model.maxReadings * 1.5) model.readings.splice(0, model.readings.length - model.maxReadings);
}

/** Advances the model by dtMs of controller time; returns the readings sampled meanwhile. */
export function advance(model: PneumaticModel, dtMs: number): Reading[] {
  const out: Reading[] = [];
  if (!(dtMs > 0)) return out;
  model.pendingMs += dtMs;
  const dtS = STEP_MS / 1000;
  while (model.pendingMs >= STEP_MS) {
    model.pendingMs -= STEP_MS;
    model.tMs += STEP_MS;
    model.heartPhase = (model.heartPhase + model.heartHz * dtS) % 1;
    let pumping = 0;
    for (const cuff of model.cuffs) {
      stepCuff(model, cuff, dtS);
      pumping += cuff.pumpSpeed;
    }
    model.battery = Math.max(0, model.battery - (0.00002 + 0.0002 * pumping) * STEP_MS / 10);
    if (model.tMs >= model.nextSampleMs) {
      model.nextSampleMs = model.tMs + model.sampleIntervalMs;
      emitReadings(model, out);
    }
  }
  return out;
}

// ---- commands (what the HTTP routes call) ----

export type CommandFailure = {
  ok: false;
  code: 'unknown-cuff' | 'cuff-busy' | 'cuff-fault' | 'target-above-max' | 'valve-stuck';
  message: string;
};
export type CommandResult<T = CuffModel> = { ok: true; value: T } | CommandFailure;

function unknownCuff(model: PneumaticModel, id: string): CommandFailure {
  return { ok: false, code: 'unknown-cuff', message: 'no cuff "' + id + '" (cuffs: ' + model.cuffs.map((c) => c.id).join(', ') + ')' };
}

export function inflate(model: PneumaticModel, cuffId: string, targetMmHg: number): CommandResult {
  const cuff = findCuff(model, cuffId);
  if (!cuff) return unknownCuff(model, cuffId);
  if (targetMmHg > CONTROLLER_HARD_MAX_MMHG) {
    return { ok: false, code: 'target-above-max', message: 'targetMmHg ' + targetMmHg + ' is above the controller hard max of ' + CONTROLLER_HARD_MAX_MMHG + ' mmHg' };
  }
  if (cuff.state === 'measuring') {
    return { ok: false, code: 'cuff-busy', message: 'cuff ' + cuff.id + ' is measuring LOP; wait for the result (or deflate to cancel)' };
  }
  if (cuff.state === 'fault') {
    return { ok: false, code: 'cuff-fault', message: 'cuff ' + cuff.id + ' is in fault (' + cuff.fault + '); deflate it and check the cuff first' };
  }
  cuff.targetMmHg = Math.round(targetMmHg * 10) / 10;
  cuff.state = cuff.pressureMmHg < cuff.targetMmHg ? 'inflating' : 'holding';
  cuff.valveOpen = false;
  return { ok: true, value: cuff };
}

/** Deflate is the safety action: always accepted, also during a measurement (which it ends). */
export function deflate(model: PneumaticModel, cuffId: string): CommandResult {
  const cuff = findCuff(model, cuffId);
  if (!cuff) return unknownCuff(model, cuffId);
  return deflateCuff(model, cuff);
}

function deflateCuff(model: PneumaticModel, cuff: CuffModel): CommandResult {
  if (cuff.measurement) {
    const m = cuff.measurement;
    cuff.lastLop = { id: m.id, posture: m.posture, durationMs: model.tMs - m.startedMs, ok: false, code: 'lop-aborted', message: 'LOP measurement on cuff ' + cuff.id + ' was cancelled by a deflate' };
    cuff.measurement = null;
  }
  startDeflating(model, cuff);
  if (cuff.state === 'fault' && cuff.fault === 'valve-stuck') {
    return { ok: false, code: 'valve-stuck', message: 'cuff ' + cuff.id + ': valve stuck closed, cannot deflate (' + Math.round(cuff.pressureMmHg) + ' mmHg); release the cuff by hand' };
  }
  return { ok: true, value: cuff };
}

export function deflateAll(model: PneumaticModel): CommandResult<CuffModel[]> {
  const stuck: string[] = [];
  for (const cuff of model.cuffs) {
    const r = deflateCuff(model, cuff);
    if (!r.ok) stuck.push(cuff.id);
  }
  if (stuck.length) {
    return { ok: false, code: 'valve-stuck', message: 'valve stuck closed on cuff(s) ' + stuck.join(', ') + ': cannot deflate; release by hand. Other cuffs are deflating.' };
  }
  return { ok: true, value: model.cuffs };
}

/** Starts a LOP measurement; the result appears in cuff.lastLop with the returned id. */
export function startLop(model: PneumaticModel, cuffId: string, posture: Posture): CommandResult<{ cuff: CuffModel; measurementId: number }> {
  const cuff = findCuff(model, cuffId);
  if (!cuff) return unknownCuff(model, cuffId);
  if (cuff.state === 'fault') {
    return { ok: false, code: 'cuff-fault', message: 'cuff ' + cuff.id + ' is in fault (' + cuff.fault + '); deflate it and check the cuff first' };
  }
  if (cuff.state === 'measuring') return { ok: false, code: 'cuff-busy', message: 'cuff ' + cuff.id + ' is already measuring LOP' };
  if (cuff.state !== 'idle' && !(cuff.state === 'deflating' && cuff.pressureMmHg < 20)) {
    return { ok: false, code: 'cuff-busy', message: 'cuff ' + cuff.id + ' is ' + cuff.state + '; deflate it before measuring LOP' };
  }
  const id = model.nextMeasurementId++;
  cuff.measurement = {
    id,
    posture,
    startedMs: model.tMs,
    willFail: nextRandom(model) < lopFailureProbability(model, posture),
    errorMmHg: 2 * gaussian(model),
  };
  cuff.state = 'measuring';
  cuff.targetMmHg = null;
  cuff.fault = null;
  return { ok: true, value: { cuff, measurementId: id } };
}

/** Fault injection: a sudden pressure rise (a kinked tube, a hard contraction) on one cuff or all. */
export function spike(model: PneumaticModel, cuffId: string | undefined, mmHg: number): CommandResult<CuffModel[]> {
  const cuffs = cuffId === undefined ? model.cuffs : model.cuffs.filter((c) => c.id === cuffId);
  if (!cuffs.length) return unknownCuff(model, String(cuffId));
  for (const cuff of cuffs) cuff.pressureMmHg = Math.min(PRESSURE_RANGE_MAX_MMHG, cuff.pressureMmHg + mmHg);
  return { ok: true, value: cuffs };
}

// ---- views ----

export function cuffStatus(model: PneumaticModel, cuff: CuffModel): CuffStatus {
  return {
    id: cuff.id,
    limb: cuff.limb,
    state: cuff.state,
    pressureMmHg: sensedPressure(model, cuff),
    targetMmHg: cuff.targetMmHg,
    lopMmHg: cuff.lopMmHg,
    valve: isValveStuck(model, cuff) ? 'stuck' : cuff.valveOpen ? 'open' : 'closed',
    fault: cuff.fault,
  };
}

export function statusOf(model: PneumaticModel): StatusResponse {
  return {
    v: 1,
    seq: model.seq,
    battery: Math.round(model.battery * 10) / 10,
    cuffs: model.cuffs.map((c) => cuffStatus(model, c)),
  };
}

/** Readings with seq > after, oldest first, at most max (the oldest ones first: no gaps). */
export function readingsAfter(model: PneumaticModel, after: number, max: number): Reading[] {
  const rs = model.readings;
  if (!rs.length || after >= model.seq) return [];
  const first = rs[0].seq;
  const start = Math.max(0, after - first + 1);
  return rs.slice(start, start + max);
}
