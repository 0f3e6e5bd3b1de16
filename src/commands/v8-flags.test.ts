import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { Script } from 'node:vm';
import { restoreDefaultFlags, useLongRunFlags } from './v8-flags.ts';

// V8 accepts a code cache only under the flags it was made with, so a cache made before the long-run
// flags shows whether the flags are really as they were.
// Each script has a name of its own: V8 would otherwise take the script from its in-memory compilation
// cache, and not look at the cached data at all.
const source = 'function add(a, b) { return a + b; } add(1, 2);';
let probes = 0;
const probe = (cachedData?: Buffer) => new Script(source, { filename: `v8-flags-probe-${probes++}.js`, cachedData });
const accepted = (cachedData: Buffer) => !probe(cachedData).cachedDataRejected;

test('the long-run flags are in force until restoreDefaultFlags puts every one back', () => {
  const cache = probe().createCachedData();
  assert.ok(accepted(cache), 'a cache is accepted under the flags it was made with');
  useLongRunFlags();
  try {
    assert.ok(!accepted(cache), 'the long-run flags change what V8 compiles with');
  } finally {
    restoreDefaultFlags();
  }
  assert.ok(accepted(cache), 'after restoreDefaultFlags the flags are as they were');
});

test('a flag the user gave Node is left as they set it', () => {
  // The same check in a Node started with one of the flags berth changes: their value must survive.
  const script = `
    const { Script } = require('node:vm');
    const source = 'function add(a, b) { return a + b; } add(1, 2);';
    let probes = 0;
    const probe = (cachedData) => new Script(source, { filename: 'probe-' + probes++ + '.js', cachedData });
    const cache = probe().createCachedData();
    const { useLongRunFlags, restoreDefaultFlags } = require(${JSON.stringify(new URL('./v8-flags.ts', import.meta.url).pathname)});
    useLongRunFlags();
    restoreDefaultFlags();
    process.stdout.write(probe(cache).cachedDataRejected ? 'rejected' : 'accepted');
  `;
  for (const flag of ['--interrupt-budget=100000', '--no-turbo-inlining', '--heap_growing_percent=30']) {
    const run = spawnSync(process.execPath, [flag, '--import', 'tsx', '--input-type=commonjs', '-e', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'accepted', `with ${flag}`);
  }
});
