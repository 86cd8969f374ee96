// Reads a folder in the labelled-trace format (../shared/datasets/README.md): labels.json
// plus one CSV per trace. Strict about form: a row that is not four numbers, a bad header or
// a bad label throws a TraceFormatError that names the file and line; nothing is skipped
// silently. The dataset reader is not strict about time: repeated, backward or jumping
// timestamps are what real sensors deliver, so they are kept as recorded and handed to the
// counters, whose stream repair deals with them (eval reports what it repaired or dropped per
// trace). `parseTraceCsv(..., { strictTime: true })` (the simulator's trace replay) still
// requires integer, increasing times.
import * as fs from 'fs';
import * as path from 'path';
import * as z from 'zod/mini';

export class TraceFormatError extends Error {}

export const traceLabelSchema = z.object({
  file: z.string().check(z.regex(/^[^/\\]+\.csv$/, 'a CSV file name in the same folder')),
  kind: z.enum(['reps', 'steps']),
  activity: z.string().check(z.minLength(1)),
  count: z.number().check(z.int(), z.minimum(0)),
  countIs: z.string(),
  subject: z.string(),
  placement: z.string(),
  device: z.string(),
  rateHz: z.number().check(z.positive()),
});
export type TraceLabel = z.infer<typeof traceLabelSchema>;

export const labelsSchema = z.object({ traces: z.array(traceLabelSchema) });

export interface Trace {
  label: TraceLabel;
  /** Absolute path of the CSV. */
  path: string;
  t: Float64Array;
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new TraceFormatError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code || String(e)})`);
  }
}

/** Parses and validates labels.json; throws naming the file, line and field. */
export function readLabels(dir: string): TraceLabel[] {
  const file = path.join(dir, 'labels.json');
  const text = readText(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    const line = m ? lineOfOffset(text, Number(m[1])) : 1;
    throw new TraceFormatError(`${file}:${line}: not valid JSON (${msg})`);
  }
  const r = labelsSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    // Find the line of the offending trace entry: the n-th '"file"' key in the text.
    let line = 1;
    if (issue.path[0] === 'traces' && typeof issue.path[1] === 'number') {
      let at = text.indexOf('[');
      for (let i = 0; i <= issue.path[1] && at >= 0; i++) at = text.indexOf('{', at + 1);
      if (at >= 0) line = lineOfOffset(text, at);
    }
    throw new TraceFormatError(`${file}:${line}: ${where.replace(/^\./, '')}: ${issue.message}`);
  }
  const seen = new Set<string>();
  for (const t of r.data.traces) {
    if (seen.has(t.file)) throw new TraceFormatError(`${file}: trace "${t.file}" is listed twice`);
    seen.add(t.file);
  }
  return r.data.traces;
}

const INT = /^\d+$/;
const NUM = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Parses one trace CSV: header t_ms,ax,ay,az, then rows of four finite numbers. Times are kept
 * as recorded unless `strictTime` (then: non-negative integers, increasing).
 */
export function parseTraceCsv(
  file: string,
  text: string,
  options: { strictTime?: boolean } = { strictTime: true },
): { t: Float64Array; x: Float64Array; y: Float64Array; z: Float64Array } {
  const strictTime = options.strictTime !== false;
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const strip = (s: string) => (s.endsWith('\r') ? s.slice(0, -1) : s);
  if (!lines.length) throw new TraceFormatError(`${file}:1: empty file (expected header t_ms,ax,ay,az)`);
  if (strip(lines[0]).replace(/^\uFEFF/, '') !== 't_ms,ax,ay,az') {
    throw new TraceFormatError(`${file}:1: header is "${strip(lines[0])}", expected "t_ms,ax,ay,az"`);
  }
  const n = lines.length - 1;
  if (n < 1) throw new TraceFormatError(`${file}:2: no samples`);
  const t = new Float64Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const zz = new Float64Array(n);
  const cols = [x, y, zz];
  const names = ['ax', 'ay', 'az'];
  for (let i = 0; i < n; i++) {
    const lineNo = i + 2;
    const f = strip(lines[i + 1]).split(',');
    if (f.length !== 4) throw new TraceFormatError(`${file}:${lineNo}: expected 4 fields, found ${f.length}`);
    if (strictTime) {
      if (!INT.test(f[0])) throw new TraceFormatError(`${file}:${lineNo}: t_ms "${f[0]}" is not a non-negative integer`);
    } else if (!NUM.test(f[0])) {
      throw new TraceFormatError(`${file}:${lineNo}: t_ms "${f[0]}" is not a number`);
    }
    t[i] = Number(f[0]);
    if (!Number.isFinite(t[i])) throw new TraceFormatError(`${file}:${lineNo}: t_ms "${f[0]}" is not a number`);
    if (strictTime && i > 0 && !(t[i] > t[i - 1])) {
      throw new TraceFormatError(`${file}:${lineNo}: t_ms ${t[i]} does not increase (previous ${t[i - 1]})`);
    }
    for (let c = 0; c < 3; c++) {
      const v = f[c + 1];
      if (!NUM.test(v) || !Number.isFinite(Number(v))) throw new TraceFormatError(`${file}:${lineNo}: ${names[c]} "${v}" is not a number`);
      cols[c][i] = Number(v);
    }
  }
  return { t, x, y, z: zz };
}

export interface Dataset {
  dir: string;
  traces: Trace[];
  /** CSV files in the folder that labels.json does not list (reported, not read). */
  unlisted: string[];
}

export function readDataset(dir: string): Dataset {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new TraceFormatError(`${dir}: not a folder`);
  }
  const labels = readLabels(dir);
  const traces: Trace[] = labels.map((label) => {
    const p = path.join(dir, label.file);
    const data = parseTraceCsv(p, readText(p), { strictTime: false });
    return { label, path: p, ...data };
  });
  const listed = new Set(labels.map((l) => l.file));
  const unlisted = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.csv') && !listed.has(f))
    .sort();
  return { dir, traces, unlisted };
}
