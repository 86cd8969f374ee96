import { parseSessionAck } from '../../shared/protocol/sessionSync';
import { createSessionInbox, SESSION_INDEX_KEY, sessionKey } from '../../companion/sessionInbox';
import { MemorySettingsStore, settingsStoreFrom } from '../../companion/settingsStore';
import { clone, makeRecord, push, T0 } from './fixtures';

const MIN = 60000;
const DAY = 24 * 60 * MIN;

function setup(options: { capacityBytes?: number; maxSessions?: number } = {}) {
  const store = new MemorySettingsStore(options.capacityBytes);
  const lines: string[] = [];
  const inbox = createSessionInbox(store, { maxSessions: options.maxSessions, now: () => T0 + DAY, log: (l) => lines.push(l) });
  return { store, inbox, lines };
}

function storedIndex(store: MemorySettingsStore): Array<{ id: string; uploaded: boolean }> {
  return JSON.parse(store.getItem(SESSION_INDEX_KEY) as string);
}

describe('session inbox: storing and acknowledging', () => {
  test('stores a pushed session under its own key, indexes it, then acks stored: true', () => {
    const { store, inbox } = setup();
    const record = makeRecord({ kind: 'walk', id: 'walk-1' });
    const ack = inbox.receive(clone(push(record)));
    expect(ack).toEqual({ v: 1, kind: 'sessionAck', id: 'walk-1', stored: true });
    expect(parseSessionAck(ack).ok).toBe(true);
    expect(JSON.parse(store.getItem(sessionKey('walk-1')) as string)).toEqual(record);
    expect(storedIndex(store)).toEqual([expect.objectContaining({ id: 'walk-1', startedAtMs: record.startedAtMs, programId: 'walk-intervals', uploaded: false })]);
    expect(inbox.get('walk-1')).toEqual(record);
    expect(inbox.list().map((e) => e.id)).toEqual(['walk-1']);
    expect(inbox.stats()).toMatchObject({ sessions: 1, unsynced: 1, received: 1, stored: 1 });
  });

  test('acks only after storing: a failing record write gives stored: false and leaves nothing behind', () => {
    const { store, inbox } = setup();
    const record = makeRecord({ id: 'walk-2' });
    store.failNextWrites = 1;
    const ack = inbox.receive(push(record));
    expect(ack.stored).toBe(false);
    expect(ack.error).toMatch(/phone storage write failed/);
    expect(parseSessionAck(ack).ok).toBe(true);
    expect(store.getItem(sessionKey('walk-2'))).toBeNull();
    expect(inbox.count()).toBe(0);
    expect(inbox.stats().rejections.storageError).toBe(1);
    // The watch kept it and pushes again: now it is stored.
    expect(inbox.receive(push(record)).stored).toBe(true);
    expect(inbox.get('walk-2')).toEqual(record);
  });

  test('a failing index write (after the record write) also gives stored: false, and the record is rolled back', () => {
    const { store, inbox } = setup();
    const record = makeRecord({ id: 'walk-3' });
    const realSet = store.setItem.bind(store);
    store.setItem = (key, value) => {
      if (key === SESSION_INDEX_KEY) throw new Error('disk I/O error');
      realSet(key, value);
    };
    const ack = inbox.receive(push(record));
    expect(ack.stored).toBe(false);
    expect(store.getItem(sessionKey('walk-3'))).toBeNull();
    expect(inbox.count()).toBe(0);
  });

  test('fault test: the same session pushed twice is stored once', () => {
    const { store, inbox } = setup();
    const record = makeRecord({ id: 'twice' });
    expect(inbox.receive(clone(push(record))).stored).toBe(true);
    const writes = store.writes;
    const second = inbox.receive(clone(push(record)));
    expect(second).toEqual({ v: 1, kind: 'sessionAck', id: 'twice', stored: true });
    expect(store.writes).toBe(writes); // nothing rewritten
    expect(inbox.count()).toBe(1);
    expect(storedIndex(store)).toHaveLength(1);
    expect(inbox.stats()).toMatchObject({ stored: 1, duplicates: 1 });
  });

  test('duplicates are recognised across a side-service restart', () => {
    const { store, inbox } = setup();
    const record = makeRecord({ id: 'restart' });
    inbox.receive(push(record));
    const again = createSessionInbox(store);
    const writes = store.writes;
    expect(again.receive(push(record)).stored).toBe(true);
    expect(store.writes).toBe(writes);
    expect(again.stats().duplicates).toBe(1);
  });
});

describe('session inbox: newer states of the same session', () => {
  test('an in-progress record is replaced by the completed one; a late in-progress push does not undo it', () => {
    const { inbox } = setup();
    const partial = makeRecord({ kind: 'resistance', id: 'res-1', phasesDone: 3 });
    const later = makeRecord({ kind: 'resistance', id: 'res-1', phasesDone: 5 });
    const done = makeRecord({ kind: 'resistance', id: 'res-1' });
    expect(partial.status).toBe('inProgress');

    expect(inbox.receive(push(partial)).stored).toBe(true);
    expect(inbox.receive(push(later)).stored).toBe(true);
    expect(inbox.get('res-1')).toEqual(later);
    expect(inbox.receive(push(done)).stored).toBe(true);
    expect(inbox.get('res-1')).toEqual(done);
    expect(inbox.list()[0]).toMatchObject({ status: 'completed', rev: 2 });

    // The earlier push arrives late (a retry): superseded by the finished record, not written,
    // and not acked as stored (the ack never claims what is not in storage).
    const late = inbox.receive(push(partial));
    expect(late).toMatchObject({ id: 'res-1', stored: false });
    expect(late.error).toMatch(/superseded/);
    expect(inbox.get('res-1')).toEqual(done);
    expect(inbox.stats()).toMatchObject({ stored: 1, replaced: 2, stale: 1, sessions: 1 });
  });

  test('an RPE given after the end replaces the record without it', () => {
    const { inbox } = setup();
    inbox.receive(push(makeRecord({ id: 'rpe', rpe: null })));
    inbox.receive(push(makeRecord({ id: 'rpe', rpe: 8 })));
    expect(inbox.get('rpe')?.rpe).toBe(8);
  });

  test('a replaced session is unsynced again, and an upload of the old revision does not mark the new one', () => {
    const { store, inbox } = setup();
    inbox.receive(push(makeRecord({ id: 'up', phasesDone: 2 })));
    const rev0 = inbox.list()[0].rev;
    expect(inbox.markUploaded('up', rev0)).toBe(true);
    expect(inbox.list()[0].uploaded).toBe(true);
    inbox.receive(push(makeRecord({ id: 'up' })));
    expect(inbox.list()[0]).toMatchObject({ uploaded: false, status: 'completed', rev: rev0 + 1 });
    expect(storedIndex(store)[0].uploaded).toBe(false);
    expect(inbox.markUploaded('up', rev0)).toBe(false);
    expect(inbox.list()[0].uploaded).toBe(false);
    expect(inbox.markUploaded('up', rev0 + 1)).toBe(true);
  });
});

describe('session inbox: room', () => {
  test('when more than maxSessions, the oldest synced sessions go and unsynced ones stay', () => {
    const { store, inbox } = setup({ maxSessions: 3 });
    const ids = ['d1', 'd2', 'd3'];
    ids.forEach((id, i) => inbox.receive(push(makeRecord({ id, startedAtMs: T0 + i * DAY }))));
    inbox.markUploaded('d2');
    inbox.markExported('d3');
    // d1 is the oldest but unsynced: d2 goes.
    expect(inbox.receive(push(makeRecord({ id: 'd4', startedAtMs: T0 + 3 * DAY }))).stored).toBe(true);
    expect(inbox.list().map((e) => e.id).sort()).toEqual(['d1', 'd3', 'd4']);
    expect(store.getItem(sessionKey('d2'))).toBeNull();
    expect(inbox.receive(push(makeRecord({ id: 'd5', startedAtMs: T0 + 4 * DAY }))).stored).toBe(true);
    expect(inbox.list().map((e) => e.id).sort()).toEqual(['d1', 'd4', 'd5']);
    // All unsynced now: the next one is refused, and the watch keeps it.
    const refused = inbox.receive(push(makeRecord({ id: 'd6', startedAtMs: T0 + 5 * DAY })));
    expect(refused).toMatchObject({ id: 'd6', stored: false, error: 'phone storage full' });
    expect(inbox.list().map((e) => e.id).sort()).toEqual(['d1', 'd4', 'd5']);
    expect(inbox.stats()).toMatchObject({ evicted: 2, rejections: expect.objectContaining({ storageFull: 1 }) });
  });

  test('when the store itself is full, synced sessions are evicted to make room; never unsynced ones', () => {
    const one = JSON.stringify(makeRecord({ id: 'size-probe' })).length;
    const { store, inbox } = setup({ capacityBytes: Math.floor(one * 2.6) });
    expect(inbox.receive(push(makeRecord({ id: 'f1', startedAtMs: T0 }))).stored).toBe(true);
    expect(inbox.receive(push(makeRecord({ id: 'f2', startedAtMs: T0 + DAY }))).stored).toBe(true);
    const full = inbox.receive(push(makeRecord({ id: 'f3', startedAtMs: T0 + 2 * DAY })));
    expect(full).toMatchObject({ stored: false, error: 'phone storage full' });
    expect(inbox.get('f1')).not.toBeNull();
    expect(inbox.get('f2')).not.toBeNull();

    inbox.markUploaded('f1');
    expect(inbox.receive(push(makeRecord({ id: 'f3', startedAtMs: T0 + 2 * DAY }))).stored).toBe(true);
    expect(inbox.list().map((e) => e.id).sort()).toEqual(['f2', 'f3']);
    expect(store.usedBytes()).toBeLessThanOrEqual(store.capacityBytes);
  });
});

describe('session inbox: surviving bad storage', () => {
  test('a corrupted stored record is skipped with a logged reason; the rest survive', () => {
    const { store, inbox } = setup();
    for (const id of ['c1', 'c2', 'c3']) inbox.receive(push(makeRecord({ id })));
    store.setItem(sessionKey('c2'), '{"v":1,"id":"c2","sets":[{"tru');
    const broken = JSON.parse(store.getItem(sessionKey('c3')) as string);
    broken.sets[0].counted = -5;
    store.setItem(sessionKey('c3'), JSON.stringify(broken));

    const lines: string[] = [];
    const reloaded = createSessionInbox(store, { log: (l) => lines.push(l) });
    expect(reloaded.list().map((e) => e.id)).toEqual(['c1']);
    expect(reloaded.get('c1')).toEqual(inbox.get('c1'));
    expect(reloaded.stats().skippedOnLoad).toBe(2);
    expect(lines.join('\n')).toMatch(/c2 skipped: record is not JSON/);
    expect(lines.join('\n')).toMatch(/c3 skipped: record corrupt: session record rejected: sets\.0\.counted/);
    // A fresh push of a skipped session is stored again.
    expect(reloaded.receive(push(makeRecord({ id: 'c2' }))).stored).toBe(true);
    expect(reloaded.list().map((e) => e.id).sort()).toEqual(['c1', 'c2']);
  });

  test('damage that keeps the length is caught when the record is read, and the session is forgotten', () => {
    const { store, inbox } = setup();
    for (const id of ['s1', 's2']) inbox.receive(push(makeRecord({ id })));
    const raw = store.getItem(sessionKey('s2')) as string;
    store.setItem(sessionKey('s2'), raw.replace('"status":"completed"', '"status":"complete!"'));
    expect((store.getItem(sessionKey('s2')) as string).length).toBe(raw.length);
    const lines: string[] = [];
    const reloaded = createSessionInbox(store, { log: (l) => lines.push(l) });
    expect(reloaded.count()).toBe(2); // load trusts a record of the indexed length
    expect(reloaded.get('s2')).toBeNull();
    expect(lines.join('\n')).toMatch(/s2 skipped: record corrupt: session record rejected: status/);
    expect(reloaded.list().map((e) => e.id)).toEqual(['s1']);
    expect(reloaded.get('s1')).not.toBeNull();
  });

  test('a corrupt index is rebuilt from the session keys; bad index entries are dropped', () => {
    const { store, inbox } = setup();
    for (const id of ['i1', 'i2']) inbox.receive(push(makeRecord({ id })));
    store.setItem(SESSION_INDEX_KEY, 'not json at all');
    const reloaded = createSessionInbox(store);
    expect(reloaded.list().map((e) => e.id).sort()).toEqual(['i1', 'i2']);
    expect(reloaded.list().every((e) => !e.uploaded && !e.exported)).toBe(true);

    store.setItem(SESSION_INDEX_KEY, JSON.stringify([{ id: 'i1', nonsense: true }, 42]));
    const again = createSessionInbox(store);
    expect(again.list().map((e) => e.id).sort()).toEqual(['i1', 'i2']);
  });

  test('a record written just before a crash (index not yet updated) is re-indexed on load as unsynced', () => {
    const { store, inbox } = setup();
    inbox.receive(push(makeRecord({ id: 'before' })));
    inbox.markUploaded('before');
    store.setItem(sessionKey('orphan'), JSON.stringify(makeRecord({ id: 'orphan' })));
    const reloaded = createSessionInbox(store);
    expect(reloaded.list().map((e) => [e.id, e.uploaded]).sort()).toEqual([['before', true], ['orphan', false]]);
    expect(reloaded.stats().reindexed).toBe(1);
    expect(storedIndex(store).map((e) => e.id).sort()).toEqual(['before', 'orphan']);
  });

  test('without key listing, the re-push of an unindexed record stores and indexes it', () => {
    const memory = new MemorySettingsStore();
    const store = { getItem: memory.getItem.bind(memory), setItem: memory.setItem.bind(memory), removeItem: memory.removeItem.bind(memory) };
    const record = makeRecord({ id: 'lost-ack' });
    memory.setItem(sessionKey('lost-ack'), JSON.stringify(record));
    const inbox = createSessionInbox(store);
    expect(inbox.count()).toBe(0);
    expect(inbox.receive(push(record)).stored).toBe(true);
    expect(inbox.list().map((e) => e.id)).toEqual(['lost-ack']);
  });
});

describe('session inbox: bad pushes', () => {
  test('are rejected with the field named, and counted by reason', () => {
    const { inbox, store } = setup();
    const bad = clone(push(makeRecord({ id: 'bad-1' }))) as { record: { sets: Array<{ counted: number }> } };
    bad.record.sets[2].counted = -1;
    const ack = inbox.receive(bad);
    expect(ack).toMatchObject({ id: 'bad-1', stored: false });
    expect(ack.error).toMatch(/record\.sets\.2\.counted/);
    expect(parseSessionAck(ack).ok).toBe(true);

    const wrongKind = inbox.receive({ v: 1, kind: 'sessionPull', record: makeRecord({ id: 'bad-2' }) });
    expect(wrongKind).toMatchObject({ id: 'bad-2', stored: false });
    expect(wrongKind.error).toMatch(/kind/);

    const garbage = inbox.receive('hello');
    expect(garbage).toMatchObject({ id: 'unknown', stored: false });
    const noId = inbox.receive({ v: 1, kind: 'sessionPush', record: { id: 'has spaces' } });
    expect(noId.id).toBe('unknown');
    expect(noId.error!.length).toBeLessThanOrEqual(200);
    expect(parseSessionAck(noId).ok).toBe(true);

    expect(inbox.stats().rejections).toEqual({ invalidMessage: 2, invalidRecord: 2, storageFull: 0, storageError: 0, superseded: 0, tooManyConflicts: 0 });
    expect(inbox.stats().received).toBe(4);
    expect(inbox.count()).toBe(0);
    expect(store.keys()).toEqual([]);
    expect(inbox.problems().length).toBe(4);
  });
});

describe('session inbox: housekeeping', () => {
  test('list is newest first; remove deletes record and entry; unknown ids are refused', () => {
    const { store, inbox } = setup();
    inbox.receive(push(makeRecord({ id: 'old', startedAtMs: T0 })));
    inbox.receive(push(makeRecord({ id: 'new', startedAtMs: T0 + DAY })));
    expect(inbox.list().map((e) => e.id)).toEqual(['new', 'old']);
    expect(inbox.remove('old')).toBe(true);
    expect(store.getItem(sessionKey('old'))).toBeNull();
    expect(inbox.list().map((e) => e.id)).toEqual(['new']);
    expect(inbox.remove('old')).toBe(false);
    expect(inbox.markUploaded('nope')).toBe(false);
    expect(inbox.get('nope')).toBeNull();
  });

  test('settingsStoreFrom adapts settingsStorage, listing keys through key()/length or toObject()', () => {
    const data: Record<string, string> = {};
    const base = {
      getItem: (k: string) => (k in data ? data[k] : null),
      setItem: (k: string, v: string) => { data[k] = v; },
      removeItem: (k: string) => { delete data[k]; },
    };
    const withKey = settingsStoreFrom({ ...base, get length() { return Object.keys(data).length; }, key: (i: number) => Object.keys(data)[i] ?? null });
    const withObject = settingsStoreFrom({ ...base, toObject: () => ({ ...data }) });
    const plain = settingsStoreFrom(base);
    withKey.setItem('a', '1');
    withKey.setItem('b', '2');
    expect(withKey.keys!()).toEqual(['a', 'b']);
    expect(withObject.keys!()).toEqual(['a', 'b']);
    expect(plain.keys).toBeUndefined();
    expect(settingsStoreFrom({ ...base, getItem: () => 42 }).getItem('a')).toBeNull();
  });
});
