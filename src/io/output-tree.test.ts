import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectGarbage } from '../commands/collect-garbage.ts';
import { stageOutputTree, type StagedTree } from './output-tree.ts';

const MiB = 1024 * 1024;

/** Stages 40 files of 1 MiB each; their contents are reachable only through what the tree keeps. */
async function stageLargeTree(directory: string): Promise<StagedTree> {
  const files = Array.from({ length: 40 }, (_, i) => ({ path: `part-${i}.txt`, content: `${String(i).padStart(8, '0')}\n`.repeat(MiB / 9) }));
  return stageOutputTree(directory, files, { generator: 'berth test', onConflict: 'refuse' });
}

// generate keeps every staged tree until all are written and swapped in: a tree that held on to its
// files would keep every target's contents in memory at once.
test('a staged tree does not keep the contents of its files', async () => {
  const work = mkdtempSync(join(tmpdir(), 'berth-output-tree-'));
  try {
    const directory = join(work, 'out');
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const tree = await stageLargeTree(directory);
    assert.equal(tree.refused, false);
    if (tree.refused) return;
    await tree.written;
    collectGarbage();
    const kept = process.memoryUsage().heapUsed - before;
    assert.ok(kept < 8 * MiB, `the staged tree keeps ${(kept / MiB).toFixed(1)} MiB of the 40 MiB it was given`);

    const outcome = await tree.commit();
    assert.equal(outcome.written, 40);
    assert.equal(readFileSync(join(directory, 'part-7.txt'), 'utf8').slice(0, 9), '00000007\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
