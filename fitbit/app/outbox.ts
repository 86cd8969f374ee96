// Finished sessions go to the phone as files (a record is far larger than MAX_MESSAGE_SIZE).
// The store already keeps each record as a JSON file: that file is queued with the
// file-transfer outbox as it is, under the name session-<id>-<attempt>.json, so the watch
// never reads a record back into its JS heap to send it. The companion stores it and answers
// with a sessionAck over messaging. Only an ack with stored: true marks it synced, so nothing
// leaves the watch unconfirmed. A record is offered again when its file was delivered but no
// ack came within RETRY_MS, or when the transfer failed; never while its file still waits in
// the system's queue (offline). The record of the session still running is not sent.
import { existsSync } from 'fs';
import { outbox, type FileTransfer } from 'file-transfer';
import type { SessionAck } from '../../shared/protocol/sessionSync';
import { recordKey, type SessionStore } from '../../shared/store/sessionStore';

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

/** `running()`: the id of the session in progress (its record is not final yet), or null. */
export function createSessionOutbox(store: SessionStore, now: () => number, running: () => string | null = () => null): SessionOutbox {
  const waitingSince: { [id: string]: number } = {};
  const transfers: { [id: string]: FileTransfer } = {};
  const stats = { queued: 0, acked: 0, refused: 0, failed: 0 };
  let attempt = 0;

  function queue(id: string): void {
    const file = recordKey(id);
    if (!existsSync(file)) return;
    attempt++;
    waitingSince[id] = now();
    stats.queued++;
    outbox.enqueueFile(DATA_DIR + file, fileNameFor(id, attempt)).then(
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
      const entries = store.index();
      const t = now();
      const current = running();
      for (let i = 0; i < entries.length; i++) {
        const id = entries[i].id;
        if (entries[i].synced || id === current) continue; // the running one is sent once it is finished
        const since = waitingSince[id];
        const transfer = transfers[id];
        const queuedStill = transfer !== undefined && (transfer.readyState === 'pending' || transfer.readyState === 'transferring');
        if (since === undefined || (!queuedStill && t - since >= RETRY_MS)) queue(id);
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
