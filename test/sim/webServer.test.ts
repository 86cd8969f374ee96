// The simulator page's HTTP API without a browser: state, taps by widget id, input checks.
import * as http from 'node:http';
import { startWebSim, type WebSim } from '../../sim/web/server';
import { readMessages } from '../../sim/zepp/po';

function request(url: string, method: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode || 0, text: Buffer.concat(chunks).toString('utf8'), type: String(res.headers['content-type'] || '') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
const postJson = (url: string, body: unknown) => request(url, 'POST', typeof body === 'string' ? body : JSON.stringify(body), { 'content-type': 'application/json' });

type State = { watch: { url: string; nodes: Array<{ id: number; type: string; clickable: boolean; props: Record<string, unknown> }> }; screen: { width: number; height: number }; controller: { faults?: { delayMs: number } } };

describe('simulator page server', () => {
  let sim: WebSim;
  beforeAll(async () => {
    sim = await startWebSim({ port: 0, speed: 10, seed: 4 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('the state carries the watch\'s heart-rate readings of the last minute for the plot (a 0 is a gap)', async () => {
    const device = sim.system().watch.device;
    sim.system().trainee.stop(); // its own heart would be measured too
    const listener = () => undefined;
    device.heart.listeners.push(listener); // as the session page's onCurrentChange does
    try {
      device.feedHeartRate(88);
      await new Promise((r) => setTimeout(r, 450)); // the server looks every 200 ms
      device.feedHeartRate(0);
      await new Promise((r) => setTimeout(r, 450));
    } finally {
      device.heart.listeners = device.heart.listeners.filter((f) => f !== listener);
      sim.system().trainee.start();
    }
    const state = JSON.parse((await request(sim.url + '/api/state', 'GET')).text) as { heart: { tMs: number; history: Array<[number, number | null]> } };
    expect(state.heart.history.map((p) => p[1])).toEqual([88, null]);
    expect(state.heart.history[1][0]).toBeGreaterThanOrEqual(state.heart.history[0][0]);
    expect((await request(sim.url + '/', 'GET')).text).toContain('id="hr-chart"');
  });

  it('serves the page, its script and the live state on loopback', async () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await request(sim.url + '/', 'GET');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<svg id="watch"');
    expect((await request(sim.url + '/app.js', 'GET')).type).toMatch(/javascript/);
    const state = JSON.parse((await request(sim.url + '/api/state', 'GET')).text) as State;
    expect(state.screen).toEqual({ shape: 'round', width: 480, height: 480 });
    expect(state.watch.url).toBe('page/home/index.page');
    const walk = state.watch.nodes.find((n) => n.props.text === 'Walk intervals');
    expect(walk && walk.clickable).toBe(true);
    // no functions leak into the JSON
    expect(JSON.stringify(state)).not.toContain('click_func');
    expect(sim.statusLine()).toMatch(/watch: home/);
  });

  it('taps a watch button by widget id', async () => {
    const state = JSON.parse((await request(sim.url + '/api/state', 'GET')).text) as State;
    const walk = state.watch.nodes.find((n) => n.props.text === 'Walk intervals')!;
    const r = await postJson(sim.url + '/api/tap', { id: walk.id });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text).url).toBe('page/precheck/index.page');
    const back = await postJson(sim.url + '/api/swipe-back', {});
    expect(JSON.parse(back.text).url).toBe('page/home/index.page');
  });

  it('scrolls the watch page (wheel and drag) so a button below the screen can be tapped, and presses keys', async () => {
    const state = JSON.parse((await request(sim.url + '/api/state', 'GET')).text) as State & { watch: { scrollY: number; contentHeight: number } };
    expect(state.watch.scrollY).toBe(0);
    expect(state.watch.contentHeight).toBeGreaterThan(state.screen.height);
    const history = state.watch.nodes.find((n) => n.props.text === 'History')!;
    expect((await postJson(sim.url + '/api/tap', { id: history.id })).status).toBe(409); // off the screen
    const scrolled = await postJson(sim.url + '/api/scroll', { dy: 400 });
    expect(JSON.parse(scrolled.text).scrollY).toBe(400);
    const tapped = await postJson(sim.url + '/api/tap', { id: history.id });
    expect(JSON.parse(tapped.text).url).toBe('page/history/index.page');
    const key = await postJson(sim.url + '/api/key', { key: 'back' });
    expect(JSON.parse(key.text)).toEqual({ ok: true, swallowed: false, url: 'page/home/index.page' });
    expect((await postJson(sim.url + '/api/scroll', { dy: 'far' })).status).toBe(400);
    expect((await postJson(sim.url + '/api/key', { key: 'power' })).status).toBe(400);
  });

  it('rejects bad input with a message naming the field', async () => {
    const noButton = await postJson(sim.url + '/api/tap', { id: 99999 });
    expect(noButton.status).toBe(409);
    const badId = await postJson(sim.url + '/api/tap', { id: 'one' });
    expect(badId.status).toBe(400);
    expect(JSON.parse(badId.text).error).toMatch(/^id:/);
    const extra = await postJson(sim.url + '/api/shape', { shape: 'round', colour: 'red' });
    expect(extra.status).toBe(400);
    const badShape = await postJson(sim.url + '/api/shape', { shape: 'oval' });
    expect(JSON.parse(badShape.text).error).toMatch(/^shape:/);
    const badFault = await postJson(sim.url + '/api/faults', { dropRate: 3 });
    expect(badFault.status).toBe(400);
    expect(JSON.parse(badFault.text).error).toMatch(/dropRate/);
    expect((await postJson(sim.url + '/api/tap', '{"id":')).status).toBe(400);
    expect((await request(sim.url + '/api/tap', 'POST', '{"id":1}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await request(sim.url + '/api/state', 'GET', undefined, { host: 'evil.example:80' })).status).toBe(403);
    expect((await request(sim.url + '/api/export/nope.csv', 'GET')).status).toBe(404);
  });

  it('sets controller faults and takes keyboard reps', async () => {
    const r = await postJson(sim.url + '/api/faults', { delayMs: 250 });
    expect(JSON.parse(r.text).faults.delayMs).toBe(250);
    expect(sim.system().controller!.faults.delayMs).toBe(250);
    await postJson(sim.url + '/api/faults', { delayMs: 0 });
    const rep = await postJson(sim.url + '/api/rep', {});
    expect(JSON.parse(rep.text)).toEqual({ ok: true, reps: 1 });
    const model = await postJson(sim.url + '/api/motion', { mode: 'model' });
    expect(JSON.parse(model.text).motion).toBe('model');
  });

  it('relaunches the watch and restarts on the square screen', async () => {
    const r = await postJson(sim.url + '/api/relaunch', { kill: true });
    expect(JSON.parse(r.text).url).toBe('page/home/index.page');
    const s = await postJson(sim.url + '/api/shape', { shape: 'square' });
    expect(s.status).toBe(200);
    const state = JSON.parse((await request(sim.url + '/api/state', 'GET')).text) as State;
    expect(state.screen).toEqual({ shape: 'square', width: 390, height: 450 });
    expect(sim.system().watch.shape).toBe('s');
  });

  it('switches the watch language (the system restarts with the watch reading that catalog)', async () => {
    const bad = await postJson(sim.url + '/api/lang', { lang: 'fr-FR' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toMatch(/^lang:/);
    const r = await postJson(sim.url + '/api/lang', { lang: 'de-DE' });
    expect(JSON.parse(r.text)).toEqual({ ok: true, lang: 'de-DE' });
    const state = JSON.parse((await request(sim.url + '/api/state', 'GET')).text) as State & { lang: string };
    expect(state.lang).toBe('de-DE');
    // The home page in German, from the de-DE catalog.
    expect(state.watch.nodes.map((n) => n.props.text)).toEqual(expect.arrayContaining([readMessages('de-DE').history, readMessages('de-DE').quickSession]));
    await postJson(sim.url + '/api/lang', { lang: 'en-US' });
  });
});
