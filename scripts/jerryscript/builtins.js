// Which post-ES5 built-ins a device file names, for the branches the JerryScript run does not
// reach (error paths, other programs). A name is fine when the device bundle supplies it
// (fitbit/app/lib/es5.ts, fitbit/app/lib/typedArrays.ts) or only uses it behind a check that
// it exists; anything else is reported with the code around it.
'use strict';

/** Globals and statics from ES2015 and later that JerryScript's es5.1 profile does not have. */
const GLOBALS = ['Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'Symbol', 'Reflect', 'Proxy', 'globalThis', 'BigInt',
  'ArrayBuffer', 'DataView', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
  'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'Promise'];
const STATICS = [
  'Object.assign', 'Object.entries', 'Object.values', 'Object.fromEntries', 'Object.is', 'Object.getOwnPropertySymbols',
  'Object.getOwnPropertyDescriptors', 'Object.setPrototypeOf', 'Array.from', 'Array.of', 'Number.isFinite',
  'Number.isInteger', 'Number.isSafeInteger', 'Number.isNaN', 'Number.parseFloat', 'Number.parseInt', 'Number.EPSILON',
  'Number.MAX_SAFE_INTEGER', 'Number.MIN_SAFE_INTEGER', 'Math.trunc', 'Math.sign', 'Math.hypot', 'Math.log2',
  'Math.log10', 'Math.cbrt', 'Math.expm1', 'Math.log1p', 'Math.fround', 'Math.imul', 'Math.clz32', 'Math.sinh',
  'Math.cosh', 'Math.tanh', 'Math.asinh', 'Math.acosh', 'Math.atanh', 'String.fromCodePoint', 'String.raw',
];
/** Prototype methods from ES2015 and later (a call `.name(` in minified code). */
const METHODS = ['includes', 'startsWith', 'endsWith', 'padStart', 'padEnd', 'repeat', 'codePointAt', 'normalize',
  'find', 'findIndex', 'findLast', 'findLastIndex', 'fill', 'flat', 'flatMap', 'copyWithin', 'trimStart', 'trimEnd',
  'at', 'replaceAll', 'matchAll'];

/** What the device bundle adds itself, and the guarded uses the compilers emit. */
const ALLOWED = [
  { name: 'Number.MAX_SAFE_INTEGER', why: 'fitbit/app/lib/es5.ts' },
  { name: 'Number.MIN_SAFE_INTEGER', why: 'fitbit/app/lib/es5.ts' },
  { name: '.find(', why: 'fitbit/app/lib/es5.ts' },
  { name: '.findIndex(', why: 'fitbit/app/lib/es5.ts' },
  { name: '.fill(', why: 'fitbit/app/lib/es5.ts' },
  { name: 'Promise', why: 'documented on the watch (SDK lib es2015.promise); the harness supplies it' },
  ...['Float64Array', 'Float32Array', 'Int32Array', 'Uint8Array'].map((name) => ({
    name, context: new RegExp('"undefined"\\s*!==?\\s*typeof ' + name + '\\s*\\?\\s*' + name), why: 'fitbit/app/lib/typedArrays.ts, native where present',
  })),
  { name: 'Object.assign', context: /Object\.assign\s*\|\|/, why: 'tslib __assign falls back to its own loop' },
  { name: 'Symbol', context: /typeof Symbol|"function"\s*==\s*typeof Symbol|Symbol\.iterator is not defined/, why: 'tslib checks for Symbol first' },
];

/**
 * Each use of a post-ES5 built-in in `code` that nothing supplies or guards: { name, at, context }.
 * Read from the syntax tree (TypeScript's parser), so names in strings and property names of
 * the app's own objects do not count.
 */
function unsupportedBuiltins(code) {
  const ts = require('typescript');
  const file = ts.createSourceFile('index.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found = [];
  const report = (name, node) => {
    const at = node.getStart(file);
    const context = code.slice(Math.max(0, at - 40), node.end + 30);
    if (!ALLOWED.some((a) => a.name === name && (!a.context || a.context.test(context)))) found.push({ name, at, context });
  };
  const visit = (node) => {
    if (ts.isIdentifier(node) && GLOBALS.includes(node.text)) {
      const parent = node.parent;
      const isPropertyName = parent && ((ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node));
      if (!isPropertyName) report(node.text, node);
    }
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const name = node.expression.text + '.' + node.name.text;
      if (STATICS.includes(name)) report(name, node);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && METHODS.includes(node.expression.name.text)) {
      report('.' + node.expression.name.text + '(', node.expression.name);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

module.exports = { unsupportedBuiltins, ALLOWED };
