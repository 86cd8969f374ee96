// BFR Coach on Fitbit OS (Versa 3 / Sense): boot, the program list, messages from the
// companion, and the hand-over between the session and summary screens. Every piece of
// training logic is the shared core's; this file only wires the platform to it.
// First: the post-ES5 built-ins the shared code calls, before any shared module runs.
import './lib/es5';
import { peerSocket } from 'messaging';
import { isProgramId, PROGRAM_IDS, PROGRAMS } from '../../shared/programs/catalog';
import type { Program } from '../../shared/programs/program';
import type { Message } from '../../shared/protocol/messages';
import type { RestrictionKind } from '../../shared/protocol/vocabulary';
import { createSession, parseSessionState, type SessionState } from '../../shared/session/index';
import { APP_VERSION } from '../../shared/version';
import { createPeerLink } from '../common/peerLink';
import { createSessionOutbox, RETRY_MS } from './outbox';
import { FitbitSession, WATCH_MAX_PRESSURE_SAMPLES } from './session';
import { openStore } from './store';
import { listPrograms, setStatusLine, setSummarySync, showScreen, showSummary, onTap, translateLabels } from './ui';
import { t as text } from './i18n';

const now = () => Date.now();
const store = openStore();
const outbox = createSessionOutbox(store, now, () => (session ? session.runner.state.record.id : null));
/** Messages refused by reason, for the log and the tests. */
export const rejected: { [reason: string]: number } = {};
const countRejected = (reason: string) => { rejected[reason] = (rejected[reason] || 0) + 1; };
let session: FitbitSession | null = null;
let summaryId: string | null = null;

const link = createPeerLink(peerSocket, {
  onMessage: handle,
  onOpen: () => outbox.flush(),
});

function handle(message: Message): void {
  switch (message.kind) {
    case 'pressure':
      if (session) session.onPressure(message);
      return;
    case 'cuffCommandResult':
      if (session) session.onCuffResult(message);
      return;
    case 'sessionAck':
      outbox.onAck(message);
      if (summaryId === message.id) refreshSummary();
      return;
    case 'settings':
      store.saveSettings(message);
      return;
    case 'screening':
      store.saveScreening(message);
      return;
  }
  countRejected('unexpected:' + message.kind);
}

/** Cuffs when the program uses them and a measured cuff sits on its limb; otherwise its own kind. */
function restrictionFor(program: Program): { restriction: RestrictionKind; cuffs: Array<{ cuffId: string; lopMmHg: number | null }> } {
  if (program.device === 'wraps') return { restriction: 'wraps', cuffs: [] };
  const settings = store.settings();
  const cuffs = settings ? settings.cuffs.filter((c) => c.limb === program.limb && c.lopMmHg !== null) : [];
  if (cuffs.length === 0) return { restriction: 'none', cuffs: [] };
  return { restriction: 'cuffs', cuffs: cuffs.map((c) => ({ cuffId: c.cuffId, lopMmHg: c.lopMmHg })) };
}

function startProgram(programId: string): void {
  if (session) return;
  // The preset as it is: the Fitbit app offers no adjustment (Zepp's session page passes one
  // to resolveProgram), and without one resolveProgram(id) does just this; adjust.ts stays out
  // of the device bundle.
  if (!isProgramId(programId)) return setStatusLine(text('notice.programInvalid'));
  const program = PROGRAMS[programId];
  const t = now();
  const chosen = restrictionFor(program);
  const settings = store.settings();
  const state = createSession({
    sessionId: 'f-' + t.toString(36) + '-' + Math.floor(Math.random() * 1e6).toString(36),
    program,
    restriction: chosen.restriction,
    cuffs: chosen.cuffs,
    screening: store.screening(),
    device: {
      platform: 'fitbit',
      model: 'Versa 3 / Sense',
      appVersion: APP_VERSION,
      controller: chosen.restriction === 'cuffs' && settings && settings.controllerAddress ? settings.controllerAddress.slice(0, 64) : null,
    },
    tempoCue: store.options().tempoCue,
    linkUp: link.isOpen(),
    nowMs: t,
    heartRate: settings && settings.heartRate ? settings.heartRate : null,
  });
  run(state, false);
}

function run(state: SessionState, resume: boolean): void {
  store.saveLastProgram(state.program.id);
  showScreen('session');
  session = new FitbitSession(state, {
    store, link, now, countRejected,
    refused: (reason) => {
      session = null;
      setStatusLine(reason);
      showScreen('programs');
    },
    finished: (final) => {
      session = null;
      // The summary comes from the record in hand (it is also stored): no read-back.
      summaryId = final.record.id;
      showSummary(final.record);
      outbox.flush();
      refreshSummary();
      showScreen('summary');
    },
  });
  session.start(resume);
}

/** The summary's last line: where the record is. */
function refreshSummary(): void {
  const id = summaryId;
  if (!id) return;
  const synced = store.index().some((e) => e.id === id && e.synced);
  setSummarySync(text(synced ? 'savedOnPhone' : link.isOpen() ? 'sendingToPhone' : 'phoneNotConnected'));
}

translateLabels();
listPrograms(PROGRAM_IDS, startProgram);
onTap('btn-done', () => {
  summaryId = null;
  showScreen('programs');
});
setInterval(() => outbox.flush(), RETRY_MS);

// A relaunch during a session resumes it; a corrupt saved state is dropped with a notice.
const saved = store.loadActive();
if (saved !== undefined) {
  const parsed = parseSessionState(saved);
  if (parsed.ok) run(parsed.value, true);
  else {
    store.clearActive();
    setStatusLine(text('resumeFailed'));
  }
}
if (!session) showScreen('programs');
outbox.flush();

/** For the simulator and the log: what the app holds. */
export const app = {
  link, outbox, store, rejected,
  session: () => session,
  limits: { pressureSamples: WATCH_MAX_PRESSURE_SAMPLES },
};
