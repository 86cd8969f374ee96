// What the engine asks the shell to do. The shell performs these with the platform API
// (vibrator, UI, companion request, storage); the engine itself never touches a device.
import type { CuffCommand } from '../protocol/cuffCommand';
import type { SessionRecord } from '../protocol/sessionRecord';
import type { AlarmKind, CountingMode, PhaseKind } from '../protocol/vocabulary';
import type { Notice } from './notices';

/** Vibration patterns named for what they mean; each platform maps them to its own buzz. */
export const VIBRATION_PATTERNS = [
  'workStart', 'restStart', 'tenSecondWarning', 'setDone', 'sessionDone', 'alarm', 'tempoTick',
] as const;
export type VibrationPattern = (typeof VIBRATION_PATTERNS)[number];

export type SessionStatus = 'ready' | 'running' | 'confirmStop' | 'finished';

export interface PressureView {
  cuffId: string;
  mmHg: number;
  /** The reading as a whole percentage of this cuff's LOP (null if LOP unknown). */
  percentLop: number | null;
  targetMmHg: number | null;
  /** Within +-10 % of target. */
  inBand: boolean;
}

/** A text as a code: the catalog msgid and the number its `%d` takes (null: none). */
export interface Said {
  id: string;
  n: number | null;
}

/**
 * Everything a session screen shows; the shell only lays it out. Words travel as codes
 * (msgids, alarm and notice kinds): each shell looks them up in its own catalog. The English
 * `alarmText` / `noticeText` are for logs and tests; no shell shows them.
 */
export interface ViewModel {
  status: SessionStatus;
  programName: string;
  phaseKind: PhaseKind | null;
  /** Msgid of the phase's name: `set.<set id>` ("Walk", "Sit to stand"), `phase.rest`, `phase.ready`, `phase.done`. */
  phaseId: string;
  timeLeftMs: number;
  timeLeftText: string;
  /** Progress through the current phase, 0..1. */
  progress: number;
  /** 1-based set number and the number of sets. */
  setNumber: number;
  setCount: number;
  countingMode: CountingMode;
  /** Count for the current set after corrections, null when nothing is counted. */
  count: number | null;
  countTarget: number | null;
  pressure: PressureView | null;
  /** Current wrist heart rate, whole bpm; null when unknown or older than 10 s (never a stale number). */
  heartRateBpm: number | null;
  cuffsInflated: boolean;
  linkUp: boolean;
  /** English message of the most severe active alarm (logs); shells show `alarm.<alarmKind>`. */
  alarmText: string | null;
  /** Kind of the alarm shown (null with none): the shell shows msgid `alarm.<kind>`; it stays until resolved. */
  alarmKind: AlarmKind | null;
  /** The other active alarms, most severe first: each is shown when the ones above it resolve. */
  queuedAlarms: AlarmKind[];
  /**
   * Bluetooth cuff: while "release the cuff now" is asked, the time since the cuff went up
   * (shown with the alarm); null otherwise.
   */
  releaseHeldMs: number | null;
  /** English detail of the notice (logs). */
  noticeText: string | null;
  /** A non-alarm message (why start was refused, reperfusion): msgid `notice.<kind>`, `%d` = n. */
  notice: Notice | null;
  /** One short line for the guided routine (`instruction.<id>`) or wraps (`instruction.wrapsTightness`, n = 7); null otherwise. */
  instruction: Said | null;
  /** When the engine next wants a tick (phase end, warning, tempo beat); null when idle. */
  wakeAtMs: number | null;
}

export type Effect =
  | { type: 'vibrate'; pattern: VibrationPattern }
  | { type: 'view'; view: ViewModel }
  | { type: 'cuff'; command: CuffCommand }
  | { type: 'persist'; record: SessionRecord }
  | { type: 'alarm'; kind: AlarmKind; message: string };
