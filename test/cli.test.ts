// The CLI contract: streams, exit codes, --help, safe regeneration.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { run } from '../src/cli/main.ts';
import { createMemoryOutput } from '../src/cli/output.ts';
import { renderSchemaFiles } from '../src/spec/schema-files.ts';
import { examplePath, REPO_ROOT } from './helpers.ts';

async function berth(args: string[], cwd = REPO_ROOT) {
  const output = createMemoryOutput();
  const code = await run(args, output, cwd);
  return { code, out: output.out, err: output.err };
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-cli-'));
  cpSync(examplePath('todo-chatbot'), join(dir, 'berth.yaml'));
  return dir;
}

test('validate: 0 on a valid spec, 2 with positions on a bad one, 2 on a missing file', async () => {
  assert.equal((await berth(['validate', examplePath('todo-chatbot')])).code, 0);
  const dir = workspace();
  writeFileSync(join(dir, 'bad.yaml'), 'name: Bad_Name\nversion: 1.0.0\ncomponents: {}\n');
  const bad = await berth(['validate', 'bad.yaml'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /bad\.yaml:1:7 error invalid-value: name must be a DNS label/);
  assert.doesNotMatch(bad.err, /\n\s+at /, 'no stack trace');
  assert.equal((await berth(['validate', 'nope.yaml'], dir)).code, 2);
});

test('render: YAML and JSON to stdout; unknown environment is a usage error', async () => {
  const yaml = await berth(['render', examplePath('todo-chatbot'), '--env', 'dev']);
  assert.equal(yaml.code, 0);
  assert.match(yaml.out, /^---\napiVersion: v1\nkind: ServiceAccount/);
  const json = await berth(['render', examplePath('todo-chatbot'), '--env', 'prod', '-o', 'json']);
  assert.equal(JSON.parse(json.out).kind, 'List');
  const unknown = await berth(['render', examplePath('todo-chatbot'), '--env', 'qa']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown environment "qa"; the spec declares: dev, staging, prod/);
  assert.equal((await berth(['render', examplePath('todo-chatbot'), '-o', 'xml'])).code, 2);
});

test('--help on every command, unknown command is a usage error', async () => {
  for (const command of ['validate', 'render', 'generate', 'verify']) {
    const help = await berth([command, '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /Usage: berth/);
  }
  assert.equal((await berth(['deploy-everything'])).code, 2);
});

test('generate writes manifests; verify passes; a hand edit is never overwritten silently', async () => {
  const dir = workspace();
  const generated = await berth(['generate', '--target', 'kubernetes'], dir);
  assert.equal(generated.code, 0, generated.err);
  assert.match(generated.err, /generating kubernetes/);
  const edited = join(dir, 'deploy', 'kubernetes', 'dev', 'backend-deployment.yaml');
  assert.ok(existsSync(edited));
  const reference = readFileSync(join(dir, 'deploy', 'README.md'), 'utf8');
  assert.match(reference, /\| `backend\.autoscaling\.minReplicas` \| `backend_autoscaling_min_replicas` \| `backendAutoscalingMinReplicas` \| integer \(≥ 1\) \| `2` \|/);
  const verified = await berth(['verify', '--target', 'kubernetes'], dir);
  assert.equal(verified.code, 0, verified.err);
  assert.match(verified.out, /kubernetes dev: ok/);

  writeFileSync(edited, `${readFileSync(edited, 'utf8')}# my change\n`);
  const drift = await berth(['verify', '--target', 'kubernetes'], dir);
  assert.equal(drift.code, 0, 'a comment is not drift');
  const refused = await berth(['generate', '--target', 'kubernetes'], dir);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /refusing to overwrite 1 file/);
  assert.match(readFileSync(edited, 'utf8'), /# my change/);

  const kept = await berth(['generate', '--target', 'kubernetes', '--keep-mine'], dir);
  assert.equal(kept.code, 0, kept.err);
  assert.match(readFileSync(edited, 'utf8'), /# my change/);
  assert.ok(existsSync(`${edited}.berth-new`));

  const forced = await berth(['generate', '--target', 'kubernetes', '--force'], dir);
  assert.equal(forced.code, 0);
  assert.doesNotMatch(readFileSync(edited, 'utf8'), /# my change/);
  assert.ok(!readdirSync(dir).some((name) => name.includes('berth-staging')), 'no staging leftovers');
});

test('verify reports drift with the object, field path and both values (exit 1)', async () => {
  const dir = workspace();
  await berth(['generate', '--target', 'kubernetes'], dir);
  const file = join(dir, 'deploy', 'kubernetes', 'prod', 'frontend-deployment.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('replicas: 3', 'replicas: 4'));
  const drift = await berth(['verify', '--target', 'kubernetes'], dir);
  assert.equal(drift.code, 1);
  assert.match(drift.out, /Deployment\/todo-frontend \(namespace todo-prod\) spec\.replicas: expected 3, got 4/);
  assert.match(drift.out, /^kubernetes dev: ok/m);
  assert.match(drift.err, /1 target\/environment pair\(s\) differ/);
});

test('generated files are byte-identical on every run', async () => {
  const dir = workspace();
  await berth(['generate', '--target', 'kubernetes', '--out', 'a'], dir);
  await berth(['generate', '--target', 'kubernetes', '--out', 'b'], dir);
  for (const env of ['dev', 'staging', 'prod']) {
    for (const name of readdirSync(join(dir, 'a', 'kubernetes', env))) {
      assert.equal(readFileSync(join(dir, 'a', 'kubernetes', env, name), 'utf8'), readFileSync(join(dir, 'b', 'kubernetes', env, name), 'utf8'));
    }
  }
});

test('berth.schema.json and docs/spec-reference.md are up to date (npm run schema)', () => {
  for (const [path, content] of Object.entries(renderSchemaFiles())) {
    assert.equal(readFileSync(join(REPO_ROOT, path), 'utf8'), content, `${path} is stale: run npm run schema`);
  }
});

test('regeneration keeps files berth did not write, moving whole directories (symlinks intact)', async () => {
  const { mkdirSync, symlinkSync, lstatSync } = await import('node:fs');
  const dir = workspace();
  await berth(['generate', '--target', 'kubernetes'], dir);
  const extra = join(dir, 'deploy', 'kubernetes', 'node_modules', 'pkg');
  mkdirSync(extra, { recursive: true });
  writeFileSync(join(extra, 'index.js'), 'mine');
  symlinkSync('pkg', join(dir, 'deploy', 'kubernetes', 'node_modules', 'link'));
  writeFileSync(join(dir, 'deploy', 'kubernetes', 'dev', 'my-extra.yaml'), 'kind: Mine\n');
  const again = await berth(['generate', '--target', 'kubernetes'], dir);
  assert.equal(again.code, 0, again.err);
  assert.equal(readFileSync(join(extra, 'index.js'), 'utf8'), 'mine');
  assert.ok(lstatSync(join(dir, 'deploy', 'kubernetes', 'node_modules', 'link')).isSymbolicLink());
  assert.equal(readFileSync(join(dir, 'deploy', 'kubernetes', 'dev', 'my-extra.yaml'), 'utf8'), 'kind: Mine\n');
});

test('keys added by hand to a generated YAML file are kept; a changed generated key is still a hand edit', async () => {
  const dir = workspace();
  await berth(['generate', '--target', 'kubernetes'], dir);
  const file = join(dir, 'deploy', 'kubernetes', 'prod', 'frontend-service.yaml');
  // What `pulumi stack init` does to a stack file: a new top-level key.
  writeFileSync(file, `${readFileSync(file, 'utf8')}encryptionsalt: v1:abc\n`);
  const again = await berth(['generate', '--target', 'kubernetes'], dir);
  assert.equal(again.code, 0, again.err);
  assert.match(readFileSync(file, 'utf8'), /^encryptionsalt: v1:abc$/m);
  const twice = await berth(['generate', '--target', 'kubernetes'], dir);
  assert.equal(twice.code, 0, twice.err);
  assert.match(readFileSync(file, 'utf8'), /^encryptionsalt: v1:abc$/m, 'kept on every regeneration');
  writeFileSync(file, readFileSync(file, 'utf8').replace('type: ClusterIP', 'type: NodePort'));
  const edited = await berth(['generate', '--target', 'kubernetes'], dir);
  assert.equal(edited.code, 1);
  assert.match(edited.err, /frontend-service\.yaml/);
});

test('generate: an output directory the disk refuses is exit 2 with the path, not a crash', async () => {
  const dir = workspace();
  writeFileSync(join(dir, 'not-a-directory'), '');
  const result = await berth(['generate', '--target', 'kubernetes', '--out', 'not-a-directory/deploy'], dir);
  assert.equal(result.code, 2);
  assert.match(result.err, /berth: (ENOTDIR|EEXIST)[^\n]*not-a-directory/);
  assert.doesNotMatch(result.err, /internal error|\n\s+at /);
  assert.equal(readFileSync(join(dir, 'not-a-directory'), 'utf8'), '', 'the file in the way is left alone');
});
