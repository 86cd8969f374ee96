// Writes one session's exports next to each other, as the phone's exporters make them:
// <sessionId>.fit (activity file), <sessionId>.csv (one row per set), <sessionId>.json (the
// record). Used by `bfr-coach simulate --export DIR`.
import fs from 'node:fs';
import path from 'node:path';
import type { SessionRecord } from '../shared/protocol/sessionRecord';
import { sessionToFit } from '../companion/exporters/fit';
import { sessionToCsv } from '../companion/exporters/csv';
import { sessionToJson } from '../companion/exporters/json';

/** The file name stem for a session id (ids are [A-Za-z0-9._:-]; ':' is not portable in file names). */
export function exportStem(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
}

/** Writes the three files into `dir` (created if missing); returns their paths. */
export function writeSessionExports(record: SessionRecord, dir: string, options: { exportedAtMs?: number } = {}): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const stem = path.join(dir, exportStem(record.id));
  const fit = sessionToFit(record);
  const files: Array<[string, string | Uint8Array]> = [
    [stem + '.fit', fit],
    [stem + '.csv', sessionToCsv(record)],
    [stem + '.json', sessionToJson(record, { exportedAtMs: options.exportedAtMs })],
  ];
  for (const [file, data] of files) fs.writeFileSync(file, data);
  return files.map(([file]) => file);
}
