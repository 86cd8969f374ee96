import { parseSessionRecord } from '../../shared/protocol/sessionRecord';
import { csvCell, CSV_COLUMNS, cuffColumns, sessionsToCsv, sessionToCsv } from '../../companion/exporters/csv';
import { JSON_EXPORT_FORMAT, parseSessionJson, sessionToJson } from '../../companion/exporters/json';
import { makeRecord, parseCsv, T0 } from './fixtures';

/** Mean of one cuff's samples between two epoch times, 0.1 mmHg: the CSV's cuffN_mean_mmHg. */
function meanOf(record: ReturnType<typeof makeRecord>, cuffId: string, fromMs: number, toMs: number): number {
  const xs = record.pressureSamples.filter((s) => s.cuffId === cuffId && s.atMs >= fromMs - record.startedAtMs && s.atMs <= toMs - record.startedAtMs).map((s) => s.mmHg);
  return Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10;
}

describe('CSV export', () => {
  function rowsOf(csv: string, cuffSlots = 2): Array<Record<string, string>> {
    const [header, ...rows] = parseCsv(csv);
    let columns: string[] = [...CSV_COLUMNS];
    for (let n = 1; n <= cuffSlots; n++) columns = columns.concat(cuffColumns(n));
    expect(header).toEqual(columns);
    return rows.map((cells) => {
      expect(cells).toHaveLength(columns.length);
      return Object.fromEntries(header.map((h, i) => [h, cells[i]]));
    });
  }

  test('one row per set, and the values read back', () => {
    const record = makeRecord({ kind: 'walk', id: 'csv-walk' });
    const csv = sessionToCsv(record);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = rowsOf(csv);
    expect(rows).toHaveLength(record.sets.length);
    rows.forEach((row, i) => {
      const set = record.sets[i];
      const work = record.phases.find((p) => p.kind === 'work' && p.setIndex === i)!;
      expect(row).toEqual({
        session_id: 'csv-walk',
        program_id: 'walk-intervals',
        program_name: 'Walk intervals',
        started_at: new Date(record.startedAtMs).toISOString(),
        ended_at: new Date(record.endedAtMs!).toISOString(),
        status: 'completed',
        limb: 'leg',
        restriction: 'cuffs',
        percent_lop: '60',
        set_index: String(i),
        exercise: 'walk',
        counting_mode: 'steps',
        target: '',
        counted: String(set.counted),
        recounted: '',
        corrected: String(set.corrected),
        system_steps: String(set.systemSteps),
        work_started_at: new Date(work.actualStartMs!).toISOString(),
        work_seconds: String((work.actualEndMs! - work.actualStartMs!) / 1000),
        in_band_ms_all_cuffs: String(set.inBandMs),
        pressure_ms_all_cuffs: String(set.pressureMs),
        time_in_band_pct_all_cuffs: String(Math.round((set.inBandMs / set.pressureMs) * 1000) / 10),
        rpe: '6',
        heart_rate_mean_bpm: '', // this fixture has no heart rate (as records before it was read)
        heart_rate_max_bpm: '',
        cuff1_id: 'left',
        cuff1_lop_mmHg: '180',
        cuff1_target_mmHg: '108',
        cuff1_mean_mmHg: String(meanOf(record, 'left', work.actualStartMs!, work.actualEndMs!)),
        cuff2_id: 'right',
        cuff2_lop_mmHg: '184',
        cuff2_target_mmHg: '110.4',
        cuff2_mean_mmHg: String(meanOf(record, 'right', work.actualStartMs!, work.actualEndMs!)),
      });
    });
  });

  test('several sessions share one header; timed and pressure-less sets leave cells empty', () => {
    const wraps = makeRecord({ kind: 'wraps', id: 'csv-wraps' });
    const res = makeRecord({ kind: 'resistance', id: 'csv-res', phasesDone: 2 });
    const rows = rowsOf(sessionsToCsv([wraps, res]));
    expect(rows).toHaveLength(wraps.sets.length + res.sets.length);
    expect(rows[0]).toMatchObject({ session_id: 'csv-wraps', target: '', time_in_band_pct_all_cuffs: '', percent_lop: '', system_steps: '', cuff1_id: '', cuff1_mean_mmHg: '' });
    const inProgress = rows.filter((r) => r.session_id === 'csv-res');
    expect(inProgress[0]).toMatchObject({ status: 'inProgress', ended_at: '', target: '30', counting_mode: 'reps', rpe: '' });
    expect(inProgress[inProgress.length - 1].work_seconds).toBe(''); // the set still running
  });

  test('a rep set\'s end-of-set recount has its own column; old records leave it empty', () => {
    const res = makeRecord({ kind: 'resistance', id: 'csv-recount' });
    const sets = res.sets.map((s, i) => (i === 0 ? { ...s, counted: 30, recountedReps: 28, corrected: 28 } : s));
    const rows = rowsOf(sessionToCsv({ ...res, sets }), res.cuffs.length);
    expect(rows[0]).toMatchObject({ counted: '30', recounted: '28', corrected: '28' });
    expect(rows[1].recounted).toBe('');
    const back = parseSessionJson(sessionToJson({ ...res, sets }));
    expect(back.ok && back.value.sets[0].recountedReps).toBe(28);
    expect(back.ok && back.value.sets[1].recountedReps).toBeUndefined();
  });

  test('quotes commas, quotes and line breaks, and defuses formulas', () => {
    const record = makeRecord({ kind: 'resistance', programName: '=HYPERLINK("x"), "curl"\nday' });
    const rows = rowsOf(sessionToCsv(record));
    expect(rows[0].program_name).toBe('\'=HYPERLINK("x"), "curl"\nday');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });
});

describe('JSON export', () => {
  test('is versioned, pretty, and parses back with the record schema', () => {
    const record = makeRecord({ kind: 'resistance', id: 'json-1' });
    const text = sessionToJson(record, { exportedAtMs: T0 });
    expect(text).toContain('\n  "format": "' + JSON_EXPORT_FORMAT + '"');
    const doc = JSON.parse(text);
    expect(doc).toMatchObject({ format: JSON_EXPORT_FORMAT, version: 1, exportedAt: new Date(T0).toISOString() });
    const parsed = parseSessionRecord(doc.session);
    expect(parsed.ok && parsed.value).toEqual(record);
    const back = parseSessionJson(text);
    expect(back.ok && back.value).toEqual(record);
  });

  test('reading back refuses other formats and broken sessions, naming the field', () => {
    expect(parseSessionJson('nope')).toMatchObject({ ok: false, fields: ['(root)'] });
    expect(parseSessionJson('{"format":"other","version":1}')).toMatchObject({ ok: false, fields: ['format'] });
    const doc = JSON.parse(sessionToJson(makeRecord()));
    doc.session.sets[0].corrected = 'many';
    const bad = parseSessionJson(JSON.stringify(doc));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.fields).toContain('session.sets.0.corrected');
  });
});
