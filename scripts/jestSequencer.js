// Jest runs the longest test files first, so that no worker is left alone with a long file at
// the end of the run while the other one idles. Jest knows how long a file took from its cache
// of the last run; on a fresh clone (CI) there is none and it falls back to file size, which
// puts the short files that run whole simulated sessions (deviceEvents.*) last. So a file with
// no time in the cache gets the one below (seconds, roughly, from the runs measured for issue
// 20), or none; a failed file still runs first, as with Jest's own order. A file missing here
// only runs in a worse place: nothing depends on the order.
'use strict';
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

const ROOT = path.resolve(__dirname, '..');
const KNOWN_SECONDS = {
  'test/watch/zab.test.ts': 35,
  'test/sim/simulate.test.ts': 30,
  'test/e2e/deviceEvents.walk.test.ts': 20,
  'test/faults/soak.test.ts': 12,
  'test/e2e/walkIntervals.test.ts': 10,
  'test/e2e/deviceEvents.resistance.test.ts': 8,
  'test/shared/session/properties.test.ts': 8,
  'test/fitbit/session.e2e.test.ts': 7,
  'test/companion/simulateExport.test.ts': 7,
  'test/faults/storageAndFuzz.test.ts': 5,
  'test/faults/controllerFaults.test.ts': 4,
};

class LongestFirst extends Sequencer {
  sort(tests) {
    const estimate = (test) => {
      const cached = this.time(test);
      if (cached != null) return cached;
      const rel = path.relative(ROOT, test.path).split(path.sep).join('/');
      return (KNOWN_SECONDS[rel] || 0) * 1000;
    };
    const keyed = tests.map((test) => ({ test, failed: this.hasFailed(test), ms: estimate(test), size: test.context.hasteFS.getSize(test.path) || 0 }));
    keyed.sort((a, b) => (a.failed !== b.failed ? (a.failed ? -1 : 1) : b.ms - a.ms || b.size - a.size));
    return keyed.map((k) => k.test);
  }
}

module.exports = LongestFirst;
