import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadExample } from '../../test/helpers.ts';
import { resolveEnvironment } from '../model/resolve.ts';
import { diffEnvironments } from './diff-environments.ts';
import { foldParameters, foldWorkloads, formatDiff } from './format-diff.ts';

const platform = loadExample('platform');
const resolve = (environment: string | undefined) => resolveEnvironment(platform, environment);

test('every changed parameter, with both values straight from the registry', () => {
  const diff = diffEnvironments(platform, 'dev', 'production', { resolve });
  const expected = platform.registry.parameters.filter((p) => !['fullname', 'release'].includes(p.builtin ?? '') && JSON.stringify(p.values.get('dev')) !== JSON.stringify(p.values.get('production')));
  assert.deepEqual(diff.parameters.map((p) => p.name), expected.map((p) => p.name));
  for (const change of diff.parameters) {
    const parameter = platform.registry.get(change.name);
    assert.deepEqual([change.from, change.to], [parameter.values.get('dev'), parameter.values.get('production')]);
    assert.deepEqual(change.governs, parameter.governs);
  }
  const replicas = diff.parameters.find((p) => p.name === 'gateway.replicas')!;
  assert.deepEqual([replicas.from, replicas.to, replicas.owner, replicas.field, replicas.terraform], [1, 3, 'gateway', 'replicas', 'gateway_replicas']);
});

test('objects on one side only name the toggles that decide them', () => {
  const diff = diffEnvironments(platform, 'dev', 'production', { resolve });
  const hpa = diff.onlyOnOneSide.find((o) => o.object === 'HorizontalPodAutoscaler/platform-gateway')!;
  assert.equal(hpa.side, 'to');
  assert.deepEqual(hpa.toggledBy, ['gateway.autoscaling.enabled']);
  const postgres = diff.onlyOnOneSide.find((o) => o.object === 'StatefulSet/platform-postgres')!;
  assert.equal(postgres.side, 'from');
  assert.deepEqual(postgres.toggledBy, ['postgres.inCluster']);
  // Production releases the gateway blue-green: the strategy parameter swaps its Deployment for a Rollout.
  const rollout = diff.onlyOnOneSide.find((o) => o.object === 'Rollout/platform-gateway')!;
  assert.equal(rollout.side, 'to');
  assert.deepEqual(rollout.toggledBy, ['gateway.strategy']);
  const deployment = diff.onlyOnOneSide.find((o) => o.object === 'Deployment/platform-gateway')!;
  assert.equal(deployment.side, 'from');
  assert.deepEqual(deployment.toggledBy, ['gateway.strategy']);
});

test('seed 004 sizing: the same change to 20 services folds into one row', () => {
  const staging = diffEnvironments(platform, 'dev', 'staging', { resolve });
  const production = diffEnvironments(platform, 'dev', 'production', { resolve });
  const [services] = foldWorkloads(production.workloads);
  assert.equal(services.names.length, 20);
  assert.deepEqual(services.from, { kind: 'Deployment', replicas: '1', cpu: '100m / 200m', memory: '128Mi / 256Mi' });
  assert.deepEqual(services.to, { kind: 'Rollout', replicas: 'HPA 3–20', cpu: '500m / 1', memory: '512Mi / 1Gi' });
  assert.deepEqual(foldWorkloads(staging.workloads)[0].to, { kind: 'Deployment', replicas: 'HPA 2–5', cpu: '250m / 500m', memory: '256Mi / 512Mi' });
  const rows = foldParameters(production.parameters);
  const cpu = rows.find((r) => r.field === 'resources.requests.cpu')!;
  assert.deepEqual([cpu.from, cpu.to, cpu.owners.length], ['100m', '500m', 20]);
  // Each sizing field of the 20 services is one row, whatever else (alerting, strategy) differs.
  const perService = rows.filter((r) => r.owners.length === 20).map((r) => r.field);
  assert.deepEqual(perService, [
    'autoscaling.enabled', 'autoscaling.maxReplicas', 'autoscaling.minReplicas', 'autoscaling.targetCPUUtilizationPercentage',
    'image.pullPolicy', 'image.tag', 'replicas',
    'resources.limits.cpu', 'resources.limits.memory', 'resources.requests.cpu', 'resources.requests.memory',
  ]);
  assert.ok(rows.length * 10 < production.parameters.length, `${rows.length} rows for ${production.parameters.length} parameters`);
});

test('--objects: field differences grouped by object, with the parameters that govern them', () => {
  const diff = diffEnvironments(platform, 'dev', 'staging', { resolve, objects: true });
  const deployment = diff.objects!.find((o) => o.object === 'Deployment/platform-gateway')!;
  const cpu = deployment.fields.find((f) => f.path === 'spec.template.spec.containers[name=gateway].resources.requests.cpu')!;
  assert.deepEqual([cpu.from, cpu.to, cpu.parameters], ['100m', '250m', ['gateway.resources.requests.cpu']]);
  assert.ok(diff.objects!.every((o) => o.fields.every((f) => !f.path.startsWith('metadata.namespace'))), 'namespaces are said once, by the parameter');
  const job = diff.objects!.find((o) => o.object.startsWith('Job/'))!;
  assert.ok(job.renamedFrom, 'the Job\'s hashed name changes with its image');
});

test('the base is a side, and equal sides give an empty diff', () => {
  const todo = loadExample('todo-chatbot');
  const diff = diffEnvironments(todo, undefined, 'prod', { resolve: (e) => resolveEnvironment(todo, e) });
  assert.equal(diff.from.name, 'base');
  assert.equal(diff.from.namespace, 'todo');
  const same = diffEnvironments(todo, 'prod', 'prod', { resolve: (e) => resolveEnvironment(todo, e), objects: true });
  assert.deepEqual([same.parameters.length, same.onlyOnOneSide.length, same.objects!.length], [0, 0, 0]);
  assert.match(formatDiff(same, 'text'), /Parameters: none differ/);
});
