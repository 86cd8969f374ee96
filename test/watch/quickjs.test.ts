// The QuickJS check: every page in app.json, on every screen shape, is bundled as for the
// watch and run in QuickJS (WebAssembly) with eval removed. Any engine error fails the test.
import fs from 'fs';
import path from 'path';
import { runDeviceCheck } from '../../sim/quickjs/deviceCheck';
import { readMessages } from '../../sim/zepp/po';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundleEntry, sourceFor } = require('../../scripts/zeppBundle.js');

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../app.json'), 'utf8'));
const pages: string[] = manifest.targets.default.module.page.pages;
const messages = readMessages();

describe('device bundles run in QuickJS', () => {
  for (const shape of ['r', 's'] as const) {
    for (const page of pages) {
      it(`${page} (${shape === 'r' ? 'round 480' : 'square 390x450'}) builds with no engine error`, async () => {
        const appCode: string = await bundleEntry(sourceFor('app'), { shape });
        const pageCode: string = await bundleEntry(sourceFor(page), { shape });
        const report = await runDeviceCheck({ appCode, pageCode, shape, messages, pageId: page });
        expect(report.errors).toEqual([]);
        expect(report.logs).toEqual([]);
        expect(report.widgets).toBeGreaterThan(0);
      });
    }
  }

  it('home page: with no phone answering, says so', async () => {
    const appCode: string = await bundleEntry(sourceFor('app'), { shape: 'r' });
    const pageCode: string = await bundleEntry(sourceFor('page/home/index.page'), { shape: 'r' });
    const report = await runDeviceCheck({ appCode, pageCode, shape: 'r', messages, runMs: 8000 });
    expect(report.texts).toContain(messages.quickSession);
    expect(report.texts).toContain(messages.phoneUnavailable);
    expect(report.bytesSentToPhone).toBeGreaterThan(0);
  });

  it('session page: the shared engine runs a timer-only walk in QuickJS', async () => {
    const appCode: string = await bundleEntry(sourceFor('app'), { shape: 's' });
    const pageCode: string = await bundleEntry(sourceFor('page/session/index.page'), { shape: 's' });
    const report = await runDeviceCheck({
      appCode, pageCode, shape: 's', messages, runMs: 5000,
      pageParams: JSON.stringify({ programId: 'walk-intervals', restriction: 'none' }),
    });
    expect(report.errors).toEqual([]);
    expect(report.texts).toEqual(expect.arrayContaining(['Walk', '1:55']));
  });

  it('fails when a page calls eval, as the watch would', async () => {
    const appCode: string = await bundleEntry(sourceFor('app'), { shape: 'r' });
    const pageCode: string = await bundleEntry(sourceFor('page/home/index.page'), { shape: 'r' });
    await expect(
      runDeviceCheck({ appCode, pageCode: pageCode + "\neval('1');\n", shape: 'r', messages }),
    ).rejects.toThrow(/page\.js: ReferenceError: '?eval'? is not defined/);
  });

  it('fails when a page uses new Function', async () => {
    const appCode: string = await bundleEntry(sourceFor('app'), { shape: 'r' });
    const pageCode: string = await bundleEntry(sourceFor('page/home/index.page'), { shape: 'r' });
    await expect(
      runDeviceCheck({ appCode, pageCode: pageCode + "\nnew Function('return 1')();\n", shape: 'r', messages }),
    ).rejects.toThrow(/new Function is not available/);
  });

  it('fails on a syntax error', async () => {
    const appCode: string = await bundleEntry(sourceFor('app'), { shape: 'r' });
    await expect(
      runDeviceCheck({ appCode, pageCode: 'Page({ build() { let = ; } })', shape: 'r', messages }),
    ).rejects.toThrow(/page\.js: SyntaxError/);
  });
});
