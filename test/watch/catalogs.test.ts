// The four watch catalogs: the same keys (zh without the ".one" plural forms), nothing empty,
// the same placeholders in every language, and an entry for every code the engine and the
// programs speak in (alarm.<kind>, notice.<kind>, set.<id>, instruction.<id>, program.<id>).
import { readMessages } from '../../sim/zepp/po';
import { ALARM_KINDS } from '../../shared/protocol/vocabulary';
import { NOTICE_KINDS } from '../../shared/session/notices';
import { PROGRAMS, PROGRAM_IDS } from '../../shared/programs/catalog';

const LANGS = ['en-US', 'de-DE', 'es-ES', 'zh-CN'];
const placeholders = (s: string) => (s.match(/%[ds]/g) || []).join('');

describe('watch catalogs', () => {
  const en = readMessages('en-US');

  it.each(LANGS)('%s has every key, none empty, the same placeholders as English', (lang) => {
    const m = readMessages(lang);
    const expected = Object.keys(en).filter((k) => !(lang.startsWith('zh') && k.endsWith('.one'))).sort();
    expect(Object.keys(m).sort()).toEqual(expected);
    for (const k of expected) {
      expect({ k, empty: m[k].trim() === '' }).toEqual({ k, empty: false });
      expect({ k, p: placeholders(m[k]) }).toEqual({ k, p: placeholders(en[k]) });
    }
    expect(m.lang).toBe(lang);
  });

  it('has an entry for every code the engine and the programs use', () => {
    const codes = [
      ...ALARM_KINDS.map((k) => 'alarm.' + k),
      ...NOTICE_KINDS.map((k) => 'notice.' + k),
      ...PROGRAM_IDS.map((id) => 'program.' + id),
      'set.work', 'phase.rest', 'phase.ready', 'phase.done', 'instruction.wrapsTightness',
    ];
    for (const id of PROGRAM_IDS) {
      const p = PROGRAMS[id];
      if (p.restInstruction) codes.push('instruction.' + p.restInstruction);
      for (const s of p.sets) {
        codes.push('set.' + s.id);
        if (s.instruction) codes.push('instruction.' + s.instruction);
      }
    }
    for (const lang of LANGS) {
      const m = readMessages(lang);
      expect(codes.filter((c) => m[c] === undefined).map((c) => lang + ' ' + c)).toEqual([]);
    }
  });
});
