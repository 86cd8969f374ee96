#!/usr/bin/env node
// npm run typecheck: the four projects of the repo type-checked in one process, in about half
// the time of four `tsc -p X --noEmit` (issue 20). The projects overlap: shared/ is in all four,
// companion/ in two, the lib and node_modules typings in most. Two savings, nothing left out:
// - A parsed file is kept and handed to the next project that reads it with the same parse
//   settings (as TypeScript's language service does); the projects differ only in libs and
//   platform typings, which matter to checking, not to parsing.
// - Each source file is checked (syntax and types) in the narrowest project that holds it, the
//   one whose rules it must keep: shared/ in shared (no platform at all), watch/ in watch (Zepp
//   device typings), companion/ in companion (side service and Settings App), everything else
//   (tests, simulator, CLI) in the root project (Node). The wider projects still load those
//   files to check their own against them; checking them there again found nothing the narrow
//   project would not (a file that type-checks without a platform's typings also does with
//   them, as all these files are modules). A file in a project but owned by none fails the run.
// Same exit code as tsc (1 on any error). `node scripts/typecheck.js --all` checks every file
// in every project that holds it, as four `tsc -p` did.
'use strict';
const path = require('path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');
// The root one is Node (tests, simulator, CLI); the others check shared/ and the device and
// phone code against their platform's typings only (see the comment in each).
const PROJECTS = [
  { config: 'tsconfig.json', owns: (rel) => !/^(shared|watch|companion)\//.test(rel) },
  { config: 'watch/tsconfig.json', owns: (rel) => rel.startsWith('watch/') },
  { config: 'companion/tsconfig.json', owns: (rel) => rel.startsWith('companion/') },
  { config: 'shared/tsconfig.json', owns: (rel) => rel.startsWith('shared/') },
];

const formatHost = {
  getCanonicalFileName: (f) => f,
  getCurrentDirectory: () => ROOT,
  getNewLine: () => ts.sys.newLine,
};

/** Parsed files, keyed by what their parse depends on (file name, language version, module detection). */
const parsed = new Map();

function hostFor(options) {
  const host = ts.createCompilerHost(options, true);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
    const v = typeof languageVersionOrOptions === 'object'
      ? [languageVersionOrOptions.languageVersion, languageVersionOrOptions.impliedNodeFormat, languageVersionOrOptions.setExternalModuleIndicator ? String(options.moduleDetection) : ''].join('|')
      : String(languageVersionOrOptions);
    const key = fileName + '\0' + v;
    const hit = parsed.get(key);
    if (hit && !shouldCreate) return hit;
    const file = read(fileName, languageVersionOrOptions, onError, shouldCreate);
    if (file) parsed.set(key, file);
    return file;
  };
  return host;
}

function check(project, all, seen) {
  const configPath = path.join(ROOT, project.config);
  const config = ts.getParsedCommandLineOfConfigFile(configPath, { noEmit: true }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.formatDiagnostic(d, formatHost)); },
  });
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host: hostFor(config.options), projectReferences: config.projectReferences });
  const diagnostics = [...config.errors, ...program.getConfigFileParsingDiagnostics(), ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile || program.isSourceFileFromExternalLibrary(file)) continue;
    const rel = path.relative(ROOT, file.fileName).split(path.sep).join('/');
    if (!all && !project.owns(rel)) {
      if (!seen.has(rel)) seen.set(rel, false);
      continue;
    }
    seen.set(rel, true);
    diagnostics.push(...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file));
  }
  return diagnostics;
}

function main() {
  const all = process.argv.includes('--all');
  let errors = 0;
  /** Every source file met, and whether a project checked it. */
  const seen = new Map();
  for (const project of PROJECTS) {
    const started = Date.now();
    const diagnostics = check(project, all, seen);
    const count = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
    errors += count;
    if (diagnostics.length) process.stdout.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost) + '\n');
    console.error('typecheck ' + project.config + ': ' + (count ? count + ' error(s)' : 'ok') + ' (' + ((Date.now() - started) / 1000).toFixed(1) + ' s)');
  }
  const unchecked = [...seen].filter(([, checked]) => !checked).map(([file]) => file);
  if (unchecked.length) {
    console.error('typecheck: in a project but checked by none (give each a project that owns it): ' + unchecked.join(', '));
    errors++;
  }
  process.exitCode = errors ? 1 : 0;
}

main();
