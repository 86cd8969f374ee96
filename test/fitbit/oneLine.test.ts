// scripts/fitbitOneLine.js, preloaded into the Fitbit SDK build: the SDK's terser options
// (@fitbit/sdk lib/compile.js: `output: { semicolons: false }`, `compress: { sequences: false }`)
// put every statement of the device file on its own line, and each line costs a line opcode in
// JerryScript's heap (docs/FITBIT.md, Memory). Run in a child process, as the build runs the SDK.
import { spawnSync } from 'child_process';
import path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const HOOK = path.join(ROOT, 'scripts/fitbitOneLine.js');

// The SDK's own terser options for the device component, as lib/compile.js passes them.
const SDK_OPTIONS = {
  ecma: 5,
  safari10: false,
  mangle: { toplevel: true },
  output: { semicolons: false },
  compress: { toplevel: true, arrows: false, keep_infinity: false, passes: 2, sequences: false },
  sourceMap: true,
};
const SOURCE = 'var log = [];\nfunction a(x) { log.push(x); if (x > 1) { log.push(x * 2); } return log.length; }\na(1);\na(2);\nexports.n = a(3);\n';

function minify(preload: boolean): { code: string; map: string } {
  const script = `require('terser').minify(${JSON.stringify(SOURCE)}, ${JSON.stringify(SDK_OPTIONS)}).then(function (r) { process.stdout.write(JSON.stringify({ code: r.code, map: r.map })); });`;
  const r = spawnSync(process.execPath, [...(preload ? ['-r', HOOK] : []), '-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

function run(code: string): number {
  const exports: { n?: number } = {};
  new Function('exports', code)(exports);
  return exports.n as number;
}

describe('the Fitbit SDK build writes the device file as one line', () => {
  it('without the hook, the SDK options give a line per statement', () => {
    expect(minify(false).code.split('\n').length).toBeGreaterThan(3);
  });

  it('with the hook, one line: the same program, and a source map still made by terser', () => {
    const plain = minify(false);
    const oneLine = minify(true);
    expect(oneLine.code.includes('\n')).toBe(false);
    expect(run(oneLine.code)).toBe(run(plain.code));
    expect(run(oneLine.code)).toBe(5);
    expect(JSON.parse(oneLine.map).mappings.length).toBeGreaterThan(0);
  });
});
