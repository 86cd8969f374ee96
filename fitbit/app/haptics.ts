// The engine names a buzz by meaning; each maps to a Fitbit vibration pattern that feels
// different on the wrist, so "work" and "rest" are told apart without looking.
import { vibration, type VibrationPatternName } from 'haptics';
import type { VibrationPattern } from '../../shared/session/effects';

export function fitbitPattern(pattern: VibrationPattern): VibrationPatternName {
  switch (pattern) {
    case 'workStart': return 'nudge-max';
    case 'restStart': return 'nudge';
    case 'tenSecondWarning': return 'ping';
    case 'setDone': return 'confirmation';
    case 'sessionDone': return 'confirmation-max';
    case 'alarm': return 'alert';
    case 'tempoTick': return 'bump';
  }
  return 'nudge';
}

export function buzz(pattern: VibrationPattern): void {
  vibration.stop();
  vibration.start(fitbitPattern(pattern));
}
