// Test-only workaround. msw 2.15's CommonJS build requires packages that ship ESM only
// (rettime, @open-draft/deferred-promise, ...), and jest.config.js's transformIgnorePatterns
// lets swc transform only @zeppos/zml and until-async, so `import 'msw'` fails under jest.
// Until jest.config.js lists those packages, a test that uses msw starts with
//   jest.mock('msw', () => jest.requireActual(require('./mswBundle').mswBundlePath()));
//   jest.mock('msw/node', () => jest.requireActual(require('./mswBundle').mswBundlePath()));
// and gets one CommonJS bundle of msw + msw/node made with esbuild (already a dependency).
// Both specifiers map to the same module, so handlers and server share one msw instance.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export function mswBundlePath(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const version = (require('msw/package.json') as { version: string }).version;
  // one bundle per msw version, shared by runs and workers (written to a temp name, then renamed)
  const out = path.join(os.tmpdir(), 'bfr-coach-msw-' + version + '.cjs');
  if (!fs.existsSync(out)) {
    const tmp = out + '.' + process.pid + '.' + Math.random().toString(36).slice(2);
    esbuild.buildSync({
      stdin: {
        contents: "export * from 'msw'; export { setupServer, SetupServerApi } from 'msw/node';",
        resolveDir: process.cwd(),
        loader: 'js',
      },
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      outfile: tmp,
      logLevel: 'silent',
    });
    fs.renameSync(tmp, out);
  }
  return out;
}
