// CSV export: one row per set, for spreadsheets. RFC 4180 (CRLF line ends, a cell quoted when
// it holds a comma, quote, CR or LF, quotes doubled). Text cells that a spreadsheet would read
// as a formula (= + - @ at the start) get a leading apostrophe, so opening an export never runs
// anything. Empty cell = not known (no target for a timed set, no system step count, ...).
//
// Counts: counted   what the watch counted live (and what ended a rep set at its target)
//         recounted the end-of-set recount of a rep set (empty in records without one)
//         corrected the set's count: the recount when there is one, after the trainee's +/-
//
// Units are in the column names. Pressure:
//   in_band_ms_all_cuffs, pressure_ms_all_cuffs   cuff-milliseconds summed over every cuff (the
//                            record keeps these per set, not per cuff): a set of 60 s with two
//                            cuffs has up to 120000 pressure_ms_all_cuffs
//   time_in_band_pct_all_cuffs  in_band / pressure of the row, 0-100
//   cuffN_id, cuffN_lop_mmHg, cuffN_target_mmHg, cuffN_mean_mmHg   one group per cuff (N = 1..),
//                            as many groups as the session with the most cuffs has: the cuff's
//                            limb occlusion pressure, the pressure it was asked to hold, and the
//                            mean of its recorded samples during the set's work phase
// Heart rate: heart_rate_mean_bpm, heart_rate_max_bpm over the set's work time (empty when the
// watch read none, as in every record from before heart rate was read).
import type { PhaseRecord, SessionRecord, SetRecord } from '../../shared/protocol/sessionRecord';
import { meanPressure } from './pressureSummary';

/** The columns every export has; per-cuff groups follow them (cuffColumns). */
export const CSV_COLUMNS = [
  'session_id', 'program_id', 'program_name', 'started_at', 'ended_at', 'status', 'limb',
  'restriction', 'percent_lop', 'set_index', 'exercise', 'counting_mode', 'target', 'counted',
  'recounted', 'corrected', 'system_steps', 'work_started_at', 'work_seconds', 'in_band_ms_all_cuffs',
  'pressure_ms_all_cuffs', 'time_in_band_pct_all_cuffs', 'rpe', 'heart_rate_mean_bpm', 'heart_rate_max_bpm',
] as const;
export type CsvColumn = typeof CSV_COLUMNS[number];

/** The column group of cuff n (1-based). */
export function cuffColumns(n: number): string[] {
  const p = 'cuff' + n + '_';
  return [p + 'id', p + 'lop_mmHg', p + 'target_mmHg', p + 'mean_mmHg'];
}

/** The cuffs of a record: those it names, then any others with samples. */
export function cuffIdsOf(record: SessionRecord): string[] {
  const ids: string[] = [];
  for (const c of record.cuffs) if (ids.indexOf(c.cuffId) < 0) ids.push(c.cuffId);
  for (const s of record.pressureSamples) if (ids.indexOf(s.cuffId) < 0) ids.push(s.cuffId);
  return ids;
}

/** Header of an export of these records. */
export function csvColumnsFor(records: ReadonlyArray<SessionRecord>): string[] {
  let cuffs = 0;
  for (const r of records) cuffs = Math.max(cuffs, cuffIdsOf(r).length);
  let out: string[] = CSV_COLUMNS.slice();
  for (let n = 1; n <= cuffs; n++) out = out.concat(cuffColumns(n));
  return out;
}

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

/** Percentage with one decimal (at most 100); null when no pressure was measured. */
export function timeInBandPercent(set: SetRecord): number | null {
  if (set.pressureMs <= 0) return null;
  return Math.round((Math.min(set.inBandMs, set.pressureMs) / set.pressureMs) * 1000) / 10;
}

function rowFor(record: SessionRecord, set: SetRecord): Record<string, CsvValue> {
  const work = workPhase(record, set);
  const workStart = work ? work.actualStartMs : null;
  const workEnd = work ? work.actualEndMs : null;
  const row: Record<string, CsvValue> = {
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
    recounted: set.recountedReps,
    corrected: set.corrected,
    system_steps: set.systemSteps,
    work_started_at: iso(workStart),
    work_seconds: workStart !== null && workEnd !== null ? Math.round(workEnd - workStart) / 1000 : null,
    in_band_ms_all_cuffs: set.inBandMs,
    pressure_ms_all_cuffs: set.pressureMs,
    time_in_band_pct_all_cuffs: timeInBandPercent(set),
    rpe: record.rpe,
    heart_rate_mean_bpm: set.heartRateMeanBpm,
    heart_rate_max_bpm: set.heartRateMaxBpm,
  };
  cuffIdsOf(record).forEach((cuffId, i) => {
    const [id, lop, target, mean] = cuffColumns(i + 1);
    const cuff = record.cuffs.find((c) => c.cuffId === cuffId);
    row[id] = cuffId;
    row[lop] = cuff ? cuff.lopMmHg : null;
    row[target] = cuff ? cuff.targetMmHg : null;
    row[mean] = workStart !== null
      ? meanPressure(record, cuffId, workStart - record.startedAtMs, (workEnd !== null ? workEnd : Number.MAX_SAFE_INTEGER) - record.startedAtMs)
      : null;
  });
  return row;
}

function line(cells: CsvValue[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** Sessions as one CSV table (header + one row per set, sessions in the order given). */
export function sessionsToCsv(records: ReadonlyArray<SessionRecord>): string {
  const columns = csvColumnsFor(records);
  let out = line(columns);
  for (const record of records) {
    for (const set of record.sets) {
      const row = rowFor(record, set);
      out += line(columns.map((c) => row[c]));
    }
  }
  return out;
}

export function sessionToCsv(record: SessionRecord): string {
  return sessionsToCsv([record]);
}
