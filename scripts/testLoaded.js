#!/usr/bin/env node
// npm run test:loaded [-- jest args]: `npm test` with two CPU-bound busy loops running beside it,
// the way a laptop or a shared CI runner is busy with other work. A verdict that depends on
// machine speed goes red here. The loops are started and stopped by this script (also on
// Ctrl-C); the exit code is npm test's. It also fails when Jest reports that it did not exit
// by itself (an open handle: a server, timer or child process a test left running).
'use strict';
const { spawn } = require('child_process');

const LOOPS = Number(process.env.TEST_LOADED_LOOPS || 2);
const WARNINGS = [/did not exit one second after the test run/i, /failed to exit gracefully/i, /open handles? (potentially )?keeping Jest from exiting/i];

const loops = [];
for (let i = 0; i < LOOPS; i++) {
  loops.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}
function stopLoops() {
  for (const p of loops.splice(0)) {
    if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  }
}
process.on('exit', stopLoops);

const started = Date.now();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const args = ['test'].concat(process.argv.length > 2 ? ['--'].concat(process.argv.slice(2)) : []);
const env = Object.assign({}, process.env);
if (process.stdout.isTTY && !env.FORCE_COLOR) env.FORCE_COLOR = '1';
console.error('test:loaded: ' + LOOPS + ' busy loops running (pids ' + loops.map((p) => p.pid).join(', ') + '), then npm ' + args.join(' '));
// Its own process group, so that the whole of it (npm, sh, jest, workers) can be stopped.
const test = spawn(npm, args, { stdio: ['inherit', 'pipe', 'pipe'], env, shell: process.platform === 'win32', detached: process.platform !== 'win32' });
function stopTest(sig) {
  try {
    if (process.platform !== 'win32') process.kill(-test.pid, sig);
    else test.kill(sig);
  } catch {
    // already gone
  }
}

// Passed through as it comes; the tail of each stream is kept to look for Jest's warnings.
let seen = '';
function watch(from, to) {
  let tail = '';
  from.on('data', (chunk) => {
    to.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-4000);
    for (const w of WARNINGS) {
      const m = w.exec(tail);
      if (m && !seen.includes(m[0])) {
        seen += m[0] + '\n';
        // Jest waits forever for an open handle: give it a little longer, then stop it.
        setTimeout(() => stopTest('SIGTERM'), 15000).unref();
      }
    }
  });
}
watch(test.stdout, process.stdout);
watch(test.stderr, process.stderr);

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    stopTest(sig);
    stopLoops();
  });
}

test.on('close', (code, signal) => {
  stopLoops();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let exit = code === null ? 1 : code;
  console.error('test:loaded: npm test ' + (exit === 0 ? 'passed' : 'FAILED (exit ' + (signal || code) + ')') + ' in ' + seconds + ' s beside ' + LOOPS + ' busy loops');
  if (seen) {
    console.error('test:loaded: Jest did not exit by itself (an open handle):\n  ' + seen.trim().split('\n').join('\n  '));
    if (exit === 0) exit = 1;
  } else {
    console.error('test:loaded: Jest exited by itself (no "did not exit" warning)');
  }
  process.exitCode = exit;
});
