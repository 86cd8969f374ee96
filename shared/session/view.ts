// The view model: everything a session screen shows, computed from the state at a time.
import { formatClock } from '../format';
import { isInBand } from '../safety/bandAlarm';
import { HR_STALE_MS, shownHeartRate } from '../safety/heartRateCeiling';
import { BAND_FRACTION } from '../safety/limits';
import { mayInflate } from '../safety/occlusionBudget';
import { sortBySeverity } from './alarms';
import type { ViewModel, PressureView, Said } from './effects';
import { currentPhase, isActive } from './draft';
import type { SessionState } from './state';
import { tempoBeatsAt } from './timeline';
import { releaseHeldMs } from './bleCuff';

/**
 * A Bluetooth cuff's last value is shown only this long: a cuff sending NaN, garbage or nothing
 * shows "no reading", never its last number as if current.
 */
export const BLE_READING_SHOWN_MS = 2500;

function pressureView(s: SessionState, nowMs: number): PressureView | null {
  for (const cuff of s.cuffs) {
    if (cuff.lastMmHg === null) continue;
    if (s.cuffSource === 'ble' && (cuff.lastReadingAtMs === null || nowMs - cuff.lastReadingAtMs > BLE_READING_SHOWN_MS)) continue;
    const target = !s.inflated ? null : cuff.heldTargetMmHg !== null ? cuff.heldTargetMmHg : cuff.targetMmHg;
    return {
      cuffId: cuff.cuffId,
      mmHg: Math.round(cuff.lastMmHg),
      percentLop: cuff.lopMmHg === null ? null : Math.round((cuff.lastMmHg / cuff.lopMmHg) * 100),
      targetMmHg: target,
      inBand: target !== null && isInBand(cuff.lastMmHg, target),
    };
  }
  return null;
}

/** Shown only in a session, and only while fresh. */
function heartRateView(s: SessionState, nowMs: number): number | null {
  const bpm = isActive(s) ? shownHeartRate(s.heartRate, nowMs) : null;
  return bpm === null ? null : Math.round(bpm);
}

function tightness(s: SessionState): Said | null {
  return s.restriction === 'wraps' && s.program.tightnessPrompt !== null ? { id: 'instruction.wrapsTightness', n: s.program.tightnessPrompt } : null;
}

/** An instruction id as a msgid; an English line from a state saved before ids is left out. */
function instructionOf(id: string | null): Said | null {
  return id !== null && /^[a-z0-9-]+$/.test(id) ? { id: 'instruction.' + id, n: null } : null;
}

/** Bluetooth cuff: what the trainee's hand should do now (pump in work, release in rest). */
function bleInstruction(s: SessionState, working: boolean): Said | null {
  if (s.cuffSource !== 'ble' || !isActive(s)) return null;
  const cuff = s.cuffs[0];
  const restricted = working || s.program.restrictionMode === 'continuous';
  const held = s.holdUntilPhase !== null && s.phaseIndex < s.holdUntilPhase;
  const allowed = !held && mayInflate(s.program.limb, s.budget, s.nowMs);
  // Pump up, or top up once under the band (a hand cuff leaks): the target is what to aim for.
  const under = cuff && cuff.targetMmHg !== null && (!s.inflated || cuff.lastMmHg === null || cuff.lastMmHg < cuff.targetMmHg * (1 - BAND_FRACTION));
  if (restricted && allowed && under && s.release === null && cuff && cuff.targetMmHg !== null) return { id: 'instruction.blePump', n: Math.round(cuff.targetMmHg) };
  if (!restricted && s.inflated) return { id: 'instruction.bleReleaseRest', n: null };
  return null;
}

/** After the session: a release still asked without an alarm (the normal end) is shown here. */
function bleEndInstruction(s: SessionState): Said | null {
  return s.cuffSource === 'ble' && !isActive(s) && s.release !== null ? { id: 'instruction.bleReleaseNow', n: null } : null;
}

/** Next time the engine wants a tick: phase end, ten-second mark, tempo beat. */
function wakeAt(s: SessionState, nowMs: number): number | null {
  // A Bluetooth cuff release not yet seen keeps its reminder buzz going, session over or not.
  if (!isActive(s)) return s.release === null ? null : s.release.nextBuzzAtMs;
  let wake = s.phaseEndMs;
  if (!s.tenSecondWarned && s.phaseEndMs - 10000 > nowMs) wake = Math.min(wake, s.phaseEndMs - 10000);
  const tempo = s.program.tempo;
  const beats = tempoBeatsAt({ s, now: nowMs });
  if (tempo && beats !== null) {
    const cycle = tempo.upMs + tempo.downMs;
    const next = beats + 1;
    const at = s.phaseStartMs + Math.floor(next / 2) * cycle + (next % 2 === 1 ? tempo.upMs : 0);
    wake = Math.min(wake, at);
  }
  // The heart rate leaves the screen when it goes stale, even with no other event due.
  if (shownHeartRate(s.heartRate, nowMs) !== null && s.heartRate.lastAtMs !== null) wake = Math.min(wake, s.heartRate.lastAtMs + HR_STALE_MS + 1);
  if (s.inflated) wake = Math.min(wake, nowMs + 1000); // safety rules need about 1 Hz while cuffs are up
  if (s.release !== null) wake = Math.min(wake, s.release.nextBuzzAtMs);
  return wake;
}

export function buildView(s: SessionState, nowMs: number): ViewModel {
  const alarms = sortBySeverity(s.activeAlarms);
  const phase = currentPhase(s);
  const setIndex = phase ? phase.setIndex : s.status === 'finished' ? s.program.sets.length - 1 : 0;
  // A program with no sets never starts (canStart), but its ready screen must still draw.
  const set = s.program.sets[setIndex] || s.program.sets[0] || { id: 'work', workMs: 0, countingMode: 'none' as const, targetReps: null, instruction: null };
  const setRecord = s.record.sets[setIndex] || null;
  const working = !phase || phase.kind === 'work';
  let timeLeftMs = 0;
  let progress = s.status === 'finished' ? 1 : 0;
  if (phase) {
    timeLeftMs = Math.max(0, s.phaseEndMs - nowMs);
    const length = s.phaseEndMs - s.phaseStartMs;
    progress = length > 0 ? Math.min(1, Math.max(0, (nowMs - s.phaseStartMs) / length)) : 1;
  } else if (s.status === 'ready') {
    timeLeftMs = set.workMs;
  }
  let instruction: Said | null = null;
  if (s.status === 'ready') instruction = tightness(s) || instructionOf(set.instruction);
  // While working with wraps the count matters more than the tightness line (shown before and in rests).
  else if (phase) instruction = working ? instructionOf(set.instruction) : instructionOf(s.program.restInstruction) || tightness(s);
  const ble = bleInstruction(s, working) || bleEndInstruction(s);
  if (ble !== null) instruction = ble;
  const held = releaseHeldMs(s, nowMs);
  return {
    status: s.status,
    programName: s.program.name,
    phaseKind: phase ? phase.kind : null,
    phaseId: s.status === 'ready' ? 'phase.ready' : s.status === 'finished' ? 'phase.done' : working ? 'set.' + set.id : 'phase.rest',
    timeLeftMs,
    timeLeftText: formatClock(timeLeftMs + (timeLeftMs % 1000 === 0 ? 0 : 1000 - (timeLeftMs % 1000))),
    progress,
    setNumber: setIndex + 1,
    setCount: s.program.sets.length,
    countingMode: set.countingMode,
    count: set.countingMode === 'none' || !setRecord ? null : setRecord.corrected,
    countTarget: set.targetReps,
    pressure: pressureView(s, nowMs),
    heartRateBpm: heartRateView(s, nowMs),
    cuffsInflated: s.inflated,
    linkUp: s.linkUp,
    // "Release the cuff now" carries the time since the cuff went up.
    alarmText: s.alarmText !== null && alarms[0] === 'releaseCuff' && held !== null ? s.alarmText + ' (' + formatClock(held) + ')' : s.alarmText,
    alarmKind: alarms.length ? alarms[0] : null,
    queuedAlarms: alarms.slice(1),
    releaseHeldMs: held,
    noticeText: s.noticeText,
    notice: s.notice,
    instruction,
    wakeAtMs: wakeAt(s, nowMs),
  };
}
