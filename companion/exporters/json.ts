// JSON export: the session record as it is stored, wrapped with a format name and version so a
// later importer (or another tool) knows what it is reading. Pretty-printed for people.
import { ParseResult } from '../../shared/protocol/common';
import { parseSessionRecord, SessionRecord } from '../../shared/protocol/sessionRecord';

export const JSON_EXPORT_FORMAT = 'bfr-coach.session';
export const JSON_EXPORT_VERSION = 1;

export interface SessionJsonExport {
  format: typeof JSON_EXPORT_FORMAT;
  version: typeof JSON_EXPORT_VERSION;
  /** When the file was made (ISO 8601), if the caller said. */
  exportedAt?: string;
  session: SessionRecord;
}

export function sessionToJson(record: SessionRecord, options: { exportedAtMs?: number } = {}): string {
  const doc: SessionJsonExport = { format: JSON_EXPORT_FORMAT, version: JSON_EXPORT_VERSION, session: record };
  if (options.exportedAtMs !== undefined) doc.exportedAt = new Date(options.exportedAtMs).toISOString();
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Read an export back (for import, or to check one): the session is parsed with the record schema. */
export function parseSessionJson(text: string): ParseResult<SessionRecord> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, error: 'session export rejected: not JSON', fields: ['(root)'] };
  }
  const d = doc && typeof doc === 'object' ? (doc as Partial<SessionJsonExport>) : {};
  if (d.format !== JSON_EXPORT_FORMAT) {
    return { ok: false, error: 'session export rejected: format: expected "' + JSON_EXPORT_FORMAT + '"', fields: ['format'] };
  }
  if (d.version !== JSON_EXPORT_VERSION) {
    return { ok: false, error: 'session export rejected: version: expected ' + JSON_EXPORT_VERSION, fields: ['version'] };
  }
  const parsed = parseSessionRecord(d.session);
  if (parsed.ok) return parsed;
  return { ok: false, error: parsed.error, fields: parsed.fields.map((f) => 'session.' + f) };
}
