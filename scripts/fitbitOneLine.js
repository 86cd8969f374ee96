// Preloaded (`node -r`) into the Fitbit SDK build by scripts/buildFitbit.js: the SDK's last step,
// terser, writes its output with semicolons instead of a new line after every statement.
//
// Why: @fitbit/sdk 6.1 (lib/compile.js) minifies with `output: { semicolons: false }` and
// `compress: { sequences: false }`, so the device file came out as about 1,500 lines. A
// JerryScript built with line info (2.4.0 `JERRY_LINE_INFO`: errors name file, line and column,
// which the SDK's source maps exist to translate) keeps a line opcode in the byte code wherever a
// statement starts on a new line, and byte code lives in the app's JS heap: measured in
// `npm run test:jerryscript`, one line instead of 1,500 leaves the app 5.7 KB more of its 128 KB.
// Only the layout changes: same statements, same names, same source map (terser makes it).
//
// Every other option the SDK passes stays as it is. buildFitbit.js checks the device file it
// gets is one line, so an SDK that stops going through this hook fails the build loudly.
'use strict';
const Module = require('module');

const load = Module._load;
let wrapped = null; // the one wrapped terser, for every require of it
Module._load = function (request) {
  const m = load.apply(this, arguments);
  if (request !== 'terser') return m;
  if (!wrapped) {
    wrapped = Object.assign({}, m, {
      minify(code, options) {
        const o = Object.assign({}, options);
        o.output = Object.assign({}, o.output, { semicolons: true, max_line_len: false });
        return m.minify(code, o);
      },
    });
  }
  return wrapped;
};
