// Wrist heart rate during a session, for the engine's `heartRate` event. Zepp OS docs:
// reference/device-app-api/newAPI/sensor/HeartRate (permission data:user.hd.heart_rate,
// onCurrentChange/offCurrentChange from API 2.1): onCurrentChange starts continuous measuring
// and calls back with no argument; getCurrent() inside the callback gives the value. The docs
// say nothing of how often it calls, nor what a loose watch gives: every value goes to the
// engine as it is (0, NaN, out of range are "no reading" there), and a sensor that falls
// silent is the engine's staleness rule's business, not a number kept here.
import { HeartRate } from '@zos/sensor';

export class HeartRateFeed {
  private sensor: HeartRate | null = null;
  private readonly onChange: () => void;
  /** Callbacks seen this launch, and those that gave no usable number (0 off the wrist, out of range), for the log. */
  readings = 0;
  unusable = 0;

  constructor(private readonly deliver: (bpm: number | null, tMs: number) => void, private readonly now: () => number) {
    // Bound once: the sensor calls it for every measurement.
    this.onChange = () => {
      const s = this.sensor;
      if (!s) return;
      let bpm: number | null = null;
      try {
        const v = s.getCurrent();
        bpm = typeof v === 'number' ? v : null;
      } catch (e) {
        bpm = null; // a failing read is no reading
      }
      this.readings++;
      if (bpm === null || !(bpm >= 30 && bpm <= 230)) this.unusable++;
      this.deliver(bpm, this.now());
    };
  }

  /** Starts continuous measuring (idempotent). A watch without the sensor or permission runs on without heart rate. */
  start(): void {
    if (this.sensor) return;
    try {
      this.sensor = new HeartRate();
      this.sensor.onCurrentChange(this.onChange);
    } catch (e) {
      this.sensor = null;
    }
  }

  /** Stops measuring: continuous heart rate costs battery, so only while a session runs. */
  stop(): void {
    const s = this.sensor;
    this.sensor = null;
    if (!s) return;
    try {
      s.offCurrentChange(this.onChange);
    } catch (e) {
      // Nothing more to do: the sensor is let go either way.
    }
  }
}
