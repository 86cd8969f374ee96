// The phone settings page in the trainee's language: chosen on the page (the Settings App API
// gives the page no language), every fixed text of the page from companion/setting/i18n.ts.
import { SettingsApp } from '../../sim/settings/runtime';
import { SettingsStorage } from '../../sim/zepp/sideRuntime';
import { LANGUAGES, LANG_KEY, SETTINGS_TEXT_KEYS, settingsText } from '../../companion/setting/i18n';

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
