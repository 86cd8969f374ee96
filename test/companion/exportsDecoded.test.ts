// Every program's export, read back by an independent decoder: fit-file-parser (not Garmin's
// SDK, which wrote the file) for FIT, an RFC 4180 reader for CSV, the record schema for JSON.
// The records come from the real session engine (programRecords.ts), one per catalog program.
import FitParser from 'fit-file-parser';
import { Decoder, Stream } from '@garmin/fitsdk';
import { PROGRAMS } from '../../shared/programs/catalog';
import { parseCheckedSessionRecord } from '../../shared/protocol/sessionRecord';
import { fitSerialFor, sessionToFit, toFitDateTime } from '../../companion/exporters/fit';
import { sessionToCsv } from '../../companion/exporters/csv';
import { parseSessionJson, sessionToJson } from '../../companion/exporters/json';
import { runEveryProgram, type ProgramRun } from './programRecords';
import { parseCsv } from './fixtures';

type Parsed = Record<string, unknown> & {
  sessions: Array<Record<string, unknown>>;
  laps: Array<Record<string, unknown>>;
  records: Array<Record<string, unknown>>;
  sets?: Array<Record<string, unknown>>;
  file_ids: Array<Record<string, unknown>>;
  activity: Record<string, unknown>;
  field_descriptions?: Array<Record<string, unknown>>;
};

async function decode(bytes: Uint8Array): Promise<Parsed> {
  // force: false: any field the parser cannot type is an error, not a silent skip.
  const parser = new FitParser({ force: false, mode: 'list' });
  return (await parser.parseAsync(Buffer.from(bytes))) as unknown as Parsed;
}

/** The mean the exports must carry, computed here from the record's own samples of the work phase. */
function workMean(run: ProgramRun, setIndex: number, cuffId: string): number {
  const r = run.record;
  const phase = r.phases.find((p) => p.kind === 'work' && p.setIndex === setIndex && p.actualStartMs !== null)!;
  const from = phase.actualStartMs! - r.startedAtMs;
  const to = (phase.actualEndMs !== null ? phase.actualEndMs : Number.MAX_SAFE_INTEGER) - r.startedAtMs;
  const xs = r.pressureSamples.filter((x) => x.cuffId === cuffId && x.atMs >= from && x.atMs <= to).map((x) => x.mmHg);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

const runs: ProgramRun[] = runEveryProgram();
const startedPhases = (run: ProgramRun) => run.record.phases.filter((p) => p.actualStartMs !== null);

describe('FIT export of every program, decoded by fit-file-parser', () => {
  test.each(runs.map((r) => [r.programId, r] as const))('%s', async (_id, run) => {
    const record = run.record;
    const program = PROGRAMS[run.programId];
    expect(parseCheckedSessionRecord(record).ok).toBe(true);
    const bytes = sessionToFit(record, { utcOffsetMinutes: 120 });

    // Garmin's own decoder agrees the file is whole.
    const garmin = new Decoder(Stream.fromByteArray(bytes));
    expect(garmin.checkIntegrity()).toBe(true);
    expect(garmin.read().errors).toEqual([]);

    const fit = await decode(bytes);
    expect(fit.sessions).toHaveLength(1);
    expect(fit.laps).toHaveLength(startedPhases(run).length);
    expect(fit.records.length).toBeGreaterThanOrEqual(2);
    expect(fit.file_ids[0]).toMatchObject({ type: 'activity', manufacturer: 'development', serial_number: fitSerialFor(record.id) });
    const end = new Date((toFitDateTime(record.endedAtMs!) + 631065600) * 1000);
    expect(new Date(fit.activity.timestamp as string).getTime()).toBe(end.getTime());
    // local_timestamp = end + 2 h (the offset given), as a local date_time.
    expect(new Date(fit.activity.local_timestamp as string).getTime()).toBe(end.getTime() + 2 * 3600000);

    const session = fit.sessions[0];
    const work = fit.laps.filter((l) => l.intensity === 'active');
    expect(work).toHaveLength(program.sets.length);
    const sets = record.sets;
    const modes = new Set(sets.map((s) => s.countingMode));
    if (modes.size === 1 && modes.has('cadence')) {
      // An ergometer program: indoor cycling, pedal revolutions and cadence per lap.
      expect(session).toMatchObject({ sport: 'cycling', sub_sport: 'indoor_cycling' });
      work.forEach((lap, i) => {
        expect(lap.total_cycles).toBe(sets[i].corrected);
        const rpm = sets[i].corrected / ((lap.total_timer_time as number) / 60);
        expect(Math.abs((lap.avg_cadence as number) + ((lap.avg_fractional_cadence as number) || 0) - rpm)).toBeLessThan(0.01);
      });
      expect(session.total_cycles).toBe(sets.reduce((n, s) => n + s.corrected, 0));
      expect(session.avg_cadence).toBeGreaterThan(0);
    } else if (modes.size === 1 && modes.has('steps')) {
      // A treadmill program: walking on a treadmill, steps exact.
      expect(session).toMatchObject({ sport: 'walking', sub_sport: 'treadmill' });
      work.forEach((lap, i) => {
        expect(lap.steps).toBe(sets[i].corrected);
        expect((lap.total_cycles as number) * 2 + ((lap.total_fractional_cycles as number) || 0) * 2).toBe(sets[i].corrected);
        expect(lap.avg_cadence).toBeGreaterThan(0);
      });
      expect(session.steps).toBe(sets.reduce((n, s) => n + s.corrected, 0));
    } else {
      // Strength: sets with repetitions (the counted reps, corrections included).
      expect(session).toMatchObject({ sport: 'training', sub_sport: 'strength_training' });
      const active = (fit.sets || []).filter((s) => s.set_type === 'active');
      expect(active).toHaveLength(program.sets.length);
      active.forEach((s, i) => {
        if (sets[i].countingMode === 'reps') expect(s.repetitions).toBe(sets[i].corrected);
      });
      expect((fit.sets || []).filter((s) => s.set_type === 'rest')).toHaveLength(startedPhases(run).length - program.sets.length);
    }

    if (record.restriction === 'cuffs') {
      const cuff = record.cuffs[0];
      const name = cuff.cuffId;
      // Pressure on records, and the per-lap and per-session summary, as named fields.
      expect(fit.records.filter((r) => typeof r['cuff_pressure_' + name] === 'number').length).toBeGreaterThan(10);
      work.forEach((lap, i) => {
        expect(lap['target_cuff_pressure_' + name]).toBeCloseTo(cuff.targetMmHg!, 3);
        // Exactly the mean of the work phase's samples, and inside the +-10 % band around target
        // (the synthetic controller holds target +-4 mmHg; a sample taken while filling pulls it down).
        expect(lap['mean_cuff_pressure_' + name] as number).toBeCloseTo(workMean(run, i, name), 1);
        expect(Math.abs((lap['mean_cuff_pressure_' + name] as number) - cuff.targetMmHg!)).toBeLessThan(cuff.targetMmHg! * 0.1);
        expect(lap.time_in_band).toBeCloseTo((100 * sets[i].inBandMs) / sets[i].pressureMs, 1);
      });
      expect(session['lop_' + name]).toBeCloseTo(cuff.lopMmHg!, 3);
      expect(session['target_cuff_pressure_' + name]).toBeCloseTo(cuff.targetMmHg!, 3);
      expect(session.time_in_band as number).toBeGreaterThan(0);
    } else {
      expect(fit.field_descriptions || []).toHaveLength(0);
    }
  });
});

describe('CSV and JSON export of every program', () => {
  test.each(runs.map((r) => [r.programId, r] as const))('%s', (_id, run) => {
    const record = run.record;
    const [header, ...rows] = parseCsv(sessionToCsv(record));
    expect(rows).toHaveLength(record.sets.length);
    for (const name of ['in_band_ms_all_cuffs', 'pressure_ms_all_cuffs', 'time_in_band_pct_all_cuffs']) expect(header).toContain(name);
    const cell = (row: string[], name: string) => row[header.indexOf(name)];
    rows.forEach((row, i) => {
      const pct = cell(row, 'time_in_band_pct_all_cuffs');
      if (pct !== '') expect(Number(pct)).toBeLessThanOrEqual(100);
      expect(Number(cell(row, 'corrected'))).toBe(record.sets[i].corrected);
    });
    if (record.restriction === 'cuffs') {
      const c = record.cuffs[0];
      expect(header).toEqual(expect.arrayContaining(['cuff1_id', 'cuff1_lop_mmHg', 'cuff1_target_mmHg', 'cuff1_mean_mmHg']));
      rows.forEach((row, i) => {
        expect(cell(row, 'cuff1_id')).toBe(c.cuffId);
        expect(Number(cell(row, 'cuff1_lop_mmHg'))).toBe(c.lopMmHg);
        expect(Number(cell(row, 'cuff1_target_mmHg'))).toBe(c.targetMmHg);
        expect(Number(cell(row, 'cuff1_mean_mmHg'))).toBeCloseTo(workMean(run, record.sets[i].setIndex, c.cuffId), 1);
        expect(Math.abs(Number(cell(row, 'cuff1_mean_mmHg')) - c.targetMmHg!)).toBeLessThan(c.targetMmHg! * 0.1);
      });
    } else {
      expect(header.some((h) => /^cuff\d/.test(h))).toBe(false);
    }
    const back = parseSessionJson(sessionToJson(record));
    expect(back.ok && back.value).toEqual(record);
  });
});
