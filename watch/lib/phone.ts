// Talking to the phone through ZML. Every request has a short explicit timeout (ZML leaves a
// request pending forever when BLE drops) and bounded retries; replies are parsed by callers
// with the message's schema. Rejected input is counted here, never shown unless it matters.
import { log } from '@zos/utils';
import { requestWithTimeout, type Requester } from './request';
import { parseSessionAck } from '../../shared/protocol/sessionSync';
import type { SessionStore } from './sessionStore';

export const REQUEST_TIMEOUT_MS = 3000;

export const rejectedFromPhone: Record<string, number> = {};

const logger = log.getLogger('bfr-phone');

/** Counts a message from the phone that failed its schema, and logs why (never shown unless it matters). */
export function countRejected(reason: string, detail?: string): void {
  rejectedFromPhone[reason] = (rejectedFromPhone[reason] || 0) + 1;
  logger.warn('rejected ' + reason + (detail ? ': ' + detail : '') + ' (' + rejectedFromPhone[reason] + ')');
}

/** A request retried up to `attempts` times with a growing pause; rejects with the last error. */
export function ask(
  page: Requester,
  method: string,
  params: Record<string, unknown>,
  opts: { timeoutMs?: number; attempts?: number } = {},
): Promise<unknown> {
  const attempts = opts.attempts || 2;
  const timeoutMs = opts.timeoutMs || REQUEST_TIMEOUT_MS;
  let tries = 0;
  const once = (): Promise<unknown> => {
    tries++;
    return requestWithTimeout(page, method, params, timeoutMs).then(
      (reply) => reply,
      (error: unknown) => {
        if (tries >= attempts) throw error;
        return new Promise((resolve) => setTimeout(() => resolve(null), 500 * tries)).then(once);
      },
    );
  };
  return once();
}

let syncing = false;

/**
 * Sends every unsynced session to the phone, oldest first; a record is marked synced only
 * after the phone's ack says it was stored. Safe to call often: one run at a time.
 */
export function syncOutbox(page: Requester, store: SessionStore): Promise<{ sent: number; failed: number }> {
  if (syncing) return Promise.resolve({ sent: 0, failed: 0 });
  syncing = true;
  const pending = store.unsynced();
  let sent = 0;
  let failed = 0;
  let chain: Promise<void> = Promise.resolve();
  for (let i = 0; i < pending.length; i++) {
    const record = pending[i];
    chain = chain.then(() =>
      ask(page, 'sessionPush', { v: 1, kind: 'sessionPush', record }, { timeoutMs: 5000, attempts: 2 }).then(
        (reply) => {
          const ack = parseSessionAck(reply);
          if (!ack.ok) {
            countRejected('sessionAck');
            failed++;
          } else if (ack.value.id === record.id && ack.value.stored) {
            // An in-progress record is acknowledged too, but the final one must still go.
            if (record.status !== 'inProgress') store.markSynced(record.id);
            sent++;
          } else {
            failed++;
          }
        },
        () => {
          failed++;
        },
      ),
    );
  }
  return chain.then(
    () => {
      syncing = false;
      return { sent, failed };
    },
    () => {
      syncing = false;
      return { sent, failed };
    },
  );
}
