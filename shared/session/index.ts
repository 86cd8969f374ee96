// Public surface of the session engine (see docs/ENGINE.md).
export { step } from './engine';
export type { StepResult } from './engine';
export { createSession, canStart } from './create';
export type { SessionConfig } from './create';
export { sessionStateSchema, parseSessionState, SESSION_STATE_VERSION } from './state';
export type { SessionState, CuffRuntime } from './state';
export type { SessionEvent, ButtonPress } from './events';
export { VIBRATION_PATTERNS } from './effects';
export type { Effect, ViewModel, PressureView, Said, VibrationPattern, SessionStatus } from './effects';
export { ALARM_MESSAGES } from './draft';
export { NOTICE_KINDS, NOTICE_MESSAGES, noticeEnglish } from './notices';
export type { Notice, NoticeKind } from './notices';
export { buildView } from './view';
export { planPhases } from './timeline';
