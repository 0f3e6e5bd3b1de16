import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadModelFromText } from '../../test/helpers.ts';
import type { KubernetesObject } from './kubernetes-object.ts';
import { evaluateObjects, resolveObjects, sameJsonText } from './resolve.ts';

type Any = Record<string, any>;
const spec = `name: shop
version: 2.0.0
components:
  api:
    image: ghcr.io/acme/api
    port: 8080
    health: { http: /healthz }
    env: { MODE: fast, TOKEN: { secret: shop-token, key: token } }
    files: { /etc/api/config.yaml: "a: 1\\n" }
    uses: [cache]
    routes: [/]
    volumes: { data: { path: /data, size: 2Gi } }
    exceptions: [{ rule: readonly-root-filesystem, reason: "writes its cache next to the binary" }]
  worker:
    image: ghcr.io/acme/worker:1.2.3
    health: { exec: [/bin/check] }
    replicas: 1
dependencies:
  cache: { kind: redis, external: { secret: shop-redis, key: url } }
jobs:
  migrate: { component: api, command: [/api, migrate] }
ingress: { host: shop.example.com, className: nginx }
environments:
  dev: { namespace: shop-dev, replicas: 1, dependencies: { cache: { inCluster: true } } }
  prod: { namespace: shop-prod, components: { api: { autoscale: { min: 2, max: 6 }, env: { MODE: safe } } } }
`;
const model = loadModelFromText(spec);
const find = (objects: KubernetesObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as Any | undefined;
const withOverride = (name: string, value: unknown) => evaluateObjects(model.objects, new Map([...model.registry.valuesFor('prod'), [name, value as never]])).map((r) => r.object);

test('each component gets a ServiceAccount without token, Deployment, Service, NetworkPolicy', () => {
  const objects = resolveObjects(model, 'prod');
  const sa = find(objects, 'ServiceAccount', 'shop-api')!;
  assert.equal(sa.automountServiceAccountToken, false);
  const deployment = find(objects, 'Deployment', 'shop-api')!;
  const pod = deployment.spec.template.spec;
  assert.equal(pod.serviceAccountName, 'shop-api');
  assert.deepEqual(pod.securityContext.seccompProfile, { type: 'RuntimeDefault' });
  assert.equal(pod.containers[0].securityContext.allowPrivilegeEscalation, false);
  assert.deepEqual(pod.containers[0].securityContext.capabilities, { drop: ['ALL'] });
  assert.equal(pod.containers[0].securityContext.readOnlyRootFilesystem, false, 'exception relaxes the default');
  assert.equal(find(objects, 'Deployment', 'shop-worker')!.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem, true);
  assert.equal(find(objects, 'Service', 'shop-worker'), undefined, 'no port, no Service');
  assert.ok(find(objects, 'NetworkPolicy', 'shop-default-deny'));
  assert.equal(find(objects, 'Ingress', 'shop')!.spec.ingressClassName, 'nginx');
  assert.ok(find(objects, 'PersistentVolumeClaim', 'shop-api-data'));
  assert.equal(find(objects, 'ConfigMap', 'shop-api-files')!.data['etc_api_config.yaml'], 'a: 1\n');
});

test('HPA replaces replicas; PDB only when more than one replica can run', () => {
  const prod = resolveObjects(model, 'prod');
  assert.equal(find(prod, 'Deployment', 'shop-api')!.spec.replicas, undefined);
  assert.equal(find(prod, 'HorizontalPodAutoscaler', 'shop-api')!.spec.minReplicas, 2);
  assert.ok(find(prod, 'PodDisruptionBudget', 'shop-api'));
  assert.equal(find(prod, 'PodDisruptionBudget', 'shop-worker'), undefined, 'worker runs one replica');
  const dev = resolveObjects(model, 'dev');
  assert.equal(find(dev, 'Deployment', 'shop-api')!.spec.replicas, 1);
  assert.equal(find(dev, 'HorizontalPodAutoscaler', 'shop-api'), undefined);
  assert.equal(find(dev, 'PodDisruptionBudget', 'shop-api'), undefined);
  const more = withOverride('api.autoscaling.maxReplicas', 1);
  assert.equal(find(more, 'PodDisruptionBudget', 'shop-api'), undefined, 'HPA capped at one replica: no PDB');
});

test('the dependency toggle switches objects and the connection env', () => {
  const dev = resolveObjects(model, 'dev');
  assert.ok(find(dev, 'StatefulSet', 'shop-cache'));
  const env = find(dev, 'Deployment', 'shop-api')!.spec.template.spec.containers[0].env as Any[];
  assert.deepEqual(env.map((e) => e.name), ['CACHE_PASSWORD', 'TOKEN', 'REDIS_URL']);
  const prod = resolveObjects(model, 'prod');
  assert.equal(find(prod, 'StatefulSet', 'shop-cache'), undefined);
  const prodEnv = find(prod, 'Deployment', 'shop-api')!.spec.template.spec.containers[0].env as Any[];
  assert.deepEqual(prodEnv.find((e) => e.name === 'REDIS_URL')!.valueFrom.secretKeyRef, { key: 'url', name: 'shop-redis' });
});

test('config changes roll the pods; image changes rename the migration Job', () => {
  const checksum = (objects: KubernetesObject[]) => find(objects, 'Deployment', 'shop-api')!.spec.template.metadata.annotations['checksum/config'];
  const jobName = (objects: KubernetesObject[]) => objects.find((o) => o.kind === 'Job')!.metadata.name;
  const base = resolveObjects(model, 'prod');
  assert.match(checksum(base), /^[0-9a-f]{64}$/);
  assert.notEqual(checksum(withOverride('api.env.MODE', 'other')), checksum(base));
  assert.match(jobName(base), /^shop-migrate-[0-9a-f]{8}$/);
  assert.notEqual(jobName(withOverride('api.image.tag', '9.9.9')), jobName(base));
  assert.equal(jobName(withOverride('api.replicas', 5)), jobName(base));
});

test('every object carries its namespace and no Namespace object is emitted', () => {
  for (const env of ['dev', 'prod']) {
    const objects = resolveObjects(model, env);
    assert.ok(objects.every((o) => o.metadata.namespace === `shop-${env}`));
    assert.ok(!objects.some((o) => o.kind === 'Namespace'));
  }
});

test('findings can point back at spec lines', async () => {
  const { resolveEnvironment, sourceOf } = await import('./resolve.ts');
  const deployment = resolveEnvironment(model, 'prod').find((r) => r.object.kind === 'Deployment' && r.object.metadata.name === 'shop-api')!;
  assert.equal(sourceOf(deployment, 'spec.template.spec.containers[0].image')?.line, 5);
  assert.equal(sourceOf(deployment, 'spec.template.spec.containers[0].resources.limits.cpu')?.line, 4, 'falls back to the component');
});

test('an environment that turns autoscaling off changes only the toggle, not the bounds', () => {
  const m = loadModelFromText(`name: shop
version: 1.0.0
components:
  web: { image: ghcr.io/acme/web, port: 8080, autoscale: { min: 3, max: 9, cpu: 65 } }
environments:
  dev: { namespace: shop-dev, autoscale: false }
  prod: { namespace: shop-prod, components: { web: { autoscale: { enabled: false } } } }
`);
  for (const env of ['dev', 'prod']) {
    assert.deepEqual(m.registry.overridesFor(env).map((p) => p.name), ['namespace', 'web.autoscaling.enabled']);
  }
});

test('sameJsonText holds exactly when JSON.stringify spells both values alike', () => {
  const values: unknown[] = [
    { a: 1, b: [1, 2] },
    { b: [1, 2], a: 1 },
    { a: 1, b: [1, 2], c: undefined },
    { c: undefined, a: 1, b: [1, 2] },
    { a: 1, b: [2, 1] },
    { a: 1, b: [1, 2, 3] },
    { a: '1', b: [1, 2] },
    { a: 1, b: { 0: 1, 1: 2 } },
    { a: null, b: [1, 2] },
    { a: 1 },
    [],
    {},
    'text',
    0,
    null,
    { spec: { containers: [{ name: 'api', env: [{ name: 'A', value: 'x' }] }] } },
    { spec: { containers: [{ name: 'api', env: [{ value: 'x', name: 'A' }] }] } },
  ];
  for (const a of values) {
    for (const b of values) assert.equal(sameJsonText(a, b), JSON.stringify(a) === JSON.stringify(b), `${JSON.stringify(a)} and ${JSON.stringify(b)}`);
  }
});

test('an environment the registry does not explain, or an object its schema refuses, is a loud internal error', () => {
  // A registry that gives prod a value its own spec does not say: the self-check catches it.
  const tampered = loadModelFromText(spec);
  (tampered.registry.valuesFor('prod') as Map<string, unknown>).set('api.env.MODE', 'slow');
  assert.throws(() => resolveObjects(tampered, 'prod'), /environment prod differs from the base in a way no parameter explains/);
  // An object the Kubernetes schema refuses (the base has no self-check; its objects are still checked).
  const invalid = loadModelFromText(spec);
  (invalid.registry.valuesFor(undefined) as Map<string, unknown>).set('worker.replicas', 'three');
  assert.throws(() => resolveObjects(invalid, undefined), /Deployment\/.*worker.* is not a valid Deployment: .*replicas must be integer/);
});
