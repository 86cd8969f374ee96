// Heart rate in the exports, read back independently: fit-file-parser (not the SDK that wrote
// the file) for FIT, an RFC 4180 reader for CSV, the record schema for JSON. The expected values
// are computed here from the record's own samples, not taken from the exporter. And a record
// stored before heart rate existed (a frozen JSON file) still parses, lists in both histories
// (phone inbox, watch store) and exports, with no heart rate anywhere.
import fs from 'fs';
import path from 'path';
import FitParser from 'fit-file-parser';
import { parseCheckedSessionRecord, parseSessionRecord, type SessionRecord } from '../../shared/protocol/sessionRecord';
import { SessionStore } from '../../shared/store/sessionStore';
import { createSessionInbox } from '../../companion/sessionInbox';
import { MemorySettingsStore } from '../../companion/settingsStore';
import { sessionToFit, toFitDateTime } from '../../companion/exporters/fit';
import { sessionToCsv } from '../../companion/exporters/csv';
import { parseSessionJson, sessionToJson } from '../../companion/exporters/json';
import { runProgram } from './programRecords';
import { parseCsv } from './fixtures';

type Row = Record<string, unknown>;
interface Parsed { sessions: Row[]; laps: Row[]; records: Row[] }

async function decode(bytes: Uint8Array): Promise<Parsed> {
  const parser = new FitParser({ force: false, mode: 'list' });
  return (await parser.parseAsync(Buffer.from(bytes))) as unknown as Parsed;
}

const FIT_EPOCH_S = 631065600;
const fitSeconds = (iso: unknown) => Math.round(new Date(iso as string).getTime() / 1000) - FIT_EPOCH_S;

/** Plausible wrist heart rate: ~80 at rest, ~105 in work, a dropout every 17 s (no event). */
const wrist = (second: number, working: boolean) => (second % 17 === 0 ? null : (working ? 105 : 80) + Math.round(4 * Math.sin(second / 7)));

function samplesIn(record: SessionRecord, fromMs: number, toMs: number, inclusive: boolean): number[] {
  return (record.heartRateSamples || []).filter((s) => s.atMs >= fromMs && (inclusive ? s.atMs <= toMs : s.atMs < toMs)).map((s) => s.bpm);
}
const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);

describe('heart rate in the exports of a guided routine run through the engine', () => {
  const run = runProgram('guided-older-adult', 'hr-guided', wrist);
  const record = run.record;
  const samples = record.heartRateSamples || [];

  it('the record carries spaced samples and per-set mean/max', () => {
    expect(parseCheckedSessionRecord(record).ok).toBe(true);
    expect(samples.length).toBeGreaterThan(60);
    expect(record.alarms.map((a) => a.kind)).not.toContain('heartRateHigh'); // 105 < 129
    for (const set of record.sets) {
      const work = record.phases.find((p) => p.kind === 'work' && p.setIndex === set.setIndex)!;
      const xs = samplesIn(record, work.actualStartMs! - record.startedAtMs, work.actualEndMs! - record.startedAtMs, true);
      expect(xs.length).toBeGreaterThan(5);
      expect(set.heartRateMeanBpm).toBe(mean(xs));
      expect(set.heartRateMaxBpm).toBe(Math.max(...xs));
    }
  });

  it('FIT: records carry heart_rate at their sample times; laps and session avg/max heart rate', async () => {
    const fit = await decode(sessionToFit(record, { utcOffsetMinutes: 0 }));
    const withHr = fit.records.filter((r) => typeof r.heart_rate === 'number');
    expect(withHr).toHaveLength(samples.length);
    const start = toFitDateTime(record.startedAtMs);
    withHr.forEach((r, i) => {
      expect(r.heart_rate).toBe(samples[i].bpm);
      expect(fitSeconds(r.timestamp)).toBe(start + Math.floor((record.startedAtMs % 1000 + samples[i].atMs) / 1000));
    });
    const all = samples.map((s) => s.bpm);
    expect(fit.sessions[0].avg_heart_rate).toBe(mean(all));
    expect(fit.sessions[0].max_heart_rate).toBe(Math.max(...all));
    const work = fit.laps.filter((l) => l.intensity === 'active');
    expect(work).toHaveLength(record.sets.length);
    work.forEach((lap, i) => {
      expect(lap.avg_heart_rate).toBe(record.sets[i].heartRateMeanBpm);
      expect(lap.max_heart_rate).toBe(record.sets[i].heartRateMaxBpm);
    });
    // Rest laps have heart rate too (their own samples), lower than the work around them.
    const started = record.phases.filter((p) => p.actualStartMs !== null);
    expect(fit.laps).toHaveLength(started.length);
    let rests = 0;
    fit.laps.forEach((lap, i) => {
      if (lap.intensity !== 'rest') return;
      rests++;
      const p = started[i];
      const xs = samplesIn(record, p.actualStartMs! - record.startedAtMs, p.actualEndMs! - record.startedAtMs, false);
      expect(lap.avg_heart_rate).toBe(mean(xs));
      expect(lap.max_heart_rate).toBe(Math.max(...xs));
      expect(lap.avg_heart_rate as number).toBeLessThan(95);
    });
    expect(rests).toBeGreaterThan(0);
  });

  it('CSV: per set mean and max; JSON: the samples as recorded', () => {
    const [header, ...rows] = parseCsv(sessionToCsv(record));
    const cell = (row: string[], name: string) => row[header.indexOf(name)];
    rows.forEach((row, i) => {
      expect(Number(cell(row, 'heart_rate_mean_bpm'))).toBe(record.sets[i].heartRateMeanBpm);
      expect(Number(cell(row, 'heart_rate_max_bpm'))).toBe(record.sets[i].heartRateMaxBpm);
      expect(Number(cell(row, 'heart_rate_mean_bpm'))).toBeGreaterThan(95);
    });
    const back = parseSessionJson(sessionToJson(record));
    expect(back.ok && back.value.heartRateSamples).toEqual(samples);
  });
});

describe('a record stored before heart rate was read', () => {
  const text = fs.readFileSync(path.join(__dirname, 'data', 'sessionRecord.v1.beforeHeartRate.json'), 'utf8');
  const raw = JSON.parse(text);

  it('is an old record indeed, and still parses (with and without the cross-field rules)', () => {
    expect(raw.v).toBe(1);
    expect(raw.heartRateSamples).toBeUndefined();
    expect(raw.sets.some((s: Row) => 'heartRateMeanBpm' in s)).toBe(false);
    expect(parseSessionRecord(raw).ok).toBe(true);
    expect(parseCheckedSessionRecord(raw).ok).toBe(true);
  });

  it('opens in the phone inbox and the watch history', () => {
    const inbox = createSessionInbox(new MemorySettingsStore());
    expect(inbox.receive({ v: 1, kind: 'sessionPush', record: raw }).stored).toBe(true);
    expect(inbox.list().map((e) => e.id)).toEqual([raw.id]);
    expect(inbox.get(raw.id)).toEqual(raw);
    const kv = new Map<string, unknown>();
    const store = new SessionStore({ getItem: (k) => kv.get(k), setItem: (k, v) => { kv.set(k, v); }, removeItem: (k) => { kv.delete(k); } }, () => 1e9);
    expect(store.putRecord(raw)).toEqual({ ok: true });
    const history = store.history();
    expect(history).toHaveLength(1);
    expect(history[0].record).toEqual(raw);
    expect(store.problems).toEqual([]);
  });

  it('exports: FIT without heart rate, CSV with empty heart-rate cells, JSON unchanged', async () => {
    const fit = await decode(sessionToFit(raw, { utcOffsetMinutes: 0 }));
    expect(fit.records.length).toBeGreaterThan(2);
    expect(fit.records.some((r) => 'heart_rate' in r)).toBe(false);
    expect('avg_heart_rate' in fit.sessions[0]).toBe(false);
    expect(fit.laps.some((l) => 'avg_heart_rate' in l)).toBe(false);
    const [header, ...rows] = parseCsv(sessionToCsv(raw));
    expect(rows).toHaveLength(raw.sets.length);
    for (const row of rows) {
      expect(row[header.indexOf('heart_rate_mean_bpm')]).toBe('');
      expect(row[header.indexOf('heart_rate_max_bpm')]).toBe('');
    }
    const back = parseSessionJson(sessionToJson(raw));
    expect(back.ok && back.value).toEqual(raw);
  });
});
