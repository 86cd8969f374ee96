// What the rep counter is told about an exercise. Nothing here is fitted to recordings; each
// field follows from how the exercise moves the wrist:
// - period range: BFR tempo is about 2 s up / 2 s down plus up to 2.5 s pause, so 6.5 s is the
//   longest. A light rep (curl, heel raise, sit-to-stand with body weight) can take 0.9 s; a
//   barbell rep lowers and raises the bar over 0.3-0.6 m, which in less than 1.2 s needs bar
//   speeds above 1 m/s both ways (ballistic training, not a strength or BFR set). Anything
//   faster at the wrist is walking, swaying, shaking or the pulse, and it is treated as a
//   competing rhythm that keeps the count closed.
// - signal 'vertical': the wrist rises and falls with the load (barbell lifts, curls,
//   sit-to-stand, heel raises). The counter then uses the size of the acceleration minus
//   gravity, which is the vertical acceleration to first order and does not change when the
//   wrist turns: a tilt of the forearm, a set-up movement or a different grip cannot flip
//   or hide it. 'axis': direction unknown; the main axis of movement is followed instead.
// - mid: the turnaround in the middle of each rep, which the counter counts. A rep that
//   lowers first (bench press, squat) turns at the bottom: the acceleration peaks upward
//   there. A rep that lifts first (overhead press, deadlift, row, curl, sit-to-stand, heel
//   raise) turns at the top: the acceleration peaks downward. The turnarounds at the start and
//   end of a rep are where one rep hands over to the next, or where the set starts from rest
//   and ends in rest: counting them gives one too many or too few depending on where the set
//   is cut; the middle one occurs once per rep. 'either': the sign of the sharper spike
//   (skewness) decides, for movements nothing is known about.
// - verticalGate: with both hands on a bar, the bar moves up and down and the forearms barely
//   turn, so a good part of the wrist's movement changes the size of the acceleration (moves
//   along gravity). Fidgeting, adjusting, raising an arm or swaying mostly turn the wrist:
//   the axes change a lot, the size little. A barbell set needs a share of the movement's
//   variance along gravity (REP_TUNING.minVertical in repCounter.ts; off when the tempo cue
//   is on). Curls turn the forearm by design: no such condition.

export type RepSignal = 'vertical' | 'axis';
export type MidTurn = 'bottom' | 'top' | 'either';

export interface ExerciseProfile {
  /** Shortest rep period considered, seconds. */
  minPeriodS: number;
  /** Longest rep period considered, seconds. */
  maxPeriodS: number;
  signal: RepSignal;
  mid: MidTurn;
  /** Hands on a bar: the gate also needs a share of the movement along gravity. */
  verticalGate: boolean;
}

const LIGHT = { minPeriodS: 0.9, maxPeriodS: 6.5 };
const BARBELL = { minPeriodS: 1.2, maxPeriodS: 6.5 };

/** Barbell, lowering first: bench press, squat. */
export const BARBELL_LOWER_FIRST: ExerciseProfile = { ...BARBELL, signal: 'vertical', mid: 'bottom', verticalGate: true };
/** Barbell, lifting first: overhead press, deadlift, row. */
export const BARBELL_LIFT_FIRST: ExerciseProfile = { ...BARBELL, signal: 'vertical', mid: 'top', verticalGate: true };
/** Light or body-weight, lifting first: curls, sit-to-stand, heel raises. */
export const LIGHT_LIFT_FIRST: ExerciseProfile = { ...LIGHT, signal: 'vertical', mid: 'top', verticalGate: false };
/** Light, lowering first: leg press (the sled comes down first). */
export const LIGHT_LOWER_FIRST: ExerciseProfile = { ...LIGHT, signal: 'vertical', mid: 'bottom', verticalGate: false };
/** Nothing known about the movement. */
export const UNKNOWN_EXERCISE: ExerciseProfile = { ...LIGHT, signal: 'axis', mid: 'either', verticalGate: false };

/** Exercises the program may name. Unknown names get UNKNOWN_EXERCISE. */
export const EXERCISES: { [name: string]: ExerciseProfile } = {
  bench: BARBELL_LOWER_FIRST,
  squat: BARBELL_LOWER_FIRST,
  ohp: BARBELL_LIFT_FIRST,
  dead: BARBELL_LIFT_FIRST,
  row: BARBELL_LIFT_FIRST,
  legpress: LIGHT_LOWER_FIRST,
  curl: LIGHT_LIFT_FIRST,
  'arm-curl': LIGHT_LIFT_FIRST,
  'sit-to-stand': LIGHT_LIFT_FIRST,
  'heel-raise': LIGHT_LIFT_FIRST,
};

export function profileFor(exercise: string): ExerciseProfile {
  return Object.prototype.hasOwnProperty.call(EXERCISES, exercise) ? EXERCISES[exercise] : UNKNOWN_EXERCISE;
}
