import fc from 'fast-check';
import { planRetention, type StoredSessionEntry } from '../../shared/store/retention';

const entry = (id: string, startedAtMs: number, synced: boolean, bytes = 100): StoredSessionEntry => ({ id, startedAtMs, synced, bytes });

describe('planRetention', () => {
  it('evicts the oldest synced sessions first', () => {
    const plan = planRetention(
      [entry('c', 3, true), entry('a', 1, true), entry('b', 2, false), entry('d', 4, true)],
      { maxSessions: 3, maxBytes: 1e6 },
      100,
    );
    expect(plan).toEqual({ evict: ['a', 'c'], overLimit: false });
  });

  it('never evicts an unsynced session, and says when the limit cannot be met', () => {
    const plan = planRetention([entry('a', 1, false), entry('b', 2, false)], { maxSessions: 2, maxBytes: 1e6 }, 100);
    expect(plan).toEqual({ evict: [], overLimit: true });
  });

  it('honours the byte cap', () => {
    const plan = planRetention([entry('a', 1, true, 600), entry('b', 2, true, 300)], { maxSessions: 10, maxBytes: 1000 }, 200);
    expect(plan.evict).toEqual(['a']);
  });

  it('property: unsynced ids are never evicted and the result fits whenever synced ones suffice', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ startedAtMs: fc.nat(1e6), synced: fc.boolean(), bytes: fc.integer({ min: 1, max: 1000 }) }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 100, max: 20000 }),
        fc.integer({ min: 0, max: 1000 }),
        (raw, maxSessions, maxBytes, incoming) => {
          const entries = raw.map((r, i) => ({ ...r, id: 's' + i }));
          const plan = planRetention(entries, { maxSessions, maxBytes }, incoming);
          const byId = new Map(entries.map((e) => [e.id, e]));
          for (const id of plan.evict) expect(byId.get(id)!.synced).toBe(true);
          const kept = entries.filter((e) => !plan.evict.includes(e.id));
          const count = kept.length + (incoming > 0 ? 1 : 0);
          const bytes = kept.reduce((n, e) => n + e.bytes, incoming);
          expect(plan.overLimit).toBe(count > maxSessions || bytes > maxBytes);
          if (plan.overLimit) expect(kept.every((e) => !e.synced)).toBe(true);
        },
      ),
    );
  });
});
