// The `npm start` page's phone panel: the real settings page, drawn from /api/settings and
// operated through POST /api/settings, as the page's script (sim/web/public/settingsPanel.js)
// does when a person clicks and types.
import * as http from 'node:http';
import { startWebSim, type WebSim } from '../../sim/web/server';
import type { DrawnNode } from '../../sim/settings/runtime';

function request(url: string, method: string, body?: unknown): Promise<{ status: number; text: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode || 0, text: Buffer.concat(chunks).toString('utf8'), type: String(res.headers['content-type'] || '') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

function label(n: DrawnNode): string {
  if (typeof n.props.label === 'string') return n.props.label;
  if (typeof n.props.title === 'string') return n.props.title;
  return n.children.filter((c) => c.type === '#text').map((c) => c.text).join('');
}
function all(n: DrawnNode): DrawnNode[] {
  return [n].concat(...n.children.map(all));
}
function section(tree: DrawnNode, title: string): DrawnNode {
  return all(tree).find((n) => n.type === 'Section' && n.props.title === title)!;
}

describe('the phone panel of the simulator page shows the real settings page', () => {
  let sim: WebSim;
  beforeAll(async () => {
    sim = await startWebSim({ port: 0, speed: 5, seed: 2 });
  });
  afterAll(async () => {
    await sim.close();
  });
  const tree = async (): Promise<DrawnNode> => {
    const r = await request(sim.url + '/api/settings', 'GET');
    expect(r.status).toBe(200);
    const body = JSON.parse(r.text) as { tree: DrawnNode; errors: string[] };
    expect(body.errors).toEqual([]);
    return body.tree;
  };

  it('serves the panel script and draws the settings page with the controller the phone uses', async () => {
    expect((await request(sim.url + '/', 'GET')).text).toContain('id="settings-page"');
    expect((await request(sim.url + '/settingsPanel.js', 'GET')).type).toMatch(/javascript/);
    const ctl = section(await tree(), 'Cuff controller');
    const address = all(ctl).find((n) => n.type === 'TextInput' && label(n) === 'Address')!;
    expect(address.props.value).toBe(sim.system().controller!.url);
    expect(address.accepts).toEqual(['change']);
    const t0 = Date.now();
    while (!all(section(await tree(), 'Cuff controller')).some((n) => label(n) === 'Status: connected')) {
      if (Date.now() - t0 > 30000) throw new Error('the page never said connected');
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('typing a bad address shows the message under it and leaves the phone connected; a stale id is refused', async () => {
    const before = sim.system().side.settings.getItem('controller');
    const address = all(section(await tree(), 'Cuff controller')).find((n) => n.type === 'TextInput' && label(n) === 'Address')!;
    const bad = 'http://admin:pw@127.0.0.1:9';
    const r = await request(sim.url + '/api/settings', 'POST', { id: address.id, type: 'TextInput', label: 'Address', kind: 'change', value: bad });
    expect(r.status).toBe(200);
    const ctl = section(await tree(), 'Cuff controller');
    const i = ctl.children.findIndex((n) => n.type === 'TextInput' && label(n) === 'Address');
    expect(ctl.children[i].props.value).toBe(bad);
    expect(label(ctl.children[i + 1])).toMatch(/must not contain a user name or password/);
    expect(sim.system().side.settings.getItem('controller')).toBe(before);

    const stale = await request(sim.url + '/api/settings', 'POST', { id: address.id, type: 'Button', label: 'Address', kind: 'click' });
    expect(stale.status).toBe(409);
    const junk = await request(sim.url + '/api/settings', 'POST', { id: '../x', type: 'Button', label: '', kind: 'click' });
    expect(junk.status).toBe(400);

    // Putting it right clears the message.
    await request(sim.url + '/api/settings', 'POST', { id: address.id, type: 'TextInput', label: 'Address', kind: 'change', value: sim.system().controller!.url });
    const fixed = section(await tree(), 'Cuff controller');
    expect(all(fixed).some((n) => /user name or password/.test(label(n)))).toBe(false);
  });
});
