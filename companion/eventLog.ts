// Why the phone did something on its own (dead-man deflate, refused command, controller lost):
// a short log in settings storage, newest last, so the Settings App and support can read it.
import type { SettingsStore } from './settingsStore';

export const EVENT_LOG_KEY = 'events';
const MAX_EVENTS = 100;

export interface LoggedEvent { atMs: number; kind: string; message: string }

export class EventLog {
  private events: LoggedEvent[] = [];

  constructor(private readonly store: SettingsStore, private readonly now: () => number) {
    try {
      const raw = store.getItem(EVENT_LOG_KEY);
      const parsed = raw ? JSON.parse(raw) : [];
      if (Array.isArray(parsed)) {
        this.events = parsed.filter(
          (e) => e && typeof e.atMs === 'number' && typeof e.kind === 'string' && typeof e.message === 'string',
        ).slice(-MAX_EVENTS);
      }
    } catch (e) {
      this.events = [];
    }
  }

  add(kind: string, message: string): LoggedEvent {
    const event = { atMs: this.now(), kind, message: message.slice(0, 200) };
    this.events.push(event);
    if (this.events.length > MAX_EVENTS) this.events.shift();
    try {
      this.store.setItem(EVENT_LOG_KEY, JSON.stringify(this.events));
    } catch (e) {
      // A full store must not stop a safety action; the event stays in memory.
    }
    return event;
  }

  list(): LoggedEvent[] {
    return this.events.slice();
  }
}
