// Bundles the real watch and companion sources for the Node runtimes, the same way the build
// does (scripts/zeppBundle.js), as CommonJS so `@zos/*` imports become runtime requires.
// Cached per entry and shape for the life of the process.
import type { Shape } from './deviceModules';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundleEntry, sourceFor } = require('../../scripts/zeppBundle.js') as {
  bundleEntry: (file: string, opts: { format?: string; shape?: string; platform?: string }) => Promise<string>;
  sourceFor: (stagePath: string) => string;
};

const cache = new Map<string, Promise<string>>();

export function deviceBundle(stagePath: string, shape: Shape): Promise<string> {
  const key = `device:${stagePath}:${shape}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = bundleEntry(sourceFor(stagePath), { format: 'cjs', shape });
    cache.set(key, hit);
  }
  return hit;
}

export function sideBundle(stagePath = 'app-side/index'): Promise<string> {
  const key = `side:${stagePath}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = bundleEntry(sourceFor(stagePath), { format: 'cjs', shape: 'r' });
    cache.set(key, hit);
  }
  return hit;
}

export { sourceFor };
