// The simulator page: the whole simulated system (controller simulator, companion, watch app,
// trainee) plus a small node:http server on loopback that serves one page showing it live.
//
//   GET  /                      the page (sim/web/public/index.html, app.js, style.css)
//   GET  /api/state             everything the page shows, as JSON (see buildState)
//   GET  /api/events            the same as server-sent events, a few times a second
//   GET  /api/export/ID.FORMAT  a stored session exported by the companion's exporters (csv, json, fit)
//   POST /api/tap               {"id": N}                     press watch button N
//   POST /api/swipe-back        {}                            the system back swipe
//   POST /api/scroll            {"dy": N}                     drag the watch page up by N px (wheel, finger)
//   POST /api/key               {"key": "back"|"home"}        a physical key
//   POST /api/shape             {"shape": "round"|"square"}   restart the system on that screen
//   POST /api/lang              {"lang": "en-US"|"de-DE"|"es-ES"|"zh-CN"}   restart the watch in that language
//   POST /api/faults            {fault patch}                 controller fault switches
//   POST /api/motion            {"mode": "model"|"keyboard"}  who moves the wrist
//   POST /api/rep               {}                            one rep (switches to keyboard)
//   POST /api/relaunch          {"kill"?: boolean}            exit (or kill) and relaunch the watch app
//   POST /api/ble-cuff          {"action": "pump"|"open"|"close"} or {"fault": NAME, "on": bool}
//                               the Bluetooth hand-pump cuff: one squeeze, the release valve, its faults
//   GET  /api/settings, POST /api/settings   the phone's Settings App page (./settingsPanel.ts)
//
// Bodies are JSON checked with zod; bad input is a 400 naming the field.
import * as http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import * as z from 'zod/mini';
import { startSystem, type SimSystem } from '../system';
import { SettingsStorage } from '../zepp/sideRuntime';
import { KEY, SCREENS, VIBRATOR_SCENE_NAMES, type Shape } from '../zepp/deviceModules';
import { event as uiEvent } from '../zepp/widgets';
import { faultPatchSchema } from '../controller/server';
import { deflateAll } from '../controller/pneumatics';
import { describeIssues } from '../../shared/protocol/controller';
import type { SynthTrace } from '../../shared/motion/synth';
import { LANGUAGES, activePhase, readOnlyPhoneStore, type Language } from '../simulate';
import { createSessionInbox } from '../../companion/sessionInbox';
import { sessionToCsv } from '../../companion/exporters/csv';
import { sessionToJson } from '../../companion/exporters/json';
import { sessionToFit } from '../../companion/exporters/fit';
import { KeyboardWrist } from './keyboardWrist';
import { pump, setValve } from '../bleCuff/peripheral';
import { openSettingsPanel, settingsActSchema } from './settingsPanel';

export interface WebSimOptions {
  port?: number;
  /** Loopback only. */
  host?: string;
  speed?: number;
  seed?: number;
  shape?: Shape;
  /** The watch's language (default en-US). */
  lang?: Language;
  /** A recorded trace replayed (looped) instead of the motion model. */
  trace?: SynthTrace | null;
  traceName?: string | null;
  /** Real ms between pushed states on /api/events (default 250). */
  pushMs?: number;
}

export interface WebSim {
  url: string;
  port: number;
  system(): SimSystem;
  /** One line: URL, speed, watch page, session phase, controller link. */
  statusLine(): string;
  close(): Promise<void>;
}

const PUBLIC_DIR = path.join(__dirname, 'public');
const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
  '/settingsPanel.js': { file: 'settingsPanel.js', type: 'text/javascript; charset=utf-8' },
};
const MAX_BODY = 8 * 1024;
const HISTORY_MS = 60000;

const tapSchema = z.strictObject({ id: z.number().check(z.int(), z.minimum(1)) });
const shapeSchema = z.strictObject({ shape: z.enum(['round', 'square']) });
const langSchema = z.strictObject({ lang: z.enum(LANGUAGES) });
const motionSchema = z.strictObject({ mode: z.enum(['model', 'keyboard']) });
const relaunchSchema = z.strictObject({ kill: z.optional(z.boolean()) });
const scrollSchema = z.strictObject({ dy: z.number().check(z.minimum(-5000), z.maximum(5000)) });
const keySchema = z.strictObject({ key: z.enum(['back', 'home']) });
const emptySchema = z.strictObject({});
const bleCuffSchema = z.union([
  z.strictObject({ action: z.enum(['pump', 'open', 'close']) }),
  z.strictObject({ fault: z.enum(['disconnect', 'garbage', 'kPa', 'nan', 'silent']), on: z.boolean() }),
]);
const faultsSchema = z.strictObject(faultPatchSchema.def.shape);
const exportPath = /^\/api\/export\/([A-Za-z0-9._-]{1,64})\.(csv|json|fit)$/;

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function parseBody<S extends z.ZodMiniType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body);
  if (!r.success) throw new HttpError(400, describeIssues(r.error.issues));
  return r.data;
}

/** Props a page can draw: no functions, no internals. */
function drawableProps(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(props)) {
    const v = props[k];
    if (typeof v === 'function' || k.startsWith('_')) continue;
    out[k] = v;
  }
  return out;
}

type Point = [number, number];

export async function startWebSim(options: WebSimOptions = {}): Promise<WebSim> {
  const host = options.host || '127.0.0.1';
  if (host !== '127.0.0.1' && host !== '::1' && host !== 'localhost') throw new Error('the simulator page listens on loopback only, not "' + host + '"');
  const speed = options.speed || 1;
  const seed = options.seed || 1;
  const pushMs = options.pushMs || 250;
  let shape: Shape = options.shape || 'r';
  let lang: Language = options.lang || 'en-US';
  const phoneSettings = new SettingsStorage();
  let sys: SimSystem = await startSystem({ speed, seed, shape, phoneSettings, locale: lang, bleCuff: true });
  // The phone's Settings App page, on the same settings storage as the side service.
  const settingsPanel = await openSettingsPanel(phoneSettings);
  let motion: 'model' | 'keyboard' | 'trace' = options.trace ? 'trace' : 'model';
  let keyboard: KeyboardWrist | null = null;
  let restarting: Promise<void> | null = null;
  let history: Record<string, Point[]> = {};
  /** What the watch's heart-rate sensor measured in the last minute (null: a 0, the watch loose). */
  let heartHistory: Array<[number, number | null]> = [];
  let heartSeen = 0;
  let lastSeq = 0;
  let controllerState: Record<string, unknown> | null = null;
  let controllerError: string | null = null;
  const startedAt = Date.now();

  function applyMotion(): void {
    if (motion === 'keyboard') {
      sys.trainee.stop();
      if (!keyboard) keyboard = new KeyboardWrist(sys.watch, sys.clock, sys.trainee.rateHz, seed + 100);
      keyboard.start();
    } else {
      if (keyboard) keyboard.stop();
      keyboard = null;
      sys.trainee.start();
    }
  }
  if (options.trace) sys.trainee.replay(options.trace);

  async function pollController(): Promise<void> {
    const c = sys.controller;
    if (!c) return;
    try {
      const res = await fetch(c.url + '/v1/sim/state', { headers: { authorization: 'Bearer ' + sys.token }, signal: AbortSignal.timeout(2000) });
      if (res.status !== 200) throw new Error('HTTP ' + res.status);
      const body = (await res.json()) as { tMs: number; readings: Array<{ seq: number; cuffId: string; tMs: number; pressureMmHg: number }> } & Record<string, unknown>;
      if (sys.controller !== c) return; // restarted meanwhile
      for (const r of body.readings) {
        if (r.seq <= lastSeq) continue;
        (history[r.cuffId] = history[r.cuffId] || []).push([r.tMs, Math.round(r.pressureMmHg * 10) / 10]);
      }
      if (body.readings.length) lastSeq = Math.max(lastSeq, body.readings[body.readings.length - 1].seq);
      for (const id of Object.keys(history)) {
        const h = history[id];
        let cut = 0;
        while (cut < h.length && h[cut][0] < body.tMs - HISTORY_MS) cut++;
        if (cut) h.splice(0, cut);
      }
      const { readings: _r, ...rest } = body;
      controllerState = rest;
      controllerError = null;
    } catch (e) {
      if (sys.controller !== c) return; // the old controller, closed by a restart
      controllerError = e instanceof Error ? e.message : String(e);
    }
  }
  /** The latest measurement, when there was one since the last look (the page plots heart rate). */
  function pollHeart(): void {
    const h = sys.watch.device.heart;
    const now = sys.clock.now();
    if (h.measurements !== heartSeen) {
      heartSeen = h.measurements;
      heartHistory.push([now, h.current > 0 ? h.current : null]);
    }
    let cut = 0;
    while (cut < heartHistory.length && heartHistory[cut][0] < now - HISTORY_MS) cut++;
    if (cut) heartHistory.splice(0, cut);
  }
  let polling = false;
  const poller = setInterval(() => {
    if (polling || restarting) return;
    pollHeart();
    polling = true;
    pollController().finally(() => { polling = false; });
  }, 200);

  function watchNodes() {
    return sys.watch.device.ui.visible().map((n) => ({
      id: n.id,
      type: n.type,
      parent: n.parent ? n.parent.id : null,
      clickable: n.type === 'BUTTON' || !!(n.listeners[uiEvent.CLICK_UP] && n.listeners[uiEvent.CLICK_UP].length) || typeof n.props.click_func === 'function',
      props: drawableProps(n.props),
    }));
  }

  function buildState() {
    const w = sys.watch;
    const screen = SCREENS[shape];
    const vib = w.device.vibrations;
    const phone = sys.side.debugState();
    return {
      v: 1,
      wallMs: Date.now() - startedAt,
      simMs: sys.clock.now(),
      speed,
      seed,
      motion,
      trace: options.traceName || null,
      keyboardReps: keyboard ? keyboard.reps : 0,
      restarting: !!restarting,
      screen: { shape: shape === 'r' ? 'round' : 'square', width: screen.width, height: screen.height },
      lang,
      languages: LANGUAGES,
      watch: {
        url: w.currentUrl,
        running: w.running,
        screenOn: w.screenOn,
        // The page scroll (a page taller than the screen scrolls, as on the watch).
        scrollY: w.device.scrollY,
        contentHeight: w.running ? w.device.contentHeight() : screen.height,
        nodes: w.running ? watchNodes() : [],
        vibrations: vib.slice(-8).map((v) => ({ tMs: v.tMs, mode: v.mode, name: VIBRATOR_SCENE_NAMES[v.mode] || String(v.mode) })),
        vibrationCount: vib.length,
        toasts: w.device.toasts.slice(-3),
        errors: w.errors.length,
        lastError: w.errors.length ? String(w.errors[w.errors.length - 1]).slice(0, 200) : null,
      },
      session: activePhase(sys),
      heart: { tMs: sys.clock.now(), history: heartHistory },
      phone: phone ? { ...phone, running: sys.side.running, logs: sys.side.logs.slice(-6) } : null,
      bleCuff: bleCuffState(),
      controller: controllerState ? { ...controllerState, url: sys.controller ? sys.controller.url : null, error: controllerError, history } : { error: controllerError, history },
    };
  }

  /** The Bluetooth cuff in range: what its gauge and valve show. */
  function bleCuffState(): Record<string, unknown> | null {
    const c = sys.bleCentral ? sys.bleCentral.peripherals[0] : null;
    if (!c) return null;
    return { name: c.name, address: c.address, connected: c.connected, pressureMmHg: Math.round(c.pressureMmHg * 10) / 10, valveOpen: c.valveOpen, faults: { ...c.faults }, framesSent: c.framesSent };
  }

  function statusLine(): string {
    const p = activePhase(sys);
    const page = sys.watch.currentUrl ? sys.watch.currentUrl.replace(/^page\//, '').replace(/\/index\.page$/, '') : 'not running';
    const phase = p ? (p.status === 'running' || p.status === 'paused' ? p.kind + ' ' + p.set + '/' + p.sets + (p.status === 'paused' ? ' (paused)' : '') : p.status) : 'no session';
    const st = sys.side.debugState() as { phone?: { controller?: string }; sessions?: unknown[] } | null;
    const link = st && st.phone ? st.phone.controller : '?';
    return url + '  x' + speed + '  watch: ' + page + '  session: ' + phase + '  controller: ' + link + '  sessions on phone: ' + (st && st.sessions ? st.sessions.length : 0);
  }

  async function restart(newShape: Shape, newLang: Language = lang): Promise<void> {
    if (restarting) return restarting;
    restarting = (async () => {
      if (keyboard) keyboard.stop();
      keyboard = null;
      await sys.stop();
      // Keep the phone (its session history); it gets the new controller's address.
      phoneSettings.removeItem('controller');
      shape = newShape;
      lang = newLang;
      history = {};
      heartHistory = [];
      heartSeen = 0;
      lastSeq = 0;
      controllerState = null;
      controllerError = null;
      sys = await startSystem({ speed, seed, shape, phoneSettings, locale: lang, bleCuff: true });
      if (options.trace) sys.trainee.replay(options.trace);
      if (motion === 'keyboard') applyMotion();
    })().finally(() => { restarting = null; });
    return restarting;
  }

  function exportSession(id: string, format: string): { type: string; body: Buffer | string; name: string } {
    const record = createSessionInbox(readOnlyPhoneStore(sys.side.settings)).get(id);
    if (!record) throw new HttpError(404, 'no session "' + id + '" on the phone');
    const name = 'bfr-' + record.programId + '-' + id + '.' + format;
    if (format === 'csv') return { type: 'text/csv; charset=utf-8', body: sessionToCsv(record), name };
    if (format === 'json') return { type: 'application/json; charset=utf-8', body: sessionToJson(record), name };
    const fit = sessionToFit(record);
    return { type: 'application/vnd.ant.fit', body: Buffer.from(fit.buffer, fit.byteOffset, fit.byteLength), name };
  }

  async function readJson(req: http.IncomingMessage): Promise<unknown> {
    const type = String(req.headers['content-type'] || '');
    // A JSON content type also keeps other sites' plain form posts out.
    if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'send the body as application/json');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) throw new HttpError(413, 'body larger than ' + MAX_BODY + ' bytes');
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8').trim();
    if (!text) return {};
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new HttpError(400, 'body is not JSON: ' + (e instanceof Error ? e.message : String(e)));
    }
  }

  async function post(pathname: string, body: unknown): Promise<unknown> {
    if (restarting && pathname !== '/api/shape' && pathname !== '/api/lang') await restarting;
    switch (pathname) {
      case '/api/tap': {
        const { id } = parseBody(tapSchema, body);
        try {
          await sys.watch.tapById(id);
        } catch (e) {
          throw new HttpError(409, e instanceof Error ? e.message : String(e));
        }
        return { ok: true, url: sys.watch.currentUrl };
      }
      case '/api/swipe-back': {
        parseBody(emptySchema, body);
        if (!sys.watch.running) throw new HttpError(409, 'the watch app is not running');
        const swallowed = await sys.watch.swipeBack();
        return { ok: true, swallowed, url: sys.watch.currentUrl };
      }
      case '/api/scroll': {
        const { dy } = parseBody(scrollSchema, body);
        try {
          return { ok: true, scrollY: sys.watch.scroll(dy) };
        } catch (e) {
          throw new HttpError(409, e instanceof Error ? e.message : String(e));
        }
      }
      case '/api/key': {
        const { key } = parseBody(keySchema, body);
        try {
          const swallowed = await sys.watch.pressKey(key === 'back' ? KEY.BACK : KEY.HOME);
          return { ok: true, swallowed, url: sys.watch.currentUrl };
        } catch (e) {
          throw new HttpError(409, e instanceof Error ? e.message : String(e));
        }
      }
      case '/api/shape': {
        const { shape: s } = parseBody(shapeSchema, body);
        const want: Shape = s === 'round' ? 'r' : 's';
        if (want !== shape) await restart(want);
        return { ok: true, shape: s };
      }
      case '/api/lang': {
        const { lang: l } = parseBody(langSchema, body);
        if (l !== lang) await restart(shape, l);
        return { ok: true, lang: l };
      }
      case '/api/faults': {
        const patch = parseBody(faultsSchema, body);
        if (!sys.controller) throw new HttpError(409, 'no controller');
        try {
          return { ok: true, faults: sys.controller.setFaults(patch) };
        } catch (e) {
          throw new HttpError(400, e instanceof Error ? e.message : String(e));
        }
      }
      case '/api/motion': {
        const { mode } = parseBody(motionSchema, body);
        if (mode === 'model' && options.trace) {
          motion = 'trace';
          if (keyboard) keyboard.stop();
          keyboard = null;
          sys.trainee.start();
        } else {
          motion = mode;
          applyMotion();
        }
        return { ok: true, motion };
      }
      case '/api/rep': {
        parseBody(emptySchema, body);
        if (motion !== 'keyboard') {
          motion = 'keyboard';
          applyMotion();
        }
        (keyboard as KeyboardWrist | null)?.rep();
        return { ok: true, reps: keyboard ? keyboard.reps : 0 };
      }
      case '/api/relaunch': {
        const { kill } = parseBody(relaunchSchema, body);
        if (sys.watch.running) {
          if (kill) sys.watch.kill();
          else sys.watch.exit();
        }
        await sys.watch.launch();
        return { ok: true, url: sys.watch.currentUrl };
      }
      case '/api/ble-cuff': {
        const cmd = parseBody(bleCuffSchema, body);
        const c = sys.bleCentral ? sys.bleCentral.peripherals[0] : null;
        if (!c) throw new HttpError(409, 'no Bluetooth cuff');
        if ('action' in cmd) {
          if (cmd.action === 'pump') pump(c, 1);
          else setValve(c, cmd.action === 'open');
        } else {
          c.faults[cmd.fault] = cmd.on;
        }
        return { ok: true, bleCuff: bleCuffState() };
      }
      default:
        throw new HttpError(404, 'no route POST ' + pathname);
    }
  }

  const clients = new Set<http.ServerResponse>();
  let port = 0;
  let url = '';

  function allowedHost(req: http.IncomingMessage): boolean {
    // DNS rebinding: only answer to the loopback names we listen on.
    const h = String(req.headers.host || '');
    return h === '127.0.0.1:' + port || h === 'localhost:' + port || h === '[::1]:' + port;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method || 'GET';
    const u = new URL(req.url || '/', 'http://sim.local');
    const send = (status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) => {
      if (res.writableEnded || res.destroyed) return;
      const isText = typeof body === 'string' || Buffer.isBuffer(body);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
      res.end(isText ? (body as string | Buffer) : JSON.stringify(body));
    };
    try {
      if (!allowedHost(req)) throw new HttpError(403, 'unexpected Host header');
      if (method === 'GET' && Object.prototype.hasOwnProperty.call(STATIC, u.pathname)) {
        const s = STATIC[u.pathname];
        return send(200, fs.readFileSync(path.join(PUBLIC_DIR, s.file)), { 'content-type': s.type });
      }
      if (method === 'GET' && u.pathname === '/api/state') {
        if (restarting) await restarting;
        return send(200, buildState());
      }
      if (method === 'GET' && u.pathname === '/api/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write('retry: 1000\n\n');
        clients.add(res);
        req.on('close', () => clients.delete(res));
        if (!restarting) res.write('data: ' + JSON.stringify(buildState()) + '\n\n');
        return;
      }
      if (method === 'GET' && u.pathname === '/api/settings') return send(200, settingsPanel.state());
      if (method === 'POST' && u.pathname === '/api/settings') {
        const act = parseBody(settingsActSchema, await readJson(req));
        try {
          return send(200, settingsPanel.act(act));
        } catch (e) {
          throw new HttpError((e as { status?: number }).status || 400, e instanceof Error ? e.message : String(e));
        }
      }
      const m = exportPath.exec(u.pathname);
      if (method === 'GET' && m) {
        const out = exportSession(m[1], m[2]);
        return send(200, out.body, { 'content-type': out.type, 'content-disposition': 'attachment; filename="' + out.name + '"' });
      }
      if (method === 'GET' && u.pathname === '/favicon.ico') return send(204, '');
      if (method === 'POST' && u.pathname.startsWith('/api/')) {
        const body = await readJson(req);
        return send(200, await post(u.pathname, body));
      }
      throw new HttpError(u.pathname.startsWith('/api/') || STATIC[u.pathname] ? 405 : 404, 'no route ' + method + ' ' + u.pathname);
    } catch (e) {
      if (e instanceof HttpError) send(e.status, { error: e.message });
      else send(500, { error: e instanceof Error ? e.message : String(e) });
    }
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => { if (!res.destroyed) res.destroy(); });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port === undefined ? 8080 : options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (e) => {
    clearInterval(poller);
    settingsPanel.close();
    await sys.stop();
    throw e;
  });
  port = (server.address() as AddressInfo).port;
  url = 'http://' + (host === '::1' ? '[::1]' : host === 'localhost' ? 'localhost' : '127.0.0.1') + ':' + port;

  const pusher = setInterval(() => {
    if (!clients.size || restarting) return;
    let data: string;
    try {
      data = 'data: ' + JSON.stringify(buildState()) + '\n\n';
    } catch (e) {
      return;
    }
    for (const c of clients) c.write(data);
  }, pushMs);

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    system: () => sys,
    statusLine,
    close() {
      if (!closing) {
        closing = (async () => {
          clearInterval(pusher);
          clearInterval(poller);
          settingsPanel.close();
          for (const c of clients) c.end();
          clients.clear();
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          });
          if (restarting) await restarting;
          if (keyboard) keyboard.stop();
          // Deflate before the controller goes away, as a real one does when switched off.
          if (sys.controller) {
            try {
              sys.controller.sync();
              deflateAll(sys.controller.model);
            } catch (e) {
              // a stuck valve stays stuck; the process ends anyway
            }
          }
          await sys.stop();
        })();
      }
      return closing;
    },
  };
}
