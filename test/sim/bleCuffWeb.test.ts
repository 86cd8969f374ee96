// The `npm start` page's Bluetooth cuff: a pump button, a release valve and its faults, over the
// page's HTTP API (no browser), with bad bodies refused by name.
import * as http from 'node:http';
import { startWebSim, type WebSim } from '../../sim/web/server';

function request(url: string, method: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode || 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
type Cuff = { name: string; pressureMmHg: number; valveOpen: boolean; faults: Record<string, boolean> };
const post = async (sim: WebSim, body: unknown) => request(sim.url + '/api/ble-cuff', 'POST', JSON.stringify(body));

describe('simulator page: Bluetooth cuff', () => {
  let sim: WebSim;
  beforeAll(async () => {
    sim = await startWebSim({ port: 0, speed: 10, seed: 2 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('the page has the panel; the state names the cuff in range', async () => {
    expect((await request(sim.url + '/', 'GET')).text).toContain('id="ble-cuff-pump"');
    const state = JSON.parse((await request(sim.url + '/api/state', 'GET')).text) as { bleCuff: Cuff };
    expect(state.bleCuff.name).toBe('BFR Cuff');
    expect(state.bleCuff.pressureMmHg).toBe(0);
  });

  it('pump raises the pressure, the valve lets it out, faults switch on and off', async () => {
    for (let i = 0; i < 3; i++) expect((await post(sim, { action: 'pump' })).status).toBe(200);
    const up = JSON.parse((await post(sim, { fault: 'nan', on: true })).text).bleCuff as Cuff;
    expect(up.pressureMmHg).toBeGreaterThan(50);
    expect(up.faults.nan).toBe(true);
    const open = JSON.parse((await post(sim, { action: 'open' })).text).bleCuff as Cuff;
    expect(open.valveOpen).toBe(true);
    expect(JSON.parse((await post(sim, { fault: 'nan', on: false })).text).bleCuff.faults.nan).toBe(false);
  });

  it('refuses a body it does not know', async () => {
    expect((await post(sim, { action: 'explode' })).status).toBe(400);
    expect((await post(sim, { fault: 'smoke', on: true })).status).toBe(400);
  });
});
