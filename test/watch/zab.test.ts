// The real build (scripts/build.js: esbuild, then the official Zepp CLI offline) into a
// temporary folder, read back: every device source of every supported watch (API 3.6+, round
// and square: scripts/zepp-devices.json) is carried by one of the .zab's .zpk files, and each
// .zpk stays within 256,000 bytes (it crosses Bluetooth to install).
import { execFile } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { unzipSync } from 'fflate';

const ROOT = path.resolve(__dirname, '../..');
const ZPK_MAX_BYTES = 256000;

interface DeviceEntry { productName: string; deviceSource: number; value: { shape: string; screen: { size: string }; os: { apiLevel: string } } }

function json(bytes: Uint8Array): any {
  return JSON.parse(Buffer.from(bytes).toString('utf8'));
}

describe('the built .zab', () => {
  let out = '';
  let zab: Record<string, Uint8Array> = {};
  const list: DeviceEntry[] = JSON.parse(fs.readFileSync(path.join(ROOT, 'scripts/zepp-devices.json'), 'utf8')).devices;

  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'bfr-zab-'));
    await new Promise<void>((resolve, reject) => {
      execFile(process.execPath, [path.join(ROOT, 'scripts/build.js'), '--out', out], { cwd: ROOT, timeout: 900000, maxBuffer: 8 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err) reject(new Error('build failed: ' + stderr + stdout));
        else resolve();
      });
    });
    const file = fs.readdirSync(out).find((f) => f.endsWith('.zab'));
    zab = unzipSync(fs.readFileSync(path.join(out, file!)));
  }, 900000);

  afterAll(() => {
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  it('the device list is every supported watch: API 3.6 or later, round or square', () => {
    for (const d of list) {
      expect(Number(d.value.os.apiLevel)).toBeGreaterThanOrEqual(3.6);
      expect(['round', 'square']).toContain(d.value.shape);
    }
    const sources = list.map((d) => d.deviceSource);
    expect(new Set(sources).size).toBe(sources.length);
    // The watches PLATFORMS.md names with several device sources have all of them.
    for (const src of [8519936, 8519937, 8519939, 8126720, 8126721, 8323328, 8323329, 8716544, 8716545, 8716547]) expect(sources).toContain(src);
  });

  it('carries every device source of the list in its .zpk files, round and square', () => {
    const manifest = json(zab['manifest.json']);
    const carried: number[] = [];
    const shapes = new Set<string>();
    for (const z of manifest.zpks as Array<{ name: string; platforms: Array<{ screenType: string; screenResolution: string }> }>) {
      const zpk = unzipSync(zab[z.name]);
      const appJson = json(unzipSync(zpk['device.zip'])['app.json']);
      for (const p of appJson.platforms as Array<{ deviceSource: number; st: string }>) {
        carried.push(p.deviceSource);
        // each device lands in the .zpk built for its shape and screen
        const device = list.find((d) => d.deviceSource === p.deviceSource)!;
        expect(device).toBeDefined();
        expect(z.platforms.map((x) => x.screenType + ' ' + x.screenResolution)).toContain(device.value.shape + ' ' + device.value.screen.size.replace('*', 'x'));
      }
      z.platforms.forEach((x) => shapes.add(x.screenType));
    }
    expect(carried.slice().sort((a, b) => a - b)).toEqual(list.map((d) => d.deviceSource).sort((a, b) => a - b));
    expect([...shapes].sort()).toEqual(['round', 'square']);
  });

  it('keeps each .zpk within 256,000 bytes', () => {
    const manifest = json(zab['manifest.json']);
    const sizes = (manifest.zpks as Array<{ name: string }>).map((z) => ({ zpk: z.name, bytes: zab[z.name].byteLength }));
    expect(sizes.filter((s) => s.bytes > ZPK_MAX_BYTES)).toEqual([]);
  });
});
