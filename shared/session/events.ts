// What happens to a session: clock ticks, counter output, pressure readings, button presses,
// link changes. Every event carries the time it happened (ms since epoch): the engine has no
// clock of its own.
import type { PressureUpdate } from '../protocol/pressure';

export type ButtonPress =
  | { button: 'start' }
  /** First press asks for confirmation; the session keeps running meanwhile. */
  | { button: 'stop' }
  | { button: 'confirmStop' }
  | { button: 'cancelStop' }
  /** Pain, numbness or tingling: stop and deflate at once. */
  | { button: 'pain' }
  /** Rate of perceived exertion, 1-10; above 7 stops the session. */
  | { button: 'rpe'; rating: number }
  | { button: 'skipRest' }
  /** +1 / -1 on the current set's count (or the set just finished, during its rest). */
  | { button: 'repCorrection'; delta: 1 | -1 };

export type SessionEvent =
  | { type: 'tick'; nowMs: number }
  | { type: 'rep'; nowMs: number }
  | { type: 'step'; nowMs: number; count?: number }
  /**
   * A rep set is over and its counter recounted it (shared/motion recount): `reps` the
   * recount, `live` what that counter had counted live. The record's count is corrected by
   * the difference, so a counter that only saw part of the set (started again after an app
   * restart) corrects only its part. Sent once per set by the shell, after the set ended.
   */
  | { type: 'recount'; nowMs: number; setIndex: number; reps: number; live: number }
  /** The watch's own pedometer total (any baseline): the second step source. */
  | { type: 'pedometer'; nowMs: number; totalSteps: number }
  | { type: 'pressure'; nowMs: number; reading: PressureUpdate }
  /** A wrist heart-rate reading; null (or 0, off the wrist) when the sensor has none. */
  | { type: 'heartRate'; nowMs: number; bpm: number | null }
  | { type: 'button'; nowMs: number; press: ButtonPress }
  | { type: 'linkUp'; nowMs: number }
  | { type: 'linkDown'; nowMs: number }
  | { type: 'controllerError'; nowMs: number; message?: string }
  /** After an app restart: `saved` is a stored state, parsed before use. */
  | { type: 'resume'; nowMs: number; saved: unknown };
