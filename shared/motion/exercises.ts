// What the rep counter is told about an exercise: the range of rep periods to look for.
// One profile serves every lift we know today; the numbers are physiological, not fitted:
// - shortest period 0.9 s: a complete lift (lower + raise) with a loaded bar is rarely
//   faster; anything quicker at the wrist is walking, shaking or fidgeting.
// - longest period 6.5 s: BFR tempo is about 2 s up / 2 s down, plus up to 2.5 s pause.

export interface ExerciseProfile {
  /** Shortest rep period considered, seconds. */
  minPeriodS: number;
  /** Longest rep period considered, seconds. */
  maxPeriodS: number;
}

export const LIFT_PROFILE: ExerciseProfile = { minPeriodS: 0.9, maxPeriodS: 6.5 };

/** Exercises the program may name. Unknown names get the lift profile. */
export const EXERCISES: { [name: string]: ExerciseProfile } = {
  bench: LIFT_PROFILE,
  squat: LIFT_PROFILE,
  ohp: LIFT_PROFILE,
  dead: LIFT_PROFILE,
  row: LIFT_PROFILE,
  curl: LIFT_PROFILE,
  legpress: LIFT_PROFILE,
  rest: LIFT_PROFILE,
};

export function profileFor(exercise: string): ExerciseProfile {
  return Object.prototype.hasOwnProperty.call(EXERCISES, exercise) ? EXERCISES[exercise] : LIFT_PROFILE;
}
