// One QuickJS (WebAssembly) module for the process. quickjs-emscripten's default loader uses a
// dynamic import(), which jest's CommonJS runtime refuses; loading the same release variant
// with require() works everywhere.
import { newQuickJSWASMModuleFromVariant, type QuickJSWASMModule, type QuickJSSyncVariant } from 'quickjs-emscripten-core';

let engine: Promise<QuickJSWASMModule> | null = null;

export function quickjs(): Promise<QuickJSWASMModule> {
  if (!engine) {
    const variant: QuickJSSyncVariant = {
      type: 'sync',
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      importFFI: () => Promise.resolve(require('@jitl/quickjs-wasmfile-release-sync/ffi').QuickJSFFI),
      importModuleLoader: () =>
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        Promise.resolve(require('@jitl/quickjs-wasmfile-release-sync/emscripten-module')),
    } as QuickJSSyncVariant;
    engine = newQuickJSWASMModuleFromVariant(variant);
  }
  return engine;
}
