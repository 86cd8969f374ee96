// Side service (runs on the phone inside the Zepp app). This file only wires the modules, one
// per concern: controller client and telemetry, pressure relay, cuff commands with safety
// interlocks, the dead-man rule, the session inbox and uploader. Every request's params are
// parsed with the method's schema before a handler sees them.
import { BaseSideService } from '@zeppos/zml/base-side';
import * as z from 'zod/mini';
import { answerHello, helloRequestSchema } from '../shared/protocol/hello';
import { cuffCommandRequestSchema } from '../shared/protocol/cuffCommand';
import { screeningAnswersSchema } from '../shared/protocol/screening';
import type { PhoneStatus } from '../shared/protocol/phoneStatus';
import { APP_VERSION } from '../shared/version';
import { dispatchRequest, rejected, type RequestHandlers } from './requestRouter';
import { createControllerClient, fromZeppFetch, startTelemetryLoop, type ControllerClient, type TelemetryLoop } from './controllerClient';
import { settingsStoreFrom } from './settingsStore';
import { PhoneConfig, CONFIG_KEYS } from './phoneConfig';
import { EventLog } from './eventLog';
import { PressureRelay } from './pressureRelay';
import { CuffCommands } from './cuffCommands';
import { DeadMan } from './deadMan';
import { createSessionInbox } from './sessionInbox';
import { createUploader, readUploadEndpoint, UPLOAD_ENDPOINT_KEY } from './uploader';
import { platformTimers } from './timers';
import { redact } from './addressRules';
import { CONTROLLER_STATUS_KEY } from './settingsView';
import { sessionToCsv } from './exporters/csv';
import { sessionToJson } from './exporters/json';

export const EXPORT_REQUEST_KEY = 'export:request';
export const EXPORT_RESULT_KEY = 'export:result';

/** The Settings App asks for an export by writing a request; the text lands in a result key. */
function exportSession(raw: string | null | undefined): void {
  let request: { id?: unknown; format?: unknown };
  try {
    request = JSON.parse(String(raw || '{}'));
  } catch (e) {
    rejected['export-request'] = (rejected['export-request'] || 0) + 1;
    return;
  }
  const record = typeof request.id === 'string' ? inbox.get(request.id) : null;
  if (!record) {
    store.setItem(EXPORT_RESULT_KEY, JSON.stringify({ ok: false, error: 'no such session' }));
    return;
  }
  const text = request.format === 'json' ? sessionToJson(record) : sessionToCsv(record);
  store.setItem(EXPORT_RESULT_KEY, JSON.stringify({ ok: true, id: record.id, format: request.format === 'json' ? 'json' : 'csv', text }));
  inbox.markExported(record.id);
}

const now = () => Date.now();
const store = settingsStoreFrom(settings.settingsStorage);
const config = new PhoneConfig(store, now);
const events = new EventLog(store, now);
const inbox = createSessionInbox(store, { now });
const zeppFetch = fromZeppFetch(fetch);
const uploader = createUploader({ inbox, fetch: zeppFetch as never, now });

let client: ControllerClient | null = null;
let telemetry: TelemetryLoop | null = null;
let relay: PressureRelay | null = null;
const cuffs = new CuffCommands(() => client, config, events, now);
const LAST_HEARD_KEY = 'deadman:lastHeardMs';
const deadMan = new DeadMan(now, platformTimers, () => cuffs.anyInflated(), (why, options) => cuffs.deflateAll(why, options), undefined, {
  load: () => {
    const v = Number(store.getItem(LAST_HEARD_KEY));
    return Number.isFinite(v) && v > 0 ? v : null;
  },
  save: (ms) => store.setItem(LAST_HEARD_KEY, String(ms)),
});

let lastStatus = '';
/** The controller link state, for the Settings page (it redraws from storage only). */
function reportControllerStatus(state: string, detail: string | null): void {
  const controller = config.controller();
  const text = JSON.stringify({ state, detail: detail === null ? null : redact(detail, controller ? controller.token : '').slice(0, 160) });
  if (text === lastStatus) return;
  lastStatus = text;
  try {
    store.setItem(CONTROLLER_STATUS_KEY, text);
  } catch (e) {
    // a full store: the page shows an older status
  }
}

/** (Re)connects to the controller the settings name; called at start and when they change. */
function connectController(): void {
  if (telemetry) telemetry.stop();
  telemetry = null;
  // Calls still in flight to the old address stop now (deflates excepted: they may land).
  if (client) client.cancelAll();
  client = null;
  const controller = config.controller();
  if (!controller) {
    reportControllerStatus('notConfigured', null);
    return;
  }
  reportControllerStatus('connecting', null);
  const c = createControllerClient({
    baseUrl: controller.url,
    token: controller.token,
    fetch: zeppFetch,
    now,
    onStateChange: (state, previous, reason) => {
      if (state === 'unreachable' || state === 'unauthorised') events.add('controller', previous + ' -> ' + state + ': ' + redact(reason, controller.token));
      reportControllerStatus(state, state === 'connected' ? null : reason);
    },
  });
  client = c;
  telemetry = startTelemetryLoop(c, (readings) => {
    cuffs.noteReadings(readings);
    if (relay) relay.offer(readings);
  });
}

function configureUploader(): void {
  const endpoint = readUploadEndpoint(store);
  uploader.configure(endpoint && endpoint.ok ? endpoint.value : null);
}

function phoneStatus(): PhoneStatus {
  const controller = config.controller();
  return {
    v: 1,
    kind: 'phoneStatus',
    controller: !controller || !client ? 'notConfigured' : client.state,
    // The watch sees the reason, never the token (a controller could echo it back).
    detail: client && client.lastError ? redact(client.lastError.message, controller ? controller.token : '').slice(0, 120) : null,
    atMs: now(),
  };
}

const empty = z.object({});

const handlers: RequestHandlers = {
  hello: { schema: helloRequestSchema, handle: (params) => answerHello(params, APP_VERSION) },
  getSettings: { schema: empty, handle: () => config.settingsSync() },
  phoneStatus: { schema: empty, handle: () => phoneStatus() },
  cuffCommand: { schema: cuffCommandRequestSchema, handle: (params) => cuffs.handle(params) },
  // The inbox parses the push itself, so a bad record gets an ack naming the field.
  sessionPush: {
    schema: z.unknown(),
    handle: (params) => {
      const ack = inbox.receive(params);
      if (ack.stored) uploader.run().then(() => undefined, () => undefined);
      return ack;
    },
  },
  screening: {
    schema: screeningAnswersSchema,
    handle: (params) => {
      config.saveScreening(params);
      return { ok: true };
    },
  },
};

AppSideService(
  BaseSideService({
    onInit() {
      relay = new PressureRelay((update) => this.call({ method: 'pressure', params: update }), now, platformTimers);
      connectController();
      deadMan.start();
      configureUploader();
      uploader.run().then(() => undefined, () => undefined);
    },
    onRun() {},
    onDestroy() {
      // The dead-man lives here and the watch reaches the controller only through here: while
      // this service is down nothing can release a cuff. Release them before going (the
      // request leaves now; the phone may not relaunch the service before the deadline).
      if (cuffs.anyInflated()) cuffs.deflateAll('side service stopping while a cuff was inflated').then(() => undefined, () => undefined);
      deadMan.stop();
      if (relay) relay.stop();
      if (telemetry) telemetry.stop();
    },
    onRequest(req: { method: string; params: unknown }, res: (error: unknown, data?: unknown) => void) {
      deadMan.heard();
      dispatchRequest(handlers, req, res);
    },
    onCall(data: { method?: string; params?: unknown }) {
      // Heartbeats (and anything else) from the watch prove it is there.
      deadMan.heard();
      if (!data || data.method !== 'heartbeat') rejected['unknown-call'] = (rejected['unknown-call'] || 0) + 1;
    },
    onSettingsChange(change: { key: string }) {
      if (change.key === CONFIG_KEYS.controller) connectController();
      else if (change.key === UPLOAD_ENDPOINT_KEY) configureUploader();
      else if (change.key === EXPORT_REQUEST_KEY) exportSession(store.getItem(EXPORT_REQUEST_KEY));
      else if (change.key.indexOf('session') === 0) inbox.reload();
    },
    // For the simulator and tests: what the phone side knows right now.
    debugState() {
      return {
        phone: phoneStatus(),
        relay: relay ? relay.stats : null,
        cuffCommands: cuffs.counts,
        deadMan: deadMan.counts,
        inbox: inbox.stats(),
        sessions: inbox.list(),
        uploader: uploader.status(),
        events: events.list(),
        rejected: { ...rejected },
        configProblems: config.problems.slice(),
      };
    },
  }),
);
