// Motion counters: streaming rep, step and (experimental) cadence counting. See README.md.
export { createRepCounter, RepCounter } from './repCounter';
export type { RepCounterOptions, TempoCue, RepTuning } from './repCounter';
export { createStepCounter, StepCounter } from './stepCounter';
export type { StepCounterOptions } from './stepCounter';
export { createCadenceEstimator, CadenceEstimator } from './cadence';
export type { CadenceOptions } from './cadence';
export { EXERCISES, profileFor } from './exercises';
export type { ExerciseProfile } from './exercises';
export { createSetCounter } from './setCounter';
export type { SetCounter, CountKind, SetContext } from './setCounter';
