// The command users run is the bundle in dist/ (built by `npm ci`), not the sources the other tests
// load through tsx: run it on specs that reach every chunk, so a bundling mistake fails here.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from './helpers.ts';

const BIN = join(REPO_ROOT, 'bin', 'berth.cjs');

function berth(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

for (const source of ['examples/todo-chatbot', 'test/fixtures/observability', 'test/fixtures/scheduled-tasks']) {
  test(`the built berth generates, checks, diffs and reports ${source}`, () => {
    assert.ok(existsSync(join(REPO_ROOT, 'dist', 'berth.cjs')), 'dist/ is missing: npm ci builds it (or run npm run build)');
    const dir = mkdtempSync(join(tmpdir(), 'berth-built-'));
    cpSync(join(REPO_ROOT, source, 'berth.yaml'), join(dir, 'berth.yaml'));
    for (const args of [['validate'], ['render', '-o', 'mermaid'], ['generate'], ['check'], ['report', '--out', 'report.html']]) {
      const result = berth(args, dir);
      assert.equal(result.code, 0, `berth ${args.join(' ')}:\n${result.err}`);
      assert.doesNotMatch(result.err, /internal error/);
    }
  });
}

test('the built berth reports bad input as bad input (exit 2 with its position), across its bundles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-built-'));
  writeFileSync(join(dir, 'berth.yaml'), 'name: shop\ncomponents:\n  web:\n    image: nginx:1.27\n    port: eighty\n');
  for (const args of [['validate'], ['render'], ['generate']]) {
    const result = berth(args, dir);
    assert.equal(result.code, 2, `berth ${args.join(' ')}:\n${result.err}`);
    assert.match(result.err, /berth\.yaml:5:11/);
    assert.doesNotMatch(result.err, /internal error/);
  }
});

test('the built berth gives the same results with and without its code cache', () => {
  const spec = join(REPO_ROOT, 'examples', 'platform', 'berth.yaml');
  const cached = spawnSync(process.execPath, [BIN, 'render', spec, '--env', 'production'], { encoding: 'utf8' });
  const compiled = spawnSync(process.execPath, [BIN, 'render', spec, '--env', 'production'], { encoding: 'utf8', env: { ...process.env, BERTH_CODE_CACHE: '0' } });
  assert.equal(cached.status, 0, cached.stderr);
  assert.equal(compiled.status, 0, compiled.stderr);
  assert.ok(cached.stdout.length > 100_000);
  assert.equal(cached.stdout, compiled.stdout);
});

test('the built berth stops quietly when its reader stops early (berth render | head)', async () => {
  const spec = join(REPO_ROOT, 'examples', 'platform', 'berth.yaml');
  const child = spawn(process.execPath, [BIN, 'render', spec, '--env', 'production'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  // The first chunk is all this reader wants: it closes its end of the pipe, as `head` does.
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, err);
  assert.equal(err, '');
});

test('the built berth finishes its work when the reader of its messages stops early (berth generate 2>&1 | head -1)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-built-'));
  cpSync(join(REPO_ROOT, 'examples', 'platform', 'berth.yaml'), join(dir, 'berth.yaml'));
  const child = spawn(process.execPath, [BIN, 'generate', join(dir, 'berth.yaml')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  // The first progress line is all this reader wants.
  child.stderr.once('data', () => child.stderr.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, out);
  assert.match(out, /configuration reference: /);
  // Every tree swapped in, no staging directory left beside them.
  assert.deepEqual(readdirSync(join(dir, 'deploy')).filter((name) => name.includes('berth-staging')), []);
  assert.ok(existsSync(join(dir, 'deploy', 'helm', 'platform', 'Chart.yaml')));
});

test('the built berth stopped by Ctrl-C while it generates leaves the packaging as it was, with nothing staged beside it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-built-'));
  const spec = join(dir, 'berth.yaml');
  cpSync(join(REPO_ROOT, 'examples', 'platform', 'berth.yaml'), spec);
  assert.equal(berth(['generate'], dir).code, 0);
  const readme = readFileSync(join(dir, 'deploy', 'README.md'), 'utf8');
  // A changed spec, so that a finished run would rewrite the packaging.
  writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^version: .*$/m, 'version: 9.9.9'));
  const child = spawn(process.execPath, [BIN, 'generate', spec], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let sent = false;
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    // Some targets staged, others still to come.
    if (!sent && err.includes('generating kustomize')) sent = child.kill('SIGINT');
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 130, err);
  assert.match(err, /stopped by SIGINT; nothing was written/);
  assert.deepEqual(readdirSync(join(dir, 'deploy')).filter((name) => /\.berth-(staging|previous)-/.test(name)), []);
  assert.equal(readFileSync(join(dir, 'deploy', 'README.md'), 'utf8'), readme);
});

// generate changes V8's flags while it runs (how the heap grows, when TurboFan compiles), and V8
// refuses a code cache made under other flags: they must be back as they were when bin/berth.cjs
// writes the cache at exit, or every run would refuse the last one's cache and write it again.
test('a code cache written by generate is used by the next run', () => {
  const install = mkdtempSync(join(tmpdir(), 'berth-install-'));
  try {
    cpSync(join(REPO_ROOT, 'bin'), join(install, 'bin'), { recursive: true });
    cpSync(join(REPO_ROOT, 'dist'), join(install, 'dist'), { recursive: true, filter: (path) => !path.includes('.code-cache') });
    cpSync(join(REPO_ROOT, 'package.json'), join(install, 'package.json'));
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(install, 'node_modules'));
    const work = mkdtempSync(join(tmpdir(), 'berth-built-'));
    cpSync(join(REPO_ROOT, 'examples', 'todo-chatbot', 'berth.yaml'), join(work, 'berth.yaml'));
    const generate = () => spawnSync(process.execPath, [join(install, 'bin', 'berth.cjs'), 'generate'], { cwd: work, encoding: 'utf8' });
    const caches = () => new Map(readdirSync(join(install, 'dist', '.code-cache')).map((file) => [file, statSync(join(install, 'dist', '.code-cache', file)).ino]));

    assert.equal(generate().status, 0);
    const written = caches();
    assert.ok([...written.keys()].some((file) => file.startsWith('generate.commands.')), `no cache written: ${[...written.keys()].join(', ')}`);
    assert.equal(generate().status, 0);
    // A refused cache is written again, as a new file renamed over the old one.
    assert.deepEqual(caches(), written);
    rmSync(work, { recursive: true, force: true });
  } finally {
    rmSync(install, { recursive: true, force: true });
  }
});
