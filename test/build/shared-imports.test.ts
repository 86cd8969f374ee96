import fs from 'fs';
import os from 'os';
import path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { check, walk } = require('../../scripts/check-shared-imports.js');

describe('shared/ platform check', () => {
  it('passes on the real shared/ folder', () => {
    const files = walk(path.join(__dirname, '../../shared'), []);
    expect(files.length).toBeGreaterThan(0);
    expect(check(files)).toEqual([]);
  });

  it('flags a platform import, a timer and the wall clock, naming file and line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shared-check-'));
    const file = path.join(dir, 'bad.ts');
    fs.writeFileSync(
      file,
      [
        "import { createWidget } from '@zos/ui';",
        "import * as z from 'zod/mini';",
        '// setTimeout( in a comment is fine',
        'setTimeout(() => 1, 5);',
        'const t = Date.now();',
      ].join('\n'),
    );
    const problems: string[] = check([file]);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/bad\.ts:1: imports "@zos\/ui"/);
    expect(problems[1]).toMatch(/bad\.ts:4: timers/);
    expect(problems[2]).toMatch(/bad\.ts:5: the clock/);
  });
});
