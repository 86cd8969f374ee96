// Finished sessions go to the phone as files (a record is far larger than MAX_MESSAGE_SIZE).
// Each unsynced record is written as JSON and queued with the file-transfer outbox; the
// companion stores it and answers with a sessionAck over messaging. Only an ack with
// stored: true for a finished record marks it synced, so nothing leaves the watch unconfirmed.
// A record is offered again when its file was delivered but no ack came within RETRY_MS, or
// when the transfer failed; never while its file still waits in the system's queue (offline).
import { writeFileSync } from 'fs';
import { outbox, type FileTransfer } from 'file-transfer';
import type { SessionAck } from '../../shared/protocol/sessionSync';
import type { SessionStore } from '../../watch/lib/sessionStore';

export const RETRY_MS = 30000;
const DATA_DIR = '/private/data/';

export interface SessionOutbox {
  /** Queues every unsynced record not already waiting for its ack. */
  flush(): void;
  onAck(ack: SessionAck): void;
  readonly stats: { queued: number; acked: number; refused: number; failed: number };
  waiting(): string[];
}

export function fileNameFor(id: string, attempt: number): string {
  return 'session-' + id + '-' + attempt + '.json';
}

export function createSessionOutbox(store: SessionStore, now: () => number): SessionOutbox {
  const waitingSince: { [id: string]: number } = {};
  const transfers: { [id: string]: FileTransfer } = {};
  const stats = { queued: 0, acked: 0, refused: 0, failed: 0 };
  let attempt = 0;

  function queue(id: string): void {
    const record = store.getRecord(id);
    if (!record) return;
    attempt++;
    const name = fileNameFor(id, attempt);
    try {
      writeFileSync(name, record, 'json');
    } catch (e) {
      stats.failed++;
      return;
    }
    waitingSince[id] = now();
    stats.queued++;
    outbox.enqueueFile(DATA_DIR + name, name).then(
      (transfer) => {
        transfers[id] = transfer;
      },
      () => {
        stats.failed++;
        delete waitingSince[id];
      },
    );
  }

  return {
    stats,
    waiting: () => Object.keys(waitingSince),
    flush() {
      const pending = store.unsynced();
      const t = now();
      for (let i = 0; i < pending.length; i++) {
        const r = pending[i];
        if (r.status === 'inProgress') continue; // sent once it is finished
        const since = waitingSince[r.id];
        const transfer = transfers[r.id];
        const queuedStill = transfer !== undefined && (transfer.readyState === 'pending' || transfer.readyState === 'transferring');
        if (since === undefined || (!queuedStill && t - since >= RETRY_MS)) queue(r.id);
      }
    },
    onAck(ack) {
      if (waitingSince[ack.id] === undefined) return;
      delete waitingSince[ack.id];
      delete transfers[ack.id];
      if (ack.stored) {
        store.markSynced(ack.id);
        stats.acked++;
      } else {
        stats.refused++;
      }
    },
  };
}
