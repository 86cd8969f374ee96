// The phone settings page in the trainee's language: chosen on the page (the Settings App API
// gives the page no language), every fixed text of the page from companion/setting/i18n.ts.
import { SettingsApp } from '../../sim/settings/runtime';
import { SettingsStorage } from '../../sim/zepp/sideRuntime';
import { LANGUAGES, LANGUAGE_NAMES, LANG_KEY, SETTINGS_TEXT_KEYS, settingsText, tr, type Language } from '../../companion/setting/i18n';
import { createSessionInbox } from '../../companion/sessionInbox';
import { settingsStoreFrom } from '../../companion/settingsStore';
import { makeRecord, push } from '../companion/fixtures';
import { UPLOAD_ENDPOINT_KEY } from '../../companion/uploader';

const apps: SettingsApp[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.close();
});

async function page(setup?: (s: SettingsStorage) => void): Promise<{ app: SettingsApp; storage: SettingsStorage }> {
  const storage = new SettingsStorage();
  if (setup) setup(storage);
  const app = await SettingsApp.open({ storage });
  apps.push(app);
  return { app, storage };
}

describe('settings page languages', () => {
  it('every text of the table has all four languages, none empty, the English first', () => {
    expect(SETTINGS_TEXT_KEYS.length).toBeGreaterThan(40);
    for (const key of SETTINGS_TEXT_KEYS) {
      const row = settingsText(key)!;
      expect(row).toHaveLength(LANGUAGES.length);
      expect(row[0]).toBe(key);
      for (const v of row) expect(v.trim()).not.toBe('');
      // the same %s slots in every language
      for (const v of row) expect(v.split('%s').length).toBe(key.split('%s').length);
    }
  });

  it('English until a language is chosen; choosing Deutsch redraws the page in German', async () => {
    const { app, storage } = await page();
    expect(app.texts()).toEqual(expect.arrayContaining(['Cuff controller', 'Health questions', 'Status: not answered (answer them on the watch)']));
    app.select('Language', 'de-DE');
    await new Promise((r) => setImmediate(r));
    app.refresh();
    expect(storage.getItem(LANG_KEY)).toBe('de-DE');
    const texts = app.texts();
    expect(texts).toEqual(expect.arrayContaining(['Manschetten-Steuergerät', 'Gesundheitsfragen', 'Status: nicht beantwortet (auf der Uhr beantworten)', 'Noch keine Einheiten']));
    // No English left from the page's own texts (where German differs).
    const english = SETTINGS_TEXT_KEYS.filter((k) => k.indexOf('%s') < 0 && settingsText(k)![1] !== k);
    expect(texts.filter((t) => english.indexOf(t) >= 0)).toEqual([]);
  });

  it('Chinese and Spanish too; an unknown stored language is English', async () => {
    const zh = await page((s) => s.setItem(LANG_KEY, 'zh-CN'));
    expect(zh.app.texts()).toEqual(expect.arrayContaining(['袖带控制器', '健康问题']));
    const es = await page((s) => s.setItem(LANG_KEY, 'es-ES'));
    expect(es.app.texts()).toEqual(expect.arrayContaining(['Controlador de manguitos', 'Preguntas de salud']));
    const bad = await page((s) => s.setItem(LANG_KEY, 'xx'));
    expect(bad.app.texts()).toContain('Cuff controller');
  });
});

// Every state of the page in every language: no English word a person could read, except
// names (products, formats, units, "LOP") and what the person typed. "English" is what the
// same page shows in en-US: a word of it on a German page that the German column of the table
// does not use itself (as "Token" or "Status") is an untranslated text.
describe('settings page: no English left in any language', () => {
  const ALLOWED = new Set(['LOP', 'FIT', 'CSV', 'JSON', 'mmHg', 'bpm', 'cm', 'http', 'https', 'localhost', 'Garmin', 'Connect', 'Strava',
    'POST', 'Bearer', 'Tanaka', 'URL', 'user', 'pw', 'example', 'controller', 'com', 'bfr', 'sessions', 'English']);
  const TOKEN = 'sec-7f2Qz';
  const cuffs = [
    { cuffId: 'leg', limb: 'leg', side: 'right', widthCm: 11, lopMmHg: null, lopMeasuredAtMs: null },
    { cuffId: 'arm', limb: 'arm', side: 'left', widthCm: 5, lopMmHg: 150, lopMeasuredAtMs: 1 },
  ];
  // Latin-script words only: a Chinese run can't be English, an English word next to it still counts.
  const words = (texts: string[]) => texts.join(' ').match(/\p{Script=Latin}{2,}/gu) || [];

  /** Each state: how to set up storage, then what a person does on the page. */
  const STATES: Array<[string, (s: SettingsStorage) => void, (app: SettingsApp) => void]> = [
    ['fresh', () => undefined, () => undefined],
    ['a host name over http, then a good address waiting for its token', () => undefined, (app) => {
      app.type(app.nodes().filter((n) => n.type === 'TextInput')[0], 'http://printer.lan:8123');
      out.push(...app.texts());
      app.type(app.nodes().filter((n) => n.type === 'TextInput')[0], 'https://192.168.1.20:8123');
    }],
    ['every address and token refusal', () => undefined, () => undefined],
    ['cuffs, a session with alarms, a status with detail, plain http, an upload refused', (s) => {
      s.setItem('cuffs', JSON.stringify(cuffs));
      s.setItem('controller', JSON.stringify({ url: 'http://192.168.1.20:8123', token: TOKEN }));
      s.setItem('controller:status', JSON.stringify({ state: 'unreachable', detail: 'connect ECONNREFUSED timed out' }));
      s.setItem('export:result', JSON.stringify({ ok: false, error: 'no such session' }));
      const record = makeRecord({ kind: 'walk', id: 'w1' });
      record.alarms.push({ kind: 'linkLost', atMs: record.startedAtMs + 1000, message: 'Phone link lost: cuffs released' } as never);
      expect(createSessionInbox(settingsStoreFrom(s as never)).receive(push(record)).stored).toBe(true);
    }, () => undefined],
    ['saved values the rules refuse, a pending token, bad LOP and age', (s) => {
      s.setItem('cuffs', JSON.stringify(cuffs));
      s.setItem(UPLOAD_ENDPOINT_KEY, JSON.stringify({ url: 'ftp://x', token: 'a b' }));
      s.setItem('screening', '{not json'); // a problem: English details on the English page only
    }, (app) => {
      const inputs = app.nodes().filter((n) => n.type === 'TextInput');
      app.type(inputs[1], TOKEN); // the controller token, address still missing: a hint
      app.type(app.nodes().filter((n) => n.type === 'TextInput')[2], '12'); // a LOP out of range
      app.type(app.nodes().filter((n) => n.type === 'TextInput')[4], '7'); // an age out of range
    }],
  ];

  async function render(lang: Language, setup: (s: SettingsStorage) => void, act: (app: SettingsApp) => void, typed: string[]): Promise<string[]> {
    const { app } = await page((s) => {
      s.setItem(LANG_KEY, lang);
      setup(s);
    });
    act(app);
    if (typed.length) {
      // Type each refused value into the controller's address (and a bad token) in turn.
      for (const v of typed) {
        app.type(app.nodes().filter((n) => n.type === 'TextInput')[0], v);
        out.push(...app.texts());
      }
      app.type(app.nodes().filter((n) => n.type === 'TextInput')[1], 'a b' + TOKEN);
    }
    expect(app.errors).toEqual([]);
    const options = app.nodes().filter((n) => n.type === 'Select')
      .flatMap((n) => (n.props.options as Array<{ name: string }>).map((o) => o.name));
    return out.splice(0).concat(app.texts(), options);
  }
  const out: string[] = [];
  const REFUSED = ['', 'x'.repeat(201), 'https://a b', 'ftp://x', 'https://u:p@h.lan', 'https://h_h', 'https://h.lan:0', 'https://.h', 'http://h.lan'];
  // What the person typed is shown back as typed (in the field, and a host in its message).
  for (const w of words(REFUSED.concat('http://printer.lan:8123'))) ALLOWED.add(w);
  // The language choice names each language in itself.
  for (const w of words(Object.values(LANGUAGE_NAMES))) ALLOWED.add(w);

  for (const [name, setup, act] of STATES) {
    it(name, async () => {
      const typed = name === 'every address and token refusal' ? REFUSED : [];
      const en = await render('en-US', setup, act, typed);
      if (name.startsWith('saved values')) expect(en.filter((t) => /^screening: |saved address is not used|^The saved token/.test(t))).toHaveLength(3);
      if (name.startsWith('cuffs')) expect(en.filter((t) => /^Sets: 5 · .*Alarms: 2$|Export failed: no such session|unreachable \(connect|^Plain HTTP|\(saved address|^Walk intervals/.test(t)).length).toBeGreaterThanOrEqual(4);
      const english = new Set(words(en));
      for (const lang of LANGUAGES) {
        if (lang === 'en-US') continue;
        const texts = await render(lang, setup, act, typed);
        // Words the language itself uses (from its column) and names are fine.
        const own = new Set(words(SETTINGS_TEXT_KEYS.map((k) => settingsText(k)![LANGUAGES.indexOf(lang)])));
        const left = texts.filter((t) => words([t]).some((w) => english.has(w) && !own.has(w) && !ALLOWED.has(w)));
        expect({ lang, left }).toEqual({ lang, left: [] });
        // The page changed language at all, and the token is never shown.
        expect(texts.filter((t) => en.indexOf(t) < 0).length).toBeGreaterThan(5);
        for (const t of texts.concat(en)) expect(t).not.toContain(TOKEN);
      }
    });
  }

  it('the check finds an English message left on a German page', async () => {
    const en = await render('en-US', () => undefined, () => undefined, ['']);
    expect(en).toContain('Address is empty');
    const own = new Set(words(SETTINGS_TEXT_KEYS.map((k) => settingsText(k)![1])));
    const leftover = words(['Address is empty']).filter((w) => new Set(words(en)).has(w) && !own.has(w) && !ALLOWED.has(w));
    expect(leftover).toEqual(['Address', 'is', 'empty']);
    expect(tr('de-DE', '%s is empty', tr('de-DE', 'Address'))).toBe('Adresse ist leer');
  });
});
