// The light list of names the command line shows must match the targets it runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TARGETS } from './index.ts';
import { TARGET_NAMES } from './target-names.ts';

test('TARGET_NAMES lists every target, in the order --target all generates them', () => {
  assert.deepEqual(TARGETS.map((t) => t.name), TARGET_NAMES);
});
