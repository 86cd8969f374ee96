// Notices: what the screen says that is not an alarm (why start was refused, reperfusion, a
// refused resume). The engine speaks in codes with a number; every shell turns the code into
// its own language from its catalog (msgid `notice.<kind>`, `%d` for the number). The English
// below is for logs, tests and exports only: no shell shows it.
import * as z from 'zod/mini';
import { intIn } from '../protocol/common';

export const NOTICE_KINDS = [
  'reperfusion', // n: minutes the cuffs stay down
  'cuffRefused', // the safety gate refused an inflate: cuffs stay down
  'lopMissing', 'lopOutOfRange', 'pressureTooHigh', 'noCuff', 'wrongDevice', 'programInvalid',
  'screeningMissing', 'screeningRefused',
  'resumeRefused', 'stateDamaged', 'rpeInvalid',
  'heartRateDown', // the heart-rate ceiling alarm resolved: cuffs may go up again
] as const;
export const noticeKindSchema = z.enum(NOTICE_KINDS);
export type NoticeKind = z.infer<typeof noticeKindSchema>;

export const noticeSchema = z.object({ kind: noticeKindSchema, n: z.nullable(intIn(0, 100000)) });
export type Notice = z.infer<typeof noticeSchema>;

export const NOTICE_MESSAGES: Readonly<Record<NoticeKind, string>> = {
  reperfusion: 'Reperfusion: cuffs stay down for %d min',
  cuffRefused: 'Cuffs stay down: check LOP on the phone',
  lopMissing: 'Measure LOP first',
  lopOutOfRange: 'LOP out of range: measure again',
  pressureTooHigh: 'Pressure above the limb ceiling',
  noCuff: 'No cuff is set up',
  wrongDevice: 'Program does not fit cuffs or wraps',
  programInvalid: 'This program is not valid',
  screeningMissing: 'Answer the health questions first',
  screeningRefused: 'Cuffs not safe for you: timer only',
  resumeRefused: 'Saved session not restored',
  stateDamaged: 'Saved session damaged: cuffs released',
  rpeInvalid: 'Effort not understood: rate 1-10',
  heartRateDown: 'Heart rate down: you may go on',
};

/** The English line of a notice (logs and exports). */
export function noticeEnglish(notice: Notice): string {
  return NOTICE_MESSAGES[notice.kind].replace('%d', notice.n === null ? '' : String(notice.n));
}

/**
 * Sets the notice code the screen shows, and the English detail beside it for logs (the
 * detail may name a cuff or a rule; the code is what the trainee reads, translated).
 */
export function setNotice(s: { notice: Notice | null; noticeText: string | null }, kind: NoticeKind | null, detail?: string | null, n?: number): void {
  if (kind === null) {
    s.notice = null;
    s.noticeText = null;
    return;
  }
  s.notice = { kind, n: n === undefined ? null : n };
  s.noticeText = detail ? detail.slice(0, 120) : noticeEnglish(s.notice);
}
