// The Fitbit settings page (fitbit/settings/index.tsx, bundled as the build bundles it) drawn in
// each phone language: every text a person reads (titles, descriptions, labels, options, notes)
// is in that language; no English word is left outside names and units. The phone's language
// comes from `user-settings` locale.language, as the SDK's settings gettext takes it.
import { allTexts, LANGUAGES, languageOf } from '../../fitbit/settings/i18n';
import { UI_KEYS } from '../../fitbit/settings/compose';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundleFitbit } = require('../../scripts/buildFitbit.js') as {
  bundleFitbit: (component: 'settings', opts: { format: 'cjs' }) => Promise<string>;
};

interface El { type: string; props: Record<string, unknown>; children: unknown[] }
const COMPONENTS = ['Page', 'Section', 'Text', 'TextInput', 'Select', 'Toggle', 'Button', 'Slider', 'Link', 'TextImageRow'];

let code = '';
beforeAll(async () => {
  code = await bundleFitbit('settings', { format: 'cjs' });
});

/** Runs the bundle with the settings runtime's globals; returns the page drawn with these settings. */
function draw(language: string, settings: Record<string, string> = {}): El {
  let page: ((props: unknown) => El) | null = null;
  const components = COMPONENTS.map((name) => name);
  const createComponent = (type: unknown, props: Record<string, unknown> | null, ...children: unknown[]): El => ({
    type: typeof type === 'string' ? type : String((type as { displayName?: string }).displayName), props: props || {}, children,
  });
  const globals = COMPONENTS.map((name) => Object.assign(() => null, { displayName: name }));
  const requireStub = (m: string) => {
    if (m === 'user-settings') return { locale: { language } };
    throw new Error('the settings page may not require ' + m);
  };
  const run = new Function('require', 'module', 'exports', 'createComponent', 'registerSettingsPage', ...components, code);
  const module = { exports: {} };
  run(requireStub, module, module.exports, createComponent, (p: (props: unknown) => El) => { page = p; }, ...globals);
  if (!page) throw new Error('registerSettingsPage was not called');
  return (page as (props: unknown) => El)({ settings, settingsStorage: {} });
}

/** What a person reads: text children, labels, option names (the placeholder is an example address). */
function texts(el: unknown, out: string[] = []): string[] {
  if (typeof el === 'string') {
    if (el.trim()) out.push(el);
    return out;
  }
  if (Array.isArray(el)) {
    for (const c of el) texts(c, out);
    return out;
  }
  if (!el || typeof el !== 'object') return out;
  const e = el as El;
  if (typeof e.props.label === 'string') out.push(e.props.label);
  for (const k of ['title', 'description']) if (e.props[k]) texts(e.props[k], out);
  if (Array.isArray(e.props.options)) for (const o of e.props.options as Array<{ name: string }>) out.push(o.name);
  texts(e.children, out);
  return out;
}

const words = (list: string[]) => list.join(' ').match(/\p{Script=Latin}{2,}/gu) || [];
const ALLOWED = new Set(['LOP', 'mmHg', 'cm', 'http', 'https', 'host', 'port']);

describe('Fitbit settings page languages', () => {
  it('English on an English (or unknown) phone; an Austrian phone gets German', () => {
    expect(texts(draw('en-US'))).toEqual(expect.arrayContaining(['Cuff controller', 'Are you pregnant?', 'Legs']));
    expect(texts(draw('fr-FR'))).toContain('Cuff controller');
    expect(languageOf('de-AT')).toBe('de-DE');
    expect(texts(draw('de-AT'))).toContain('Manschetten-Steuergerät');
  });

  for (const lang of LANGUAGES.filter((l) => l !== 'en-US')) {
    it(lang + ': no English word in any state of the page', () => {
      for (const done of ['false', 'true']) {
        const settings = { [UI_KEYS.screeningDone]: done };
        const en = texts(draw('en-US', settings));
        const shown = texts(draw(lang, settings));
        expect(shown).toHaveLength(en.length);
        // English words the language's own texts use too ("Arm", "in", "token") are its own.
        const english = new Set(words(en));
        const own = new Set(words(allTexts(lang)));
        const left = shown.filter((t) => words([t]).some((w) => english.has(w) && !own.has(w) && !ALLOWED.has(w)));
        expect({ lang, done, left }).toEqual({ lang, done, left: [] });
        // Each line differs from the English one (except names alone, as "LOP left (mmHg)" is not).
        expect(shown.filter((t, i) => t === en[i])).toEqual([]);
      }
    });
  }

  it('every text has all four languages, none empty, the same %s slots', () => {
    const en = allTexts('en-US');
    expect(en.length).toBeGreaterThan(20);
    for (const lang of LANGUAGES) {
      const list = allTexts(lang);
      expect(list).toHaveLength(en.length);
      list.forEach((t, i) => {
        expect(t.trim()).not.toBe('');
        expect(t.split('%s').length).toBe(en[i].split('%s').length);
      });
    }
  });

  it('the check sees English: the page drawn in English against itself', () => {
    const en = texts(draw('en-US'));
    const english = new Set(words(en));
    expect(en.filter((t) => words([t]).some((w) => english.has(w) && !ALLOWED.has(w))).length).toBe(en.length);
  });
});
