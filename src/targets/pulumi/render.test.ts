// What `berth verify` gets from the Pulumi target: the objects of the project on disk for one stack
// (its Pulumi.<env>.yaml passed as PULUMI_CONFIG), a diff when the files drift, and a clear message
// when the SDK is not installed or a stack file cannot be read.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveObjects } from '../../model/resolve.ts';
import { compareObjects, formatDifferences } from '../../verify/compare.ts';
import { pulumiTarget } from './index.ts';
import { loadInlineModels, writeProject } from './test-fixtures.ts';

const [{ model }] = loadInlineModels();
const render = (directory: string, environment: string | undefined, env: Record<string, string | undefined> = process.env) =>
  pulumiTarget.render!(model, environment, { directory, env });

describe('pulumi render (berth verify)', () => {
  let directory = '';
  before(async () => {
    directory = await writeProject(pulumiTarget.emit(model));
  });
  after(() => rm(directory, { recursive: true, force: true }));

  test('renders a stack from the files on disk, equal to berth render --env', async () => {
    const result = await render(directory, 'dev');
    assert.ok(result.ok, JSON.stringify(result));
    assert.match(result.engine, /Pulumi SDK 3\.248\.0/);
    assert.deepEqual(compareObjects(resolveObjects(model, 'dev'), result.objects), []);
  });

  test('a drifted stack file and a drifted program both show as differences naming the field', async () => {
    const stackFile = join(directory, 'Pulumi.prod.yaml');
    const program = join(directory, 'index.ts');
    const [stackText, programText] = await Promise.all([readFile(stackFile, 'utf8'), readFile(program, 'utf8')]);
    try {
      await writeFile(stackFile, `${stackText}  shop:webImageTag: hand-picked\n`);
      await writeFile(program, programText.replace('progressDeadlineSeconds: 600', 'progressDeadlineSeconds: 900'));
      const result = await render(directory, 'prod');
      assert.ok(result.ok, JSON.stringify(result));
      const report = formatDifferences(compareObjects(resolveObjects(model, 'prod'), result.objects));
      assert.match(report, /Deployment\/shop-web .*spec\.template\.spec\.containers\[0\]\.image: expected "registry\.example\.com\/shop\/web:3\.1", got "registry\.example\.com\/shop\/web:hand-picked"/);
      assert.match(report, /Deployment\/shop-\S+ .*spec\.progressDeadlineSeconds: expected 600, got 900/);
    } finally {
      await Promise.all([writeFile(stackFile, stackText), writeFile(program, programText)]);
    }
  });

  test('says what to install when the Pulumi SDK cannot be found', async () => {
    const bare = await writeProject(pulumiTarget.emit(model), undefined, false);
    const empty = await mkdtemp(join(tmpdir(), 'berth-no-sdk-'));
    try {
      const result = await render(bare, 'dev', { ...process.env, BERTH_PULUMI_SDK: empty, NODE_PATH: undefined });
      assert.ok(!result.ok && 'missing' in result, JSON.stringify(result));
      assert.match(result.missing, /@pulumi\/pulumi/);
      assert.match(result.missing, /npm install/);
      assert.match(result.missing, /3\.248\.0/);
    } finally {
      await Promise.all([rm(bare, { recursive: true, force: true }), rm(empty, { recursive: true, force: true })]);
    }
  });

  test('fails clearly on a missing or encrypted stack file and on a program that throws', async () => {
    const missing = await render(directory, 'qa');
    assert.ok(!missing.ok && 'failure' in missing && /Pulumi\.qa\.yaml is missing/.test(missing.failure), JSON.stringify(missing));

    const stackFile = join(directory, 'Pulumi.dev.yaml');
    const text = await readFile(stackFile, 'utf8');
    try {
      await writeFile(stackFile, 'config:\n  shop:namespace:\n    secure: AAABAKz\n');
      const secure = await render(directory, 'dev');
      assert.ok(!secure.ok && 'failure' in secure && /encrypted secret/.test(secure.failure), JSON.stringify(secure));

      await writeFile(stackFile, 'config:\n  shop:webReplicas: many\n');
      const thrown = await render(directory, 'dev');
      assert.ok(!thrown.ok && 'failure' in thrown && /webReplicas/.test(thrown.failure), JSON.stringify(thrown));
    } finally {
      await writeFile(stackFile, text);
    }
  });
});
