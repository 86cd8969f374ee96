#!/usr/bin/env node
// npm run build: TypeScript -> esbuild bundles in .build/zepp -> official Zepp CLI, offline
// -> dist/*.zab (one .zpk per screen shape and resolution). Fails loudly, naming the file, on
// a bad app.json, a missing icon, a bundling error, a page the CLI's QuickJS compiler rejects,
// or a .zpk over ZPK_MAX_BYTES (each one crosses Bluetooth to install).
// `--out DIR` builds into DIR (stage and .zab) instead of .build/zepp and dist/.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { unzipSync } = require('fflate');
const { ROOT, sourceFor, bundleEntry, layoutFilesOf } = require('./zeppBundle');
const { readAppManifest, checkIcons, ManifestError } = require('./appManifest');

let STAGE = path.join(ROOT, '.build/zepp');
let DIST = path.join(ROOT, 'dist');
/** The most a .zpk may weigh: it is sent to the watch over BLE (issue 13). */
const ZPK_MAX_BYTES = 256000;
const ZEUS = path.join(ROOT, 'node_modules/@zeppos/zeus-cli/bin/main.js');
const ZEUS_VERSION = require('@zeppos/zeus-cli/package.json').version;

function die(message) {
  console.error(`build failed: ${message}`);
  process.exit(1);
}

async function writeBundle(stagePath, sourceFile) {
  if (!fs.existsSync(sourceFile)) die(`${path.relative(ROOT, sourceFile)}: missing (named by app.json "${stagePath}")`);
  let code;
  try {
    code = await bundleEntry(sourceFile, { minify: true });
  } catch (e) {
    die(`${path.relative(ROOT, sourceFile)}: ${e.message}`);
  }
  const out = path.join(STAGE, stagePath + '.js');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, code);
  return { file: path.relative(STAGE, out), bytes: Buffer.byteLength(code) };
}

/** A HOME of our own with the device list, so the CLI needs no network and never sees ~. */
function makeZeusHome() {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bfr-zeus-home-'));
  const list = JSON.parse(fs.readFileSync(path.join(__dirname, 'zepp-devices.json'), 'utf8'));
  fs.mkdirSync(path.join(home, '.zepp'));
  fs.writeFileSync(path.join(home, '.zepp/.zeus_version'), ZEUS_VERSION);
  fs.writeFileSync(
    path.join(home, '.zepp/.zeus_devices'),
    JSON.stringify({
      devices: list.devices,
      devices_beta: [],
      expiredTime: Date.now() + 10 * 365 * 24 * 3600 * 1000,
      version: ZEUS_VERSION,
    }),
  );
  return home;
}

function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true });
}

function parseArgs(argv) {
  const opts = { appJson: path.join(ROOT, 'app.json'), assets: path.join(ROOT, 'assets') };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === '--app-json' || flag === '--assets' || flag === '--out') && (!value || value.startsWith('--'))) die(`${flag} needs a path`);
    if (flag === '--app-json') opts.appJson = path.resolve(argv[++i]);
    else if (flag === '--assets') opts.assets = path.resolve(argv[++i]);
    else if (flag === '--out') opts.out = path.resolve(argv[++i]);
    else die(`unknown option "${flag}" (options: --app-json FILE, --assets DIR, --out DIR)`);
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.out) {
    STAGE = path.join(opts.out, 'stage');
    DIST = opts.out;
  }
  const manifestFile = opts.appJson;
  let manifest;
  try {
    manifest = readAppManifest(manifestFile);
    checkIcons(manifest, opts.assets, manifestFile);
  } catch (e) {
    if (e instanceof ManifestError) die(e.message);
    throw e;
  }

  fs.rmSync(STAGE, { recursive: true, force: true });
  fs.mkdirSync(STAGE, { recursive: true });
  fs.copyFileSync(manifestFile, path.join(STAGE, 'app.json'));
  copyDir(opts.assets, path.join(STAGE, 'assets'));
  copyDir(path.join(ROOT, 'watch/i18n'), path.join(STAGE, 'page/i18n'));

  const bar = require('./progress').progress('build:zepp');
  bar.update(0, 3, 'bundling');
  const sizes = [await writeBundle('app', sourceFor('app'))];
  const seen = new Set();
  for (const target of Object.values(manifest.targets)) {
    const mod = target.module;
    for (const page of mod.page.pages) {
      if (seen.has(page)) continue;
      seen.add(page);
      const source = sourceFor(page);
      sizes.push(await writeBundle(page, source));
      for (const layout of fs.existsSync(source) ? layoutFilesOf(source) : []) {
        const rel = path.relative(path.join(ROOT, 'watch'), layout).replace(/\.ts$/, '');
        sizes.push(await writeBundle(rel, layout));
      }
    }
    for (const side of [mod['app-side'], mod.setting]) {
      if (side && !seen.has(side.path)) {
        seen.add(side.path);
        sizes.push(await writeBundle(side.path, sourceFor(side.path)));
      }
    }
  }

  bar.update(1, 3, 'Zepp CLI: building the round and square packages');
  const home = makeZeusHome();
  let run;
  try {
    run = spawnSync(process.execPath, [ZEUS, 'build'], {
      cwd: STAGE,
      env: { ...process.env, HOME: home, USERPROFILE: home },
      encoding: 'utf8',
    });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
  const output = (run.stdout || '') + (run.stderr || '');
  const zabs = fs.existsSync(path.join(STAGE, 'dist'))
    ? fs.readdirSync(path.join(STAGE, 'dist')).filter((f) => f.endsWith('.zab'))
    : [];
  if (run.status !== 0 || zabs.length !== 1 || /\berror\b/i.test(run.stderr || '')) {
    console.error(output);
    die(`the Zepp CLI did not produce a package (exit ${run.status}); see its output above`);
  }

  fs.mkdirSync(DIST, { recursive: true });
  for (const old of fs.readdirSync(DIST).filter((f) => f.endsWith('.zab'))) fs.rmSync(path.join(DIST, old));
  const zabPath = path.join(DIST, zabs[0]);
  fs.copyFileSync(path.join(STAGE, 'dist', zabs[0]), zabPath);

  bar.update(2, 3, 'checking the .zab');
  const entries = unzipSync(fs.readFileSync(zabPath));
  const zabManifest = JSON.parse(Buffer.from(entries['manifest.json']).toString('utf8'));
  const shapes = zabManifest.zpks.map((z) => z.platforms.map((p) => `${p.screenType} ${p.screenResolution}`).join(', '));
  for (const need of ['round', 'square']) {
    if (!shapes.some((s) => s.startsWith(need))) die(`${zabs[0]}: no ${need} .zpk inside (got: ${shapes.join('; ')})`);
  }
  const zpkBytes = zabManifest.zpks.map((z) => (entries[z.name] ? entries[z.name].byteLength : 0));
  // Every watch in the device list, by deviceSource, must find itself in a .zpk.
  const carried = new Set();
  for (const z of zabManifest.zpks) {
    const zpk = entries[z.name] ? unzipSync(entries[z.name]) : {};
    const device = zpk['device.zip'] ? unzipSync(zpk['device.zip']) : {};
    const appJson = device['app.json'] ? JSON.parse(Buffer.from(device['app.json']).toString('utf8')) : { platforms: [] };
    for (const p of appJson.platforms || []) carried.add(p.deviceSource);
  }
  const listed = JSON.parse(fs.readFileSync(path.join(__dirname, 'zepp-devices.json'), 'utf8')).devices.map((d) => d.deviceSource);
  const missing = listed.filter((src) => !carried.has(src));
  if (missing.length) die(`${zabs[0]}: device sources missing from every .zpk: ${missing.join(', ')}`);

  bar.update(3, 3, 'done');
  bar.end();
  console.log('device and side-service bundles (bytes, minified, before the CLI):');
  for (const s of sizes) console.log(`  ${String(s.bytes).padStart(8)}  ${s.file}`);
  console.log(`wrote ${path.relative(ROOT, zabPath)} (${fs.statSync(zabPath).size} bytes) for ${carried.size} device sources, with:`);
  zabManifest.zpks.forEach((z, i) => console.log(`  ${z.name}  ${String(zpkBytes[i]).padStart(7)} bytes  ${shapes[i]}`));
  const heavy = zabManifest.zpks.filter((z, i) => zpkBytes[i] > ZPK_MAX_BYTES);
  if (heavy.length) die(`${heavy.map((z) => z.name).join(', ')}: over ${ZPK_MAX_BYTES} bytes (each .zpk crosses Bluetooth to install)`);
}

main().catch((e) => die(e && e.stack ? e.stack : String(e)));
