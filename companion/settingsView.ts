// What the phone's settings page shows, computed from settings storage without any UI: the
// controller, each cuff's LOP, the screening status, and the session history with a compact
// per-session pressure and reps chart. Pure, so it is tested in Node.
import type { SettingsStore } from './settingsStore';
import { PhoneConfig } from './phoneConfig';
import { createSessionInbox } from './sessionInbox';
import type { SessionRecord } from '../shared/protocol/sessionRecord';

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** A one-line chart of values scaled to their maximum (8 levels). */
export function sparkline(values: ReadonlyArray<number>, width = 24): string {
  if (values.length === 0) return '';
  const step = Math.max(1, Math.ceil(values.length / width));
  const points: number[] = [];
  for (let i = 0; i < values.length; i += step) {
    let sum = 0;
    let n = 0;
    for (let j = i; j < Math.min(values.length, i + step); j++) { sum += values[j]; n++; }
    points.push(sum / n);
  }
  const max = Math.max(...points);
  return points.map((v) => (max > 0 ? BARS[Math.min(7, Math.floor((v / max) * 7.999))] : BARS[0])).join('');
}

export interface SessionLine {
  id: string;
  title: string;
  detail: string;
  pressureChart: string;
  repsChart: string;
  synced: boolean;
}

export function sessionLine(record: SessionRecord, synced: boolean): SessionLine {
  const date = new Date(record.startedAtMs).toISOString().slice(0, 16).replace('T', ' ');
  const counts = record.sets.map((s) => s.corrected);
  let inBand = 0;
  let tracked = 0;
  for (const s of record.sets) { inBand += s.inBandMs; tracked += s.pressureMs; }
  const band = tracked > 0 ? ' · ' + Math.round((inBand / tracked) * 100) + '% in band' : '';
  return {
    id: record.id,
    title: date + ' ' + record.programName,
    detail: record.sets.length + ' sets · ' + counts.join('/') + band + (record.alarms.length ? ' · ' + record.alarms.length + ' alarms' : ''),
    pressureChart: sparkline(record.pressureSamples.map((p) => p.mmHg)),
    repsChart: sparkline(counts, 12),
    synced,
  };
}

export interface SettingsViewModel {
  controllerUrl: string;
  controllerToken: string;
  cuffs: Array<{ cuffId: string; limb: string; widthCm: number; lop: string }>;
  screening: 'not answered' | 'clear' | 'cuffs refused';
  sessions: SessionLine[];
  problems: string[];
}

export function settingsViewModel(store: SettingsStore, now: () => number): SettingsViewModel {
  const config = new PhoneConfig(store, now);
  const controller = config.controller();
  const screening = config.screening();
  const inbox = createSessionInbox(store, { now });
  const sessions: SessionLine[] = [];
  for (const entry of inbox.list().slice(0, 20)) {
    const record = inbox.get(entry.id);
    if (record) sessions.push(sessionLine(record, entry.uploaded || entry.exported));
  }
  return {
    controllerUrl: controller ? controller.url : '',
    controllerToken: controller ? controller.token : '',
    cuffs: config.cuffs().map((c) => ({ cuffId: c.cuffId, limb: c.limb, widthCm: c.widthCm, lop: c.lopMmHg === null ? 'not measured' : Math.round(c.lopMmHg) + ' mmHg' })),
    screening: !screening ? 'not answered' : Object.values(screening.answers).some((a) => a) ? 'cuffs refused' : 'clear',
    sessions,
    problems: config.problems.map((p) => p.key + ': ' + p.error).concat(inbox.problems()).slice(-5),
  };
}

/** Parses what the user typed as a LOP: a whole number of mmHg within the schema's range. */
export function parseLopInput(text: string): number | null {
  const n = Number(String(text).trim());
  return Number.isInteger(n) && n >= 30 && n <= 400 ? n : null;
}
