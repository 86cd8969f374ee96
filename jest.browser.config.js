// The browser tests (playwright-core driving Debian's Chromium at /usr/bin/chromium): kept out
// of `npm test` so it needs no browser. Run: npx jest --config jest.browser.config.js
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.browser.ts'],
  testTimeout: 240000,
  // one browser at a time: the simulator runs against the clock
  maxWorkers: 1,
};
