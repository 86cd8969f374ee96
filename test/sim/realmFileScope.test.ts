// The Zepp CLI gives every file its own scope object (`with (__$$G$$__)`, @zeppos/zpm
// lib/0.node.js): code app.js hands to the pages must keep seeing app.js's names, and each page
// its own, whichever file ran last (sim/zepp/realm.ts, fileScope).
import { VirtualClock } from '../../sim/clock';
import { createRealm } from '../../sim/zepp/realm';

describe('realm: names of a file scope', () => {
  it("each bundle reads its own __$$module$$__, not the last file's", () => {
    const errors: unknown[] = [];
    const realm = createRealm(new VirtualClock(), {}, (e) => errors.push(e));
    const read = 'module.exports.id = function () { return __$$module$$__.id; };';
    const app = realm.runBundle(read, 'app.js', () => undefined, { __$$module$$__: { id: 'app' } }) as { id: () => string };
    const home = realm.runBundle(read, 'page/home.js', () => undefined, { __$$module$$__: { id: 'page/home' } }) as { id: () => string };
    const session = realm.runBundle(read, 'page/session.js', () => undefined, { __$$module$$__: { id: 'page/session' } }) as { id: () => string };
    expect([app.id(), home.id(), session.id()]).toEqual(['app', 'page/home', 'page/session']);
    expect(realm.runBundle('module.exports.seen = typeof __$$module$$__;', 'other.js', () => undefined)).toEqual({ seen: 'undefined' });
    expect(errors).toEqual([]);
  });

  it('refuses a name that is not an identifier', () => {
    const realm = createRealm(new VirtualClock(), {}, () => undefined);
    expect(() => realm.runBundle('', 'x.js', () => undefined, { 'a) { evil(); } (function (b': 1 })).toThrow(/bad file-scope name/);
  });
});
