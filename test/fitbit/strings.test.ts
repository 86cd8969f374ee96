// The Fitbit app's words: the SDK's device translations (app/i18n/<lang>.po, generated from the
// Zepp watch catalogs by scripts/fitbitStrings.js), looked up with gettext in the watch's language.
import { readMessages } from '../../sim/zepp/po';
import { i18nModule } from '../../sim/fitbit/i18n';
import { startRig, type Rig } from './harness';

/* eslint-disable @typescript-eslint/no-require-imports */
const { generate, catalogs } = require('../../scripts/fitbitStrings.js') as {
  generate(): Record<string, string>;
  catalogs(): Record<string, Record<string, string>>;
};
const { TranslationLoader } = require('@fitbit/bison-i18n');
/* eslint-enable @typescript-eslint/no-require-imports */

let rig: Rig | null = null;
afterEach(async () => {
  if (rig) await rig.close();
  rig = null;
});

describe('Fitbit strings', () => {
  it('generates a .po per language that the SDK compiles, with the Zepp texts the app uses', () => {
    const po = generate();
    expect(Object.keys(po).sort()).toEqual(['de-DE', 'en-US', 'es-ES', 'zh-CN']);
    const loader = new TranslationLoader();
    for (const l of Object.keys(po)) loader.loadLanguage(l, po[l]); // throws on a bad .po or a hash clash
    const table = loader.build();
    for (const l of Object.keys(po)) expect(table.getLanguage(l).byteLength).toBeGreaterThan(100);
    const cats = catalogs();
    for (const l of Object.keys(po)) {
      const zepp = readMessages(l);
      for (const id of Object.keys(cats[l])) expect(cats[l][id]).toBe(zepp[id].replace(/\n/g, ' '));
    }
    expect(cats['de-DE']['program.walk-intervals']).toBe(readMessages('de-DE')['program.walk-intervals']);
    expect(cats['en-US']).toHaveProperty(['alarm.pain']);
    expect(cats['en-US']).not.toHaveProperty('phoneConnecting'); // only what the Fitbit app shows
    expect(cats['zh-CN']).not.toHaveProperty(['count.reps.one']); // empty in zh (no plural): left out
  });

  it('gettext falls back as documented: same language, then en-US, then the id', () => {
    const en = readMessages('en-US');
    const de = readMessages('de-DE');
    expect(i18nModule('de-DE').gettext('stop')).toBe(de.stop);
    expect(i18nModule('de-CH').gettext('stop')).toBe(de.stop);
    expect(i18nModule('zh-CN').gettext('count.reps.one')).toBe(en['count.reps.one']);
    expect(i18nModule('fr-FR').gettext('stop')).toBe(en.stop);
    expect(i18nModule('de-DE').gettext('no.such.id')).toBe('no.such.id');
  });

  it('a German watch shows the program list, the buttons and the session in German', async () => {
    const de = readMessages('de-DE');
    rig = await startRig({ linkUp: false, locale: 'de-DE' });
    const { sys } = rig;
    expect(sys.document.text('program-0-label')).toBe(de['program.walk-intervals']);
    expect(sys.document.text('btn-stop-label')).toBe(de.stop);
    sys.document.tap('program-0'); // no phone, no settings: a timer-only walk
    await rig.advance(3000, 1000);
    expect(sys.document.text('phase')).toBe(de['set.walk']);
    expect(sys.document.text('set')).toBe('Satz 1/5');
    await rig.advance(2 * 60_000, 1000);
    expect(sys.document.text('phase')).toBe(de['phase.rest']);
  });

  it('an unknown language falls back to English', async () => {
    rig = await startRig({ linkUp: false, locale: 'fr-FR' });
    expect(rig.sys.document.text('program-0-label')).toBe(readMessages('en-US')['program.walk-intervals']);
  });
});
