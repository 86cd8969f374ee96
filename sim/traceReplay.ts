// Replays a recorded wrist trace (the ../shared/datasets format) through the simulated
// trainee instead of the motion model. The CSV is parsed strictly (header t_ms,ax,ay,az;
// integer increasing t_ms; finite m/s^2 values); a bad line is reported as FILE:LINE: why.
import fs from 'fs';
import { parseTraceCsv, TraceFormatError } from './motionEval/traces';
import type { SynthTrace } from '../shared/motion/synth';
import type { Trainee } from './trainee';

export { TraceFormatError };

/** Largest trace accepted (a day at 100 Hz is ~8.6 M lines; we stop well before that). */
const MAX_TRACE_BYTES = 64 * 1024 * 1024;

/** Parses trace text; times are shifted so the first sample is at 0 ms. */
export function parseTrace(file: string, text: string): SynthTrace {
  const raw = parseTraceCsv(file, text);
  if (raw.t.length < 2) throw new TraceFormatError(`${file}:3: a trace needs at least 2 samples`);
  for (let i = 0; i < raw.t.length; i++) {
    for (const [name, col] of [['ax', raw.x], ['ay', raw.y], ['az', raw.z]] as const) {
      const v = col[i];
      // m/s^2 including gravity: a wrist never sees more than ~16 g.
      if (!Number.isFinite(v) || Math.abs(v) > 160) {
        throw new TraceFormatError(`${file}:${i + 2}: ${name} ${v} is not a plausible acceleration in m/s^2 (|a| <= 160)`);
      }
    }
  }
  const t0 = raw.t[0];
  const t = new Float64Array(raw.t.length);
  for (let i = 0; i < t.length; i++) t[i] = raw.t[i] - t0;
  return { t, x: raw.x, y: raw.y, z: raw.z };
}

/** Reads and parses a trace file; errors name the file (and line). */
export function readTrace(file: string): SynthTrace {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new TraceFormatError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code || String(e)})`);
  }
  if (!stat.isFile()) throw new TraceFormatError(`${file}: not a file`);
  if (stat.size > MAX_TRACE_BYTES) throw new TraceFormatError(`${file}: ${stat.size} bytes is larger than ${MAX_TRACE_BYTES}`);
  return parseTrace(file, fs.readFileSync(file, 'utf8'));
}

/** Makes the trainee's wrist follow the recorded trace (looped) instead of the motion model. */
export function replayTraceFile(trainee: Trainee, file: string): SynthTrace {
  const trace = readTrace(file);
  trainee.replay(trace);
  return trace;
}
