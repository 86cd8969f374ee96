// The real Settings page (companion/setting/index.ts, bundled as the build does) in the Settings
// App runtime for Node (sim/settings/runtime.ts), driven as a person drives it, next to the real
// side service (the companion bundle in the side-service runtime) and the controller simulator
// on a loopback port. They share one settings storage, as on the phone.
import { SettingsApp, type SettingsNode } from '../../sim/settings/runtime';
import { SettingsStorage, SimSideService } from '../../sim/zepp/sideRuntime';
import { BleLink } from '../../sim/zepp/bleLink';
import { ScaledClock } from '../../sim/clock';
import { startControllerServer, type ControllerServer } from '../../sim/controller/server';
import { createSessionInbox, SESSION_INDEX_KEY } from '../../companion/sessionInbox';
import { settingsStoreFrom } from '../../companion/settingsStore';
import { FORM_KEY } from '../../companion/settingsView';
import { makeRecord, push } from '../companion/fixtures';

const TOKEN = 'tok-3c9f1a';

interface Phone {
  storage: SettingsStorage;
  side: SimSideService;
  app: SettingsApp;
  controller: ControllerServer;
  clock: ScaledClock;
  close(): Promise<void>;
}

const open: Phone[] = [];
afterEach(async () => {
  for (const p of open.splice(0)) await p.close();
});

/** A phone fresh from install (empty settings storage) and a controller on the network. */
async function freshPhone(setup?: (storage: SettingsStorage) => void): Promise<Phone> {
  const clock = new ScaledClock(1);
  const controller = await startControllerServer({ token: TOKEN, port: 0, cuffs: ['arm', 'leg'], seed: 3 });
  const storage = new SettingsStorage();
  if (setup) setup(storage);
  const link = new BleLink(clock);
  const side = new SimSideService({ clock, ble: link.phone, settings: storage });
  await side.start();
  const app = await SettingsApp.open({ storage });
  const phone: Phone = {
    storage, side, app, controller, clock,
    async close() {
      app.close();
      side.stop();
      clock.clearAll();
      await controller.close();
    },
  };
  open.push(phone);
  return phone;
}

/** Waits on the real side service and controller (a liveness bound, generous for a busy machine). */
async function until(what: string, check: () => boolean, timeoutMs = 30000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const linkState = (p: Phone) => ((p.side.debugState() || {}) as { phone?: { controller?: string } }).phone?.controller;
const field = (p: Phone, section: string, label: string): SettingsNode => p.app.within(section).find('TextInput', label);
const storedController = (p: Phone) => JSON.parse(p.storage.getItem('controller') || 'null') as { url: string; token: string } | null;
const everythingBut = (storage: SettingsStorage, key: string) => {
  const o = storage.toObject();
  delete o[key];
  return o;
};

describe('Settings page, as a person sets up the phone', () => {
  test('fresh install: type the address, then the token: the phone connects to the controller', async () => {
    const p = await freshPhone();
    expect(p.app.errors).toEqual([]);
    expect(p.app.within('Cuff controller').texts()).toContain('Status: not configured');
    expect(linkState(p)).toBe('notConfigured');

    p.app.type(field(p, 'Cuff controller', 'Address'), p.controller.url);
    // Nothing stored yet (no token), but the address is kept and the page says what is next.
    expect(storedController(p)).toBeNull();
    expect(field(p, 'Cuff controller', 'Address').props.value).toBe(p.controller.url);
    expect(p.app.within('Cuff controller').texts()).toContain('Address kept. Now enter the token to connect.');
    // Plain HTTP to a loopback address is allowed, with the warning right under the address.
    expect(p.app.messageAfter(field(p, 'Cuff controller', 'Address'))).toMatch(/^Plain HTTP: the token and every cuff command travel unencrypted/);

    p.app.type(field(p, 'Cuff controller', 'Token'), TOKEN);
    expect(storedController(p)).toEqual({ url: p.controller.url, token: TOKEN });
    await until('the phone to reach the controller', () => linkState(p) === 'connected');
    await until('the page to say so', () => p.app.within('Cuff controller').texts().indexOf('Status: connected') >= 0);
    expect(p.controller.stats.byStatus['200']).toBeGreaterThan(0);
    expect(p.controller.stats.byStatus['401'] || 0).toBe(0);
    // The token is never drawn again, only that one is saved.
    expect(JSON.stringify(p.app.drawn())).not.toContain(TOKEN);
    expect(field(p, 'Cuff controller', 'Token').props.placeholder).toMatch(/^saved/);
    expect(p.app.errors).toEqual([]);
  });

  test('the other order (token first, then address) connects too', async () => {
    const p = await freshPhone();
    p.app.type(field(p, 'Cuff controller', 'Token'), TOKEN);
    expect(storedController(p)).toBeNull();
    expect(p.app.within('Cuff controller').texts()).toContain('Token kept. Now enter the address to connect.');
    p.app.type(field(p, 'Cuff controller', 'Address'), p.controller.url);
    expect(storedController(p)).toEqual({ url: p.controller.url, token: TOKEN });
    await until('connected', () => linkState(p) === 'connected');
  });

  test('typed one character at a time (onChange per keystroke), it still ends connected', async () => {
    const p = await freshPhone();
    p.app.type(field(p, 'Cuff controller', 'Address'), p.controller.url, { perKeystroke: true });
    p.app.type(field(p, 'Cuff controller', 'Token'), TOKEN, { perKeystroke: true });
    expect(storedController(p)).toEqual({ url: p.controller.url, token: TOKEN });
    await until('connected', () => linkState(p) === 'connected');
    expect(p.app.errors).toEqual([]);
  });

  test('editing one field keeps the other', async () => {
    const p = await freshPhone();
    p.app.type(field(p, 'Cuff controller', 'Address'), p.controller.url);
    p.app.type(field(p, 'Cuff controller', 'Token'), TOKEN);
    await until('connected', () => linkState(p) === 'connected');

    // A new address: the saved token stays, and the phone reconnects there.
    const other = p.controller.url.replace('127.0.0.1', 'localhost');
    p.app.type(field(p, 'Cuff controller', 'Address'), other);
    expect(storedController(p)).toEqual({ url: other, token: TOKEN });
    await until('connected at the new address', () => linkState(p) === 'connected');

    // A new (wrong) token: the address stays; the controller refuses it and the page says so.
    p.app.type(field(p, 'Cuff controller', 'Token'), 'not-the-token');
    expect(storedController(p)).toEqual({ url: other, token: 'not-the-token' });
    await until('unauthorised', () => linkState(p) === 'unauthorised');
    await until('the page to show it', () => p.app.within('Cuff controller').texts().some((t) => /^Status: unauthorised/.test(t)));
    // ... and the watch never sees the token in the reason.
    expect(JSON.stringify(p.side.debugState())).not.toContain('not-the-token');

    p.app.type(field(p, 'Cuff controller', 'Token'), TOKEN);
    expect(storedController(p)).toEqual({ url: other, token: TOKEN });
    await until('connected again', () => linkState(p) === 'connected');
  });

  test.each([
    ['Address', 'http://192.0.2.10:8787', /plain http:\/\/ only to an address on your own network/],
    ['Address', 'http://user:pw@127.0.0.1:8787', /must not contain a user name or password/],
    ['Address', 'ftp://127.0.0.1', /must start with https:\/\//],
    ['Address', 'https://exa mple.com', /spaces or control characters/],
    ['Token', 'two words', /printable characters/],
    ['Token', 'abc\r\nX-Evil: 1', /printable characters/],
  ])('a bad %s (%j): a message right under the field, and nothing stored', async (label, typed, message) => {
    const p = await freshPhone();
    p.app.type(field(p, 'Cuff controller', 'Address'), p.controller.url);
    p.app.type(field(p, 'Cuff controller', 'Token'), TOKEN);
    await until('connected', () => linkState(p) === 'connected');
    const before = everythingBut(p.storage, FORM_KEY);
    const requests = p.controller.stats.requests;

    p.app.type(field(p, 'Cuff controller', label), typed);
    const input = field(p, 'Cuff controller', label);
    expect(p.app.messageAfter(input)).toMatch(message);
    // Stored configuration untouched: only the page's own form state (draft + message) changed.
    expect(everythingBut(p.storage, FORM_KEY)).toEqual(before);
    expect(storedController(p)).toEqual({ url: p.controller.url, token: TOKEN });
    if (label === 'Address') expect(input.props.value).toBe(typed); // what was typed stays, to fix
    else expect(JSON.stringify(p.app.drawn())).not.toContain('X-Evil'); // a token is never drawn
    // The phone stays connected to the controller it had (no reconnect was triggered).
    expect(linkState(p)).toBe('connected');
    expect(p.controller.stats.requests).toBeGreaterThanOrEqual(requests);

    // Correcting it clears the message.
    p.app.type(field(p, 'Cuff controller', label), label === 'Address' ? p.controller.url : TOKEN);
    expect(p.app.messageAfter(field(p, 'Cuff controller', label)) || '').not.toMatch(message);
    expect(p.app.errors).toEqual([]);
  });

  test('LOP typed by hand: a bad one shows a message under it and stores nothing; a good one is stored', async () => {
    const cuffs = [{ cuffId: 'leg', limb: 'leg', side: 'right', widthCm: 11, lopMmHg: null, lopMeasuredAtMs: null }];
    const p = await freshPhone((s) => s.setItem('cuffs', JSON.stringify(cuffs)));
    const lop = () => p.app.within('Cuffs').find('TextInput', /^leg \(leg\): LOP/);
    const before = p.storage.getItem('cuffs');
    p.app.type(lop(), '18');
    expect(p.app.messageAfter(lop())).toBe('LOP must be a whole number of mmHg from 30 to 400');
    expect(p.storage.getItem('cuffs')).toBe(before);
    p.app.type(lop(), '182');
    expect(JSON.parse(p.storage.getItem('cuffs')!)[0].lopMmHg).toBe(182);
    expect(lop().props.label).toBe('leg (leg): LOP 182 mmHg');
    expect(p.app.messageAfter(lop())).toBeNull();
    // The width is a slider: kept within 3-30 cm.
    p.app.slide(p.app.within('Cuffs').find('Slider', /^leg cuff width/), 45);
    expect(JSON.parse(p.storage.getItem('cuffs')!)[0].widthCm).toBe(30);
    expect(p.app.errors).toEqual([]);
  });

  test('exports: the formats offered, one exported to copy, and why FIT is not among them', async () => {
    const p = await freshPhone();
    const record = makeRecord({ kind: 'resistance', id: 'res-export' });
    expect(createSessionInbox(settingsStoreFrom(p.storage)).receive(push(record)).stored).toBe(true);
    await until('the session on the page', () => p.app.texts().some((t) => t.indexOf(record.programName) >= 0));
    const format = p.app.within('Sessions').find('Select', 'Export format');
    expect((format.props.options as Array<{ value: string }>).map((o) => o.value)).toEqual(['csv', 'json']);
    expect(p.app.within('Sessions').texts().some((t) => /^FIT .* is not offered here: the Settings App cannot save files/.test(t))).toBe(true);

    p.app.click(p.app.within('Sessions').find('Button', 'Export CSV'));
    const copyBox = () => p.app.within('Last export').find('TextInput', 'Copy this text');
    await until('the CSV to copy', () => /^session_id,/.test(String(copyBox().props.value)));
    expect(String(copyBox().props.value)).toContain('res-export');

    p.app.select(p.app.within('Sessions').find('Select', 'Export format'), 'json');
    p.app.click(p.app.within('Sessions').find('Button', 'Export JSON'));
    await until('the JSON to copy', () => /"format": "bfr-coach.session"/.test(String(copyBox().props.value)));
    expect(p.app.errors).toEqual([]);
  });

  test('a broken session index (an entry nested 20,000 deep) does not break the page', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20000; i++) deep = [deep];
    const p = await freshPhone((s) => s.setItem(SESSION_INDEX_KEY, '[' + '['.repeat(20000) + '1' + ']'.repeat(20000) + ']'));
    expect(p.app.errors).toEqual([]);
    expect(p.app.texts()).toContain('No sessions yet');
    void deep;
    p.app.type(field(p, 'Cuff controller', 'Address'), p.controller.url);
    p.app.type(field(p, 'Cuff controller', 'Token'), TOKEN);
    await until('connected', () => linkState(p) === 'connected');
    expect(p.app.errors).toEqual([]);
  });
});
