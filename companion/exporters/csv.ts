// CSV export: one row per set, for spreadsheets. RFC 4180 (CRLF line ends, a cell quoted when
// it holds a comma, quote, CR or LF, quotes doubled). Text cells that a spreadsheet would read
// as a formula (= + - @ at the start) get a leading apostrophe, so opening an export never runs
// anything. Empty cell = not known (no target for a timed set, no system step count, ...).
import type { PhaseRecord, SessionRecord, SetRecord } from '../../shared/protocol/sessionRecord';

export const CSV_COLUMNS = [
  'session_id', 'program_id', 'program_name', 'started_at', 'ended_at', 'status', 'limb',
  'restriction', 'percent_lop', 'set_index', 'exercise', 'counting_mode', 'target', 'counted',
  'corrected', 'system_steps', 'work_started_at', 'work_seconds', 'in_band_ms', 'pressure_ms',
  'time_in_band_pct', 'rpe',
] as const;
export type CsvColumn = typeof CSV_COLUMNS[number];

export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: numbers as they are, text guarded and quoted when needed. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? "'" + value : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? '"' + text.replace(/"/g, '""') + '"' : text;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function workPhase(record: SessionRecord, set: SetRecord): PhaseRecord | undefined {
  return record.phases.find((p) => p.kind === 'work' && p.setIndex === set.setIndex);
}

/** Percentage with one decimal; null when no pressure was measured. */
export function timeInBandPercent(set: SetRecord): number | null {
  if (set.pressureMs <= 0) return null;
  return Math.round((set.inBandMs / set.pressureMs) * 1000) / 10;
}

function rowFor(record: SessionRecord, set: SetRecord): Record<CsvColumn, CsvValue> {
  const work = workPhase(record, set);
  const workStart = work ? work.actualStartMs : null;
  const workEnd = work ? work.actualEndMs : null;
  return {
    session_id: record.id,
    program_id: record.programId,
    program_name: record.programName,
    started_at: iso(record.startedAtMs),
    ended_at: iso(record.endedAtMs),
    status: record.status,
    limb: record.limb,
    restriction: record.restriction,
    percent_lop: record.percentLop,
    set_index: set.setIndex,
    exercise: set.exercise,
    counting_mode: set.countingMode,
    target: set.target,
    counted: set.counted,
    corrected: set.corrected,
    system_steps: set.systemSteps,
    work_started_at: iso(workStart),
    work_seconds: workStart !== null && workEnd !== null ? Math.round(workEnd - workStart) / 1000 : null,
    in_band_ms: set.inBandMs,
    pressure_ms: set.pressureMs,
    time_in_band_pct: timeInBandPercent(set),
    rpe: record.rpe,
  };
}

function line(cells: CsvValue[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** Sessions as one CSV table (header + one row per set, sessions in the order given). */
export function sessionsToCsv(records: ReadonlyArray<SessionRecord>): string {
  let out = line(CSV_COLUMNS.slice());
  for (const record of records) {
    for (const set of record.sets) {
      const row = rowFor(record, set);
      out += line(CSV_COLUMNS.map((c) => row[c]));
    }
  }
  return out;
}

export function sessionToCsv(record: SessionRecord): string {
  return sessionsToCsv([record]);
}
