// The loop every platform shell runs around the pure engine: feed an event, keep the new
// state, perform the effects through the shell's adapters, and save the state at every phase
// boundary and every few seconds so a relaunched app resumes where it was. Shared by the Zepp
// and Fitbit shells; it owns no clock or timer (the shell's wakeAt does the waiting).
import type { CuffCommand } from '../protocol/cuffCommand';
import type { SessionRecord } from '../protocol/sessionRecord';
import type { AlarmKind } from '../protocol/vocabulary';
import type { ViewModel, VibrationPattern } from './effects';
import type { SessionEvent } from './events';
import { step } from './engine';
import type { SessionState } from './state';

export interface SessionShell {
  render(view: ViewModel): void;
  vibrate(pattern: VibrationPattern): void;
  sendCuffCommand(command: CuffCommand): void;
  persistRecord(record: SessionRecord): void;
  raiseAlarm(kind: AlarmKind, message: string): void;
  saveState(state: SessionState): void;
  /** Call dispatch({type:'tick'}) at this time (or now + 1 s, whichever is first); null: stop. */
  wakeAt(atMs: number | null): void;
}

export const SAVE_EVERY_MS = 5000;

export class SessionRunner {
  private lastSavedMs = -Infinity;
  lastView: ViewModel | null = null;

  constructor(
    public state: SessionState,
    private readonly shell: SessionShell,
  ) {}

  dispatch(event: SessionEvent): void {
    const before = this.state;
    const result = step(before, event);
    this.state = result.state;
    let view: ViewModel | null = null;
    for (let i = 0; i < result.effects.length; i++) {
      const e = result.effects[i];
      switch (e.type) {
        case 'vibrate': this.shell.vibrate(e.pattern); break;
        case 'cuff': this.shell.sendCuffCommand(e.command); break;
        case 'persist': this.shell.persistRecord(e.record); break;
        case 'alarm': this.shell.raiseAlarm(e.kind, e.message); break;
        case 'view': view = e.view; break;
      }
    }
    const s = this.state;
    const boundary = s.phaseIndex !== before.phaseIndex || s.status !== before.status || s.inflated !== before.inflated;
    if (boundary || event.type === 'resume' || s.nowMs - this.lastSavedMs >= SAVE_EVERY_MS) {
      this.shell.saveState(s);
      this.lastSavedMs = s.nowMs;
    }
    if (view) {
      this.lastView = view;
      this.shell.render(view);
      this.shell.wakeAt(view.wakeAtMs);
    }
  }
}
