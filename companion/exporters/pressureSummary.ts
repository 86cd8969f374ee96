// Pressure figures the exports share (CSV columns, FIT developer fields). Small on purpose: the
// CSV exporter runs in the side service, which should not load the FIT SDK for it.
import type { SessionRecord } from '../../shared/protocol/sessionRecord';

/** Mean of the samples of one cuff within [fromMs, toMs] (ms since the start), 0.1 mmHg. */
export function meanPressure(record: SessionRecord, cuffId: string, fromMs: number, toMs: number): number | null {
  let sum = 0;
  let n = 0;
  for (const s of record.pressureSamples) {
    if (s.cuffId !== cuffId || s.atMs < fromMs || s.atMs > toMs) continue;
    sum += s.mmHg;
    n++;
  }
  return n ? Math.round((sum / n) * 10) / 10 : null;
}
