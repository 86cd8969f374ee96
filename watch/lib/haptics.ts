// The engine names a vibration by meaning; this maps each to a Zepp vibrator scene that feels
// different on the wrist, so a trainee can tell "work" from "rest" without looking.
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

let vibrator: Vibrator | null = null;

export function buzz(pattern: VibrationPattern): void {
  if (!vibrator) vibrator = new Vibrator();
  vibrator.stop();
  vibrator.start({ mode: hapticScene(pattern) });
}
