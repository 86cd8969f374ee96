#!/usr/bin/env node
// Fitbit OS build: type-check fitbit/ against fitbit-sdk-types, pre-bundle the device app, the
// companion and the settings page with esbuild (shared/ and zod/mini inlined, Fitbit modules
// left as imports), stage them with resources/ and a generated package.json in .build/fitbit
// (the SDK wants app/, companion/, settings/, resources/ side by side, as real copies), run the
// official @fitbit/sdk build offline and copy the result to dist/bfr-coach.fba.
// The SDK then compiles the device bundle to ES5 (TypeScript + Babel) and the companion and
// settings to ES2015. Fails loudly naming what is wrong; prints the .fba size and its targets.
//
// The device app asks for the largest JavaScript heap the SDK allows (`heapSize`, KB) and is
// bundled for an ES5 engine: `zod/mini` resolves to fitbit/app/lib/zodMini.ts (same schemas,
// a small ES5 engine; zod itself neither loads on the watch's JerryScript nor fits its heap)
// and the typed arrays to fitbit/app/lib/typedArrays.ts (native where present). docs/FITBIT.md.
//
// Also used by the Node Fitbit runtime in tests (bundleFitbit with format 'cjs') and by
// `npm run test:jerryscript` (buildFba), so the code the tests run is the code the watch gets.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const STAGE = path.join(ROOT, '.build/fitbit');
const DIST = path.join(ROOT, 'dist');
const OUT = path.join(DIST, 'bfr-coach.fba');
const SDK_BIN = path.join(ROOT, 'node_modules/@fitbit/sdk/bin/fitbit-build.js');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

/** Fixed for the life of the app: the store and the watch know it by this id. */
const APP_UUID = '5f0d6a8e-3b1c-4a51-9f2e-6c1d2b7a9e40';
const BUILD_TARGETS = ['atlas', 'vulcan'];
const TARGET_NAMES = { atlas: 'Versa 3', vulcan: 'Sense' };
/**
 * JavaScript heap the device app asks for, in KB: the most @fitbit/sdk 6.1 accepts for a
 * third-party app (lib/ProjectConfiguration.js: MIN_HEAP_SIZE 64, MAX_HEAP_SIZE 128).
 */
const HEAP_SIZE_KB = 128;
/** The device file's lines: one, from scripts/fitbitOneLine.js (a line opcode per line costs heap). */
const MAX_DEVICE_LINES = 1;

// The SDK's own lists of platform modules (lib/plugins/platformExternals.js).
const COMMON_MODULES = ['cbor', 'crypto', 'device', 'events', 'file-transfer', 'geolocation', 'messaging', 'permissions', 'resources', 'user-settings', 'util'];
const EXTERNALS = {
  app: ['accelerometer', 'app-cluster-storage', 'appbit', 'barometer', 'body-presence', 'clock', 'display', 'document', 'exercise', 'fs', 'gyroscope', 'haptics', 'heart-rate', 'i18n', 'jpeg', 'orientation', 'power', 'scientific', 'scientific/signal', 'sensors', 'sleep', 'system', 'user-activity', 'user-profile', ...COMMON_MODULES],
  companion: ['app-cluster-storage', 'calendars', 'companion', 'device-notifications', 'external-app', 'image', 'local-storage', 'mobile-notifications', 'peer', 'secure-exchange', 'settings', 'user-water', 'user-weight', 'weather', ...COMMON_MODULES],
  settings: ['user-settings'],
};
const ENTRIES = {
  app: 'fitbit/app/index.ts',
  companion: 'fitbit/companion/index.ts',
  settings: 'fitbit/settings/index.tsx',
};
const TSCONFIGS = ['fitbit/tsconfig.json', 'fitbit/companion/tsconfig.json', 'fitbit/settings/tsconfig.json'];
/** Device app only: what replaces a module or a global for the watch's ES5 engine. */
const DEVICE_ZOD = path.join(ROOT, 'fitbit/app/lib/zodMini.ts');
const DEVICE_INJECT = [path.join(ROOT, 'fitbit/app/lib/typedArrays.ts')];

/**
 * The SDK's TypeScript pass, where it differs from sdk-tsconfig.json: no `downlevelIteration`.
 * With it, every for-of and array destructuring in the ES5 device file became an iterator
 * protocol loop (the __values/__read helpers, try/finally per loop: ~6 KB of byte code in the
 * watch's 128 KB heap) that falls back to indexing anyway where there is no Symbol, as on an
 * ES5 engine. Without it they index the array. typeCheck() proves that is all they iterate:
 * the device code is checked with `--target es5`, which rejects a for-of over anything but an
 * array or a string. The companion and settings page are ES2015 (native for-of): unchanged.
 */
const SDK_TS_OPTIONS = { downlevelIteration: false };

/**
 * Device only: the top-level schemas of these shared modules are made when used (zodMini's
 * `lazy`), not kept from the bundle's load on. They are the session record and state, the
 * program and its adjustment, screening, settings, session sync and the cuff command and its
 * result: a few hundred small objects in the JS heap that are used only at a session's start or
 * end, to resume, when the phone sends setup, or once per cuff command.
 * Same schemas, same results; shared/ is unchanged and Zepp and the phone run zod as written.
 */
const LAZY_SCHEMA_MODULES = /[\\/]shared[\\/](protocol[\\/](sessionRecord|screening|settings|sessionSync|cuffCommand)|session[\\/]state|programs[\\/](program|adjust))\.ts$/;

/** `[export ]const <name>Schema = <z.object(...) etc.>;` at the top level -> `... = z.lazy(() => <it>);`. */
function lazySchemas(source) {
  const lines = source.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^((?:export )?const \w+Schema = )(.*)$/.exec(lines[i]);
    if (!m || /^z\.(optional|_default|nullable)\(/.test(m[2])) {
      out.push(lines[i]);
      continue;
    }
    // The statement ends on its own line at column 0 (`});`, `);`) or on the same line.
    let end = i;
    while (!(end === i ? /;$/.test(lines[end]) : /^\S.*;$/.test(lines[end]))) end++;
    const body = [m[2]].concat(lines.slice(i + 1, end + 1)).join('\n').replace(/;$/, '');
    out.push(m[1] + 'z.lazy(() => ' + body + ');');
    i = end;
  }
  return out.join('\n');
}

/**
 * `source` with `from` replaced by `to`; a build error saying `missing` when nothing matched (the
 * device-only edits below must fail loudly when shared/ changes under them, never quietly pass).
 */
function replaced(source, from, to, missing) {
  const out = source.replace(from, to);
  if (out === source) throw new BuildError(missing);
  return out;
}

/**
 * Device only: the program catalog (shared/programs/catalog.ts) made when a program is looked
 * up, not kept from load on: its seven presets are ~3.5 KB of objects in the JS heap, read only
 * when a session starts. `PROGRAMS` keeps its keys (one getter per id, so `hasOwnProperty` and
 * `PROGRAMS[id]` work as before); each read makes the catalog and hands back that preset, which
 * then lives as long as the session state that holds it. Same values; shared/ is unchanged.
 */
function lazyCatalog(source) {
  const start = /^export const PROGRAMS: (.+) = \{$/m.exec(source);
  const end = start && source.indexOf('\n};\n', start.index);
  if (!start || end < 0) throw new BuildError('shared/programs/catalog.ts: no `export const PROGRAMS: ... = {` ... `};` to make on demand');
  const body = source.slice(start.index + start[0].length - 1, end + 2);
  return source.slice(0, start.index) +
    `function catalog(): ${start[1]} {\n  return ${body};\n}\n` +
    `export const PROGRAMS = {} as ${start[1]};\n` +
    `PROGRAM_IDS.forEach((id) => Object.defineProperty(PROGRAMS, id, { get: () => catalog()[id], enumerable: true }));\n` +
    source.slice(end + 4);
}

/**
 * Device only: the screening questions without their English text (shared/protocol/screening.ts).
 * The watch uses their ids (safety/screeningRule.ts); the questions are asked on the phone and
 * on Zepp, which keep the text.
 */
function screeningIdsOnly(source) {
  return replaced(source, /^(  \{ id: '\w+'), text: '[^'\n]*' \},$/gm, '$1 },', 'shared/protocol/screening.ts: no `{ id: ..., text: ... },` questions to strip');
}

/**
 * Device only: no Bluetooth cuff (shared/session/bleCuff.ts and a session state naming one).
 * The Fitbit shell never makes a 'ble' session: it has no Bluetooth cuff to read (no Web
 * Bluetooth on Fitbit OS) and fitbit/app/index.ts calls createSession without `cuffSource`, so
 * every session it starts is a controller one. The only other way in is a saved state, and the
 * device's state schema takes `cuffSource: 'controller'` only, so a state naming 'ble' fails to
 * parse and goes the usual way of a state that does not parse: at boot "resume failed" and the
 * state dropped (fitbit/app/index.ts), in a `resume` event the engine's resumeRefused. Hence
 * the engine's Bluetooth-cuff rules are never reached here; they are replaced by functions that
 * throw (a run half-supported would be worse than a crash), and releaseHeldMs, which the view
 * calls for every state, is kept as written. test/fitbit/bleRefused.test.ts proves the refusal.
 */
function noBleCuff(source) {
  const kept = /\n(\/\*\*[^\n]*\*\/\nexport function releaseHeldMs\([\s\S]*)$/.exec(source);
  if (!kept) throw new BuildError('shared/session/bleCuff.ts: no `export function releaseHeldMs` at its end to keep');
  const names = ['bleHolding', 'requestRelease', 'observeBleReading', 'reconcileBle'];
  for (const name of names) if (!new RegExp('^export function ' + name + '\\(', 'm').test(source)) throw new BuildError('shared/session/bleCuff.ts: no `export function ' + name + '` to replace');
  return "import type { SessionState } from './state';\n" +
    "function refused(): never {\n  throw new Error('no Bluetooth cuff on Fitbit');\n}\n" +
    names.map((name) => 'export const ' + name + ': (...args: unknown[]) => never = refused;\n').join('') + kept[1];
}

/**
 * Device only, with noBleCuff: what the view and the cuff rules do for a Bluetooth cuff only
 * (shared/session/view.ts, cuffControl.ts). The device's states are controller ones (above), so
 * these instructions are always null there and `ble` always false; left out, not run as dead code.
 */
function viewWithoutBle(source) {
  let found = 0;
  const out = source.replace(/^function (bleInstruction|bleEndInstruction)\(([^)]*)\): Said \| null \{\n[\s\S]*?\n\}\n/gm, (m, name, params) => {
    found++;
    return 'function ' + name + '(' + params.replace(/(\w+):/g, '_$1:') + '): Said | null {\n  return null;\n}\n';
  });
  if (found !== 2) throw new BuildError('shared/session/view.ts: expected bleInstruction and bleEndInstruction to leave out, found ' + found);
  return out;
}

function cuffControlWithoutBle(source) {
  return replaced(source, "const ble = s.cuffSource === 'ble';", 'const ble = false;', "shared/session/cuffControl.ts: no `const ble = s.cuffSource === 'ble';` to fix");
}

/**
 * Device only: SessionStore methods the Fitbit app never calls (the outbox sends record files
 * without reading them back; the watch has no history screen, no remembered program to offer and
 * no options page). The build fails if fitbit/ calls one of them.
 */
const STORE_UNUSED = ['unsynced', 'history', 'lastProgram', 'saveOptions'];
function storeWithoutUnused(source) {
  const callers = [];
  for (const dir of ['fitbit/app', 'fitbit/common']) {
    for (const f of fs.readdirSync(path.join(ROOT, dir))) {
      if (!f.endsWith('.ts')) continue;
      const text = fs.readFileSync(path.join(ROOT, dir, f), 'utf8');
      for (const name of STORE_UNUSED) if (new RegExp('\\.' + name + '\\(').test(text)) callers.push(dir + '/' + f + ': ' + name);
    }
  }
  if (callers.length) throw new BuildError('shared/store/sessionStore.ts: the device build leaves out methods fitbit/ calls: ' + callers.join(', '));
  let out = source;
  for (const name of STORE_UNUSED) {
    out = replaced(out, new RegExp('\\n(  /\\*\\*[^\\n]*\\*/\\n)?  ' + name + '\\([^\\n]*\\{\\n[\\s\\S]*?\\n  \\}\\n'), '\n', 'shared/store/sessionStore.ts: no method ' + name + ' to leave out');
  }
  return out;
}

function controllerStateOnly(source) {
  return replaced(source, "cuffSource: z._default(cuffSourceSchema, 'controller'),", "cuffSource: z._default(z.literal('controller'), 'controller'),", "shared/session/state.ts: no `cuffSource: z._default(cuffSourceSchema, 'controller'),` to restrict");
}

/** What the device bundle changes in shared/ (and nothing else does), by file. */
const DEVICE_SOURCES = [
  [LAZY_SCHEMA_MODULES, lazySchemas],
  [/[\\/]shared[\\/]programs[\\/]catalog\.ts$/, lazyCatalog],
  [/[\\/]shared[\\/]protocol[\\/]screening\.ts$/, screeningIdsOnly],
  [/[\\/]shared[\\/]session[\\/]bleCuff\.ts$/, noBleCuff],
  [/[\\/]shared[\\/]session[\\/]state\.ts$/, controllerStateOnly],
  [/[\\/]shared[\\/]session[\\/]view\.ts$/, viewWithoutBle],
  [/[\\/]shared[\\/]session[\\/]cuffControl\.ts$/, cuffControlWithoutBle],
  [/[\\/]shared[\\/]store[\\/]sessionStore\.ts$/, storeWithoutUnused],
];

const deviceZod = {
  name: 'device-zod',
  setup(build) {
    build.onResolve({ filter: /^zod\/mini$/ }, () => ({ path: DEVICE_ZOD }));
    build.onLoad({ filter: /[\\/]shared[\\/].*\.ts$/ }, (args) => {
      const transforms = DEVICE_SOURCES.filter(([file]) => file.test(args.path));
      if (!transforms.length) return undefined;
      let contents = fs.readFileSync(args.path, 'utf8');
      for (const [, transform] of transforms) contents = transform(contents);
      return { contents, loader: 'ts' };
    });
  },
};

class BuildError extends Error {}

/**
 * Device only (the .fba's ES module bundle): the bundle's top level moved into one function,
 * `import` lines kept at the top and the exports handed out after it. At the top level of the
 * device file (a script on the watch) every module-level name is a property of the global
 * object; inside a function they are that function's variables, which costs the watch's
 * JerryScript 1.0 KB less heap after boot (measured with `--measure`). Imports are hoisted and
 * every export of the app is a `const`, so evaluation order and values are the same.
 */
function oneScope(code) {
  const imports = [];
  const body = [];
  for (const line of code.split('\n')) (/^import [^;]* from "[^"]+";$/.test(line) ? imports : body).push(line);
  const text = body.join('\n');
  const tail = /\nexport \{([^}]*)\};\s*$/.exec(text);
  if (!tail || /^(import|export)\b/m.test(text.slice(0, tail.index))) throw new BuildError('device bundle: expected single-line imports and one `export { ... };` at the end');
  const names = tail[1].split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
    const [local, exported = local] = s.split(/\s+as\s+/);
    return { local, exported };
  });
  return imports.join('\n') + '\nconst device = (function () {\n' + text.slice(0, tail.index) +
    '\nreturn { ' + names.map((n) => n.exported + ': ' + n.local).join(', ') + ' };\n})();\n' +
    names.map((n) => `export const ${n.exported} = device.${n.exported};`).join('\n') + '\n';
}

/**
 * One component as a single JavaScript file. `esm` for the SDK (its Rollup resolves the
 * platform modules); `cjs` for the Node Fitbit runtime (platform modules become require calls).
 * es2015: esbuild cannot lower classes to ES5; the SDK's TypeScript pass does that.
 */
async function bundleFitbit(component, { format = 'esm', minify = false } = {}) {
  const esbuild = require('esbuild');
  const entry = ENTRIES[component];
  if (!entry) throw new BuildError(`unknown Fitbit component "${component}"`);
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, entry)],
    bundle: true,
    write: false,
    format,
    target: 'es2015',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['import', 'default'],
    external: EXTERNALS[component],
    plugins: component === 'app' ? [deviceZod] : [],
    // The device keeps object spread for the SDK's TypeScript pass, whose ES5 helper (__assign)
    // needs nothing newer; esbuild's own (__spreadProps) calls Object.getOwnPropertyDescriptors.
    supported: component === 'app' ? { 'object-rest-spread': true } : {},
    inject: component === 'app' ? DEVICE_INJECT : [],
    jsxFactory: 'createComponent',
    jsxFragment: 'Fragment',
    legalComments: 'none',
    logLevel: 'silent',
    charset: 'utf8',
    minify,
  });
  const code = result.outputFiles[0].text;
  return component === 'app' && format === 'esm' ? oneScope(code) : code;
}

function typeCheck() {
  for (const config of TSCONFIGS) {
    // The device code as ES5 without downlevelIteration (SDK_TS_OPTIONS): a for-of over a
    // non-array iterable is an error here (TS2802), not an indexed loop that quietly does nothing.
    const es5 = config === TSCONFIGS[0] ? ['--target', 'es5'] : [];
    const r = spawnSync(process.execPath, [TSC, '-p', config, '--noEmit', ...es5], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new BuildError(`type check of ${config} against fitbit-sdk-types failed:\n${(r.stdout || '') + (r.stderr || '')}`);
  }
}

function packageJson() {
  const version = require(path.join(ROOT, 'package.json')).version;
  return {
    name: 'bfr-coach-fitbit',
    version,
    private: true,
    license: 'UNLICENSED',
    devDependencies: {},
    fitbit: {
      appUUID: APP_UUID,
      appType: 'app',
      appDisplayName: 'BFR Coach',
      iconFile: 'resources/icon.png',
      wipeColor: '#1e88e5',
      // The companion calls the cuff controller over the network; the watch reads heart rate
      // during a session (dev.fitbit.com/build/reference/device-api/heart-rate).
      requestedPermissions: ['access_internet', 'access_heart_rate'],
      buildTargets: BUILD_TARGETS,
      heapSize: HEAP_SIZE_KB,
      i18n: { 'en-US': { name: 'BFR Coach' } },
      defaultLanguage: 'en-US',
    },
  };
}

function stage(bundles) {
  fs.rmSync(STAGE, { recursive: true, force: true });
  const resources = path.join(ROOT, 'fitbit/resources');
  for (const f of ['index.view', 'widget.defs', 'styles.css', 'icon.png']) {
    if (!fs.existsSync(path.join(resources, f))) throw new BuildError(`fitbit/resources/${f}: missing (the SDK needs it)`);
  }
  fs.cpSync(resources, path.join(STAGE, 'resources'), { recursive: true });
  for (const [component, code] of Object.entries(bundles)) {
    const out = path.join(STAGE, component, 'index.js');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, code);
  }
  // The device app's words as the SDK's translations (app/i18n/<lang>.po, compiled by
  // fitbit-build into the firmware's string tables, read with gettext): outside the JS heap.
  require('./fitbitStrings.js').write(path.join(STAGE, 'app/i18n'));
  fs.writeFileSync(path.join(STAGE, 'package.json'), JSON.stringify(packageJson(), null, 2) + '\n');
  const sdkConfig = path.relative(STAGE, path.join(ROOT, 'node_modules/@fitbit/sdk/sdk-tsconfig.json'));
  fs.writeFileSync(path.join(STAGE, 'tsconfig.json'), JSON.stringify({ extends: sdkConfig.split(path.sep).join('/'), compilerOptions: SDK_TS_OPTIONS }, null, 2) + '\n');
}

function runSdk() {
  if (!fs.existsSync(SDK_BIN)) throw new BuildError('@fitbit/sdk is not installed (node_modules/@fitbit/sdk/bin/fitbit-build.js missing)');
  // fitbitOneLine.js: the SDK's terser writes one line, not a line per statement (why: there).
  const r = spawnSync(process.execPath, ['-r', path.join(__dirname, 'fitbitOneLine.js'), SDK_BIN], { cwd: STAGE, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  const log = (r.stdout || '') + (r.stderr || '');
  const errors = log.split('\n').filter((l) => /\[error\]/.test(l));
  const built = path.join(STAGE, 'build/app.fba');
  if (r.status !== 0 || errors.length || !fs.existsSync(built)) {
    throw new BuildError(`the Fitbit SDK build failed (exit ${r.status}):\n${errors.length ? errors.join('\n') : log}`);
  }
  return built;
}

/** What the .fba holds: targets from its manifest, the device code size per target, a companion. */
function inspect(fba) {
  const { unzipSync } = require('fflate');
  const files = unzipSync(new Uint8Array(fs.readFileSync(fba)));
  const manifest = JSON.parse(Buffer.from(files['manifest.json']).toString('utf8'));
  const watch = (manifest.components && manifest.components.watch) || {};
  const targets = Object.keys(watch);
  const missing = BUILD_TARGETS.filter((t) => !targets.includes(t));
  if (missing.length) throw new BuildError(`the .fba has no device build for ${missing.join(', ')}`);
  const deviceJs = {};
  const deviceLines = {};
  const heapSize = {};
  for (const t of targets) {
    const inner = unzipSync(files[watch[t].filename]);
    const js = inner['app/index.js'];
    deviceJs[t] = js ? js.length : 0;
    deviceLines[t] = js ? Buffer.from(js).toString('utf8').replace(/\n$/, '').split('\n').length : 0;
    if (deviceLines[t] > MAX_DEVICE_LINES) throw new BuildError(`device ${t}: app/index.js has ${deviceLines[t]} lines, expected at most ${MAX_DEVICE_LINES} (scripts/fitbitOneLine.js did not reach the SDK's terser)`);
    heapSize[t] = inner['manifest.json'] ? JSON.parse(Buffer.from(inner['manifest.json']).toString('utf8')).heapSize : undefined;
    if (heapSize[t] !== HEAP_SIZE_KB) throw new BuildError(`device ${t}: manifest heapSize is ${heapSize[t]}, expected ${HEAP_SIZE_KB}`);
  }
  const companion = manifest.components && manifest.components.companion;
  if (!companion) throw new BuildError('the .fba has no companion');
  return { targets, deviceJs, deviceLines, heapSize, companion: companion.filename, settings: files['settings.zip'] ? 'settings.zip' : null, manifest };
}

/** The whole build: type check, bundles, SDK, dist/bfr-coach.fba. Returns what the .fba holds. */
async function buildFba({ log = console.log } = {}) {
  const t0 = Date.now();
  const bar = require('./progress').progress('build:fitbit');
  bar.update(0, 3, 'type-checking fitbit/');
  typeCheck();
  const bundles = {};
  for (const component of Object.keys(ENTRIES)) {
    bar.update(1, 3, 'bundling ' + component);
    try {
      bundles[component] = await bundleFitbit(component, { format: 'esm' });
    } catch (e) {
      throw new BuildError(`${ENTRIES[component]}: ${e.message}`);
    }
  }
  stage(bundles);
  bar.update(2, 3, 'Fitbit SDK build');
  const built = runSdk();
  fs.mkdirSync(DIST, { recursive: true });
  fs.copyFileSync(built, OUT);
  const info = inspect(OUT);
  bar.update(3, 3, 'done');
  bar.end();
  const kb = (n) => (n / 1024).toFixed(1) + ' KB';
  log(`fitbit: ${path.relative(ROOT, OUT)} ${kb(fs.statSync(OUT).size)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const t of info.targets) log(`  device ${t} (${TARGET_NAMES[t] || t}): app/index.js ${kb(info.deviceJs[t])} (ES5, minified by the SDK, ${info.deviceLines[t]} line${info.deviceLines[t] === 1 ? '' : 's'}), heapSize ${info.heapSize[t]} KB`);
  log(`  companion: ${info.companion}${info.settings ? ', settings page: ' + info.settings : ''}`);
  log(`  pre-bundles: ${Object.entries(bundles).map(([c, code]) => c + ' ' + kb(Buffer.byteLength(code))).join(', ')}`);
  return { fba: OUT, ...info };
}

if (require.main === module) {
  buildFba().catch((e) => {
    console.error('fitbit build failed: ' + (e instanceof BuildError ? e.message : e.stack || e));
    process.exit(1);
  });
}

module.exports = { lazySchemas, deviceZod, bundleFitbit, buildFba, BuildError, EXTERNALS, ENTRIES, APP_UUID, BUILD_TARGETS, HEAP_SIZE_KB, ROOT };
