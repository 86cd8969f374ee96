import { parseSessionRecord } from '../../shared/protocol/sessionRecord';
import { csvCell, CSV_COLUMNS, sessionsToCsv, sessionToCsv } from '../../companion/exporters/csv';
import { JSON_EXPORT_FORMAT, parseSessionJson, sessionToJson } from '../../companion/exporters/json';
import { makeRecord, parseCsv, T0 } from './fixtures';

describe('CSV export', () => {
  function rowsOf(csv: string): Array<Record<string, string>> {
    const [header, ...rows] = parseCsv(csv);
    expect(header).toEqual([...CSV_COLUMNS]);
    return rows.map((cells) => {
      expect(cells).toHaveLength(CSV_COLUMNS.length);
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
        corrected: String(set.corrected),
        system_steps: String(set.systemSteps),
        work_started_at: new Date(work.actualStartMs!).toISOString(),
        work_seconds: String((work.actualEndMs! - work.actualStartMs!) / 1000),
        in_band_ms: String(set.inBandMs),
        pressure_ms: String(set.pressureMs),
        time_in_band_pct: String(Math.round((set.inBandMs / set.pressureMs) * 1000) / 10),
        rpe: '6',
      });
    });
  });

  test('several sessions share one header; timed and pressure-less sets leave cells empty', () => {
    const wraps = makeRecord({ kind: 'wraps', id: 'csv-wraps' });
    const res = makeRecord({ kind: 'resistance', id: 'csv-res', phasesDone: 2 });
    const rows = rowsOf(sessionsToCsv([wraps, res]));
    expect(rows).toHaveLength(wraps.sets.length + res.sets.length);
    expect(rows[0]).toMatchObject({ session_id: 'csv-wraps', target: '', time_in_band_pct: '', percent_lop: '', system_steps: '' });
    const inProgress = rows.filter((r) => r.session_id === 'csv-res');
    expect(inProgress[0]).toMatchObject({ status: 'inProgress', ended_at: '', target: '30', counting_mode: 'reps', rpe: '' });
    expect(inProgress[inProgress.length - 1].work_seconds).toBe(''); // the set still running
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
