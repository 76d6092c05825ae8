// Jest's test order, longest first. Jest sorts by the durations it cached on earlier
// runs, and without them (a fresh clone, CI) by file size, which put the longest files
// (the fuzz, the roll simulation: small files that drive large helpers) last, so the
// run ended with one worker busy and the others idle. Files without a cached duration
// take the estimate below (seconds of one worker, measured on the 2-core machine), then
// their size. Plain JavaScript: jest loads the sequencer without transforming it.
'use strict';
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

const ESTIMATES = {
  'test/quality/fuzz.test.ts': 55,
  'test/kafka/roll/node-roll.test.ts': 30,
  'test/kafka/nodes/pre-stop-bounds.test.ts': 14,
  'test/quality/properties.test.ts': 12,
  'test/examples.test.ts': 9,
  'test/plan/plan.test.ts': 8,
  'test/kafka/nodes/node-scripts.test.ts': 8,
  'test/plan/operation-plans.test.ts': 6,
  'test/kafka/kafka-cluster.test.ts': 5,
  'test/kafka/security/cluster-security.test.ts': 5,
};

const ROOT = path.join(__dirname, '..', '..');

class LongestFirst extends Sequencer {
  sort(tests) {
    const key = test => {
      const cached = this.time(test);
      if (cached !== undefined && cached !== null) return cached / 1000;
      const estimate = ESTIMATES[path.relative(ROOT, test.path).split(path.sep).join('/')];
      return estimate !== undefined ? estimate : (test.context.hasteFS.getSize(test.path) || 0) / 1e5;
    };
    for (const test of tests) test.duration = this.time(test);
    const keyed = tests.map(test => ({ test, key: key(test) }));
    return keyed.sort((a, b) => b.key - a.key || (a.test.path < b.test.path ? -1 : 1)).map(k => k.test);
  }
}

module.exports = LongestFirst;
