// Replies that arrive after ZML stopped waiting for them must not throw. On a BLE disconnect
// ZML clears every pending request (its handler map), and a reply that still arrives later
// (the phone answered just as the link came back) reaches `onResponse`, which reads
// `handlers.get(id).handler` of nothing and throws inside the BLE receive callback. Likewise
// a handshake answer meant for an earlier launch of the app finds no handshake waiting
// (`shakeTask` is null) and throws. The app wraps those two methods of ZML's transport: such a
// message is counted, logged and dropped; whoever asked has long stopped waiting (request.ts).
import { log } from '@zos/utils';

interface ZmlResponse { traceId?: number }
interface ZmlTransport {
  handlers?: { has(id: unknown): boolean };
  shakeTask?: unknown;
  readBin?: (data: ArrayBuffer) => { flag: number; type: number };
  onResponse?: (this: ZmlTransport, response: ZmlResponse) => void;
  onFragmentData?: (this: ZmlTransport, data: ArrayBuffer) => void;
  __lateReplyGuard?: boolean;
}

export const lateReplies = { dropped: 0, strayHandshakes: 0 };

const logger = log.getLogger('bfr-link');

/** Installs the guard on the app's ZML messaging (`globalData.messaging`); safe to call twice. */
export function guardLateReplies(messaging: unknown): boolean {
  const transport: ZmlTransport | undefined = messaging ? (messaging as { transport?: ZmlTransport }).transport : undefined;
  if (!transport || transport.__lateReplyGuard || typeof transport.onResponse !== 'function' || typeof transport.onFragmentData !== 'function') return false;
  if (!transport.handlers || typeof transport.readBin !== 'function') return false;
  transport.__lateReplyGuard = true;
  const onResponse = transport.onResponse as (this: ZmlTransport, response: ZmlResponse) => void;
  transport.onResponse = function (response: ZmlResponse) {
    if (!response || !this.handlers || !this.handlers.has(response.traceId)) {
      lateReplies.dropped++;
      logger.warn('late reply dropped (' + lateReplies.dropped + ')');
      return;
    }
    onResponse.call(this, response);
  };
  const onFragmentData = transport.onFragmentData as (this: ZmlTransport, data: ArrayBuffer) => void;
  transport.onFragmentData = function (data: ArrayBuffer) {
    if (!this.shakeTask && this.readBin) {
      const frame = this.readBin(data);
      if (frame.flag === 1 && frame.type === 1) {
        lateReplies.strayHandshakes++;
        logger.warn('handshake answer with none pending dropped');
        return;
      }
    }
    onFragmentData.call(this, data);
  };
  return true;
}
