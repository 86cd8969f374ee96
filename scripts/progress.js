// The CLI's progress helper (bin/lib/progress.ts: a bar on a terminal, a plain line every few
// seconds otherwise, always on stderr) for the plain-JS build scripts. Loaded through tsx's
// scoped require: nothing is registered globally and there is no build step.
'use strict';
const { require: tsxRequire } = require('tsx/cjs/api');

module.exports = tsxRequire('../bin/lib/progress.ts', __filename);
