import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { collectGarbageIfLarge } from './collect-garbage.ts';

/** Fills the heap with arrays nothing refers to once this returns. */
function makeGarbage(): number {
  const arrays = Array.from({ length: 200 }, () => new Array(100_000).fill(1.5));
  return arrays.length;
}

test('collectGarbageIfLarge frees a large heap of garbage and exposes nothing', () => {
  makeGarbage();
  assert.ok(process.memoryUsage().heapUsed > 150 * 1024 * 1024, 'the garbage is still in the heap');
  collectGarbageIfLarge();
  assert.ok(process.memoryUsage().heapUsed < 100 * 1024 * 1024, `heap in use after collecting: ${process.memoryUsage().heapUsed}`);

  // The flag that exposes `gc` is off again: neither this context nor a new one has it.
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined');
  assert.equal(runInNewContext('typeof gc'), 'undefined');
});
