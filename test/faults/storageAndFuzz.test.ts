// Storage faults (watch flash nearly full, phone settings storage full, a corrupted stored
// record) and fuzzing of the message boundaries: nothing unparsed gets past a parser, nothing
// throws, garbage is never stored.
import * as fc from 'fast-check';
import { SessionStore } from '../../watch/lib/sessionStore';
import { memoryStore } from '../../sim/zepp/deviceModules';
import { watchStoreOf } from '../../sim/soak/run';
import { parseMessage } from '../../shared/protocol/messages';
import { parseSessionPush } from '../../shared/protocol/sessionSync';
import { parseCuffCommandRequest } from '../../shared/protocol/cuffCommand';
import { parseSessionRecord } from '../../shared/protocol/sessionRecord';
import { createSessionInbox } from '../../companion/sessionInbox';
import { settingsStoreFrom } from '../../companion/settingsStore';
import { SettingsStorage } from '../../sim/zepp/sideRuntime';
import { makeRecord } from '../companion/fixtures';

describe('storage faults', () => {
  it('a corrupted stored record on the watch is skipped with a logged reason; the rest survive', () => {
    const storage = memoryStore();
    const store = watchStoreOf(storage);
    const a = makeRecord({ id: 's-a', startedAtMs: 1767603600000 });
    const b = makeRecord({ id: 's-b', startedAtMs: 1767603700000 });
    const c = makeRecord({ id: 's-c', startedAtMs: 1767603800000 });
    for (const r of [a, b, c]) expect(store.putRecord(r)).toEqual({ ok: true });
    storage.set('bfr.session.s-b', JSON.stringify('{"v":1,"id":"s-b","sets":[{"broken'));
    const unsynced = store.unsynced().map((r) => r.id);
    expect(unsynced).toEqual(['s-a', 's-c']);
    expect(store.problems.some((p) => p.key === 'bfr.session.s-b' && /JSON/.test(p.error))).toBe(true);
    // A schema-valid JSON that breaks the record schema is skipped too, naming the field.
    storage.set('bfr.session.s-c', JSON.stringify(JSON.stringify({ ...c, sets: [{ ...c.sets[0], counted: -5 }] })));
    expect(store.unsynced().map((r) => r.id)).toEqual(['s-a']);
    expect(store.problems.some((p) => p.key === 'bfr.session.s-c' && /sets\.0\.counted/.test(p.error))).toBe(true);
  });

  it('watch flash nearly full: the write is refused with "watch storage full", nothing earlier is lost', () => {
    const record = makeRecord({ id: 's-big', startedAtMs: 1767603600000 });
    const first = makeRecord({ id: 's-first', startedAtMs: 1767603500000 });
    const storage = memoryStore(300 * 1024);
    const store = new SessionStore(
      { getItem: (k) => { const v = storage.get(k); return v === undefined ? undefined : JSON.parse(v); }, setItem: (k, v) => storage.set(k, JSON.stringify(v)), removeItem: (k) => storage.remove(k) },
      () => storage.freeBytes(),
    );
    expect(store.putRecord(first)).toEqual({ ok: true });
    storage.set('filler', 'x'.repeat(storage.freeBytes() - 2000));
    expect(store.putRecord(record)).toEqual({ ok: false, error: 'watch storage full' });
    expect(store.unsynced().map((r) => r.id)).toEqual(['s-first']);
  });

  it('phone settings storage full: the ack says stored: false, so the watch keeps its copy', () => {
    const settings = new SettingsStorage(4000);
    const inbox = createSessionInbox(settingsStoreFrom(settings));
    const record = makeRecord({ id: 's-full', startedAtMs: 1767603600000 });
    const ack = inbox.receive({ v: 1, kind: 'sessionPush', record });
    expect(ack.stored).toBe(false);
    expect(ack.error).toMatch(/full/);
    expect(inbox.stats().rejections.storageFull).toBe(1);
    expect(inbox.list()).toEqual([]);
  });
});

describe('fuzzing the boundaries (fast-check)', () => {
  const anything = fc.oneof(fc.anything(), fc.jsonValue(), fc.string().map((s) => { try { return JSON.parse(s); } catch { return s; } }));

  it('parseMessage never throws, and whatever it accepts has a known kind and v 1', () => {
    fc.assert(fc.property(anything, (x) => {
      const r = parseMessage(x);
      if (r.ok) expect((r.value as { v: number }).v).toBe(1);
      else expect(typeof r.error).toBe('string');
    }), { numRuns: 2000 });
  });

  it('cuff commands: nothing but a well-formed command passes', () => {
    fc.assert(fc.property(anything, (x) => {
      const r = parseCuffCommandRequest(x);
      if (r.ok) expect(['inflate', 'deflate', 'deflateAll', 'measureLop']).toContain(r.value.command.type);
    }), { numRuns: 2000 });
  });

  it('a valid record mutated at random is either still valid or rejected naming a field; the inbox stores only valid ones', () => {
    const base = makeRecord({ id: 's-fuzz', startedAtMs: 1767603600000 });
    const text = JSON.stringify(base);
    fc.assert(fc.property(fc.integer({ min: 0, max: text.length - 1 }), fc.string({ minLength: 0, maxLength: 4 }), (at, insert) => {
      const mutated = text.slice(0, at) + insert + text.slice(at + 1);
      let json: unknown;
      try { json = JSON.parse(mutated); } catch { return; }
      const settings = new SettingsStorage();
      const inbox = createSessionInbox(settingsStoreFrom(settings));
      const ack = inbox.receive({ v: 1, kind: 'sessionPush', record: json });
      const valid = parseSessionRecord(json).ok && parseSessionPush({ v: 1, kind: 'sessionPush', record: json }).ok;
      expect(ack.stored).toBe(valid);
      if (!valid) expect(inbox.list()).toEqual([]);
      for (const e of inbox.list()) expect(parseSessionRecord(JSON.parse(settings.getItem('session:' + e.id) as string)).ok).toBe(true);
    }), { numRuns: 300 });
  });
});
