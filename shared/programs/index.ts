// Training programs as data, and the bounded adjustments a user may make.
export * from './program';
export * from './catalog';
export * from './adjust';
