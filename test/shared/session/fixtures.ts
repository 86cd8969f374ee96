// Shared test fixtures: a clean screening, sessions for any preset, a replay helper that checks
// purity (frozen input) and collects effects.
import { PROGRAMS, ProgramId } from '../../../shared/programs';
import type { Program } from '../../../shared/programs';
import type { PressureUpdate } from '../../../shared/protocol/pressure';
import type { ScreeningAnswers } from '../../../shared/protocol/screening';
import type { RestrictionKind } from '../../../shared/protocol/vocabulary';
import { createSession, step } from '../../../shared/session';
import type { Effect, SessionEvent, SessionState } from '../../../shared/session';

export const T0 = 1_700_000_000_000;

export const cleanScreening: ScreeningAnswers = {
  v: 1, kind: 'screening', answeredAtMs: T0 - 1000,
  answers: {
    pregnancy: false, clotting: false, dialysisPort: false, woundOrFracture: false,
    limbInfection: false, sickleCell: false, severeHypertension: false, recentSurgery: false,
  },
};

export const device = { platform: 'zepp', model: 'test', appVersion: '0.1.0', controller: null };

export function session(
  program: ProgramId | Program,
  opts: { restriction?: RestrictionKind; lop?: number | null; screening?: ScreeningAnswers | null; cuffs?: string[]; tempoCue?: boolean } = {},
): SessionState {
  const p = typeof program === 'string' ? PROGRAMS[program] : program;
  const restriction = opts.restriction || (p.device === 'wraps' ? 'wraps' : 'cuffs');
  return createSession({
    sessionId: 's-1', program: p, restriction,
    cuffs: (opts.cuffs || ['left', 'right']).map((cuffId) => ({ cuffId, lopMmHg: opts.lop === undefined ? 200 : opts.lop })),
    screening: opts.screening === undefined ? cleanScreening : opts.screening,
    device, nowMs: T0, tempoCue: opts.tempoCue,
  });
}

export function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}

/** Replay events; the input state of every step is frozen, so a mutation throws. */
export function run(state: SessionState, events: SessionEvent[], freeze = true): { state: SessionState; effects: Effect[]; perStep: Effect[][] } {
  let s = state;
  const effects: Effect[] = [];
  const perStep: Effect[][] = [];
  for (const e of events) {
    if (freeze) deepFreeze(s);
    const r = step(s, e);
    s = r.state;
    effects.push(...r.effects);
    perStep.push(r.effects);
  }
  return { state: s, effects, perStep };
}

export function ticks(fromMs: number, toMs: number, everyMs = 1000): SessionEvent[] {
  const out: SessionEvent[] = [];
  for (let t = fromMs; t <= toMs; t += everyMs) out.push({ type: 'tick', nowMs: t });
  return out;
}

export const start = (nowMs = T0): SessionEvent => ({ type: 'button', nowMs, press: { button: 'start' } });

export function reading(cuffId: string, mmHg: number, seq: number, state: PressureUpdate['state'] = 'holding', targetMmHg: number | null = null): PressureUpdate {
  return { v: 1, kind: 'pressure', cuffId, mmHg, targetMmHg, state, seq, controllerTimeMs: 1000 + seq };
}

export const vibrations = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'vibrate' ? [e.pattern] : []));
export const cuffCommands = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'cuff' ? [e.command] : []));
export const alarms = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'alarm' ? [e.kind] : []));
export const lastView = (effects: Effect[]) => {
  const views = effects.flatMap((e) => (e.type === 'view' ? [e.view] : []));
  return views[views.length - 1];
};
