// The accelerometer feeding the shared set counter. Fitbit reports m/s^2 (unit scale 1) in
// batches: typed arrays x / y / z / timestamp, `batch` samples per `reading` event. Sensor
// timestamps are turned into wall-clock ms by anchoring the batch's last sample at now.
import { Accelerometer } from 'accelerometer';
import { createSetCounter, type CountKind, type SetContext, type SetCounter } from '../../shared/motion/setCounter';
import type { CountingMode } from '../../shared/protocol/vocabulary';

export const SAMPLE_HZ = 25;
/**
 * The rep counter's set buffer here: 15 s, not the 180 s of the Zepp watch. The whole app has a
 * 128 KB JS heap (docs/FITBIT.md) and the buffer, its flags and the recount's work copy are
 * allocated at its length (4 bytes a slot on an engine without typed arrays: they hold whole
 * numbers, shared/motion/recount.ts FIXED; 1.8 KB at 15 s). The buffer also feeds the
 * retro count that recovers a set's first reps when the live count recognises the set, which
 * happens within a few reps. The end-of-set recount (finish, sent to the engine as the set's
 * recountedReps) recounts only the buffered last 15 s and keeps the live count for reps before it.
 * `npm run test:jerryscript` checks the counts (sets reaching 30 and 15 reps) at this length.
 */
export const SET_BUFFER_S = 15;
export const BATCH = 25;

export class MotionFeed {
  private sensor: InstanceType<Exclude<typeof Accelerometer, void>> | null = null;
  private counter: SetCounter | null = null;
  private readonly onBatch: () => void;
  samples = 0;

  constructor(private readonly onCount: (kind: CountKind, tMs: number) => void, private readonly now: () => number) {
    this.onBatch = () => this.readBatch();
  }

  start(): void {
    if (this.sensor || !Accelerometer) return;
    this.sensor = new Accelerometer({ frequency: SAMPLE_HZ, batch: BATCH });
    this.sensor.addEventListener('reading', this.onBatch);
    this.sensor.start();
  }

  stop(): void {
    if (this.sensor) {
      this.sensor.removeEventListener('reading', this.onBatch);
      this.sensor.stop();
    }
    this.sensor = null;
    this.counter = null;
  }

  /**
   * The set is over: its end-of-set recount (reps: over the set buffer) and the live count of
   * this set's counter, once; null without a counter. Counting stops until the next countFor.
   */
  endSet(): { reps: number; live: number } | null {
    const c = this.counter;
    this.counter = null;
    if (!c) return null;
    const live = c.live();
    return { reps: c.finish(), live };
  }

  /** `context` (optional): the program's tempo cue and target; the set starts now. */
  countFor(mode: CountingMode | 'none', exercise: string | null, context: SetContext = {}): void {
    const startTMs = context.startTMs === undefined ? this.now() : context.startTMs;
    this.counter = mode === 'none' ? null : createSetCounter(mode, exercise, 1, this.onCount, { bufferS: SET_BUFFER_S, ...context, startTMs });
  }

  private readBatch(): void {
    const sensor = this.sensor;
    const counter = this.counter;
    if (!sensor || !counter) return;
    // Typed arrays on the watch (the typings allow nulls the sensor never sends in a batch).
    const r = sensor.readings as unknown as { [axis in 'x' | 'y' | 'z' | 'timestamp']: ArrayLike<number> } | null;
    if (!r) return;
    const ts = r.timestamp;
    const n = ts.length;
    if (n === 0) return;
    const anchor = this.now() - ts[n - 1];
    const x = r.x;
    const y = r.y;
    const z = r.z;
    // A set that ends inside the batch (its target reached) swaps or drops the counter: the
    // rest of the batch goes to the next one, not into the finished set.
    for (let i = 0; i < n && this.counter; i++) this.counter.push(anchor + ts[i], x[i], y[i], z[i]);
    this.samples += n;
  }
}
