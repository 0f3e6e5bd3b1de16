// The chart's promises beyond equality: awkward names and `{{ }}` in values, values files that hold
// exactly the registry, a schema Helm enforces, hooks, derived values that follow --set, the
// 63-character name rule, non-SemVer versions, no secret values, and byte-identical output.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { bundledEngines, runEngine } from '../../engines/index.ts';
import type { KubernetesObject } from '../../model/kubernetes-object.ts';
import { evaluateObjects, resolveObjects, type AppModel } from '../../model/resolve.ts';
import type { Json } from '../../model/template.ts';
import { parseObjects } from '../kubernetes/read-manifests.ts';
import { compareObjects, formatDifferences } from '../../verify/compare.ts';
import { emitHelmChart } from './emit-chart.ts';
import { renderWithHelm, templateArguments } from './render-chart.ts';
import { exampleSpecs, mapLimit, modelFromFile, modelFromText, SMALL_SPEC, writeChart } from './test-helpers.ts';
import { nestValues, valueParameters } from './values-files.ts';

const { helm3, helm4 } = await bundledEngines();
const HELMS = [helm3, helm4];

async function render(model: AppModel, chart: string, environment: string | undefined, extra: string[] = []): Promise<KubernetesObject[]> {
  const result = await renderWithHelm(helm4, model, chart, environment, extra);
  assert.ok(result.ok, 'failure' in result ? result.failure : 'helm missing');
  return result.objects;
}

const find = (objects: readonly KubernetesObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
type Container = { name: string; env?: { name: string; value?: string; valueFrom?: unknown }[]; command?: string[] };
const containers = (o: KubernetesObject | undefined) => ((o?.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers);

describe('a spec with a component named auth-service and literal values holding {{ }}', () => {
  let model: AppModel;
  let chart: string;
  before(() => {
    model = modelFromText(SMALL_SPEC);
    chart = writeChart(model);
  });

  test('helm 3 and helm 4 render every environment to the canonical objects', async () => {
    const cases = [undefined, ...model.registry.environments].flatMap((env) => HELMS.map((helm) => ({ env, helm })));
    const failures = await mapLimit(cases, 2, async ({ env, helm }) => {
      const result = await renderWithHelm(helm, model, chart, env);
      if (!result.ok) return 'failure' in result ? result.failure : result.missing;
      const differences = compareObjects(resolveObjects(model, env), result.objects);
      return differences.length === 0 ? '' : `${env ?? 'base'} ${helm.origin}\n${formatDifferences(differences)}`;
    });
    assert.deepEqual(failures.filter(Boolean), []);
  });

  test('the literal {{ }} values come out as written, never evaluated', async () => {
    const objects = await render(model, chart, 'dev');
    assert.equal((find(objects, 'ConfigMap', 'shop-auth-service') as unknown as { data: Record<string, string> }).data.GREETING, 'Hello {{ .Values.x }}');
    assert.equal((find(objects, 'ConfigMap', 'shop-auth-service') as unknown as { data: Record<string, string> }).data.BRACES, '}} not a template {{');
    assert.equal((find(objects, 'ConfigMap', 'shop-auth-service') as unknown as { data: Record<string, string> }).data.PORT_TEXT, '8080');
    assert.equal(
      (find(objects, 'ConfigMap', 'shop-auth-service-files') as unknown as { data: Record<string, string> }).data['etc_auth_config.yaml'],
      'issuer: "{{ .Release.Name }}"\naudience: shop\n',
    );
    assert.deepEqual(containers(find(objects, 'Deployment', 'shop-worker'))[0].command, ['worker', '--queue', '{{ default }}']);
  });

  test('auth-service is spelt authService in values and templates', () => {
    const values = parse(readFileSync(join(chart, 'values.yaml'), 'utf8')) as Record<string, unknown>;
    assert.ok('authService' in values && !('auth-service' in values));
    assert.match(readFileSync(join(chart, 'templates', 'auth-service-deployment.yaml'), 'utf8'), /\.Values\.authService\.replicas/);
  });

  test('values.yaml holds every parameter\'s base value with its description; values-<env>.yaml exactly the overrides', () => {
    const text = readFileSync(join(chart, 'values.yaml'), 'utf8');
    const parameters = valueParameters(model.registry);
    assert.deepEqual(parse(text), nestValues(parameters.map((p) => [p.path, p.base])));
    for (const p of parameters) assert.ok(text.includes(`# ${p.description}\n`), `description of ${p.name}`);
    for (const env of model.registry.environments) {
      const overrides = model.registry.overridesFor(env).filter((p) => !p.builtin);
      const parsed = parse(readFileSync(join(chart, `values-${env}.yaml`), 'utf8')) as Json;
      assert.deepEqual(parsed, nestValues(overrides.map((p) => [p.path, p.values.get(env) as Json])), env);
      assert.ok(overrides.length > 0);
    }
  });

  test('README: install, upgrade and rollback per environment, the Secrets to create, a row per parameter', () => {
    const readme = readFileSync(join(chart, 'README.md'), 'utf8');
    assert.match(readme, /helm upgrade --install shop \. --namespace shop-dev --create-namespace -f values-dev\.yaml/);
    assert.match(readme, /helm rollback shop <revision> --namespace shop-prod/);
    assert.match(readme, /kubectl -n shop-dev create secret generic shop-db --from-literal=password=/);
    assert.match(readme, /kubectl -n shop-prod create secret tls shop-tls/);
    for (const p of valueParameters(model.registry)) assert.ok(readme.includes(`| \`${p.name}\` |`), `row of ${p.name}`);
  });

  test('values.schema.json makes helm 3 and helm 4 refuse wrong values', async () => {
    const refused = [
      ['--set', 'authService.replicas=abc'],
      ['--set', 'authService.autoscaling.enabled=maybe'],
      ['--set', 'authService.autoscaling.minReplicas=0'],
      ['--set', 'authService.autoscaling.targetCPUUtilizationPercentage=5000'],
      ['--set', 'authService.image.pullPolicy=Sometimes'],
      ['--set', 'authService.resources.limits.cpu=lots'],
      ['--set', 'authService.replica=3'],
      ['--set', 'unknownComponent.replicas=3'],
      // A number where a string belongs (a tag of 2 would become the YAML number 2): --set-string it.
      ['--set', 'authService.image.tag=2'],
    ];
    const cases = refused.flatMap((args) => HELMS.map((helm) => ({ args, helm })));
    const accepted = await mapLimit(cases, 2, async ({ args, helm }) => {
      const run = await runEngine(helm, [...templateArguments(model, chart, undefined), ...args]);
      return run.code !== 0 && /schema/.test(run.stderr) ? '' : `${helm.origin} accepted ${args.join(' ')}`;
    });
    assert.deepEqual(accepted.filter(Boolean), []);
    const run = await runEngine(helm4, [...templateArguments(model, chart, undefined), '--set-string', 'authService.image.tag=2', '--set', 'authService.resources.limits.cpu=2']);
    assert.equal(run.code, 0, run.stderr);
  });

  test('migration Jobs are pre-install,pre-upgrade hooks; what their pods read is created before them', async () => {
    const run = await runEngine(helm4, templateArguments(model, chart, undefined));
    const objects = parseObjects(run.stdout);
    const hook = (o: KubernetesObject | undefined) => [o?.metadata.annotations?.['helm.sh/hook'], o?.metadata.annotations?.['helm.sh/hook-weight'], o?.metadata.annotations?.['helm.sh/hook-delete-policy']];
    const migrate = objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('shop-migrate-'));
    assert.deepEqual(hook(migrate), ['pre-install,pre-upgrade', '0', 'before-hook-creation,hook-succeeded']);
    // The worker mounts a PersistentVolumeClaim, which exists only once the release is installed.
    const reindex = objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('shop-reindex-'));
    assert.deepEqual(hook(reindex), ['post-install,pre-upgrade', '0', 'before-hook-creation,hook-succeeded']);
    for (const [kind, name] of [['ServiceAccount', 'shop-auth-service'], ['ConfigMap', 'shop-auth-service'], ['ConfigMap', 'shop-auth-service-files']]) {
      assert.deepEqual(hook(find(objects, kind, name)), ['pre-install,pre-upgrade,pre-rollback', '-10', 'before-hook-creation'], `${kind}/${name}`);
    }
    // The worker's Job runs after install, when its ServiceAccount exists as a plain release object.
    for (const name of ['shop-worker', 'shop-web']) assert.equal(find(objects, 'ServiceAccount', name)?.metadata.annotations, undefined, name);
  });

  test('derived values follow --set: replicas under an HPA, the PDB, connection env, checksum, Job name', async () => {
    const base = await render(model, chart, undefined);
    const [noHpa, twoWorkers, dbInside, newLogLevel, newTag] = await mapLimit(
      [
        ['--set', 'authService.autoscaling.enabled=false'],
        ['--set', 'worker.replicas=2'],
        ['--set', 'db.inCluster=true'],
        ['--set-string', 'authService.env.LOG_LEVEL=warn'],
        ['--set-string', 'authService.image.tag=2.2.0'],
      ],
      2,
      (args) => render(model, chart, undefined, args),
    );
    const deployment = (objects: KubernetesObject[]) => find(objects, 'Deployment', 'shop-auth-service') as unknown as { spec: { replicas?: number; template: { metadata: { annotations: Record<string, string> } } } };
    assert.equal(deployment(base).spec.replicas, undefined);
    assert.ok(find(base, 'HorizontalPodAutoscaler', 'shop-auth-service'));
    assert.equal(deployment(noHpa).spec.replicas, 2);
    assert.equal(find(noHpa, 'HorizontalPodAutoscaler', 'shop-auth-service'), undefined);

    assert.equal(find(base, 'PodDisruptionBudget', 'shop-worker'), undefined);
    assert.ok(find(twoWorkers, 'PodDisruptionBudget', 'shop-worker'));

    const dbUrl = (objects: KubernetesObject[]) => containers(find(objects, 'Deployment', 'shop-auth-service'))[0].env!.find((e) => e.name === 'DB_URL');
    assert.deepEqual(dbUrl(base)?.valueFrom, { secretKeyRef: { key: 'url', name: 'shop-db' } });
    assert.equal(dbUrl(dbInside)?.value, 'postgresql://postgres:$(DB_PASSWORD)@shop-db:5432/shop');
    assert.ok(find(dbInside, 'StatefulSet', 'shop-db') && !find(base, 'StatefulSet', 'shop-db'));

    const checksum = (objects: KubernetesObject[]) => deployment(objects).spec.template.metadata.annotations['checksum/config'];
    assert.match(checksum(base), /^[0-9a-f]{64}$/);
    assert.notEqual(checksum(newLogLevel), checksum(base));

    const jobName = (objects: KubernetesObject[]) => objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('shop-migrate-'))!.metadata.name;
    assert.match(jobName(base), /^shop-migrate-[0-9a-f]{8}$/);
    assert.notEqual(jobName(newTag), jobName(base));
  });

  test('no Secret object and no secret value: every secretKeyRef names a Secret given by a parameter', async () => {
    const names = new Set(model.registry.parameters.filter((p) => p.type === 'string').map((p) => String(p.base)));
    for (const env of [undefined, ...model.registry.environments]) {
      const objects = await render(model, chart, env);
      assert.equal(objects.filter((o) => o.kind === 'Secret').length, 0);
      const refs = JSON.stringify(objects).match(/"secretKeyRef":\{"key":"[^"]*","name":"[^"]*"\}/g) ?? [];
      assert.ok(refs.length > 0);
      for (const env2 of model.registry.environments) for (const p of model.registry.parameters) names.add(String(p.values.get(env2)));
      for (const ref of refs) assert.ok(names.has((JSON.parse(`{${ref}}`) as { secretKeyRef: { name: string } }).secretKeyRef.name), ref);
    }
  });

  test('another release name: names follow the 63-character fullname rule, exactly as berth computes them', async () => {
    const release = 'a-release-name-long-enough-to-reach-the-limit-of-sixty-three-characters';
    const fullname = `${release}-shop`.slice(0, 63).replace(/-+$/, '');
    const values = new Map(model.registry.valuesFor(undefined));
    values.set('release', release.slice(0, 63));
    values.set('fullname', fullname);
    for (const helm of HELMS) {
      const run = await runEngine(helm, ['template', release.slice(0, 53), chart, '--namespace', 'elsewhere']);
      assert.equal(run.code, 0, run.stderr);
      const short = release.slice(0, 53);
      values.set('release', short);
      values.set('fullname', `${short}-shop`.slice(0, 63).replace(/-+$/, ''));
      values.set('namespace', 'elsewhere');
      const differences = compareObjects(evaluateObjects(model.objects, values).map((r) => r.object), parseObjects(run.stdout));
      assert.deepEqual(differences, [], formatDifferences(differences));
      assert.ok(parseObjects(run.stdout).some((o) => o.metadata.name.length > 60));
    }
  });
});

test('a spec without environments and with a version that is not SemVer: one install, lint passes', async () => {
  const model = modelFromText(`name: solo
version: v2024.05-beta
components:
  api:
    image: example.com/solo/api:2024.05
    port: 8080
`);
  const chart = writeChart(model);
  const chartYaml = parse(readFileSync(join(chart, 'Chart.yaml'), 'utf8')) as Record<string, string>;
  assert.equal(chartYaml.version, '2024.5.0-beta');
  assert.equal(chartYaml.appVersion, 'v2024.05-beta');
  assert.deepEqual(emitHelmChart(model).filter((f) => /values-/.test(f.path)), []);
  assert.match(readFileSync(join(chart, 'README.md'), 'utf8'), /helm upgrade --install solo \. --namespace solo --create-namespace\n/);
  for (const helm of HELMS) {
    const lint = await runEngine(helm, ['lint', '--strict', chart]);
    assert.equal(lint.code, 0, lint.stdout + lint.stderr);
    const result = await renderWithHelm(helm, model, chart, undefined);
    assert.ok(result.ok);
    assert.deepEqual(compareObjects(resolveObjects(model, undefined), result.objects), []);
  }
});

test('generation is byte-identical from one run to the next', () => {
  for (const text of [SMALL_SPEC, ...exampleSpecs().map((e) => readFileSync(e.path, 'utf8'))]) {
    const first = emitHelmChart(modelFromText(text));
    const second = emitHelmChart(modelFromText(text));
    assert.deepEqual(second, first);
    assert.ok(first.length > 10);
  }
});

test('every example chart is spelt from the same registry: values.yaml parses to the base of every parameter', () => {
  for (const example of exampleSpecs()) {
    const model = modelFromFile(example.path);
    const values = emitHelmChart(model).find((f) => f.path === `${model.spec.base.name}/values.yaml`)!;
    assert.deepEqual(parse(values.content), nestValues(valueParameters(model.registry).map((p) => [p.path, p.base])));
  }
});
