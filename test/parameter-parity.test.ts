// One parameter, three formats: overriding a registry parameter through Helm (--set), Terraform (a
// variable) and Pulumi (a config key) gives identical objects, and the same ones the canonical model
// computes. Each target's own suite covers every parameter against the canonical model; this test
// compares the three engines with each other directly, one case per kind of parameter.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { bundledEngines } from '../src/engines/index.ts';
import { parameterNames } from '../src/model/parameters.ts';
import { evaluateObjects } from '../src/model/resolve.ts';
import type { Json } from '../src/model/template.ts';
import { TARGETS } from '../src/targets/index.ts';
import { renderWithHelm } from '../src/targets/helm/render-chart.ts';
import { readStackConfig, spellConfigKey, toConfigString } from '../src/targets/pulumi/stack-config.ts';
import { runUnderMocks, toKubernetesObjects } from '../src/targets/pulumi/run-under-mocks.ts';
import { parseTerraformFiles, readModuleDirectory, renderParsed } from '../src/targets/terraform/evaluate/render-module.ts';
import { compareObjects, formatDifferences, withoutFields } from '../src/verify/compare.ts';
import { loadModel } from '../src/commands/load-model.ts';
import type { AppModel } from '../src/model/resolve.ts';
import { loadExample, loadModelFromText, REPO_ROOT } from './helpers.ts';

const todoCases: [string, Json][] = [
  ['frontend.replicas', 5],
  ['backend.autoscaling.enabled', false],
  ['backend.autoscaling.minReplicas', 4],
  ['postgres.inCluster', true],
  ['backend.env.LOG_LEVEL', 'warning'],
  ['backend.resources.limits.memory', '2Gi'],
  ['backend.image.tag', '1.5.0'],
  ['ingress.tls.secretName', ''],
  ['secretNames.todoOpenai', 'openai-prod'],
];

// Secrets from a store or sealed files: the switch, the store, a remote key and a ciphertext.
const secretCases: [string, Json][] = [
  ['externalSecrets.enabled', false],
  ['externalSecrets.store.name', 'aws-prod'],
  ['externalSecrets.store.kind', 'SecretStore'],
  ['externalSecrets.remoteKeys.vaultAppSession', 'prod/session'],
  ['externalSecrets.ingress.tls', 'prod/tls'],
];
const sealedCases: [string, Json][] = [
  ['sealedSecrets.enabled', false],
  ['sealedSecrets.env.sealedAppToken.token', 'AgBnewciphertext=='],
  ['sealedSecrets.ingress.tls.tlsCrt', ''],
];

test('Helm --set, Terraform -var and Pulumi config give the same objects for one parameter of each kind', async () => {
  await checkParity(loadExample('todo-chatbot'), 'prod', todoCases);
});

test('the same for the parameters of ExternalSecrets and SealedSecrets', async () => {
  await checkParity(loadModelFromText(readFileSync(join(REPO_ROOT, 'test/fixtures/external-secrets/berth.yaml'), 'utf8'), 'berth.yaml'), 'prod', secretCases);
  const sealed = join(REPO_ROOT, 'test/fixtures/sealed-secrets/berth.yaml');
  await checkParity((await loadModel(sealed, REPO_ROOT)).model, 'prod', sealedCases);
});

async function checkParity(model: AppModel, environment: string, cases: [string, Json][]): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'berth-parity-'));
  for (const target of TARGETS.filter((t) => ['helm', 'terraform', 'pulumi'].includes(t.name))) {
    for (const file of target.emit(model)) {
      mkdirSync(dirname(join(out, target.name, file.path)), { recursive: true });
      writeFileSync(join(out, target.name, file.path), file.content);
    }
  }
  const app = model.spec.base.name;
  const { helm4 } = await bundledEngines();
  const terraform = await parseTerraformFiles(await readModuleDirectory(join(out, 'terraform')));
  const stack = readStackConfig(readFileSync(join(out, 'pulumi', `Pulumi.${environment}.yaml`), 'utf8'), app);
  assert.ok(stack.ok);
  const pulumi = await runUnderMocks({
    directory: join(out, 'pulumi'),
    project: app,
    runs: cases.map(([name, value]) => ({
      stack: environment,
      config: { ...stack.config, [spellConfigKey(app, model.registry.get(name))]: toConfigString(value) },
    })),
    env: process.env,
  });
  assert.ok(pulumi.ok, JSON.stringify(pulumi));

  for (const [index, [name, value]] of cases.entries()) {
    const parameter = model.registry.get(name);
    const values = new Map(model.registry.valuesFor(environment));
    values.set(name, value);
    const canonical = evaluateObjects(model.objects, values).map((r) => r.object);

    const flag = typeof value === 'string' ? '--set-string' : '--set';
    const helm = await renderWithHelm(helm4, model, join(out, 'helm', app), environment, [flag, `${parameterNames(parameter).helm}=${value}`]);
    assert.ok(helm.ok, JSON.stringify(helm));
    const tf = renderParsed(terraform, environment, { [parameterNames(parameter).terraform]: value }).objects;
    const run = pulumi.runs[index];
    assert.ok(run.ok, JSON.stringify(run));
    const fromPulumi = toKubernetesObjects(run.resources);

    for (const [format, objects] of [['helm', helm.objects], ['terraform', tf], ['pulumi', fromPulumi]] as const) {
      const omitted = TARGETS.find((t) => t.name === format)?.omittedFields ?? [];
      const differences = compareObjects(withoutFields(canonical, omitted), objects);
      assert.equal(differences.length, 0, `${name}=${JSON.stringify(value)} in ${format}:\n${formatDifferences(differences)}`);
    }
    // And the override did change something, so the case is not vacuous.
    assert.notEqual(compareObjects(evaluateObjects(model.objects, model.registry.valuesFor(environment)).map((r) => r.object), canonical).length, 0, `${name} changes nothing`);
  }
}
