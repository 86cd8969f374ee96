// What the engine asks the shell to do. The shell performs these with the platform API
// (vibrator, UI, companion request, storage); the engine itself never touches a device.
import type { CuffCommand } from '../protocol/cuffCommand';
import type { SessionRecord } from '../protocol/sessionRecord';
import type { AlarmKind, CountingMode, PhaseKind } from '../protocol/vocabulary';

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

/** Everything a session screen shows; the shell only lays it out. */
export interface ViewModel {
  status: SessionStatus;
  programName: string;
  phaseKind: PhaseKind | null;
  /** "Walk", "Rest", "Sit to stand", "Ready", "Done". */
  phaseName: string;
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
  cuffsInflated: boolean;
  linkUp: boolean;
  /** Message of the most severe active alarm; it stays until that alarm is resolved. */
  alarmText: string | null;
  /** Kind of the alarm shown (null with none), for shells that show codes or icons. */
  alarmKind: AlarmKind | null;
  /** The other active alarms, most severe first: each is shown when the ones above it resolve. */
  queuedAlarms: AlarmKind[];
  /**
   * Bluetooth cuff: while "release the cuff now" is asked, the time since the cuff went up
   * (shown with the alarm); null otherwise.
   */
  releaseHeldMs: number | null;
  /** A non-alarm message (why start was refused, wrap tightness, reperfusion). */
  noticeText: string | null;
  /** One short line for the guided routine / wraps; null otherwise. */
  instructionText: string | null;
  /** When the engine next wants a tick (phase end, warning, tempo beat); null when idle. */
  wakeAtMs: number | null;
}

export type Effect =
  | { type: 'vibrate'; pattern: VibrationPattern }
  | { type: 'view'; view: ViewModel }
  | { type: 'cuff'; command: CuffCommand }
  | { type: 'persist'; record: SessionRecord }
  | { type: 'alarm'; kind: AlarmKind; message: string };
