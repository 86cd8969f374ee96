// Scripted things a real Zepp OS watch does to an app during a session, for `bfr-coach
// simulate --events` and the tests: `name@TIME[:DURATION]`, comma-separated, any order, any
// count, e.g. `wake-relaunch@90s,back-key@150s,ble-drop@200s:20s,palm-cover@300s`.
// Times count from the moment the session page opened; units ms, s or m.
import type { Clock } from '../clock';
import type { BleLink } from './bleLink';
import { KEY, KEY_EVENT } from './deviceModules';
import type { ScreenOffCause, SimWatch } from './watchRuntime';

interface EventKind {
  /** What the event does, for --help and the error messages. */
  what: string;
  /** A screen-off path (PLATFORMS.md, last section), or null. */
  screenOff: ScreenOffCause | null;
  key: number | null;
  /** Default length (screen off, link down); null: the event takes no duration. */
  defaultMs: number | null;
}

// A screen-off lasts 15 s by default: longer than the 10 s after which the system exits the app,
// so waking the watch relaunches it.
const OFF_MS = 15000;

export const DEVICE_EVENTS: Record<string, EventKind> = {
  'wake-relaunch': { what: 'the screen goes off (time-out or the screen button) and the trainee wakes the watch', screenOff: 'timeout', key: null, defaultMs: OFF_MS },
  'button-off': { what: 'the screen button turns the screen off; woken again later', screenOff: 'button', key: null, defaultMs: OFF_MS },
  'palm-cover': { what: 'a palm over the screen turns it off (unless the app paused that)', screenOff: 'palm', key: null, defaultMs: OFF_MS },
  'wrist-down': { what: 'the wrist drops (unless the app paused that)', screenOff: 'wrist', key: null, defaultMs: OFF_MS },
  notification: { what: 'a phone notification takes the screen, which then goes off', screenOff: 'notification', key: null, defaultMs: OFF_MS },
  'low-battery': { what: 'the low-battery warning takes the screen, which then goes off', screenOff: 'lowBattery', key: null, defaultMs: OFF_MS },
  'back-key': { what: 'the back key is pressed', screenOff: null, key: KEY.BACK, defaultMs: null },
  'home-key': { what: 'the home key is pressed', screenOff: null, key: KEY.HOME, defaultMs: null },
  'ble-drop': { what: 'the Bluetooth link to the phone drops, and comes back after the duration', screenOff: null, key: null, defaultMs: 20000 },
};

export const DEVICE_EVENT_NAMES = Object.keys(DEVICE_EVENTS);

export interface DeviceEvent {
  name: string;
  /** Ms after the session page opened. */
  atMs: number;
  /** Screen off or link down for this long; null for keys. */
  durationMs: number | null;
  /** As written, for reports. */
  spec: string;
}

export class DeviceEventError extends Error {}

const TIME = /^(\d{1,7}(?:\.\d{1,3})?)(ms|s|m)$/;
const MAX_MS = 24 * 3600 * 1000;

function parseTime(text: string, event: string, what: string): number {
  const m = TIME.exec(text);
  if (!m) throw new DeviceEventError('--events: "' + event + '": ' + what + ' "' + text + '" is not a time such as 90s, 1500ms or 2m');
  const ms = Math.round(Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60000));
  if (ms > MAX_MS) throw new DeviceEventError('--events: "' + event + '": ' + what + ' ' + text + ' is longer than a day');
  return ms;
}

/** Parses an --events spec; throws a DeviceEventError naming the unknown or malformed event. */
export function parseDeviceEvents(spec: string): DeviceEvent[] {
  const out: DeviceEvent[] = [];
  const parts = spec.split(',');
  for (const raw of parts) {
    const item = raw.trim();
    if (!item) throw new DeviceEventError('--events: empty event in "' + spec + '"');
    const m = /^([a-z][a-z-]*)@([^:@]+)(?::([^:@]+))?$/.exec(item);
    if (!m) throw new DeviceEventError('--events: "' + item + '" is not NAME@TIME or NAME@TIME:DURATION (e.g. ble-drop@200s:20s)');
    const [, name, at, length] = m;
    const kind = Object.prototype.hasOwnProperty.call(DEVICE_EVENTS, name) ? DEVICE_EVENTS[name] : null;
    if (!kind) throw new DeviceEventError('--events: unknown event "' + name + '" in "' + item + '" (events: ' + DEVICE_EVENT_NAMES.join(', ') + ')');
    const atMs = parseTime(at, item, 'time');
    let durationMs: number | null = kind.defaultMs;
    if (length !== undefined) {
      if (kind.defaultMs === null) throw new DeviceEventError('--events: "' + item + '": ' + name + ' takes no duration');
      durationMs = parseTime(length, item, 'duration');
      if (durationMs < 1) throw new DeviceEventError('--events: "' + item + '": the duration must be more than 0');
    }
    out.push({ name, atMs, durationMs, spec: item });
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

export interface EventTarget {
  watch: SimWatch;
  link: BleLink;
  clock: Clock;
}

/**
 * Does the event to the running system. Returns what happened, in a few words. Screen-off
 * and link-down events come back on their own (the wake, the reconnect) on the clock.
 */
export async function applyDeviceEvent(target: EventTarget, event: DeviceEvent): Promise<string> {
  const kind = DEVICE_EVENTS[event.name];
  const { watch, link, clock } = target;
  if (kind.screenOff) {
    const off = watch.screenOff(kind.screenOff, event.durationMs || OFF_MS);
    return off ? 'screen off for ' + Math.round((event.durationMs || OFF_MS) / 1000) + ' s' : 'screen stayed on';
  }
  if (kind.key !== null) {
    if (!watch.running || !watch.screenOn) return 'nothing (screen off)';
    const before = watch.currentUrl;
    const swallowed = await watch.pressKey(kind.key, KEY_EVENT.CLICK);
    return swallowed ? 'the page kept it' : 'the system acted: ' + (before || '-') + ' -> ' + (watch.running ? watch.currentUrl : 'app closed');
  }
  if (event.name === 'ble-drop') {
    if (!link.connected) return 'link already down';
    link.setConnected(false);
    clock.setTimer(() => link.setConnected(true), event.durationMs || 0, false);
    return 'link down for ' + Math.round((event.durationMs || 0) / 1000) + ' s';
  }
  return 'nothing';
}
