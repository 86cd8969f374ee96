// The parts of `npm run test:jerryscript` that need neither ../shared nor a C toolchain, so that
// plain `npm test` keeps them honest: the ES5 harness and scenario (run here in Node's vm on the
// device bundle as the Node Fitbit runtime builds it), the harness's Promise, the built-in
// scanner, index.view's element rows, the device bundle's ES5 additions, and what the runner
// does when it cannot build the engine.
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import vm from 'vm';

const ROOT = path.resolve(__dirname, '../..');
const HERE = path.join(ROOT, 'scripts/jerryscript');
/* eslint-disable @typescript-eslint/no-require-imports */
const { unsupportedBuiltins } = require('../../scripts/jerryscript/builtins');
const { viewRows, langSource } = require('../../scripts/jerryscript/run');
const { bundleFitbit } = require('../../scripts/buildFitbit');
const fitbitStrings = require('../../scripts/fitbitStrings');
const { TranslationLoader } = require('@fitbit/bison-i18n');
/* eslint-enable @typescript-eslint/no-require-imports */

const viewFile = () => 'var __VIEW__ = ' + JSON.stringify(viewRows(fs.readFileSync(path.join(ROOT, 'fitbit/resources/index.view'), 'utf8'))) + ';';

/** The string tables as fitbit-build compiles app/i18n/*.po (its compiler: @fitbit/bison-i18n). */
function compiledLangs(): Record<string, Buffer> {
  const po: Record<string, string> = fitbitStrings.generate();
  const loader = new TranslationLoader();
  for (const l of Object.keys(po)) loader.loadLanguage(l, po[l]);
  const table = loader.build();
  const out: Record<string, Buffer> = {};
  for (const l of Object.keys(po)) out[l] = Buffer.from(table.getLanguage(l));
  return out;
}

/** A fresh context with the harness loaded and nothing but what Node's vm gives. */
function harnessContext(extra: Record<string, unknown> = {}, locale = 'en-US') {
  const lines: string[] = [];
  const context = vm.createContext({ print: (...a: unknown[]) => lines.push(a.join(' ')), ...extra });
  vm.runInContext(viewFile(), context);
  vm.runInContext(langSource(compiledLangs(), locale), context);
  vm.runInContext(fs.readFileSync(path.join(HERE, 'harness.js'), 'utf8'), context, { filename: 'harness.js' });
  return { context, lines };
}

describe('test:jerryscript without the engine', () => {
  it('runs the scenario on the device bundle in Node (harness and checks as in JerryScript)', async () => {
    const app = await bundleFitbit('app', { format: 'cjs' });
    const { context, lines } = harnessContext();
    vm.runInContext('var module = { exports: exports };', context);
    vm.runInContext(fs.readFileSync(path.join(HERE, 'scenario.js'), 'utf8'), context, { filename: 'scenario.js' });
    vm.runInContext(app, context, { filename: 'app/index.js' });
    vm.runInContext('exports = module.exports; __harness__.drain(); __scenario__.run();', context);
    const result = JSON.parse(lines.find((l) => l.startsWith('@@RESULT '))!.slice(9));
    expect(result.sessions.map((s: { program: string }) => s.program)).toEqual(['quick-wrist', 'resistance-30-15-15-15']);
    expect(result.sessions[1].reps).toEqual([30, 15, 15, 15]);
    expect(lines.filter((l) => l.startsWith('@@RECORD '))).toHaveLength(2);
  });

  it('looks texts up in the compiled string tables as the documented gettext does', () => {
    const cats: Record<string, Record<string, string>> = fitbitStrings.catalogs();
    const gettext = (locale: string) => vm.runInContext('__harness__.gettext', harnessContext({}, locale).context) as (id: string) => string;
    const en = gettext('en-US');
    for (const id of Object.keys(cats['en-US'])) expect(en(id)).toBe(cats['en-US'][id]);
    const de = gettext('de-AT'); // no de-AT: the app's German
    for (const id of Object.keys(cats['de-DE'])) expect(de(id)).toBe(cats['de-DE'][id]);
    expect(de('stop')).toBe('Stopp');
    const zh = gettext('zh-CN');
    expect(zh('count.reps.one')).toBe(cats['en-US']['count.reps.one']); // no zh text: the default language's
    expect(zh('phase.rest')).toBe(cats['zh-CN']['phase.rest']);
    expect(gettext('fr-FR')('phase.rest')).toBe(cats['en-US']['phase.rest']);
    expect(en('no.such.id')).toBe('no.such.id');
  });

  it("supplies a Promise that settles in order and fails the run on an unhandled rejection", () => {
    const { context } = harnessContext({ Promise: undefined });
    const order = vm.runInContext(`
      var seen = [];
      Promise.resolve(1).then(function (v) { seen.push('a' + v); return new Promise(function (r) { setTimeout(function () { r(2); }, 10); }); })
        .then(function (v) { seen.push('b' + v); });
      Promise.reject(new Error('x'))['catch'](function (e) { seen.push('c ' + e.message); });
      seen.push('sync');
      __harness__.drain();
      __harness__.advance(20);
      seen;`, context);
    expect(Array.from(order)).toEqual(['sync', 'a1', 'c x', 'b2']);
    expect(() => vm.runInContext("Promise.reject(new Error('nobody listens')); __harness__.drain();", context)).toThrow('nobody listens');
  });

  it('keeps the elements of index.view with their parents, display and text', () => {
    const rows = viewRows(fs.readFileSync(path.join(ROOT, 'fitbit/resources/index.view'), 'utf8'));
    const ids = rows.map((r: unknown[]) => r[0]).filter(Boolean);
    expect(ids).toEqual(expect.arrayContaining(['screen-programs', 'program-6-hit', 'btn-stop-hit', 'rpe-10-hit', 'summary-sync']));
    expect(new Set(ids).size).toBe(ids.length);
    const session = rows.findIndex((r: unknown[]) => r[0] === 'screen-session');
    const stop = rows.find((r: unknown[]) => r[0] === 'btn-stop-hit');
    let parent = stop[1];
    while (parent >= 0 && parent !== session) parent = rows[parent][1];
    expect(parent).toBe(session);
  });

  it('names the post-ES5 built-ins nothing supplies, and only those', () => {
    const found = unsupportedBuiltins([
      'var a = new Map(); x.includes(1); var s = "Set of"; o.Set = 1; var q = { WeakMap: 1 };',
      'Object.entries(o); Number.isFinite(1); if (typeof Symbol === "function") Symbol.iterator;',
      'var f = "undefined" != typeof Float64Array ? Float64Array : g; new Float64Array(3);',
      'var c = Object.assign || function () {}; [1].find(function () {}); Number.MAX_SAFE_INTEGER;',
    ].join('\n'));
    expect(found.map((f: { name: string }) => f.name)).toEqual(['Map', '.includes(', 'Object.entries', 'Number.isFinite', 'Float64Array']);
  });

  it('adds find, findIndex, fill and the safe-integer bounds only where they are missing', () => {
    const es5 = require('esbuild').buildSync({ entryPoints: [path.join(ROOT, 'fitbit/app/lib/es5.ts')], bundle: true, write: false, format: 'iife' }).outputFiles[0].text; // eslint-disable-line @typescript-eslint/no-require-imports
    const context = vm.createContext({});
    vm.runInContext('delete Array.prototype.find; delete Array.prototype.findIndex; delete Array.prototype.fill; delete Number.MAX_SAFE_INTEGER;', context);
    vm.runInContext(es5, context);
    expect(vm.runInContext('[[5, 6, 7].find(function (x) { return x > 5; }), [5, 6, 7].findIndex(function (x) { return x > 9; }), [0, 0].fill(3).join(), Number.MAX_SAFE_INTEGER]', context))
      .toEqual([6, -1, '3,3', 9007199254740991]);
    expect(vm.runInContext('Object.keys(Array.prototype).length', context)).toBe(0); // not enumerable
    const native = vm.createContext({});
    const find = vm.runInContext('Array.prototype.find', native);
    vm.runInContext(es5, native);
    expect(vm.runInContext('Array.prototype.find', native)).toBe(find);
  });

  it('takes --max-kb only as a whole number of KB with --measure, and says so', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [path.join(HERE, 'run.js'), ...args], { encoding: 'utf8' });
    for (const args of [['--max-kb', '135'], ['--measure', '--max-kb', 'lots'], ['--measure', '--max-kb', '13.5'], ['--measure', '--max-kb', '9999']]) {
      const r = run(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--max-kb takes a whole number of KB from 64 to \d+, with --measure/);
    }
  });

  it('says why it skips without ../shared or a toolchain, and fails for that only under CI=true', () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'jerry-cache-'));
    const env = { ...process.env, JERRYSCRIPT_TARBALL: path.join(cache, 'missing.tar.gz'), JERRYSCRIPT_CACHE: cache };
    const run = (ci: string) => spawnSync(process.execPath, [path.join(HERE, 'run.js')], { env: { ...env, CI: ci }, encoding: 'utf8' });
    const local = run('');
    expect(local.status).toBe(0);
    expect(local.stdout).toMatch(/missing\.tar\.gz.*\n.*skipped/);
    const ci = run('true');
    expect(ci.status).toBe(1);
    expect(ci.stdout).toMatch(/CI=true/);
    fs.rmSync(cache, { recursive: true, force: true });
  });
});
