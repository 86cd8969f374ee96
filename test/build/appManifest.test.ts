import fs from 'fs';
import os from 'os';
import path from 'path';
import { spawnSync } from 'child_process';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readAppManifest, checkIcons } = require('../../scripts/appManifest.js');

const ROOT = path.join(__dirname, '../..');
const good = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'));

function tmp(name: string, content: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'appjson-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('app.json', () => {
  it('the real app.json targets API 3.6 with round and square screens and the permissions the app needs', () => {
    const m = readAppManifest(path.join(ROOT, 'app.json'));
    expect(m.runtime.apiVersion.minVersion).toBe('3.6');
    expect(m.targets.default.platforms.map((p: { st: string }) => p.st)).toEqual(['r', 's']);
    expect(m.permissions).toEqual(
      expect.arrayContaining(['device:os.accelerometer', 'device:os.local_storage', 'data:os.device.info', 'data:user.hd.step', 'data:user.hd.heart_rate']),
    );
    expect(checkIcons(m, path.join(ROOT, 'assets'), 'app.json')).toHaveLength(2);
  });

  it('names the file on malformed JSON', () => {
    const file = tmp('app.json', '{ "configVersion": "v3", ');
    expect(() => readAppManifest(file)).toThrow(/app\.json: not valid JSON/);
  });

  it('names the field on a wrong value', () => {
    const bad = JSON.parse(JSON.stringify(good));
    bad.runtime.apiVersion.minVersion = 'three';
    const file = tmp('app.json', JSON.stringify(bad));
    expect(() => readAppManifest(file)).toThrow(/runtime\.apiVersion\.minVersion/);
  });

  it('refuses an API level below 3.6', () => {
    const bad = JSON.parse(JSON.stringify(good));
    bad.runtime.apiVersion.minVersion = '3.0';
    expect(() => readAppManifest(tmp('app.json', JSON.stringify(bad)))).toThrow(/API level 3\.6/);
  });

  it('names a missing icon', () => {
    const m = readAppManifest(path.join(ROOT, 'app.json'));
    const assets = fs.mkdtempSync(path.join(os.tmpdir(), 'assets-'));
    fs.mkdirSync(path.join(assets, 'default.r'));
    fs.writeFileSync(path.join(assets, 'default.r/icon.png'), 'x');
    expect(() => checkIcons(m, assets, 'app.json')).toThrow(/default\.s[/\\]icon\.png: missing app icon/);
  });

  it('npm run build exits non-zero naming the file for a malformed app.json and a missing icon', () => {
    const badJson = tmp('app.json', '{ nope');
    let run = spawnSync(process.execPath, ['scripts/build.js', '--app-json', badJson], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/build failed: .*app\.json: not valid JSON/);

    const emptyAssets = fs.mkdtempSync(path.join(os.tmpdir(), 'assets-'));
    run = spawnSync(process.execPath, ['scripts/build.js', '--assets', emptyAssets], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/build failed: .*default\.r[/\\]icon\.png: missing app icon/);
  });
});
