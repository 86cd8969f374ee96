#!/usr/bin/env node
// npm test [-- jest args]: the shared/ import rules, then the type check and Jest side by side
// (issue 20). The type check is one single-threaded process and most of the suite is
// single-threaded simulation: run one after the other, a core idled through the type check and
// through the tail of the Jest run; side by side they fill both cores of a 2-core machine.
// Jest's output comes as it runs (progress on a terminal); the type check's is held back and
// printed once it ends, so the two never interleave. Exits non-zero if either fails, after
// both have ended (a type error and a test failure are both reported in one run).
'use strict';
const { spawn, spawnSync } = require('child_process');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const node = process.execPath;

const lint = spawnSync(node, [path.join(ROOT, 'scripts/check-shared-imports.js')], { cwd: ROOT, stdio: 'inherit' });
if (lint.status !== 0) process.exit(lint.status || 1);

function run(args, capture) {
  return new Promise((resolve) => {
    const child = spawn(node, args, { cwd: ROOT, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let out = '';
    if (capture) {
      child.stdout.on('data', (c) => { out += c; });
      child.stderr.on('data', (c) => { out += c; });
    }
    child.on('close', (code, signal) => resolve({ code: code === null ? 1 : code, signal, out }));
    for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => child.kill(sig));
  });
}

(async () => {
  const started = Date.now();
  const typecheck = run([path.join(ROOT, 'scripts/typecheck.js')], true).then((r) => ({ ...r, s: (Date.now() - started) / 1000 }));
  const jest = run([require.resolve('jest/bin/jest'), ...process.argv.slice(2)], false);
  const [tc, j] = await Promise.all([typecheck, jest]);
  process.stdout.write('\n' + tc.out.trimEnd() + '\n');
  console.log('typecheck: ' + (tc.code === 0 ? 'passed' : 'FAILED') + ' in ' + tc.s.toFixed(0) + ' s (beside Jest); npm test: ' + ((Date.now() - started) / 1000).toFixed(0) + ' s');
  process.exitCode = tc.code || j.code;
})();
