// The JerryScript command-line engine for `npm run test:jerryscript`: built from the vendored
// release tarball (../shared/vendor/jerryscript-2.4.0.tar.gz) with the es5.1 profile and the
// watch's JS heap, into <cache>/<options>/ (node_modules/.cache/jerryscript by default; rebuilt
// only when missing), and run on a list of script files that share one engine context.
//
// The engine (jerry-core) is the release as it is. The command-line tool (jerry-main) gets
// native-store.c: the harness keeps the app's files there, outside the JS heap, as the watch
// keeps them in flash (otherwise every saved record would count against the 128 KB).
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const VERSION = '2.4.0';
const PROFILE = 'es5.1';

/** What the engine needs to be built, as `which` finds it; the first missing one, or null. */
function missingTool() {
  for (const tool of ['cc', 'cmake', 'make', 'python3']) {
    const r = spawnSync('sh', ['-c', 'command -v ' + tool], { encoding: 'utf8' });
    if (r.status !== 0) return tool;
  }
  return null;
}

/**
 * Options that change the binary. `line-info` stays on: errors then name app/index.js:line,
 * and the byte code carries the line table, as on a watch that reports error positions (it
 * costs ~5 KB of heap, so the measured peak errs on the high side).
 */
function buildOptions({ heapKb, stackKb }) {
  return [
    `--profile=${PROFILE}`,
    `--mem-heap=${heapKb}`,
    `--stack-limit=${stackKb}`,
    '--mem-stats=ON',
    '--error-messages=ON',
    '--line-info=ON',
    '--jerry-cmdline=ON',
  ];
}

const NATIVE_STORE = path.join(__dirname, 'native-store.c');

/** The engine's folder in the cache: named by every option that changes the binary. */
function cacheDir(cache, opts) {
  const native = crypto.createHash('sha1').update(fs.readFileSync(NATIVE_STORE)).digest('hex').slice(0, 8);
  return path.join(cache, `jerryscript-${VERSION}-${PROFILE}-heap${opts.heapKb}k-stack${opts.stackKb}k-${native}`);
}

/** jerry-main with native-store.c: included into main-utils.c and registered with the others. */
function addNativeStore(src) {
  const utils = path.join(src, 'jerry-main/main-utils.c');
  let text = fs.readFileSync(utils, 'utf8');
  const edits = [
    ['#include "main-options.h"\n', '#include "main-options.h"\n#include "native-store.c"\n'],
    ['  main_register_global_function ("createRealm", main_create_realm);\n', '  main_register_global_function ("createRealm", main_create_realm);\n  native_store_register ();\n'],
  ];
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error('jerry-main/main-utils.c: cannot find ' + JSON.stringify(from) + ' to add the native store');
    text = text.replace(from, to);
  }
  fs.writeFileSync(utils, text);
  fs.copyFileSync(NATIVE_STORE, path.join(src, 'jerry-main/native-store.c'));
}

/** Path of the jerry binary, building it first when the cache has none. */
function ensureEngine({ cache, tarball, heapKb, stackKb, log }) {
  const dir = cacheDir(cache, { heapKb, stackKb });
  const bin = path.join(dir, 'bin/jerry');
  if (fs.existsSync(bin)) return { bin, built: false, dir };
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jerryscript-'));
  try {
    log(`building JerryScript ${VERSION} (${PROFILE}, ${heapKb} KB heap) into ${dir} ...`);
    const t0 = Date.now();
    const untar = spawnSync('tar', ['xzf', tarball, '-C', work], { encoding: 'utf8' });
    if (untar.status !== 0) throw new Error('tar failed: ' + untar.stderr);
    const src = path.join(work, `jerryscript-${VERSION}`);
    addNativeStore(src);
    const build = path.join(work, 'build');
    const args = [path.join(src, 'tools/build.py'), `--builddir=${build}`, ...buildOptions({ heapKb, stackKb })];
    const r = spawnSync('python3', args, { encoding: 'utf8' });
    if (r.status !== 0 || !fs.existsSync(path.join(build, 'bin/jerry'))) {
      throw new Error(`JerryScript build failed (python3 ${args.join(' ')}):\n${(r.stdout || '').slice(-3000)}${(r.stderr || '').slice(-3000)}`);
    }
    // Into place in one step, so a parallel run never sees half a cache entry.
    const staging = dir + '.tmp-' + process.pid;
    fs.mkdirSync(path.join(staging, 'bin'), { recursive: true });
    fs.copyFileSync(path.join(build, 'bin/jerry'), path.join(staging, 'bin/jerry'));
    fs.chmodSync(path.join(staging, 'bin/jerry'), 0o755);
    fs.writeFileSync(path.join(staging, 'BUILD'), `python3 tools/build.py ${buildOptions({ heapKb, stackKb }).join(' ')}\n`);
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    try {
      fs.renameSync(staging, dir);
    } catch (e) {
      fs.rmSync(staging, { recursive: true, force: true });
      if (!fs.existsSync(bin)) throw e;
    }
    log(`  built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return { bin, built: true, dir };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function version(bin) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  const m = /Version:\s*(\S+)/.exec(r.stdout || '');
  return m ? m[1] : 'unknown';
}

const OUT_OF_MEMORY = 10; // jerry_fatal (ERR_OUT_OF_MEMORY): the default port exits with it

/**
 * Runs files in one engine context (`jerry --mem-stats a.js b.js ...`). Returns the exit
 * status, the output and the heap figures the engine printed at exit.
 */
function runJerry(bin, files, { args = [] } = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(bin, ['--mem-stats', ...args, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60 * 1000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const output = (r.stdout || '') + (r.stderr || '');
  const stat = (name) => {
    const m = new RegExp('^\\s*' + name + ' = (\\d+) bytes', 'm').exec(output);
    return m ? Number(m[1]) : null;
  };
  // Out of memory while running is fatal (exit 10); while parsing, the parser throws `null`
  // ("a simple value can still be thrown", js-parser.c), which jerry prints as the uncaught value.
  const parserOutOfMemory = r.status === 1 && /^null$/m.test(r.stderr || '');
  return {
    status: r.status,
    signal: r.signal,
    outOfMemory: r.status === OUT_OF_MEMORY || parserOutOfMemory,
    output,
    ms,
    heapBytes: stat('Heap size'),
    peakBytes: stat('Peak allocated'),
    peakByteCode: stat('Peak allocated byte code data'),
    peakStrings: stat('Peak allocated string data'),
  };
}

module.exports = { VERSION, PROFILE, cacheDir, missingTool, ensureEngine, version, runJerry, buildOptions, OUT_OF_MEMORY };
