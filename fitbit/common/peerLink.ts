// Both ends of Fitbit messaging (`peerSocket`, device and companion alike): every message
// received is parsed with the shared schemas (a bad one is counted and dropped, never thrown);
// every message sent is measured first and refused whole when its CBOR form exceeds
// MAX_MESSAGE_SIZE (the sender must use file transfer instead). Sends queue while the socket
// is closed or its buffer is full, and resume on `bufferedamountdecrease` / `open`. A queued
// message with a coalescing key (a cuff's pressure) is replaced by a newer one, not queued twice.
import { encode } from 'cbor';
import type { MessageSocket } from 'messaging';
import { parseMessage, type Message } from '../../shared/protocol/messages';

export type PeerSocketLike = Pick<
  MessageSocket,
  'OPEN' | 'MAX_MESSAGE_SIZE' | 'bufferedAmount' | 'readyState' | 'send' | 'addEventListener'
>;

export interface PeerLinkStats {
  sent: number;
  /** Received and parsed. */
  received: number;
  /** Received and refused, by reason ('malformed', or the message kind that failed). */
  rejected: { [reason: string]: number };
  /** Never sent, by reason ('tooLarge', 'queueFull'). */
  dropped: { [reason: string]: number };
  /** Times a send waited for the buffer to drain. */
  backoffs: number;
}

export interface PeerLink {
  /** Queues a message; false when it can never be sent (too large). */
  send(message: Message, coalesceKey?: string): boolean;
  isOpen(): boolean;
  queued(): number;
  readonly stats: PeerLinkStats;
}

export interface PeerLinkOptions {
  onMessage(message: Message): void;
  onOpen?(): void;
  onClose?(): void;
  /** Stop handing the socket more once this many bytes wait in its buffer. */
  highWaterBytes?: number;
  maxQueue?: number;
}

interface Outgoing { message: Message; key: string | null; bytes: number }

function count(table: { [reason: string]: number }, reason: string): void {
  table[reason] = (table[reason] || 0) + 1;
}

export function createPeerLink(socket: PeerSocketLike, options: PeerLinkOptions): PeerLink {
  const highWater = options.highWaterBytes || 2048;
  const maxQueue = options.maxQueue || 64;
  const queue: Outgoing[] = [];
  const stats: PeerLinkStats = { sent: 0, received: 0, rejected: {}, dropped: {}, backoffs: 0 };
  let waiting = false;

  const isOpen = () => socket.readyState === socket.OPEN;

  function flush(): void {
    while (queue.length > 0 && isOpen()) {
      if (socket.bufferedAmount + queue[0].bytes > highWater && socket.bufferedAmount > 0) {
        waiting = true;
        stats.backoffs++;
        return;
      }
      try {
        socket.send(queue[0].message);
      } catch (e) {
        // BUFFER_FULL (or closed under us): keep the message, wait for the buffer to drain.
        waiting = true;
        stats.backoffs++;
        return;
      }
      queue.shift();
      stats.sent++;
    }
    waiting = false;
  }

  socket.addEventListener('message', (event) => {
    const parsed = parseMessage(event && event.data);
    if (!parsed.ok) {
      const kind = event && event.data && typeof event.data.kind === 'string' ? String(event.data.kind).slice(0, 24) : 'malformed';
      count(stats.rejected, kind);
      return;
    }
    stats.received++;
    try {
      options.onMessage(parsed.value);
    } catch (e) {
      count(stats.rejected, 'handlerFailed');
    }
  });
  socket.addEventListener('open', () => {
    flush();
    if (options.onOpen) options.onOpen();
  });
  socket.addEventListener('close', () => {
    if (options.onClose) options.onClose();
  });
  socket.addEventListener('bufferedamountdecrease', () => {
    if (waiting || queue.length > 0) flush();
  });
  socket.addEventListener('error', () => {
    waiting = true;
  });

  return {
    stats,
    isOpen,
    queued: () => queue.length,
    send(message, coalesceKey) {
      const bytes = encode(message).byteLength;
      if (bytes > socket.MAX_MESSAGE_SIZE) {
        count(stats.dropped, 'tooLarge');
        return false;
      }
      const key = coalesceKey || null;
      if (key !== null) {
        for (let i = 0; i < queue.length; i++) {
          if (queue[i].key === key) {
            queue[i] = { message, key, bytes };
            flush();
            return true;
          }
        }
      }
      if (queue.length >= maxQueue) {
        // Drop the oldest replaceable message first; a command or an ack only when nothing else is left.
        let victim = 0;
        for (let i = 0; i < queue.length; i++) if (queue[i].key !== null) { victim = i; break; }
        queue.splice(victim, 1);
        count(stats.dropped, 'queueFull');
      }
      queue.push({ message, key, bytes });
      if (!waiting) flush();
      return true;
    },
  };
}
