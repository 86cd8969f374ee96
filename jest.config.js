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
  testTimeout: 30000,
};
