// The session store over a storage that keeps JSON itself (Fitbit's fs 'json' encoding): the
// same records, index and byte accounting as over strings, without a JSON string of a record in
// the JS heap (the byte count comes from jsonLength, which must equal JSON.stringify's length).
import fc from 'fast-check';
import { jsonLength, SessionStore, type KeyValue } from '../../shared/store/sessionStore';
import { makeRecord } from './records';

function stringKv(): KeyValue & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k),
    setItem: (k, v) => { data.set(k, String(v)); },
    removeItem: (k) => { data.delete(k); },
  };
}

/** What fitbit/app/store.ts gives the store: values in, values out, no strings in between. */
function jsonKv(): KeyValue & { data: Map<string, string>; stringified: number } {
  const kv = { ...stringKv(), stringified: 0 };
  return Object.assign(kv, {
    getJson: (k: string) => (kv.data.has(k) ? JSON.parse(kv.data.get(k) as string) : undefined),
    setJson: (k: string, v: unknown) => { kv.data.set(k, JSON.stringify(v)); },
    setItem: () => { kv.stringified++; },
  });
}

describe('SessionStore over JSON storage (Fitbit)', () => {
  it('jsonLength is the length of JSON.stringify for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => { expect(jsonLength(v)).toBe(JSON.stringify(v).length); }), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => { expect(jsonLength(s)).toBe(JSON.stringify(s).length); }), { numRuns: 2000 });
    const odd = { a: undefined, b: [undefined, () => 1, NaN, -0, 1e21, 'é\u2028"\\\n\u0001'], c: null };
    expect(jsonLength(odd)).toBe(JSON.stringify(odd).length);
    expect(jsonLength(makeRecord())).toBe(JSON.stringify(makeRecord()).length);
  });

  it('keeps the same records, index and sizes as over strings, and never stringifies', () => {
    const strings = stringKv();
    const json = jsonKv();
    const a = new SessionStore(strings, () => 1e9);
    const b = new SessionStore(json, () => 1e9);
    for (const id of ['f-1', 'f-2', 'f-3']) {
      const r = makeRecord(id);
      expect(a.putRecord(r)).toEqual({ ok: true });
      expect(b.putRecord(r)).toEqual({ ok: true });
    }
    a.markSynced('f-2');
    b.markSynced('f-2');
    b.saveActive({ big: makeRecord('f-4') });
    expect(b.index()).toEqual(a.index());
    expect(b.getRecord('f-3')).toEqual(a.getRecord('f-3'));
    expect(b.unsynced().map((r) => r.id)).toEqual(['f-1', 'f-3']);
    expect(b.loadActive()).toEqual({ big: makeRecord('f-4') });
    expect([...json.data.keys()].sort()).toEqual([...strings.data.keys(), 'bfr.active'].sort());
    expect(json.stringified).toBe(0);
    expect(b.problems).toEqual([]);
  });

  it('counts unreadable JSON as a problem and goes on', () => {
    const json = jsonKv();
    const store = new SessionStore(json, () => 1e9);
    store.putRecord(makeRecord('f-1'));
    json.data.set('bfr.session.f-1', '{not json');
    expect(store.getRecord('f-1')).toBeNull();
    expect(store.problems).toEqual([{ key: 'bfr.session.f-1', error: 'not JSON' }]);
    expect(store.index()).toHaveLength(1);
  });
});
