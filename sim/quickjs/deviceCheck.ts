// The QuickJS check: loads the device bundles (the JS the Zepp CLI compiles to bytecode) into
// QuickJS, compiled to WebAssembly, with the @zos/* stand-ins, opens a page, runs its timers,
// and reports every engine error. `eval` and `new Function` are removed first, as on the watch.
import path from 'path';
import * as esbuild from 'esbuild';
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { quickjs } from './engine';
import { DeviceState, createDeviceModules, memoryStore, type Shape } from '../zepp/deviceModules';

export interface DeviceCheckResult {
  texts: string[];
  widgets: number;
  errors: string[];
  bytesSentToPhone: number;
  logs: Array<{ level: string; scope: string; text: string }>;
}

let preludeCache: string | null = null;

async function prelude(): Promise<string> {
  if (preludeCache) return preludeCache;
  const result = await esbuild.build({
    entryPoints: [path.join(__dirname, 'prelude.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2019',
    platform: 'neutral',
    mainFields: ['browser', 'module', 'main'],
    logLevel: 'silent',
  });
  preludeCache = result.outputFiles[0].text;
  return preludeCache;
}

/** Export names of each stand-in module, so ES `import { x } from '@zos/ui'` links in QuickJS. */
function moduleExportNames(): Record<string, string[]> {
  const device = new DeviceState({
    shape: 'r',
    timers: { now: () => 0, setTimer: () => 0, clearTimer: () => undefined },
    ble: { send: () => false, connected: () => false, onReceive: () => undefined },
    storage: memoryStore(),
    messages: {},
    navigate: () => undefined,
  });
  const modules = createDeviceModules(device);
  const out: Record<string, string[]> = {};
  for (const name of Object.keys(modules)) out[name] = typeof modules[name] === 'function' ? [] : Object.keys(modules[name]);
  return out;
}

const BAN_EVAL = `
delete globalThis.eval;
(function () {
  var RealFunction = Function;
  function BannedFunction() { throw new Error('new Function is not available on Zepp OS'); }
  BannedFunction.prototype = RealFunction.prototype;
  globalThis.Function = BannedFunction;
})();
`;

function take(vm: QuickJSContext, result: { error?: QuickJSHandle; value?: QuickJSHandle }, what: string): unknown {
  if (result.error) {
    const err = vm.dump(result.error);
    result.error.dispose();
    const text = err && typeof err === 'object' ? `${err.name || 'Error'}: ${err.message}\n${err.stack || ''}` : String(err);
    throw new Error(`${what}: ${text}`);
  }
  const value = vm.dump(result.value!);
  result.value!.dispose();
  return value;
}

export interface DeviceCheckInput {
  appCode: string;
  pageCode: string;
  shape: Shape;
  messages: Record<string, string>;
  /** How long to let the page run (virtual ms) after build(). */
  runMs?: number;
  pageParams?: string;
  pageId?: string;
}

export async function runDeviceCheck(input: DeviceCheckInput): Promise<DeviceCheckResult> {
  const QuickJS = await quickjs();
  const runtime = QuickJS.newRuntime();
  runtime.setMemoryLimit(64 * 1024 * 1024);
  runtime.setMaxStackSize(1024 * 1024);
  const exportsByModule = moduleExportNames();
  runtime.setModuleLoader((name: string) => {
    const names = exportsByModule[name];
    if (!names) throw new Error(`module not found: ${name}`);
    const lines = names.map((n) => `export const ${n} = __m[${JSON.stringify(n)}];`);
    return `const __m = globalThis.__$$R$$__(${JSON.stringify(name)});\n${lines.join('\n')}\nexport default __m;`;
  });
  const vm = runtime.newContext();
  const pump = () => {
    const r = runtime.executePendingJobs(-1);
    if (r.error) {
      const err = vm.dump(r.error);
      r.error.dispose();
      throw new Error(`pending job: ${err && err.message ? err.message : String(err)}`);
    }
  };
  try {
    take(vm, vm.evalCode(`var __shape = ${JSON.stringify(input.shape)}; var __messages = ${JSON.stringify(input.messages)};`), 'setup');
    take(vm, vm.evalCode(await prelude(), 'prelude.js'), 'prelude');
    take(vm, vm.evalCode(BAN_EVAL, 'ban-eval.js'), 'ban eval');
    take(vm, vm.evalCode(input.appCode, 'app.js', { type: 'module' }), 'app.js');
    pump();
    // As on the watch: the app is created before any page module is loaded.
    take(vm, vm.evalCode('__check.startApp()'), 'App.onCreate');
    pump();
    take(vm, vm.evalCode(`globalThis.__$$module$$__ = { id: ${JSON.stringify(input.pageId || 'page')} };`), 'module id');
    take(vm, vm.evalCode(input.pageCode, 'page.js', { type: 'module' }), 'page.js');
    pump();
    take(vm, vm.evalCode(`__check.openPage(${JSON.stringify(input.pageParams || '')})`), 'Page.onInit/build');
    pump();
    const total = input.runMs ?? 5000;
    for (let t = 0; t < total; t += 100) {
      take(vm, vm.evalCode('__check.advance(100)'), 'timers');
      pump();
    }
    // What the screen showed while the page was open; then close it and collect late errors.
    const open = JSON.parse(take(vm, vm.evalCode('__check.report()'), 'report') as string) as DeviceCheckResult;
    take(vm, vm.evalCode('__check.closePage()'), 'Page.onDestroy');
    pump();
    const closed = JSON.parse(take(vm, vm.evalCode('__check.report()'), 'report') as string) as DeviceCheckResult;
    return { ...open, errors: closed.errors, logs: closed.logs, bytesSentToPhone: closed.bytesSentToPhone };
  } finally {
    vm.dispose();
    runtime.dispose();
  }
}
