// The Fitbit app's words: a compact table generated from the Zepp watch catalogs
// (scripts/fitbitStrings.js), picked by the watch's language (user-settings locale).
import fs from 'fs';
import { readMessages } from '../../sim/zepp/po';
import { startRig, type Rig } from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generate, OUT } = require('../../scripts/fitbitStrings.js') as { generate(): string; OUT: string };

let rig: Rig | null = null;
afterEach(async () => {
  if (rig) await rig.close();
  rig = null;
});

describe('Fitbit strings', () => {
  it('the checked-in table is the one the catalogs make (run node scripts/fitbitStrings.js after editing a .po)', () => {
    expect(fs.readFileSync(OUT, 'utf8')).toBe(generate());
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
