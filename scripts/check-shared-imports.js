#!/usr/bin/env node
// shared/ must run unchanged on the watch, the phone and Node: it may import only other
// shared/ files and zod. It owns no clock, timer or I/O either: time comes in with events.
// Exits 1 and names file:line for every breach. (shared/tsconfig.json also has no platform
// typings, so a platform import fails the type check as well.)
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const SHARED = path.join(ROOT, 'shared');
const ALLOWED_PACKAGES = new Set(['zod', 'zod/mini']);
const IMPORT = /(?:^|[^\w$.])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[^\w$.])import\s*\(\s*['"]([^'"]+)['"]|(?:^|[^\w$.])require\s*\(\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/g;
const FORBIDDEN_CALLS = [
  { re: /\b(setTimeout|setInterval|clearTimeout|clearInterval|setImmediate)\s*\(/, why: 'timers belong to the platform shell' },
  { re: /\bDate\.now\s*\(/, why: 'the clock comes in with events (tick(nowMs)), never read inside shared/' },
  { re: /\bnew\s+Date\s*\(\s*\)/, why: 'the clock comes in with events, never read inside shared/' },
  { re: /\b(fetch|XMLHttpRequest)\s*\(/, why: 'no I/O in shared/' },
  { re: /\beval\s*\(|\bnew\s+Function\s*\(/, why: 'eval is banned on the watch' },
  { re: /\basync\s+(function\b|\(|[\w$]+\s*=>)|\bawait\s/, why: 'no async/await in code that runs on the watch' },
];

function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (/\.(ts|js|mjs|cjs)$/.test(entry.name)) out.push(p);
  }
  return out;
}

function stripComments(line, state) {
  // Good enough for our code style: drop // comments and /* */ blocks, keep strings.
  let out = '';
  for (let i = 0; i < line.length; i++) {
    if (state.block) {
      if (line[i] === '*' && line[i + 1] === '/') { state.block = false; i++; }
      continue;
    }
    if (line[i] === '/' && line[i + 1] === '*') { state.block = true; i++; continue; }
    if (line[i] === '/' && line[i + 1] === '/') break;
    out += line[i];
  }
  return out;
}

function check(files, sharedRoot = SHARED) {
  const problems = [];
  for (const file of files) {
    const rel = path.relative(ROOT, file);
    const state = { block: false };
    fs.readFileSync(file, 'utf8').split('\n').forEach((raw, i) => {
      const line = stripComments(raw, state);
      IMPORT.lastIndex = 0;
      let m;
      while ((m = IMPORT.exec(line))) {
        const spec = m[1] || m[2] || m[3] || m[4];
        if (spec.startsWith('.')) {
          const target = path.resolve(path.dirname(file), spec);
          if (!target.startsWith(sharedRoot + path.sep) && target !== sharedRoot) {
            problems.push(`${rel}:${i + 1}: imports "${spec}", which is outside shared/`);
          }
        } else if (!ALLOWED_PACKAGES.has(spec)) {
          problems.push(`${rel}:${i + 1}: imports "${spec}"; shared/ may import only shared/ files and zod`);
        }
      }
      for (const { re, why } of FORBIDDEN_CALLS) {
        if (re.test(line)) problems.push(`${rel}:${i + 1}: ${why}: ${raw.trim()}`);
      }
    });
  }
  return problems;
}

if (require.main === module) {
  if (!fs.existsSync(SHARED)) {
    console.error(`check-shared-imports: ${SHARED} does not exist`);
    process.exit(1);
  }
  const files = walk(SHARED, []);
  const problems = check(files);
  if (problems.length) {
    console.error(`shared/ must stay platform-free (${problems.length} problem(s)):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`shared/ is platform-free: ${files.length} files checked`);
}

module.exports = { check, walk };
