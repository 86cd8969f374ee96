const os = require('os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  },
  // zod, msw and ZML ship ESM; let swc turn them into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@zeppos/zml|until-async|@garmin/fitsdk)/)'],
  // Verdicts never hang on the wall clock: the system tests run on virtual time (a busy machine
  // makes them slower, not different). This is only a safety net against a real hang, far above
  // the slowest test measured under load (README, "Tests on a busy machine"); a test never
  // sets a lower one.
  testTimeout: 600000,
  // Longest files first, also on a fresh clone with no timings cached (scripts/jestSequencer.js).
  testSequencer: '<rootDir>/scripts/jestSequencer.js',
  // Two workers even on a 2-core machine (jest's default there is one): the suite is mostly
  // single-threaded simulation, and nothing in it depends on how fast a worker runs.
  maxWorkers: Math.max(2, (os.availableParallelism ? os.availableParallelism() : os.cpus().length) - 1),
};
