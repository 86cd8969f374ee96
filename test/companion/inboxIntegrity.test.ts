// The inbox never acknowledges what it did not store: conflicting records under a stored id,
// ids that are also Object.prototype names, storage damaged to throw stringify, and records
// that contradict themselves.
import { createSessionInbox, SESSION_INDEX_KEY, sessionKey } from '../../companion/sessionInbox';
import { MemorySettingsStore } from '../../companion/settingsStore';
import { settingsViewModel } from '../../companion/settingsView';
import { parseCheckedSessionRecord, type SessionRecord } from '../../shared/protocol/sessionRecord';
import { clone, makeRecord, push, T0 } from './fixtures';

const DAY = 86400000;

function setup(store = new MemorySettingsStore()) {
  const lines: string[] = [];
  const inbox = createSessionInbox(store, { now: () => T0 + DAY, log: (l) => lines.push(l) });
  return { store, inbox, lines };
}

/** Every ack with stored: true must leave that exact content readable in the inbox. */
function expectHeld(inbox: ReturnType<typeof createSessionInbox>, record: SessionRecord): void {
  const held = inbox.list().map((e) => inbox.get(e.id)).filter((r): r is SessionRecord => !!r).map((r) => ({ ...r, id: record.id }));
  expect(held).toContainEqual(record);
}

describe('a conflicting record under a stored id', () => {
  test('another session pushed with an existing id is kept beside it, acked, and logged', () => {
    const { inbox, lines } = setup();
    const first = makeRecord({ kind: 'walk', id: 'dup-id' });
    const other = makeRecord({ kind: 'resistance', id: 'dup-id', startedAtMs: T0 + 3600000 });
    expect(inbox.receive(push(first)).stored).toBe(true);
    const ack = inbox.receive(push(other));
    expect(ack).toEqual({ v: 1, kind: 'sessionAck', id: 'dup-id', stored: true });
    expect(inbox.get('dup-id')).toEqual(first);
    expect(inbox.get('dup-id.c1')).toEqual({ ...other, id: 'dup-id.c1' });
    expect(inbox.list().find((e) => e.id === 'dup-id.c1')).toMatchObject({ conflictOf: 'dup-id', uploaded: false });
    expectHeld(inbox, first);
    expectHeld(inbox, other);
    expect(lines.join('\n')).toMatch(/session dup-id: another session .* kept beside it as dup-id\.c1/);
    expect(inbox.stats()).toMatchObject({ conflicts: 1, sessions: 2 });
    // The same conflicting push again is a duplicate of the copy, not a third session.
    expect(inbox.receive(push(clone(other))).stored).toBe(true);
    expect(inbox.count()).toBe(2);
    // ... and a third, different one gets its own copy.
    const third = makeRecord({ kind: 'cycle', id: 'dup-id', startedAtMs: T0 + 7200000 });
    expect(inbox.receive(push(third)).stored).toBe(true);
    expect(inbox.get('dup-id.c2')).toEqual({ ...third, id: 'dup-id.c2' });
  });

  test('after a push with a far-future end, the real update with the effort rating is still stored', () => {
    const { inbox } = setup();
    const real = makeRecord({ id: 'future', rpe: null });
    const bogus: SessionRecord = { ...clone(real), endedAtMs: real.endedAtMs! + 100 * 365 * DAY };
    expect(parseCheckedSessionRecord(bogus).ok).toBe(true); // nothing inside it contradicts itself
    expect(inbox.receive(push(bogus)).stored).toBe(true);
    const withRpe = { ...clone(real), rpe: 7 };
    const ack = inbox.receive(push(withRpe));
    expect(ack.stored).toBe(true);
    expectHeld(inbox, withRpe);
    expect(inbox.list().map((e) => inbox.get(e.id)!.rpe)).toContain(7);
  });

  test('an in-progress state arriving after the finished record is not acked as stored (superseded)', () => {
    const { inbox, lines } = setup();
    const partial = makeRecord({ kind: 'resistance', id: 'sup', phasesDone: 3 });
    const done = makeRecord({ kind: 'resistance', id: 'sup' });
    inbox.receive(push(done));
    const ack = inbox.receive(push(partial));
    expect(ack).toMatchObject({ id: 'sup', stored: false, error: 'superseded: the completed session is stored' });
    expect(inbox.get('sup')).toEqual(done);
    expect(inbox.count()).toBe(1);
    expect(lines.join('\n')).toMatch(/in-progress push superseded/);
  });

  test('at most 20 conflict copies per id; past that the push is refused (stored: false), never dropped with an ack', () => {
    const { inbox } = setup();
    // Small records (no pressure samples): this test is about the count.
    inbox.receive(push(makeRecord({ kind: 'wraps', id: 'many' })));
    for (let i = 1; i <= 20; i++) expect(inbox.receive(push(makeRecord({ kind: 'wraps', id: 'many', startedAtMs: T0 + i * 60000 }))).stored).toBe(true);
    const ack = inbox.receive(push(makeRecord({ kind: 'wraps', id: 'many', startedAtMs: T0 + 21 * 60000 })));
    expect(ack.stored).toBe(false);
    expect(ack.error).toMatch(/20 copies already kept/);
    expect(inbox.stats().rejections.tooManyConflicts).toBe(1);
  });
});

describe('ids that are Object.prototype names', () => {
  test.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('%s is stored, acked, and still there after a restart', (id) => {
    const store = new MemorySettingsStore();
    const { inbox } = setup(store);
    const record = makeRecord({ id });
    expect(inbox.receive(push(clone(record))).stored).toBe(true);
    expect(inbox.get(id)).toEqual(record);
    const again = setup(store).inbox; // the side service restarted
    expect(again.list().map((e) => e.id)).toEqual([id]);
    expect(again.get(id)).toEqual(record);
    expect(store.getItem(sessionKey(id))).not.toBeNull();
  });
});

describe('storage damaged to break stringify', () => {
  const deep = '[' + '['.repeat(20000) + '1' + ']'.repeat(20000) + ']';

  test('an index entry nested 20,000 deep: list(), receive() and the settings page carry on', () => {
    const store = new MemorySettingsStore();
    const { inbox } = setup(store);
    inbox.receive(push(makeRecord({ id: 'kept' })));
    const index = JSON.parse(store.getItem(SESSION_INDEX_KEY)!);
    store.setItem(SESSION_INDEX_KEY, JSON.stringify(index).slice(0, -1) + ',' + deep.slice(1));
    const { inbox: fresh, lines } = setup(store);
    expect(() => fresh.list()).not.toThrow();
    expect(fresh.list().map((e) => e.id)).toEqual(['kept']);
    expect(lines.join('\n')).toMatch(/index entry skipped: \[an array too deep or too big to show\]/);
    expect(fresh.receive(push(makeRecord({ id: 'new', startedAtMs: T0 + DAY }))).stored).toBe(true);
    expect(() => settingsViewModel(store, () => T0)).not.toThrow();
    expect(settingsViewModel(store, () => T0).sessions.map((s) => s.id)).toEqual(['new', 'kept']);
  });

  test('a record key holding 20,000-deep JSON is skipped with a reason', () => {
    const store = new MemorySettingsStore();
    store.setItem(sessionKey('deep'), deep);
    const { inbox, lines } = setup(store);
    expect(inbox.list()).toEqual([]);
    expect(lines.join('\n')).toMatch(/unindexed key session:deep skipped/);
  });
});

describe('records that contradict themselves are refused, naming the field', () => {
  const base = () => clone(makeRecord({ kind: 'walk', id: 'x-1' }));
  const cases: Array<[string, (r: SessionRecord) => void, RegExp]> = [
    ['end before the start', (r) => { r.endedAtMs = r.startedAtMs - 1000; }, /record\.endedAtMs: before startedAtMs/],
    ['completed with no end', (r) => { r.endedAtMs = null; }, /record\.endedAtMs: a completed session needs an end time/],
    ['in progress with an end', (r) => { r.status = 'inProgress'; }, /record\.endedAtMs: a session in progress has no end time/],
    ['stopped with reason "completed"', (r) => { r.status = 'stopped'; }, /record\.endReason: "completed" does not match status "stopped"/],
    ['phases out of order', (r) => { const p = r.phases; [p[1], p[2]] = [p[2], p[1]]; }, /record\.phases\.\d\.(plannedStartMs|actualStartMs)/],
    ['a phase after the end', (r) => { r.phases[8].actualEndMs = r.endedAtMs! + 60000; }, /record\.phases\.8\.actualEndMs: after the session ended/],
    ['a phase before the start', (r) => { r.phases[0].actualStartMs = r.startedAtMs - 5000; }, /record\.phases\.0\.actualStartMs: before the session started/],
    ['a phase ending before it starts', (r) => { r.phases[2].actualEndMs = r.phases[2].actualStartMs! - 1; }, /record\.phases\.2\.actualEndMs: before actualStartMs/],
    ['a later phase started, an earlier one never did', (r) => { r.phases[3].actualStartMs = null; r.phases[3].actualEndMs = null; }, /record\.phases\.4\.actualStartMs: started although phase 3/],
    ['set numbers twice', (r) => { r.sets[1].setIndex = 0; }, /record\.sets\.1\.setIndex: set 0 appears twice/],
    ['in-band above pressure time', (r) => { r.sets[0].inBandMs = r.sets[0].pressureMs + 1; }, /record\.sets\.0\.inBandMs: more than pressureMs/],
    ['a count no one could make in the time', (r) => { r.sets[0].counted = 5000; }, /record\.sets\.0\.counted: more than \d+ in 120 s of work/],
    ['pressure time far above the work time', (r) => { r.sets[0].pressureMs = 86400000; r.sets[0].inBandMs = 0; }, /record\.sets\.0\.pressureMs: more than/],
  ];
  test.each(cases)('%s', (_what, mutate, message) => {
    const { inbox } = setup();
    const r = base();
    mutate(r);
    const ack = inbox.receive(push(r));
    expect(ack.stored).toBe(false);
    expect(ack.error).toMatch(message);
    expect(inbox.count()).toBe(0);
  });

  test('a record stored before these rules existed still loads (the rules apply to pushes)', () => {
    const store = new MemorySettingsStore();
    const old = base();
    old.sets[0].inBandMs = old.sets[0].pressureMs * 3; // what an older watch could write
    store.setItem(sessionKey(old.id), JSON.stringify(old));
    const { inbox } = setup(store);
    expect(inbox.get(old.id)).toEqual(old);
    expect(inbox.list().map((e) => e.id)).toEqual([old.id]);
  });
});
