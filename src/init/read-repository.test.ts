import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectRepository, readRepository } from './index.ts';
import { express } from './fixtures/repositories.ts';

test('reads a directory as sorted posix paths without dependency and build folders', () => {
  const root = mkdtempSync(join(tmpdir(), 'berth-init-'));
  try {
    for (const [path, text] of Object.entries({ ...express, 'node_modules/express/index.js': 'x', 'dist/server.js': 'x', '.git/HEAD': 'ref', 'src/a/b.txt': 'b' })) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    writeFileSync(join(root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    const files = readRepository(root);
    assert.deepEqual(files.list(), ['logo.png', 'package-lock.json', 'package.json', 'server.js', 'src/a/b.txt', 'test/server.test.js']);
    assert.equal(files.read('src/a/b.txt'), 'b');
    assert.equal(files.read('logo.png'), undefined, 'binary files are not text');
    assert.equal(files.read('missing.txt'), undefined);
    assert.deepEqual(detectRepository(files).services.map((s) => [s.name, s.port?.value]), [['orders-api', 4000]]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
