// BFR Coach companion on the phone (Fitbit app): the Zepp companion's modules, wired to
// Fitbit's messaging, file transfer and storage.
//   controller --HTTP long-poll--> PressureRelay (newest per cuff) --peerSocket 'pressure'--> watch
//   watch --peerSocket 'cuffCommand'--> CuffCommands (safety gate, controller) --'cuffCommandResult'--> watch
//   watch --file transfer (session JSON)--> session inbox (stored first) --'sessionAck'--> watch
//   settings page --settingsStorage (PhoneConfig keys)--> 'settings' + 'screening' --> watch
// When the watch's socket closes while a cuff may be up, the phone deflates everything itself.
import { peerSocket } from 'messaging';
import { settingsStorage } from 'settings';
import { localStorage } from 'local-storage';
import { inbox } from 'file-transfer';
import { createControllerClient, startTelemetryLoop, type ControllerClient, type TelemetryLoop } from '../../companion/controllerClient';
import { CuffCommands } from '../../companion/cuffCommands';
import { EventLog } from '../../companion/eventLog';
import { PhoneConfig } from '../../companion/phoneConfig';
import { PressureRelay } from '../../companion/pressureRelay';
import { createSessionInbox } from '../../companion/sessionInbox';
import { settingsStoreFrom } from '../../companion/settingsStore';
import { platformTimers } from '../../companion/timers';
import type { Message } from '../../shared/protocol/messages';
import { createPeerLink } from '../common/peerLink';
import { applySettingsPage } from '../settings/compose';

/** How long the controller may hold a telemetry poll. */
export const TELEMETRY_WAIT_MS = 2000;

const now = () => Date.now();
const settingsStore = settingsStoreFrom(settingsStorage);
const config = new PhoneConfig(settingsStore, now);
const events = new EventLog(settingsStoreFrom(localStorage), now);
const sessions = createSessionInbox(settingsStoreFrom(localStorage), { now });
let client: ControllerClient | null = null;
let telemetry: TelemetryLoop | null = null;
let controllerKey = '';
const cuffs = new CuffCommands(() => client, config, events, now);
/** Messages refused by reason (beyond what the link itself counts). */
export const rejected: { [reason: string]: number } = {};
const countRejected = (reason: string) => { rejected[reason] = (rejected[reason] || 0) + 1; };

const link = createPeerLink(peerSocket, {
  onMessage: handle,
  onOpen: () => {
    pushSettings();
    drainInbox();
  },
  onClose: () => {
    if (!cuffs.anyInflated()) return;
    cuffs.deflateAll('watch link closed while a cuff was inflated').then(
      () => undefined,
      () => countRejected('safetyDeflateFailed'),
    );
  },
});
const relay = new PressureRelay((update) => { link.send(update, 'pressure:' + update.cuffId); }, now, platformTimers);

function handle(message: Message): void {
  if (message.kind === 'cuffCommand') {
    cuffs.handle(message).then((result) => {
      link.send(result);
      if (message.command.type === 'measureLop') pushSettings();
    });
    return;
  }
  countRejected('unexpected:' + message.kind);
}

/** (Re)connects to the controller the settings name; only a changed address or token restarts. */
function connect(): void {
  const controller = config.controller();
  const key = controller ? controller.url + ' ' + controller.token : '';
  if (key === controllerKey) return;
  controllerKey = key;
  if (telemetry) telemetry.stop();
  telemetry = null;
  client = null;
  if (!controller) return;
  const c = createControllerClient({ baseUrl: controller.url, token: controller.token, fetch: (url, init) => fetch(url, init), now });
  client = c;
  telemetry = startTelemetryLoop(c, (readings) => {
    cuffs.noteReadings(readings);
    relay.offer(readings);
  }, { waitMs: TELEMETRY_WAIT_MS });
}

function pushSettings(): void {
  link.send(config.settingsSync(), 'settings');
  const screening = config.screening();
  if (screening) link.send(screening, 'screening');
}

let draining = false;
/** Stores every session file that arrived, then acks it; one file at a time. */
function drainInbox(): void {
  if (draining) return;
  draining = true;
  const next = (): Promise<void> =>
    inbox.pop().then((file) => {
      if (!file) return undefined;
      return file.text().then((text) => {
        let record: unknown = null;
        try {
          record = JSON.parse(text);
        } catch (e) {
          countRejected('sessionFile:notJson');
        }
        link.send(sessions.receive({ v: 1, kind: 'sessionPush', record }));
      }).then(next);
    });
  next().then(
    () => { draining = false; },
    () => { draining = false; countRejected('sessionFile:unreadable'); },
  );
}

let applying = false;
settingsStorage.addEventListener('change', () => {
  if (applying) return;
  applying = true;
  try {
    applySettingsPage(settingsStorage, now());
  } finally {
    applying = false;
  }
  connect();
  pushSettings();
});
inbox.addEventListener('newfile', drainInbox);
connect();
drainInbox();
pushSettings();

/** For the simulator and the log. */
export const companion = {
  link, cuffs, relay, sessions, events, config, rejected,
  client: () => client,
};
