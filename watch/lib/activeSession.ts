// Is a session running that this launch must carry on? After a wake relaunch the system
// reopens whichever page was showing, with the params it was first opened with (the session
// page with its start params, or the pre-session check), so every page that can start a
// session asks this first and resumes the saved one instead of starting another: cuffs may be
// up, and the set, its timing and the occlusion time so far live in that saved state.
// A light check on purpose (status only): the session page parses the whole state.
import type { SessionStore } from './sessionStore';

export type SavedSessionKind = 'none' | 'active' | 'corrupt';

export function savedSessionKind(store: SessionStore): SavedSessionKind {
  const raw = store.loadActive();
  if (raw === undefined) return 'none';
  if (!raw || typeof raw !== 'object') return 'corrupt';
  const status = (raw as { status?: unknown }).status;
  if (typeof status !== 'string') return 'corrupt';
  // 'ready' never started (nothing inflated, nothing counted); 'finished' is over.
  return status === 'running' || status === 'confirmStop' ? 'active' : 'none';
}

export const RESUME_PARAMS = JSON.stringify({ resume: true });
