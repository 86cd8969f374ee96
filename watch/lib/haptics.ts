// The engine names a vibration by meaning; this maps each to a Zepp vibrator scene that feels
// different on the wrist, so a trainee can tell "work" from "rest" without looking.
//
// The watch has one motor: starting a scene stops the one running (we stop it first anyway),
// and scenes last (Zepp docs, sensor/Vibrator): SHORT_* 20 ms, DURATION 600 ms, DURATION_LONG
// 1 s, STRONG_REMINDER four pulses in 1.2 s. So a cue never starts while a more important one is
// still running: alarms win, and a tempo tick 0.5 s into an alarm is simply not given.
import {
  Vibrator, VIBRATOR_SCENE_DURATION, VIBRATOR_SCENE_DURATION_LONG, VIBRATOR_SCENE_NOTIFICATION,
  VIBRATOR_SCENE_SHORT_LIGHT, VIBRATOR_SCENE_SHORT_MIDDLE, VIBRATOR_SCENE_SHORT_STRONG,
  VIBRATOR_SCENE_STRONG_REMINDER,
} from '@zos/sensor';
import type { VibrationPattern } from '../../shared/session/effects';

// A function, not a table at load time: the scene constants are read when first needed.
export function hapticScene(pattern: VibrationPattern): number {
  switch (pattern) {
    case 'workStart': return VIBRATOR_SCENE_DURATION_LONG;
    case 'restStart': return VIBRATOR_SCENE_DURATION;
    case 'tenSecondWarning': return VIBRATOR_SCENE_SHORT_MIDDLE;
    case 'setDone': return VIBRATOR_SCENE_SHORT_STRONG;
    case 'sessionDone': return VIBRATOR_SCENE_NOTIFICATION;
    case 'alarm': return VIBRATOR_SCENE_STRONG_REMINDER;
    case 'tempoTick': return VIBRATOR_SCENE_SHORT_LIGHT;
  }
  return VIBRATOR_SCENE_SHORT_MIDDLE;
}

/** How much a cue matters (higher wins) and how long it runs on the wrist, in ms. */
export function hapticWeight(pattern: VibrationPattern): { rank: number; ms: number } {
  switch (pattern) {
    case 'alarm': return { rank: 3, ms: 1200 };
    case 'workStart': return { rank: 2, ms: 1000 };
    case 'restStart': return { rank: 2, ms: 600 };
    // "two short vibrations": no length documented, allow half a second.
    case 'sessionDone': return { rank: 2, ms: 500 };
    case 'setDone': return { rank: 2, ms: 20 };
    case 'tenSecondWarning': return { rank: 1, ms: 20 };
    case 'tempoTick': return { rank: 0, ms: 20 };
  }
  return { rank: 0, ms: 20 };
}

let vibrator: Vibrator | null = null;
let playingRank = -1;
let playingUntilMs = 0;
/** Cues not given because a more important one was still running. */
export const hapticsHeldBack = { count: 0 };

export function buzz(pattern: VibrationPattern): void {
  const now = Date.now();
  const weight = hapticWeight(pattern);
  // A cue never cuts one that matters more; a second alarm may replace the first.
  if (now < playingUntilMs && weight.rank < playingRank) {
    hapticsHeldBack.count++;
    return;
  }
  if (!vibrator) vibrator = new Vibrator();
  vibrator.stop();
  vibrator.start({ mode: hapticScene(pattern) });
  playingRank = weight.rank;
  // A little slack: the motor starts a moment after the call.
  playingUntilMs = now + weight.ms + 50;
}
