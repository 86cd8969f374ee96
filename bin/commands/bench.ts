// bfr-coach bench [--json] [--samples N] [--runs N]: cost of the motion counters per sample, in
// Node and inside QuickJS (the shared/motion bundle built the way the watch build does it:
// esbuild, es2019, bundled), best of N runs (default 3: the machine is shared, the best run is
// the one least disturbed), plus bytes allocated per 1000 samples in a `node --expose-gc`
// child, and the cost of the rep counter's end-of-set recount over a full set buffer.
import { parseArgs } from 'util';
import * as path from 'path';
import * as fs from 'fs';
import * as os from 'os';
import { execFileSync } from 'child_process';
import * as esbuild from 'esbuild';
import { progress } from '../lib/progress';

export const usage = 'bfr-coach bench [--json] [--samples N] [--runs N]';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Each counter is fed at the input rate where every input sample produces one internal grid
 * sample (the most work per input sample): reps 10 Hz, steps and cadence 25 Hz.
 */
const CASES = [
  { name: 'reps', make: 'Motion.createRepCounter({ exercise: "bench", unitScale: 0.01 })', rateHz: 10, unit: 100 },
  { name: 'steps', make: 'Motion.createStepCounter({ unitScale: 1 })', rateHz: 25, unit: 1 },
  { name: 'cadence', make: 'Motion.createCadenceEstimator({ unitScale: 1 })', rateHz: 25, unit: 1 },
];

/** The test signal: a slow lift (2.5 s) with a faster wobble, noise, jittered times. */
const SIGNAL = `
  var T = new Float64Array(n), X = new Float64Array(n), Y = new Float64Array(n), Z = new Float64Array(n);
  var seed = 12345;
  function rnd() { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; }
  for (var i = 0; i < n; i++) {
    var t = i * per + (rnd() - 0.5) * 0.2 * per; T[i] = Math.round(t) + i * 0.001;
    var s = Math.sin(2 * Math.PI * t / 2500), w = Math.sin(2 * Math.PI * t / 550);
    X[i] = (1.5 * s + 0.3 * (rnd() - 0.5)) * u; Y[i] = (9.81 + 0.8 * w + 0.3 * (rnd() - 0.5)) * u; Z[i] = (0.5 * s * w + 0.3 * (rnd() - 0.5)) * u;
  }`;

/** Plain JS (ES5) that times `n` pushes, best of `runs`; returns microseconds/sample. */
function benchScript(make: string, rateHz: number, unit: number, n: number, runs: number, clock: string): string {
  return `(function () {
  var n = ${n}, per = 1000 / ${rateHz}, u = ${unit};
  ${SIGNAL}
  var c = ${make};
  for (var j = 0; j < 2000; j++) c.push(T[j], X[j], Y[j], Z[j]);
  var best = Infinity;
  for (var r = 0; r < ${runs}; r++) {
    c.reset();
    var t0 = ${clock};
    for (var k = 0; k < n; k++) c.push(T[k], X[k], Y[k], Z[k]);
    var t1 = ${clock};
    if (t1 - t0 < best) best = t1 - t0;
  }
  return best * 1000 / n;
})()`;
}

/** Plain JS: builds the signal and the counter as globals (QuickJS runs are timed from outside). */
function setupScript(make: string, rateHz: number, unit: number, n: number): string {
  return `var n = ${n}, per = 1000 / ${rateHz}, u = ${unit};
  ${SIGNAL}
  var c = ${make};
  for (var j = 0; j < 2000; j++) c.push(T[j], X[j], Y[j], Z[j]);
  0;`;
}

const TIMED_LOOP = 'c.reset(); for (var k = 0; k < n; k++) c.push(T[k], X[k], Y[k], Z[k]); 0;';

/** Plain JS: fills a rep counter's whole set buffer, then times finish() (ms, best of `runs`). */
function recountScript(runs: number, clock: string): string {
  return `(function () {
  var per = 100, u = 1;
  var c = Motion.createRepCounter({ exercise: "bench", unitScale: 1 });
  var n = Math.ceil(c.bufferSeconds * 1000 / per) + 10;
  ${SIGNAL}
  // A set going on for the whole buffer: the wrist moves up and down every 2.5 s.
  for (var i = 0; i < n; i++) { X[i] = 0.2 * X[i]; Y[i] = 9.81 + 1.5 * Math.sin(2 * Math.PI * T[i] / 2500) + 0.1 * Z[i]; }
  for (var k = 0; k < n; k++) c.push(T[k], X[k], Y[k], Z[k]);
  if (c.count < 10) throw new Error("the recount bench signal was not counted as a set");
  var best = Infinity;
  for (var r = 0; r < ${runs}; r++) {
    var t0 = ${clock};
    var reps = 0;
    // finish() caches its result until the next sample: push one more each time.
    for (var q = 0; q < 5; q++) { c.push(T[n - 1] + (r * 5 + q + 1) * per, X[q], Y[q], Z[q]); reps += c.finish(); }
    var t1 = ${clock};
    if ((t1 - t0) / 5 < best) best = (t1 - t0) / 5;
  }
  return best;
})()`;
}

async function bundle(format: 'iife' | 'cjs'): Promise<string> {
  const r = await esbuild.build({
    entryPoints: [path.join(ROOT, 'shared/motion/index.ts')],
    bundle: true,
    write: false,
    target: 'es2019',
    platform: 'neutral',
    format,
    globalName: format === 'iife' ? 'Motion' : undefined,
    logLevel: 'silent',
  });
  return r.outputFiles[0].text;
}

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    values = parseArgs({ args, strict: true, options: { json: { type: 'boolean' }, samples: { type: 'string' }, runs: { type: 'string' } } }).values;
  } catch (e) {
    console.error(`bfr-coach bench: ${(e as Error).message}\n${usage}`);
    return 2;
  }
  const n = values.samples ? Number(values.samples) : 20000;
  if (!Number.isInteger(n) || n < 1000) {
    console.error('bfr-coach bench: --samples must be an integer >= 1000');
    return 2;
  }
  const runs = values.runs ? Number(values.runs) : 3;
  if (!Number.isInteger(runs) || runs < 1) {
    console.error('bfr-coach bench: --runs must be an integer >= 1');
    return 2;
  }
  const bar = progress('bench', { json: values.json === true });
  let done = 0;
  const total = CASES.length * 3 + 1;
  const tick = (label: string) => bar.update(++done, total, label);
  const iife = await bundle('iife');
  const cjs = await bundle('cjs');
  // Node: the same bundle, evaluated in this process.
  const nodeMotion = new Function(`${iife}; return Motion;`)();
  // QuickJS
  const { getQuickJS } = require('quickjs-emscripten');
  const QuickJS = await getQuickJS();
  // Allocation: a child node with --expose-gc.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bfr-bench-'));
  const motionFile = path.join(tmp, 'motion.js');
  fs.writeFileSync(motionFile, cjs);
  const rows: { counter: string; rateHz: number; nodeUsPerSample: number; quickjsUsPerSample: number; bytesPer1000Samples: number }[] = [];
  try {
    for (const c of CASES) {
      const nodeUs = new Function('Motion', `return ${benchScript(c.make, c.rateHz, c.unit, n, runs, 'performance.now()')};`)(nodeMotion) as number;
      tick(`${c.name} node`);
      const vm = QuickJS.newContext();
      let qjsUs: number;
      try {
        const loaded = vm.evalCode(iife);
        if (loaded.error) throw new Error(`QuickJS could not load the bundle: ${JSON.stringify(vm.dump(loaded.error))}`);
        loaded.value.dispose();
        // One run per evalCode, timed by this process's CPU time (user + system): on a shared
        // machine, time spent waiting for a core is not the counter's cost.
        const setup = vm.evalCode(setupScript(c.make, c.rateHz, c.unit, n));
        if (setup.error) {
          const err = vm.dump(setup.error);
          setup.error.dispose();
          throw new Error(`QuickJS bench failed: ${JSON.stringify(err)}`);
        }
        setup.value.dispose();
        qjsUs = Infinity;
        for (let r = 0; r < runs; r++) {
          const cpu0 = process.cpuUsage();
          const res = vm.evalCode(TIMED_LOOP);
          const cpu = process.cpuUsage(cpu0);
          if (res.error) {
            const err = vm.dump(res.error);
            res.error.dispose();
            throw new Error(`QuickJS bench failed: ${JSON.stringify(err)}`);
          }
          res.value.dispose();
          qjsUs = Math.min(qjsUs, (cpu.user + cpu.system) / n);
        }
      } finally {
        vm.dispose();
      }
      tick(`${c.name} quickjs`);
      const allocScript = path.join(tmp, `alloc-${c.name}.js`);
      fs.writeFileSync(
        allocScript,
        `const Motion = require(${JSON.stringify(motionFile)});
const N = 500000, per = 1000 / ${c.rateHz}, u = ${c.unit};
const T = new Float64Array(N), X = new Float64Array(N), Y = new Float64Array(N), Z = new Float64Array(N);
for (let i = 0; i < N; i++) { const t = i * per; T[i] = t; const s = Math.sin(2 * Math.PI * t / 2500), w = Math.sin(2 * Math.PI * t / 550);
  X[i] = 1.5 * s * u; Y[i] = (9.81 + 0.8 * w) * u; Z[i] = 0.5 * s * w * u; }
const c = ${c.make};
let sink = 0;
// JIT compilation also allocates on the heap: measure an empty loop the same way and keep
// the smallest of three runs of each, so only the counter's own allocation remains.
function measure(push) {
  global.gc(); global.gc();
  const before = process.memoryUsage().heapUsed;
  if (push) for (let i = 20000; i < N; i++) sink += c.push(T[i], X[i], Y[i], Z[i]);
  else for (let i = 20000; i < N; i++) sink += X[i] > 1e9 ? 1 : 0;
  return (process.memoryUsage().heapUsed - before) / ((N - 20000) / 1000);
}
for (let i = 0; i < 20000; i++) sink += c.push(T[i], X[i], Y[i], Z[i]);
let p = Infinity, e = Infinity;
for (let r = 0; r < 3; r++) { c.reset(); p = Math.min(p, measure(true)); e = Math.min(e, measure(false)); }
process.stdout.write(String(Math.max(0, p - e)));
`,
      );
      const bytes = Number(execFileSync(process.execPath, ['--expose-gc', allocScript], { encoding: 'utf8' }));
      tick(`${c.name} allocation`);
      rows.push({
        counter: c.name,
        rateHz: c.rateHz,
        nodeUsPerSample: Number(nodeUs.toFixed(3)),
        quickjsUsPerSample: Number(qjsUs.toFixed(2)), // CPU time
        bytesPer1000Samples: Math.round(bytes),
      });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  // The end-of-set recount: once per set, over the whole set buffer.
  let recountMs: number;
  {
    const vm = QuickJS.newContext();
    try {
      const loaded = vm.evalCode(iife);
      if (loaded.error) throw new Error(`QuickJS could not load the bundle: ${JSON.stringify(vm.dump(loaded.error))}`);
      loaded.value.dispose();
      const r = vm.evalCode(recountScript(runs, 'Date.now()'));
      if (r.error) {
        const err = vm.dump(r.error);
        r.error.dispose();
        throw new Error(`QuickJS recount bench failed: ${JSON.stringify(err)}`);
      }
      recountMs = vm.dump(r.value);
      r.value.dispose();
    } finally {
      vm.dispose();
    }
    tick('recount quickjs');
  }
  bar.end();
  if (values.json) {
    for (const r of rows) console.log(JSON.stringify({ kind: 'bench', ...r, runs }));
    console.log(JSON.stringify({ kind: 'bench', counter: 'reps.finish', quickjsMsPerSet: Number(recountMs.toFixed(2)), runs }));
  } else {
    console.log(`samples per counter: ${n} (input rate where each sample is one internal step); best of ${runs} runs; QuickJS by CPU time`);
    console.log('counter  rateHz  node us/sample  quickjs us/sample  bytes/1000 samples');
    for (const r of rows) {
      console.log(
        `${r.counter.padEnd(7)}  ${String(r.rateHz).padStart(6)}  ${r.nodeUsPerSample.toFixed(3).padStart(14)}  ${r.quickjsUsPerSample.toFixed(2).padStart(17)}  ${String(r.bytesPer1000Samples).padStart(18)}`,
      );
    }
    console.log(`reps end-of-set recount (finish) over a full set buffer: ${recountMs.toFixed(1)} ms in QuickJS, once per set`);
  }
  return 0;
}
