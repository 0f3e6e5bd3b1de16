import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { collectGarbage } from '../commands/collect-garbage.ts';
import { writeInBackground } from './background-writer.ts';

test('writes every file of a batch with its directories, byte for byte, copies files, and gives each digest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-writer-'));
  writeFileSync(join(dir, 'mine.txt'), 'kept as it was\n');
  const contents = ['plain\n', 'é — ünïcode ✓ 🚢\n', '', 'x'.repeat(100_000)];
  const digests = await writeInBackground([
    ...contents.map((content, i) => ({ path: join(dir, 'a', `b${i % 2}`, `file-${i}.yaml`), content })),
    { path: join(dir, 'copies', 'mine.txt'), copyFrom: join(dir, 'mine.txt') },
  ]);
  contents.forEach((content, i) => assert.equal(readFileSync(join(dir, 'a', `b${i % 2}`, `file-${i}.yaml`), 'utf8'), content));
  assert.equal(readFileSync(join(dir, 'copies', 'mine.txt'), 'utf8'), 'kept as it was\n');
  // The digest of each file as its text, the one a later run compares the file on disk with; none for a copy.
  assert.deepEqual(digests, [...contents.map((content) => createHash('sha256').update(content).digest('hex')), null]);
});

test('batches are written in the order given; a failed one rejects with the system error, the next still writes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-writer-'));
  writeFileSync(join(dir, 'a-file'), '');
  const first = writeInBackground([{ path: join(dir, 'one.txt'), content: '1' }]);
  const failing = writeInBackground([{ path: join(dir, 'a-file', 'under-a-file.txt'), content: 'no' }]);
  const last = writeInBackground([{ path: join(dir, 'one.txt'), content: '2' }]);
  await first;
  await assert.rejects(failing, (error: NodeJS.ErrnoException) => ['ENOTDIR', 'EEXIST'].includes(error.code ?? '') && error.syscall === 'mkdir' && /a-file/.test(error.message));
  await last;
  assert.equal(readFileSync(join(dir, 'one.txt'), 'utf8'), '2');
});

test('an idle writer does not keep the process alive; a busy one finishes before it ends', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-writer-'));
  const module = fileURLToPath(new URL('./background-writer.ts', import.meta.url));
  // The promise is not awaited: the process must still wait for the files, then exit on its own.
  const script = `import { writeInBackground } from ${JSON.stringify(module)};
void writeInBackground(Array.from({ length: 200 }, (_, i) => ({ path: ${JSON.stringify(dir)} + '/f/' + i + '.txt', content: String(i) })));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(readFileSync(join(dir, 'f', '199.txt'), 'utf8'), '199');
});

test('a written batch gives its memory back: the buffer returns to the caller thread, which frees it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-writer-'));
  const before = process.memoryUsage().arrayBuffers;
  const content = 'y'.repeat(1024 * 1024);
  await writeInBackground(Array.from({ length: 40 }, (_, i) => ({ path: join(dir, `big-${i}.txt`), content })));
  // The writer thread makes so little garbage that its heap would hold the 40 MiB until it exits.
  // Here the reply is garbage once the message that brought it has been dispatched.
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  const kept = process.memoryUsage().arrayBuffers - before;
  assert.ok(kept < 8 * 1024 * 1024, `the written batch still holds ${(kept / 1048576).toFixed(1)} MiB`);
});
