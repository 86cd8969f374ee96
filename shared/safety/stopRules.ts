// Stop on pain, numbness or tingling, or effort rated above 7/10 (BFR.md, Safety).
import { RPE_STOP_ABOVE } from './limits';

export function rpeRequiresStop(rpe: number): boolean {
  return rpe > RPE_STOP_ABOVE;
}
