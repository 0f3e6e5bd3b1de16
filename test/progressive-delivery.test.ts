// Progressive delivery through the whole pipeline: every format verifies equal with its engine
// (Helm 3 and 4, kustomize, berth's Terraform evaluation, the Pulumi mocks), the strategy parameter
// swaps a Deployment for a Rollout the same way through Helm --set, a Terraform variable and Pulumi
// config, the migration Job still runs first, and the spec's bad combinations are refused with positions.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { run } from '../src/cli/main.ts';
import { createMemoryOutput } from '../src/cli/output.ts';
import { bundledEngines } from '../src/engines/index.ts';
import { parameterNames } from '../src/model/parameters.ts';
import { evaluateObjects, resolveObjects } from '../src/model/resolve.ts';
import type { Json } from '../src/model/template.ts';
import { loadSpec } from '../src/spec/load.ts';
import { TARGETS } from '../src/targets/index.ts';
import { renderWithHelm } from '../src/targets/helm/render-chart.ts';
import { runUnderMocks, toKubernetesObjects } from '../src/targets/pulumi/run-under-mocks.ts';
import { readStackConfig, spellConfigKey, toConfigString } from '../src/targets/pulumi/stack-config.ts';
import { parseTerraformFiles, readModuleDirectory, renderParsed } from '../src/targets/terraform/evaluate/render-module.ts';
import { compareObjects, formatDifferences, withoutFields } from '../src/verify/compare.ts';
import { loadModelFromText, REPO_ROOT } from './helpers.ts';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'progressive-delivery', 'berth.yaml');

async function berth(args: string[], cwd: string, env?: Record<string, string>) {
  const output = createMemoryOutput();
  const saved = { ...process.env };
  Object.assign(process.env, env ?? {});
  try {
    const code = await run(args, output, cwd);
    return { code, out: output.out, err: output.err };
  } finally {
    for (const key of Object.keys(env ?? {})) if (saved[key] === undefined) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

test('progressive delivery: generate every target, verify each with its engine (Helm 3 and Helm 4), check clean', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-delivery-'));
  cpSync(FIXTURE, join(dir, 'berth.yaml'));
  assert.equal((await berth(['generate'], dir)).code, 0);
  const { helm3, helm4 } = await bundledEngines();
  for (const helm of [helm3, helm4]) {
    const verified = await berth(['verify'], dir, { BERTH_HELM: helm.path });
    assert.equal(verified.code, 0, `${verified.out}\n${verified.err}`);
    const model = loadModelFromText(readFileSync(FIXTURE, 'utf8'), FIXTURE);
    for (const target of ['kubernetes', 'helm', 'kustomize', 'terraform', 'pulumi']) {
      for (const env of ['dev', 'production']) assert.match(verified.out, new RegExp(`^${target} ${env}: ok — ${resolveObjects(model, env).length} objects equal`, 'm'));
    }
    assert.match(verified.out, new RegExp(`helm production: ok .*helm ${helm === helm3 ? 'v3' : 'v4'}\\.`));
  }
  const checked = await berth(['check', '--format', 'json', '--fail-on', 'warning'], dir);
  assert.equal(checked.code, 0, checked.out);

  // The overlay that turns production progressive holds the delivery objects, not a copy of the app.
  const overlay = parse(readFileSync(join(dir, 'deploy', 'kustomize', 'overlays', 'production', 'kustomization.yaml'), 'utf8')) as { resources: string[] };
  const own = overlay.resources.filter((r) => r !== '../../base');
  assert.ok(own.includes('api-rollout.yaml'), JSON.stringify(overlay));
  for (const file of own) assert.match(file, /-(rollout|analysistemplate|virtualservice|destinationrule|httproute|canary-service|preview-service|smoke-test-networkpolicy)\.yaml$/);
  // Compose ignores delivery: one service per component, as for a rolling one.
  const compose = parse(readFileSync(join(dir, 'deploy', 'compose', 'compose.yaml'), 'utf8')) as { services: Record<string, unknown> };
  assert.deepEqual(Object.keys(compose.services).sort(), ['api', 'docs', 'migrate', 'web', 'worker']);
  // The generated READMEs say how to install the controller and drive a release.
  for (const readme of ['helm/shop/README.md', 'kustomize/README.md', 'kubernetes/README.md', 'terraform/README.md', 'pulumi/README.md']) {
    const text = readFileSync(join(dir, 'deploy', readme), 'utf8');
    for (const needle of ['argo-rollouts/releases', 'kubectl argo rollouts promote', 'kubectl argo rollouts abort', 'kubectl argo rollouts undo', 'istioctl install', 'gateway-api', '5 % of the requests fail']) {
      assert.ok(text.includes(needle), `${readme} mentions ${needle}`);
    }
  }
  assert.match(readFileSync(join(dir, 'deploy', 'terraform', 'README.md'), 'utf8'), /CRDs must exist\s+before `terraform plan`/);
});

test('the objects: a Rollout with the Deployment\'s pod template, HPA on the Rollout, PDB and NetworkPolicy still select its pods', () => {
  const model = loadModelFromText(readFileSync(FIXTURE, 'utf8'), FIXTURE);
  const dev = resolveObjects(model, 'dev');
  const production = resolveObjects(model, 'production');
  type Any = Record<string, any>;
  const find = (objects: readonly Any[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as Any;
  // Same pod template as the Deployment the same parameters give.
  const values = new Map(model.registry.valuesFor('production'));
  values.set('api.strategy', 'rolling');
  const asDeployment = evaluateObjects(model.objects, values).map((r) => r.object) as Any[];
  const rollout = find(production, 'Rollout', 'shop-api');
  assert.deepEqual(rollout.spec.template, find(asDeployment, 'Deployment', 'shop-api').spec.template);
  assert.deepEqual(rollout.spec.selector, find(asDeployment, 'Deployment', 'shop-api').spec.selector);
  assert.equal(find(production, 'Deployment', 'shop-api'), undefined);
  assert.deepEqual(find(production, 'HorizontalPodAutoscaler', 'shop-api').spec.scaleTargetRef, { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'shop-api' });
  assert.deepEqual(find(dev, 'HorizontalPodAutoscaler', 'shop-api').spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop-api' });
  const labels = rollout.spec.template.metadata.labels;
  for (const kind of ['PodDisruptionBudget', 'NetworkPolicy']) {
    const selector = kind === 'PodDisruptionBudget' ? find(production, kind, 'shop-api').spec.selector : find(production, kind, 'shop-api').spec.podSelector;
    for (const [key, value] of Object.entries(selector.matchLabels as Record<string, string>)) assert.equal(labels[key], value, `${kind} selects the Rollout's pods by ${key}`);
  }
  // Canary and preview Services, routing objects and analysis exist where the strategy says so.
  assert.ok(find(production, 'Service', 'shop-docs-canary'), 'Gateway API canary Service');
  assert.ok(find(production, 'HTTPRoute', 'shop-docs'));
  assert.ok(find(production, 'Service', 'shop-web-preview'), 'blue-green preview Service');
  assert.equal(find(production, 'Rollout', 'shop-docs').spec.strategy.canary.steps[1].pause.duration, undefined, 'an indefinite pause waits for a person');
  assert.deepEqual(find(production, 'Rollout', 'shop-worker').spec.strategy.canary.maxSurge, 1, 'a replica-based canary paces with the rollout settings');
  assert.equal(find(production, 'Rollout', 'shop-web').spec.strategy.blueGreen.scaleDownDelaySeconds, 300);
  for (const kind of ['Rollout', 'AnalysisTemplate', 'VirtualService', 'DestinationRule', 'HTTPRoute']) assert.equal(dev.filter((o) => o.kind === kind).length, 0, `dev rolls: no ${kind}`);
  // The smoke test's pod has berth's restricted defaults, so the security rules hold for it too.
  const smoke = find(production, 'AnalysisTemplate', 'shop-web-smoke-test').spec.metrics[0].provider.job.spec.template.spec;
  assert.deepEqual(smoke.containers[0].securityContext, { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true });
  assert.equal(smoke.automountServiceAccountToken, false);
  assert.match(smoke.containers[0].command.at(-1), /^http:\/\/shop-web-preview\.shop-prod\.svc:3000\/ready$/);
});

test('turning canary on through Helm --set, a Terraform variable and Pulumi config gives the same objects', async () => {
  const model = loadModelFromText(readFileSync(FIXTURE, 'utf8'), FIXTURE);
  const environment = 'dev';
  const cases: [string, Json][] = [
    ['api.strategy', 'canary'],
    ['web.strategy', 'blue-green'],
    ['docs.strategy', 'canary'],
    ['worker.strategy', 'blue-green'],
  ];
  const out = mkdtempSync(join(tmpdir(), 'berth-delivery-parity-'));
  for (const target of TARGETS.filter((t) => ['helm', 'terraform', 'pulumi'].includes(t.name))) {
    for (const file of target.emit(model)) {
      mkdirSync(dirname(join(out, target.name, file.path)), { recursive: true });
      writeFileSync(join(out, target.name, file.path), file.content);
    }
  }
  const app = model.spec.base.name;
  const { helm3, helm4 } = await bundledEngines();
  const terraform = await parseTerraformFiles(await readModuleDirectory(join(out, 'terraform')));
  const stack = readStackConfig(readFileSync(join(out, 'pulumi', `Pulumi.${environment}.yaml`), 'utf8'), app);
  assert.ok(stack.ok);
  const pulumi = await runUnderMocks({
    directory: join(out, 'pulumi'),
    project: app,
    runs: cases.map(([name, value]) => ({ stack: environment, config: { ...stack.config, [spellConfigKey(app, model.registry.get(name))]: toConfigString(value) } })),
    env: process.env,
  });
  assert.ok(pulumi.ok, JSON.stringify(pulumi));
  for (const [index, [name, value]] of cases.entries()) {
    const parameter = model.registry.get(name);
    const values = new Map(model.registry.valuesFor(environment));
    values.set(name, value);
    const canonical = evaluateObjects(model.objects, values).map((r) => r.object);
    assert.ok(canonical.some((o) => o.kind === 'Rollout' && o.metadata.name === `shop-${name.split('.')[0]}`), `${name}=${value} makes a Rollout`);
    const rendered: [string, readonly unknown[]][] = [];
    for (const helm of [helm3, helm4]) {
      const result = await renderWithHelm(helm, model, join(out, 'helm', app), environment, ['--set-string', `${parameterNames(parameter).helm}=${value}`]);
      assert.ok(result.ok, JSON.stringify(result));
      rendered.push([`helm ${helm === helm3 ? 3 : 4}`, result.objects]);
    }
    rendered.push(['terraform', renderParsed(terraform, environment, { [parameterNames(parameter).terraform]: value }).objects]);
    const runResult = pulumi.runs[index];
    assert.ok(runResult.ok, JSON.stringify(runResult));
    rendered.push(['pulumi', toKubernetesObjects(runResult.resources)]);
    for (const [format, objects] of rendered) {
      const omitted = TARGETS.find((t) => t.name === format.split(' ')[0])?.omittedFields ?? [];
      const differences = compareObjects(withoutFields(canonical, omitted), objects as never);
      assert.equal(differences.length, 0, `${name}=${JSON.stringify(value)} in ${format}:\n${formatDifferences(differences)}`);
    }
  }
});

test('the migration Job runs before a Rollout in Terraform and Pulumi', () => {
  const model = loadModelFromText(readFileSync(FIXTURE, 'utf8'), FIXTURE);
  const terraform = TARGETS.find((t) => t.name === 'terraform')!.emit(model).find((f) => f.path === 'component-api.tf')!.content;
  const rolloutBlock = terraform.slice(terraform.indexOf('resource "kubernetes_manifest" "api_rollout"'));
  assert.match(rolloutBlock.slice(0, rolloutBlock.indexOf('\n}\n')), /depends_on = \[[^\]]*kubernetes_job_v1\.migrate/);
  const pulumi = TARGETS.find((t) => t.name === 'pulumi')!.emit(model).find((f) => f.path === 'index.ts')!.content;
  const rollout = pulumi.slice(pulumi.indexOf("new k8s.apiextensions.CustomResource('api-rollout'"));
  assert.match(rollout.slice(0, rollout.indexOf('\n}, {') + 40), /dependsOn: \[migrateJob\]/);
});

test('bad combinations are refused at their berth.yaml line and column', () => {
  const spec = (strategy: string, extra = '') => `name: shop
version: 1.0.0
${strategy}
components:
  api:
    image: ghcr.io/acme/api
    port: 8080
  worker:
    image: ghcr.io/acme/worker
    health: { exec: [/bin/true] }
${extra}environments:
  dev: { namespace: shop-dev }
  prod:
    namespace: shop-prod
    strategy: canary
`;
  const errors = (text: string) => {
    const result = loadSpec(text, 'berth.yaml');
    assert.equal(result.ok, false, 'refused');
    return result.ok ? [] : result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.position?.line}:${d.position?.column} ${d.code}`).sort();
  };
  // line:column of the first `needle` in the text: where the value that is wrong was written.
  const at = (text: string, needle: string) => {
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes(needle));
    return `${line + 1}:${lines[line].indexOf(needle) + 1}`;
  };
  const istio = spec('strategy: { canary: { traffic: istio } }');
  assert.deepEqual(errors(istio), [`${at(istio, 'istio')} canary-router-without-service`], 'worker has no Service to route');
  const short = spec('strategy: { canary: { steps: [5, 25, 50] } }');
  assert.deepEqual(errors(short), [`${at(short, '[5, 25, 50]')} canary-steps-not-full`, `${at(short, '[5, 25, 50]')} canary-steps-not-full`]);
  const blind = spec('strategy: { canary: { analysis: true } }');
  assert.deepEqual(errors(blind), [`${at(blind, 'true')} analysis-without-prometheus`, `${at(blind, 'true')} analysis-without-prometheus`]);
  const blueGreen = spec('strategy: { type: rolling }').replace('    strategy: canary\n', '    strategy: blue-green\n    replicas: 1\n');
  assert.deepEqual(errors(blueGreen), [`${at(blueGreen, 'blue-green')} blue-green-single-replica`, `${at(blueGreen, 'blue-green')} blue-green-single-replica`, `${at(blueGreen, 'blue-green')} blue-green-without-service`].sort());
  assert.ok(loadSpec(spec('strategy: { prometheus: http://prometheus:9090, canary: { analysis: true } }'), 'berth.yaml').ok, 'a sound spec loads');
});

test('Argo CD leaves the traffic weights the controller moves alone, where a router splits traffic', () => {
  const model = loadModelFromText(readFileSync(join(REPO_ROOT, 'examples', 'platform', 'berth.yaml'), 'utf8'));
  const files = TARGETS.find((t) => t.name === 'argocd')!.emit(model);
  const spec = (env: string) => {
    const object = parse(files.find((f) => f.path.endsWith(`platform-${env}.yaml`))!.content) as Record<string, any>;
    return object.kind === 'ApplicationSet' ? object.spec.template.spec : object.spec;
  };
  assert.deepEqual(spec('production').ignoreDifferences, [{ group: 'networking.istio.io', kind: 'VirtualService', jqPathExpressions: ['.spec.http[].route[].weight'] }]);
  assert.ok(spec('production').syncPolicy.syncOptions.includes('RespectIgnoreDifferences=true'));
  assert.equal(spec('staging').ignoreDifferences, undefined, 'staging rolls: nothing to ignore');
});
