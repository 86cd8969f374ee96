#!/usr/bin/env node
// npm run test:jerryscript: the Fitbit device app in a real JerryScript, within the watch's
// JS heap.
//
//  1. JerryScript 2.4.0 from ../shared/vendor/jerryscript-2.4.0.tar.gz, es5.1 profile, heap
//     = the heapSize the .fba asks for (128 KB), built once into node_modules/.cache.
//  2. `npm run build:fitbit`'s build (scripts/buildFitbit.js), then app/index.js taken out of
//     dist/bfr-coach.fba itself: the exact file the watch gets (atlas and vulcan, compared).
//  3. A bundle that uses `new Map()` must fail in the engine (proves the profile is ES5).
//  4. Boot (3 runs): harness.js + the device file; boot time and heap peak.
//  5. The scenario (scenario.js): two sessions, haptics, cuffs, pressure, files; any uncaught
//     error or a failed check fails the run with the engine's message, out of memory too.
//     The files the phone received are checked with the real zod schema here in Node.
//  6. The companion and settings bundles from the .fba parse (syntax only: they run on the
//     phone's engine, not JerryScript).
//
// Without ../shared or without a C toolchain it says so and exits 0, or 1 when CI=true.
// Options: --fba <file> (use a built .fba instead of building), --keep (keep the work folder),
// --node (run the same files in Node's vm instead: no engine, no memory; to debug the harness),
// --measure (an engine with a 400 KB heap, so that an app over its 128 KB still runs: reports
// what it holds and the smallest heap it completes in; never a pass, unless --max-kb N is given:
// then it passes when the smallest heap is at most N KB: for measuring how much room a change
// leaves; the plain run, with the watch's 128 KB, is the test).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const vm = require('vm');
const engine = require('./engine');
const { unsupportedBuiltins } = require('./builtins');

const ROOT = path.resolve(__dirname, '../..');
// JERRYSCRIPT_TARBALL and JERRYSCRIPT_CACHE override where the source and the built engine are
// (the test of the skip path uses them).
const TARBALL = process.env.JERRYSCRIPT_TARBALL || path.resolve(ROOT, '../shared/vendor/jerryscript-2.4.0.tar.gz');
const CACHE = process.env.JERRYSCRIPT_CACHE || path.join(ROOT, 'node_modules/.cache/jerryscript');
const STACK_KB = 64;
/**
 * Heap for harness.js and scenario.js, which run in the app's engine: the engine gets the app's
 * 128 KB plus this, and the scenario pads what the two hold up to exactly this with ballast
 * before the app loads, so the app has its 128 KB and no more. Out of memory fails the run.
 */
const HARNESS_KB = 58;
/** --measure: the engine's heap, so that the smallest heap can be found above the watch's. */
const MEASURE_KB = 400;
const CI = process.env.CI === 'true';
const HERE = __dirname;

const log = (s) => console.log(s);
const kb = (n) => (n / 1024).toFixed(1) + ' KB';

class Failure extends Error {}

function skip(why) {
  log(`test:jerryscript: ${why}`);
  if (CI) {
    log('test:jerryscript: failing, because CI=true requires this test');
    process.exit(1);
  }
  log('test:jerryscript: skipped (it runs where ../shared and a C toolchain are present, and is required under CI=true)');
  process.exit(0);
}

function arg(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** The elements of index.view as rows [id, parentIndex, display, text, sweepAngle, fill] for harness.js. */
function viewRows(source) {
  const rows = [];
  const stack = [-1];
  const attr = (attrs, name) => {
    const m = new RegExp('(?:^|\\s)' + name + '="([^"]*)"').exec(attrs);
    return m ? m[1] : null;
  };
  const tag = /<(\/?)([a-zA-Z][\w-]*)([^>]*?)(\/?)>|([^<]+)/g;
  const text = source.replace(/<!--[\s\S]*?-->/g, '');
  let m;
  while ((m = tag.exec(text))) {
    const parent = stack[stack.length - 1];
    if (m[5] !== undefined) {
      if (m[5].trim() && parent >= 0) rows[parent][3] += m[5].trim();
      continue;
    }
    if (m[1]) {
      stack.pop();
      continue;
    }
    rows.push([attr(m[3], 'id') || '', parent, attr(m[3], 'display') || 'inline', '', Number(attr(m[3], 'sweep-angle') || 0), attr(m[3], 'fill') || '']);
    if (!m[4]) stack.push(rows.length - 1);
  }
  return rows;
}

/** What the .fba holds that this test runs: the device file per target, index.view, phone bundles. */
function unpack(fba) {
  const { unzipSync } = require('fflate');
  const files = unzipSync(new Uint8Array(fs.readFileSync(fba)));
  const text = (bytes) => Buffer.from(bytes).toString('utf8');
  const manifest = JSON.parse(text(files['manifest.json']));
  const device = {};
  for (const [target, entry] of Object.entries(manifest.components.watch)) {
    const inner = unzipSync(files[entry.filename]);
    // The SDK's compiled translations (app/i18n/<lang>.po -> l/<lang>), read by the firmware's gettext.
    const langs = {};
    for (const name of Object.keys(inner)) if (/^l\/[a-z]{2}-[A-Z]{2}$/.test(name)) langs[name.slice(2)] = Buffer.from(inner[name]);
    device[target] = { js: text(inner['app/index.js']), view: text(inner['resources/index.view']), manifest: JSON.parse(text(inner['manifest.json'])), langs };
  }
  const phone = unzipSync(files[manifest.components.companion.filename]);
  return { device, companion: text(phone['companion.js']), settings: phone['settings.js'] ? text(phone['settings.js']) : null };
}

/**
 * __LANG__ for harness.js: the watch's locale and the compiled string tables its gettext reads
 * (that locale's or its language's, and the default language's), each as a string of bytes.
 * DEFAULT_LANGUAGE is the app's `defaultLanguage` (scripts/buildFitbit.js).
 */
const DEFAULT_LANGUAGE = 'en-US';
function langSource(langs, locale) {
  const tables = {};
  const same = Object.keys(langs).find((l) => l === locale) || Object.keys(langs).find((l) => l.slice(0, 2) === locale.slice(0, 2).toLowerCase());
  for (const l of [same, DEFAULT_LANGUAGE]) if (l && langs[l]) tables[l] = Buffer.from(langs[l]).toString('latin1');
  return 'var __LANG__ = ' + JSON.stringify({ locale, defaultLanguage: DEFAULT_LANGUAGE, tables }) + ';\n';
}

/** shared/protocol/sessionRecord.ts with the real zod, for checking what the phone received. */
function realRecordParser() {
  const esbuild = require('esbuild');
  const r = esbuild.buildSync({
    entryPoints: [path.join(ROOT, 'shared/protocol/sessionRecord.ts')],
    bundle: true, write: false, format: 'cjs', platform: 'node', logLevel: 'silent',
  });
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', r.outputFiles[0].text)(mod, mod.exports, require);
  return mod.exports.parseSessionRecord;
}

/** The engine's own words for a failed run. */
function explain(run, what) {
  if (run.outOfMemory) return `${what}: out of memory (JerryScript ${run.status === engine.OUT_OF_MEMORY ? 'ERR_OUT_OF_MEMORY' : 'parser out of memory'}, exit ${run.status}): the app needed more than its heap`;
  const tail = run.output.split('\n').filter((l) => !/^\s*(Heap stats|Heap size|Allocated|Peak|Waste)/.test(l)).slice(-25).join('\n');
  return `${what}: exit ${run.status}${run.signal ? ' (' + run.signal + ')' : ''}\n${tail}`;
}

function main() {
  const t0 = Date.now();
  const { HEAP_SIZE_KB, buildFba } = require('../buildFitbit.js');
  const fbaArg = arg('--fba');
  const measure = process.argv.includes('--measure');
  const maxKbArg = arg('--max-kb');
  const maxKb = maxKbArg === undefined ? null : Number(maxKbArg);
  if (maxKb !== null && !(measure && Number.isInteger(maxKb) && maxKb >= 64 && maxKb <= MEASURE_KB - HARNESS_KB)) {
    console.error(`test:jerryscript: --max-kb takes a whole number of KB from 64 to ${MEASURE_KB - HARNESS_KB}, with --measure (got ${maxKbArg})`);
    process.exit(2);
  }
  let smallestKb = null;
  const engineKb = measure ? MEASURE_KB : HEAP_SIZE_KB + HARNESS_KB;
  const opts = { heapKb: engineKb, stackKb: STACK_KB };
  const appKb = engineKb - HARNESS_KB;
  const appBudget = appKb * 1024;

  // 1. the engine -----------------------------------------------------------------------------
  const cached = fs.existsSync(path.join(engine.cacheDir(CACHE, opts), 'bin/jerry'));
  if (!cached) {
    if (!fs.existsSync(TARBALL)) skip(`no ${path.relative(ROOT, TARBALL)} (the JerryScript source, in ../shared beside the repo)`);
    const tool = engine.missingTool();
    if (tool) skip(`no C toolchain to build JerryScript (${tool} not found; needs cc, cmake, make, python3)`);
  }
  const { bin } = engine.ensureEngine({ cache: CACHE, tarball: TARBALL, ...opts, log });
  const version = engine.version(bin);

  // 2. the device file, out of the .fba --------------------------------------------------------
  return (fbaArg ? Promise.resolve({ fba: path.resolve(fbaArg) }) : buildFba({ log })).then((built) => {
    const fba = built.fba;
    const content = unpack(fba);
    const targets = Object.keys(content.device);
    const first = content.device[targets[0]];
    for (const t of targets) {
      if (content.device[t].js !== first.js) throw new Failure(`app/index.js differs between ${targets[0]} and ${t}: test each`);
      if (content.device[t].manifest.heapSize !== HEAP_SIZE_KB) throw new Failure(`device ${t} asks for heapSize ${content.device[t].manifest.heapSize} KB, the test budgets ${HEAP_SIZE_KB}`);
    }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bfr-jerry-'));
    const file = (name, text) => {
      const p = path.join(work, name);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
      return p;
    };
    const app = file('app/index.js', first.js);
    const view = file('view.js', 'var __VIEW__ = ' + JSON.stringify(viewRows(first.view)) + ';\n');
    if (!first.langs[DEFAULT_LANGUAGE]) throw new Failure(`the .fba has no compiled ${DEFAULT_LANGUAGE} strings (l/${DEFAULT_LANGUAGE}): the app's words are missing`);
    for (const t of targets) {
      if (Object.keys(content.device[t].langs).join() !== Object.keys(first.langs).join()) throw new Failure(`the string tables differ between ${targets[0]} and ${t}`);
    }
    const lang = file('lang.js', langSource(first.langs, 'en-US'));
    const harness = path.join(HERE, 'harness.js');
    const scenario = path.join(HERE, 'scenario.js');
    const baseline = file('reserve.js', `print('@@BASE ' + __scenario__.reserve(${HARNESS_KB * 1024}));\n`);
    const booted = file('booted.js', "__harness__.drain();\nprint('@@BOOT ' + JSON.stringify({ ms: __harness__.realNow() - __harness__.startedAt, appLive: __scenario__.appLive() }));\n");
    const go = file('go.js', '__scenario__.run();\n');
    const longest = file('longest.js', '__scenario__.longest();\n');
    const mapBundle = file('map-bundle.js', "'use strict';\nObject.defineProperty(exports, '__esModule', { value: true });\nvar seen = new Map();\nseen.set('a', 1);\nexports.seen = seen;\n");
    const before = [view, lang, harness, scenario, baseline];

    log('');
    log(`JerryScript ${version}, profile ${engine.PROFILE}, line info on, stack limit ${STACK_KB} KB (${path.relative(ROOT, bin)})`);
    log(`heap: ${appKb} KB for the app (${measure ? "--measure; the watch gives " + HEAP_SIZE_KB : "the heapSize its manifest asks for"}) + ${HARNESS_KB} KB held by harness and scenario (padded to that), in one engine`);
    log(`device file: app/index.js from ${path.relative(ROOT, fba)} (${targets.join(', ')}: identical), ${kb(Buffer.byteLength(first.js))}`);
    log(`strings: ${Object.keys(first.langs).map((l) => 'l/' + l + ' ' + kb(first.langs[l].length)).join(', ')} (the SDK's compiled app/i18n/*.po, outside the JS heap); the watch is set to en-US`);
    const problems = [];

    const unsupplied = unsupportedBuiltins(first.js);
    if (unsupplied.length) problems.push('the device file uses post-ES5 built-ins that nothing supplies or guards:\n' + unsupplied.map((u) => `  ${u.name} at ${u.at}: ...${u.context}...`).join('\n'));
    else log('  post-ES5 built-ins named in it: only those the bundle supplies or guards (scripts/jerryscript/builtins.js)');

    if (process.argv.includes('--node')) {
      const run = runInNode([...before, app, booted, go]);
      log(run.output);
      if (run.status !== 0) throw new Failure('scenario in Node failed');
      return;
    }

    // 3. Map must not exist ---------------------------------------------------------------------
    const mapRun = engine.runJerry(bin, [view, lang, harness, mapBundle]);
    if (mapRun.status === 0 || !/Map/.test(mapRun.output)) problems.push(explain(mapRun, 'a bundle using new Map() did not fail in the engine'));
    else log(`  new Map() in a bundle fails, as on the watch: ${firstLine(mapRun.output)}`);

    // 4. boot -----------------------------------------------------------------------------------
    const boots = [];
    for (let i = 0; i < 3; i++) {
      const run = engine.runJerry(bin, [...before, app, booted]);
      if (run.status !== 0) {
        problems.push(explain(run, 'boot'));
        break;
      }
      const held = tagged(run.output, 'BASE');
      const boot = tagged(run.output, 'BOOT');
      boots.push({ ms: boot.ms, live: boot.appLive, held, run });
    }
    if (boots.length === 3) {
      const b = boots[0];
      const alone = engine.runJerry(bin, before); // harness, scenario and ballast without the app
      const ms = boots.map((x) => x.ms).sort((x, y) => x - y)[1];
      log(`  harness and scenario hold ${kb(b.held)}, padded to ${HARNESS_KB} KB`);
      log(`  boot: ${ms} ms in the engine (median of 3: parse and first run of app/index.js); the app then holds ${kb(b.live)} of ${kb(appBudget)}` +
        ` (byte code ${kb(b.run.peakByteCode - alone.peakByteCode)}, strings ${kb(b.run.peakStrings - alone.peakStrings)})`);
      if (b.held > HARNESS_KB * 1024) problems.push(`harness and scenario hold ${kb(b.held)}, more than their ${HARNESS_KB} KB: raise HARNESS_KB`);
    }

    // 5. the scenario ---------------------------------------------------------------------------
    if (!problems.length) {
      const run = engine.runJerry(bin, [...before, app, booted, go]);
      if (run.status !== 0) problems.push(explain(run, 'scenario'));
      else {
        const result = tagged(run.output, 'RESULT');
        const parse = realRecordParser();
        const records = run.output.split('\n').filter((l) => l.startsWith('@@RECORD ')).map((l) => JSON.parse(l.slice(9)));
        for (const r of records) {
          const parsed = parse(r);
          if (!parsed.ok) problems.push(`the outbox file for ${r.id} fails the real schema: ${parsed.error}`);
        }
        if (records.length !== 2) problems.push(`expected the two records on stdout, got ${records.length}`);
        log(`  scenario: passed in ${(run.ms / 1000).toFixed(1)} s for ${result.virtualMinutes} virtual minutes`);
        for (const s of result.sessions) log(`    ${s.program}: ${s.sets} sets, reps ${s.reps.join('/')}, ${s.phases} phases${s.pressureSamples ? ', ' + s.pressureSamples + ' pressure samples (every ' + s.sampleIntervalMs / 1000 + ' s per cuff)' : ''}`);
        log(`    ${result.accelerometerBatches} accelerometer batches, ${result.vibrations} vibrations; messages sent: ${result.messagesFromWatch}, received: ${result.messagesToWatch}`);
        log(`    ${result.filesAcked} files sent and acknowledged (${kb(result.fileBytes)}), valid by the real zod schema: ${records.length}; ${kb(result.watchFileBytes)} in the watch's files at the end`);
        log(`    modules used: ${result.modules.filter((m, i, a) => a.indexOf(m) === i).join(', ')}`);
        log(`  heap: the app held at most ${kb(result.maxAppLive)} of its ${kb(appBudget)} (${Math.round((100 * result.maxAppLive) / appBudget)}%, sampled after a collection every 5 s); ` +
          `the engine's peak ${kb(run.peakBytes)} of ${kb(run.heapBytes)} (garbage is collected when the heap is full)`);
      }
    }

    // The smallest heap the scenario runs in: more ballast, less heap for the app, until it
    // fails. It starts at 64 KB, the SDK's smallest heapSize, where the app must run out of
    // memory (which also shows the run notices out of memory).
    if (!problems.length) {
      const scenarioIn = (budgetKb) => {
        const reserve = file('reserve-' + budgetKb + '.js', `print('@@BASE ' + __scenario__.reserve(${(engineKb - budgetKb) * 1024}));\n`);
        const run = engine.runJerry(bin, [view, lang, harness, scenario, reserve, app, booted, go]);
        if (run.status !== 0 && !run.outOfMemory) problems.push(explain(run, `scenario with a ${budgetKb} KB heap`));
        return run;
      };
      let lo = 64;
      let hi = appKb;
      const smallest = scenarioIn(lo);
      if (smallest.status === 0) hi = lo;
      else if (smallest.outOfMemory) log(`  with ${lo} KB (the SDK's smallest heapSize) the app runs out of memory, as expected: ${firstLine(smallest.output)}`);
      while (!problems.length && hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (scenarioIn(mid).status === 0) hi = mid;
        else lo = mid;
      }
      if (!problems.length) smallestKb = hi;
      if (!problems.length) log(`  the smallest heap the scenario runs in: ${hi} KB (out of memory at ${hi - 1} KB): ${HEAP_SIZE_KB - hi} KB to spare in the watch's ${HEAP_SIZE_KB} KB`);
    }

    // 6. the longest cuffed preset, for its pressure samples --------------------------------------
    if (!problems.length) {
      const run = engine.runJerry(bin, [...before, app, booted, longest]);
      if (run.status !== 0) problems.push(explain(run, 'longest cuffed session (Walk continuous, 19 min, two cuffs)'));
      else {
        const r = tagged(run.output, 'LONGEST');
        log(`  Walk continuous (19 min, two cuffs up throughout): runs to its end in ${(run.ms / 1000).toFixed(1)} s, ${r.pressureSamples} pressure samples kept (every ${r.sampleIntervalMs / 1000} s per cuff); the app held at most ${kb(r.maxAppLive)}`);
      }
    }

    // 7. the phone's bundles parse -----------------------------------------------------------------
    for (const [name, code] of [['companion.js', content.companion], ['settings.js', content.settings]]) {
      if (code === null) {
        problems.push(`the .fba has no ${name}`);
        continue;
      }
      try {
        new vm.Script(code, { filename: name });
        log(`  ${name} (${kb(Buffer.byteLength(code))}) parses`);
      } catch (e) {
        problems.push(`${name} does not parse: ${e.message}`);
      }
    }

    if (process.argv.includes('--keep')) log(`  work folder kept: ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
    if (problems.length) throw new Failure(problems.join('\n\n'));
    if (measure && maxKb !== null) {
      if (smallestKb === null || smallestKb > maxKb) throw new Failure(`--measure --max-kb ${maxKb}: the scenario needs ${smallestKb === null ? 'an unknown' : smallestKb + ' KB of'} heap, more than the ${maxKb} KB allowed`);
      log(`test:jerryscript --measure: the scenario runs in ${smallestKb} KB, within --max-kb ${maxKb} (the watch gives ${HEAP_SIZE_KB} KB; the plain run holds the app to that)`);
      return;
    }
    if (measure) throw new Failure(`--measure: the app had ${appKb} KB, not the watch's ${HEAP_SIZE_KB}; the figures above are measurements, not a pass`);
    log(`test:jerryscript passed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  });
}

/** The same files in one Node vm context (for debugging the harness and the scenario). */
function runInNode(files) {
  const lines = [];
  const context = vm.createContext({ print: (...a) => lines.push(a.join(' ')) });
  try {
    for (const f of files) vm.runInContext(fs.readFileSync(f, 'utf8'), context, { filename: f });
    return { status: 0, output: lines.join('\n') };
  } catch (e) {
    lines.push(String(e && e.stack ? e.stack : e));
    return { status: 1, output: lines.join('\n') };
  }
}

function firstLine(output) {
  return output.split('\n').find((l) => /Error/.test(l)) || (/^null$/m.test(output) ? 'the parser threw null (out of memory)' : '') || output.split('\n')[0];
}

function tagged(output, tag) {
  const line = output.split('\n').find((l) => l.startsWith('@@' + tag + ' '));
  if (!line) throw new Failure(`no @@${tag} line in the engine's output:\n${output.slice(-2000)}`);
  return JSON.parse(line.slice(tag.length + 3));
}

if (require.main === module) {
  Promise.resolve()
    .then(main)
    .catch((e) => {
      console.error('\ntest:jerryscript FAILED\n' + (e instanceof Failure || (e && e.name === 'BuildError') ? e.message : (e && e.stack) || e));
      process.exit(1);
    });
}

module.exports = { viewRows, unpack, langSource };
