// The command users run is the bundle in dist/ (built by `npm ci`), not the sources the other tests
// load through tsx: run it on specs that reach every chunk, so a bundling mistake fails here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from './helpers.ts';

const BIN = join(REPO_ROOT, 'bin', 'berth.js');

function berth(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

for (const source of ['examples/todo-chatbot', 'test/fixtures/observability', 'test/fixtures/scheduled-tasks']) {
  test(`the built berth generates, checks, diffs and reports ${source}`, () => {
    assert.ok(existsSync(join(REPO_ROOT, 'dist', 'cli', 'main.js')), 'dist/ is missing: npm ci builds it (or run npm run build)');
    const dir = mkdtempSync(join(tmpdir(), 'berth-built-'));
    cpSync(join(REPO_ROOT, source, 'berth.yaml'), join(dir, 'berth.yaml'));
    for (const args of [['validate'], ['render', '-o', 'mermaid'], ['generate'], ['check'], ['report', '--out', 'report.html']]) {
      const result = berth(args, dir);
      assert.equal(result.code, 0, `berth ${args.join(' ')}:\n${result.err}`);
      assert.doesNotMatch(result.err, /internal error/);
    }
  });
}
