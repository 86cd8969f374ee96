// The invariants step() relies on, checked on every state it is handed (cheap: a few
// comparisons) and on every saved state a `resume` brings back. A state that breaks one is
// repaired toward safety or ended, never run as it is: a session "running" with no phases
// cannot run (ended, cuffs down); "inflated" with no inflation time would switch the budget and
// stale rules off (the clock is restarted from the session start, the earliest the cuffs could
// have gone up); cuffs "down" with an inflation clock, or up in a session that is not running,
// are deflated.
import { isValidLop } from '../safety/bounds';
import { HR_CEILING_PROGRAM_IDS, heartRateCeilingBpm } from '../safety/heartRateCeiling';
import { budgetAfterDeflate } from '../safety/occlusionBudget';
import { targetMmHg } from '../safety/pressureCeiling';
import { mostSevere } from './alarms';
import { ALARM_MESSAGES } from './draft';
import { freshHeartRateRuntime, type SessionState } from './state';

export interface Integrity {
  /** The state to run (the input itself when nothing was wrong). */
  state: SessionState;
  /** What was wrong, for the notice and the log; empty when nothing was. */
  problems: string[];
  /** Send deflateAll now. */
  deflate: boolean;
}

function canRun(s: SessionState): boolean {
  const phases = s.record.phases;
  if (!s.program.sets || s.program.sets.length === 0 || phases.length === 0) return false;
  if (!(s.phaseIndex >= 0 && s.phaseIndex < phases.length)) return false;
  if (s.record.sets.length !== s.program.sets.length) return false;
  for (let i = 0; i < phases.length; i++) {
    const setIndex = phases[i].setIndex;
    if (!(setIndex >= 0 && setIndex < s.program.sets.length)) return false;
  }
  return s.phaseEndMs >= s.phaseStartMs;
}

/** Checks the state; returns it unchanged, or a repaired copy with what was wrong. */
export function checkIntegrity(input: SessionState): Integrity {
  let s = input;
  const problems: string[] = [];
  let deflate = false;
  const edit = (): SessionState => {
    if (s === input) s = { ...input };
    return s;
  };
  // Fields added after version 1 shipped: a state from an older build has none.
  if (!Array.isArray(s.activeAlarms)) edit().activeAlarms = [];
  if (!s.heartRate || typeof s.heartRate !== 'object') edit().heartRate = freshHeartRateRuntime;
  // The guided routine always watches the heart-rate ceiling (a state from before it did, too).
  if (s.heartRate.ceilingBpm === null && HR_CEILING_PROGRAM_IDS.indexOf(s.program.id) >= 0) {
    edit().heartRate = { ...s.heartRate, ceilingBpm: heartRateCeilingBpm(null) };
  }
  const active = s.status === 'running' || s.status === 'confirmStop';

  if (active && !canRun(s)) {
    problems.push('running without a valid plan');
    const t = edit();
    t.status = 'finished';
    t.record = { ...t.record, status: 'stopped', endedAtMs: Math.max(t.record.startedAtMs, t.nowMs), endReason: null };
    deflate = true;
  }
  const running = s.status === 'running' || s.status === 'confirmStop';
  if (s.inflated && s.budget.inflatedSinceMs === null) {
    problems.push('inflated with no inflation time');
    const t = edit();
    // The earliest the cuffs could have gone up: the budget and stale rules count from there.
    t.budget = { ...t.budget, inflatedSinceMs: Math.min(t.record.startedAtMs, t.nowMs) };
  }
  if (!s.inflated && s.budget.inflatedSinceMs !== null) {
    problems.push('deflated with an inflation time');
    const t = edit();
    t.budget = budgetAfterDeflate(t.budget, Math.max(t.nowMs, t.budget.inflatedSinceMs as number));
    deflate = true;
  }
  if (s.inflated && (!running || s.restriction !== 'cuffs')) {
    problems.push('inflated outside a running cuff session');
    const t = edit();
    t.inflated = false;
    t.budget = budgetAfterDeflate(t.budget, Math.max(t.nowMs, t.budget.inflatedSinceMs === null ? t.nowMs : t.budget.inflatedSinceMs));
    deflate = true;
  }
  // LOPs outside 30-400 mmHg and targets that are not what LOP and % LOP give.
  for (let i = 0; i < s.cuffs.length; i++) {
    const c = s.cuffs[i];
    const lop = c.lopMmHg === null || isValidLop(c.lopMmHg) ? c.lopMmHg : null;
    const target = s.program.percentLop === null || lop === null ? null : targetMmHg(s.program.limb, lop, s.program.percentLop);
    if (lop !== c.lopMmHg || target !== c.targetMmHg) {
      problems.push('cuff ' + c.cuffId + ': LOP or target out of bounds');
      const t = edit();
      const cuffs = t.cuffs.slice();
      cuffs[i] = { ...c, lopMmHg: lop, targetMmHg: target, heldTargetMmHg: null };
      t.cuffs = cuffs;
      if (t.inflated) deflate = true;
    } else if (c.heldTargetMmHg === undefined) {
      const t = edit();
      const cuffs = t.cuffs.slice();
      cuffs[i] = { ...c, heldTargetMmHg: null };
      t.cuffs = cuffs;
    }
  }
  // The screen text is derived from the active alarms.
  const top = mostSevere(s.activeAlarms);
  const text = top === null ? null : ALARM_MESSAGES[top];
  if (text !== s.alarmText) {
    // A state saved before alarms were kept as a set: its one alarm text becomes the set.
    if (s.activeAlarms.length === 0 && s.alarmText !== null) {
      const kinds = (Object.keys(ALARM_MESSAGES) as Array<keyof typeof ALARM_MESSAGES>).filter((k) => ALARM_MESSAGES[k] === s.alarmText);
      const t = edit();
      t.activeAlarms = kinds.slice(0, 1);
      t.alarmText = kinds.length ? ALARM_MESSAGES[kinds[0]] : null;
    } else {
      edit().alarmText = text;
    }
  }
  return { state: s, problems, deflate };
}

/** Why a saved state must not replace the one in memory, or null when it may. */
export function resumeRefusal(current: SessionState, saved: SessionState): string | null {
  if (saved.record.id !== current.record.id) return 'Saved session is another session: not restored';
  if (saved.nowMs < current.nowMs) return 'Saved session is older than this one: not restored';
  if (current.status === 'finished' && saved.status !== 'finished') return 'This session has ended: not restored';
  return null;
}
