// The engine's cuff side: pressure readings, the safety rules that watch them, and the
// reconciliation that turns "should the cuffs be up now?" into cuff commands. Every command
// that raises pressure goes through checkCuffCommand, the same gate the companion uses.
import type { CuffCommand } from '../protocol/cuffCommand';
import type { AlarmKind } from '../protocol/vocabulary';
import { pressureUpdateSchema, type PressureUpdate } from '../protocol/pressure';
import { assessBand, isInBand } from '../safety/bandAlarm';
import { checkCuffCommand } from '../safety/checkCuffCommand';
import { REPERFUSION_MS, STALE_WARN_MS } from '../safety/limits';
import { ceilingMmHg } from '../safety/pressureCeiling';
import { mayInflate, mustDeflateForBudget } from '../safety/occlusionBudget';
import { pressureStaleness } from '../safety/stalePressure';
import { setNotice } from './notices';
import { bleHolding, observeBleReading, reconcileBle, requestRelease } from './bleCuff';
import { appendSample, currentPhase, Draft, isActive, isAlarmActive, patchCuff, patchSet, raiseAlarm, resolveAlarm } from './draft';
import { markDeflated, markInflated } from './inflation';

/** Deflate now (deflateAll) and keep the cuffs down until the next phase. */
export function safetyDeflate(d: Draft): void {
  d.s.holdUntilPhase = d.s.phaseIndex + 1;
  d.deflateAll = true;
}

/**
 * A rule wants the cuffs down: controller cuffs get the rule's alarm and a deflate; a Bluetooth
 * cuff (which the watch cannot deflate) gets "release the cuff now" instead, and the same hold.
 */
function deflateFor(d: Draft, kind: AlarmKind, hold: boolean): void {
  if (d.s.cuffSource === 'ble') requestRelease(d, kind);
  else raiseAlarm(d, kind);
  if (hold) safetyDeflate(d);
  else d.deflateAll = true;
}

/**
 * The target to judge a reading against: the one the controller reports holding, when it names
 * one while inflating or holding, never above this watch's ceiling for the cuff; else the
 * engine's own. (The phone turns % LOP into mmHg with its LOP; the watch's copy may differ.)
 */
function heldTarget(s: Draft['s'], cuffIndex: number, reading: PressureUpdate): number | null {
  const cuff = s.cuffs[cuffIndex];
  if (reading.targetMmHg === null || !(reading.targetMmHg >= 1)) return null;
  if (reading.state !== 'inflating' && reading.state !== 'holding') return null;
  const ceiling = ceilingMmHg(s.program.limb, cuff.lopMmHg);
  return ceiling === null ? null : Math.min(reading.targetMmHg, ceiling);
}

export function onPressure(d: Draft, reading: PressureUpdate): void {
  const s = d.s;
  // Out of bounds (NaN, negative, a fractional seq, an unknown state): refused, and it does not
  // count as a fresh reading either.
  if (!pressureUpdateSchema.safeParse(reading).success) return;
  const index = s.cuffs.findIndex((c) => c.cuffId === reading.cuffId);
  if (index < 0) return;
  const cuff = s.cuffs[index];
  if (cuff.lastSeq !== null && reading.seq <= cuff.lastSeq) return; // duplicate or out of order
  const ble = s.cuffSource === 'ble';
  const held = s.inflated && !ble ? heldTarget(s, index, reading) : null;
  patchCuff(d, index, {
    lastReadingAtMs: d.now, lastMmHg: reading.mmHg, lastSeq: reading.seq,
    holding: ble ? bleHolding(cuff, reading.mmHg, s.inflated) : reading.state === 'holding', staleWarned: false, heldTargetMmHg: held,
  });
  // A Bluetooth cuff goes up and down by hand: the reading itself says which.
  if (ble) observeBleReading(d, reading.mmHg);
  // Readings are back: the "no pressure reading" warning no longer holds once no cuff is stale
  // (the alarm stays in the record).
  if (!s.cuffs.some((c) => c.staleWarned)) resolveAlarm(d, 'stalePressureWarn');
  if (reading.state === 'error' && !ble) {
    onControllerError(d);
    return;
  }
  if (!isActive(s)) return;
  if (cuff.lastSampleAtMs === null || d.now - cuff.lastSampleAtMs >= s.record.sampleIntervalMs) {
    appendSample(d, { atMs: Math.max(0, d.now - s.record.startedAtMs), cuffId: cuff.cuffId, mmHg: Math.round(reading.mmHg * 10) / 10 });
    patchCuff(d, index, { lastSampleAtMs: d.now });
  }
  if (!s.inflated) {
    if (ble) return;
    // The controller is pressurising a cuff we did not ask for (e.g. after a restart): move toward
    // deflated. A few seconds after our own deflate it may still report the old state: let it.
    const settled = s.budget.deflatedSinceMs === null || d.now - s.budget.deflatedSinceMs > STALE_WARN_MS;
    if (settled && (reading.state === 'inflating' || reading.state === 'holding')) d.deflateAll = true;
    return;
  }
  const target = held !== null ? held : cuff.targetMmHg;
  if (target === null) return;
  const inflatedSince = s.budget.inflatedSinceMs === null ? d.now : s.budget.inflatedSinceMs;
  const since = cuff.lastReadingAtMs === null ? inflatedSince : Math.max(cuff.lastReadingAtMs, inflatedSince);
  const dt = Math.max(0, Math.min(d.now - since, STALE_WARN_MS));
  const phase = currentPhase(s);
  if (phase && phase.kind === 'work' && dt > 0) {
    const set = s.record.sets[phase.setIndex];
    const inBand = isInBand(reading.mmHg, target);
    patchSet(d, phase.setIndex, {
      pressureMs: Math.min(86400000, set.pressureMs + dt),
      inBandMs: Math.min(86400000, set.inBandMs + (inBand ? dt : 0)),
    });
  }
  // A Bluetooth cuff in a rest (the trainee lets it down) or already asked to be released: the
  // band no longer applies (a "pressure low" there would only contradict the instruction).
  if (ble && (s.release !== null || !phase || (phase.kind !== 'work' && s.program.restrictionMode !== 'continuous'))) return;
  const band = assessBand(
    { overSinceMs: cuff.overSinceMs, underNoticed: cuff.underNoticed }, reading.mmHg, target, s.cuffs[index].holding, d.now,
  );
  patchCuff(d, index, band.watch);
  // Pressure low resolves once no cuff is under the band any more.
  if (!s.cuffs.some((c) => c.underNoticed)) resolveAlarm(d, 'underPressure');
  if (band.verdict === 'overDeflate') {
    deflateFor(d, 'overPressure', true);
  } else if (band.verdict === 'underNotice') {
    raiseAlarm(d, 'underPressure');
  }
}

export function onControllerError(d: Draft): void {
  if (!isActive(d.s) || d.s.restriction !== 'cuffs' || d.s.cuffSource === 'ble') return;
  // A controller that stays broken (stuck valve, wrong token, 500s) reports an error with every
  // reading and every failed deflate: keep asking for the deflate each time, but buzz and record
  // the alarm once while it is still on screen, not twice a second.
  if (!isAlarmActive(d.s, 'controllerError')) raiseAlarm(d, 'controllerError');
  safetyDeflate(d);
}

export function onLinkDown(d: Draft): void {
  d.s.linkUp = false;
  // A Bluetooth cuff needs no phone: losing the phone changes nothing about it.
  if (isActive(d.s) && d.s.inflated && d.s.cuffSource !== 'ble') {
    raiseAlarm(d, 'linkLost');
    safetyDeflate(d);
  }
}

/** Rules that fire with the passing of time alone: occlusion budget and stale pressure. */
export function timeRules(d: Draft): void {
  const s = d.s;
  if (!isActive(s) || !s.inflated) return;
  if (mustDeflateForBudget(s.program.limb, s.budget, d.now)) {
    deflateFor(d, 'occlusionBudget', false);
    return;
  }
  for (let i = 0; i < s.cuffs.length; i++) {
    const cuff = s.cuffs[i];
    const staleness = pressureStaleness(cuff.lastReadingAtMs, s.budget.inflatedSinceMs, d.now);
    if (staleness === 'deflate') {
      deflateFor(d, 'stalePressureDeflate', true);
      return;
    }
    if (staleness === 'warn' && !cuff.staleWarned) {
      patchCuff(d, i, { staleWarned: true });
      raiseAlarm(d, 'stalePressureWarn');
    }
  }
}

/** Should the cuffs be up right now? */
function cuffsWanted(d: Draft): boolean {
  const s = d.s;
  const phase = currentPhase(s);
  if (!phase || !s.linkUp || d.deflateAll) return false;
  if (phase.kind !== 'work' && s.program.restrictionMode !== 'continuous') return false;
  if (s.holdUntilPhase !== null && s.phaseIndex < s.holdUntilPhase) return false;
  if (s.heartRate.tripped) return false; // heart rate above its ceiling: down until it falls
  return s.inflated ? !mustDeflateForBudget(s.program.limb, s.budget, d.now) : mayInflate(s.program.limb, s.budget, d.now);
}

/** Turn the wanted cuff state into commands, keeping the occlusion budget and record in step. */
export function reconcileCuffs(d: Draft): void {
  const s = d.s;
  if (s.restriction !== 'cuffs') return;
  if (s.cuffSource === 'ble') return reconcileBle(d);
  const wanted = cuffsWanted(d);
  if (wanted && !s.inflated) inflate(d);
  else if (!wanted && s.inflated) deflate(d);
  else if (d.deflateAll) d.effects.push({ type: 'cuff', command: { type: 'deflateAll' } });
  if (isActive(s) && !s.inflated && !d.deflateAll) {
    const phase = currentPhase(s);
    const restricted = phase && (phase.kind === 'work' || s.program.restrictionMode === 'continuous');
    if (restricted && !mayInflate(s.program.limb, s.budget, d.now)) setNotice(s, 'reperfusion', null, REPERFUSION_MIN);
  }
}

/** Minutes the reperfusion notice names: the occlusion budget's rest. */
const REPERFUSION_MIN = Math.round(REPERFUSION_MS / 60000);

function inflate(d: Draft): void {
  const s = d.s;
  const percentLop = s.program.percentLop;
  if (percentLop === null) return;
  const context = {
    cuffs: s.cuffs.map((c) => ({ cuffId: c.cuffId, limb: s.program.limb, lopMmHg: c.lopMmHg })),
    screening: s.screening,
    budgets: { [s.program.limb]: s.budget },
    nowMs: d.now,
  };
  const commands: CuffCommand[] = [];
  for (const cuff of s.cuffs) {
    const command: CuffCommand = { type: 'inflate', cuffId: cuff.cuffId, percentLop };
    const verdict = checkCuffCommand(command, context);
    if (!verdict.ok) {
      setNotice(s, 'cuffRefused', verdict.reason);
      return;
    }
    commands.push(command);
  }
  for (const command of commands) d.effects.push({ type: 'cuff', command });
  setNotice(s, null);
  markInflated(d);
}

function deflate(d: Draft): void {
  const s = d.s;
  if (d.deflateAll) d.effects.push({ type: 'cuff', command: { type: 'deflateAll' } });
  else for (const cuff of s.cuffs) d.effects.push({ type: 'cuff', command: { type: 'deflate', cuffId: cuff.cuffId } });
  markDeflated(d);
}
