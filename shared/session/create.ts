// Building a session before it starts, and the checks that may refuse the start.
import type { DeviceInfo, SessionRecord } from '../protocol/sessionRecord';
import type { ScreeningAnswers } from '../protocol/screening';
import type { CuffSource, RestrictionKind } from '../protocol/vocabulary';
import { cuffId as cuffIdSchema } from '../protocol/common';
import { programSchema, type Program } from '../programs/program';
import { isFiniteNumber, isValidLop, isValidPercentLop, LOP_RANGE_TEXT } from '../safety/bounds';
import { freshBudget } from '../safety/occlusionBudget';
import { maxPercentLop, targetMmHg } from '../safety/pressureCeiling';
import { screeningAllowsSession, Verdict } from '../safety/screeningRule';
import { sessionCeilingBpm } from '../safety/heartRateCeiling';
import { freshHeartRateRuntime, SESSION_STATE_VERSION, SessionState } from './state';
import type { NoticeKind } from './notices';

export interface SessionConfig {
  sessionId: string;
  /** A preset or a bounded adjustment of one (programs/resolveProgram). */
  program: Program;
  /** 'none' runs the program as a timer only (allowed without screening). */
  restriction: RestrictionKind;
  /** Cuffs on the program's limb with their measured LOP (restriction 'cuffs' only). */
  cuffs?: ReadonlyArray<{ cuffId: string; lopMmHg: number | null }>;
  screening: ScreeningAnswers | null;
  device: DeviceInfo;
  /** Tempo buzz every 2 s in resistance sets (default on). */
  tempoCue?: boolean;
  linkUp?: boolean;
  /** 'ble': a read-only Bluetooth cuff the trainee pumps by hand (bleCuff.ts); default controller. */
  cuffSource?: CuffSource;
  nowMs: number;
  /**
   * Heart-rate settings from the phone (settings.heartRate): the age for the ceiling and whether
   * every program watches it. The guided routine watches it even without them.
   */
  heartRate?: { ageYears: number | null; ceilingAllPrograms: boolean } | null;
}

export function createSession(config: SessionConfig): SessionState {
  const program = config.program;
  // A LOP outside 30-400 mmHg (0, negative, NaN, a typo) is not used: the cuff counts as not
  // measured, so the start is refused and nothing inflates.
  let badLop: string | null = null;
  const cuffs = (config.restriction === 'cuffs' ? (config.cuffs || []).slice(0, 4) : []).map((c) => {
    if (c.lopMmHg === null || isValidLop(c.lopMmHg)) return { cuffId: c.cuffId, lopMmHg: c.lopMmHg };
    badLop = c.cuffId;
    return { cuffId: c.cuffId, lopMmHg: null };
  });
  const record: SessionRecord = {
    v: 1,
    id: config.sessionId,
    programId: program.id,
    programName: program.name,
    limb: program.limb,
    restrictionMode: program.restrictionMode,
    restriction: config.restriction,
    usedCuffs: false,
    percentLop: config.restriction === 'cuffs' ? program.percentLop : null,
    cuffs: cuffs.map((c) => ({
      cuffId: c.cuffId,
      lopMmHg: c.lopMmHg,
      targetMmHg: program.percentLop === null ? null : targetMmHg(program.limb, c.lopMmHg, program.percentLop),
    })),
    startedAtMs: isFiniteNumber(config.nowMs) ? Math.floor(config.nowMs) : 0,
    endedAtMs: null,
    status: 'inProgress',
    endReason: null,
    phases: [],
    sets: [],
    sampleIntervalMs: 1000,
    pressureSamples: [],
    occlusion: [],
    alarms: [],
    alarmsDropped: 0,
    rpe: null,
    device: config.device,
  };
  const cuffSource: CuffSource = config.cuffSource === 'ble' && config.restriction === 'cuffs' ? 'ble' : 'controller';
  if (cuffSource === 'ble') record.cuffSource = 'ble';
  return {
    v: SESSION_STATE_VERSION,
    status: 'ready',
    program,
    restriction: config.restriction,
    cuffSource,
    release: null,
    screening: config.screening,
    tempoCue: config.tempoCue !== false,
    nowMs: record.startedAtMs,
    phaseIndex: 0,
    phaseStartMs: record.startedAtMs,
    phaseEndMs: record.startedAtMs,
    tenSecondWarned: false,
    tempoBeats: 0,
    cuffs: record.cuffs.map((c) => ({
      cuffId: c.cuffId, lopMmHg: c.lopMmHg, targetMmHg: c.targetMmHg, lastReadingAtMs: null, lastMmHg: null,
      lastSeq: null, holding: false, overSinceMs: null, underNoticed: false, staleWarned: false, lastSampleAtMs: null,
      heldTargetMmHg: null,
    })),
    inflated: false,
    holdUntilPhase: null,
    budget: freshBudget,
    linkUp: config.linkUp !== false,
    pedometerLast: null,
    pedometerAtSetStart: null,
    heartRate: { ...freshHeartRateRuntime, ceilingBpm: sessionCeilingBpm(program.id, config.heartRate) },
    activeAlarms: [],
    alarmText: null,
    noticeText: badLop === null ? null : 'LOP of ' + badLop + ' is outside ' + LOP_RANGE_TEXT + ': measure again',
    notice: badLop === null ? null : { kind: 'lopOutOfRange', n: null },
    record,
  };
}

/** Whether the start button may start this session, and why not. */
export type StartVerdict = { ok: true } | { ok: false; reason: string; notice: NoticeKind };

function refuse(reason: string, notice: NoticeKind): StartVerdict {
  return { ok: false, reason, notice };
}

export function canStart(state: SessionState): StartVerdict {
  const program = state.program;
  // A program built by hand (not through resolveProgram) is checked against the schema here:
  // % LOP NaN, 0 or negative, no sets, a NaN duration never start.
  if (!programSchema.safeParse(program).success) return refuse('This program is not valid', 'programInvalid');
  const screening = screeningAllowsSession(state.restriction, state.screening);
  if (!screening.ok) return refuse(screening.reason, state.screening ? 'screeningRefused' : 'screeningMissing');
  if (state.restriction === 'wraps' && program.device !== 'wraps') return refuse('This program uses cuffs, not wraps', 'wrongDevice');
  if (state.restriction === 'cuffs') {
    if (program.device !== 'cuffs' || program.percentLop === null) return refuse('This program uses wraps, not cuffs', 'wrongDevice');
    if (state.cuffs.length === 0) return refuse('No cuff is set up', 'noCuff');
    for (const cuff of state.cuffs) {
      if (!cuffIdSchema.safeParse(cuff.cuffId).success) return refuse('Unknown cuff', 'noCuff');
      if (cuff.lopMmHg === null) return refuse('Measure LOP first (' + cuff.cuffId + ')', 'lopMissing');
      if (!isValidLop(cuff.lopMmHg)) return refuse('LOP of ' + cuff.cuffId + ' is outside ' + LOP_RANGE_TEXT, 'lopOutOfRange');
    }
    if (!isValidPercentLop(program.percentLop)) return refuse('% LOP must be a whole number from 1 to 100', 'pressureTooHigh');
    if (program.percentLop > maxPercentLop(program.limb)) return refuse('Pressure above the ' + program.limb + ' ceiling', 'pressureTooHigh');
  }
  return { ok: true };
}
