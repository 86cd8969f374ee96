// `bfr-coach simulate ... --export DIR`: the run's session, as the phone stored it, written as
// <sessionId>.fit, .csv and .json, each readable by an independent reader.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import FitParser from 'fit-file-parser';
import { simulate } from '../../sim/simulate';
import { parseSimulateFlags } from '../../bin/commands/simulate';
import { parseSessionJson } from '../../companion/exporters/json';
import { parseCsv } from './fixtures';

describe('simulate --export', () => {
  test('the flag is parsed', () => {
    expect(parseSimulateFlags(['--program', 'cycle-intervals', '--export', 'out/dir']).exportDir).toBe('out/dir');
    expect(parseSimulateFlags(['--program', 'cycle-intervals']).exportDir).toBeNull();
    expect(() => parseSimulateFlags(['--program', 'cycle-intervals', '--export', ' '])).toThrow(/--export/);
  });

  test('a whole run writes <sessionId>.fit, .csv and .json of the stored session', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bfr-export-'));
    try {
      const s = await simulate({ programId: 'quick-wrist', speed: 'max', seed: 3, exportDir: dir });
      expect(s.problems).toEqual([]);
      const id = s.sessionId as string;
      expect(s.exported).toEqual(['fit', 'csv', 'json'].map((ext) => path.join(dir, id + '.' + ext)));
      const back = parseSessionJson(fs.readFileSync(path.join(dir, id + '.json'), 'utf8'));
      expect(back.ok && back.value.id).toBe(id);
      expect(back.ok && back.value.status).toBe('completed');
      const rows = parseCsv(fs.readFileSync(path.join(dir, id + '.csv'), 'utf8'));
      expect(rows).toHaveLength(1 + s.sets.length);
      const fit = await new FitParser({ force: false, mode: 'list' }).parseAsync(fs.readFileSync(path.join(dir, id + '.fit')));
      expect(fit.sessions).toHaveLength(1);
      const sets = (fit.sets || []) as unknown as Array<{ set_type?: unknown; repetitions?: unknown }>;
      expect(sets.filter((x) => x.set_type === 'active').map((x) => x.repetitions)).toEqual(s.sets.map((x) => x.corrected));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120000);
});
