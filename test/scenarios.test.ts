// The numbers scenarios.md asks of each example, checked on the generated objects.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubernetesObject } from '../src/model/kubernetes-object.ts';
import { resolveObjects } from '../src/model/resolve.ts';
import { loadExample } from './helpers.ts';

type Any = Record<string, any>;
const find = (objects: KubernetesObject[], kind: string, name: string): Any | undefined =>
  objects.find((o) => o.kind === kind && o.metadata.name === name) as Any | undefined;
const container = (deployment: Any) => deployment.spec.template.spec.containers[0];

test('todo-chatbot: probes, resources, rollout, HPA, namespaces, secrets by reference', () => {
  const model = loadExample('todo-chatbot');
  const namespaces = { dev: 'todo-dev', staging: 'todo-staging', prod: 'todo-prod' } as Record<string, string>;
  for (const env of model.registry.environments) {
    const objects = resolveObjects(model, env);
    assert.ok(objects.every((o) => o.metadata.namespace === namespaces[env]), `${env} namespace`);
    const backend = find(objects, 'Deployment', 'todo-backend')!;
    const frontend = find(objects, 'Deployment', 'todo-frontend')!;
    const b = container(backend);
    assert.deepEqual(
      [b.livenessProbe.httpGet.path, b.livenessProbe.periodSeconds, b.livenessProbe.timeoutSeconds, b.livenessProbe.failureThreshold],
      ['/health', 10, 5, 3],
    );
    assert.deepEqual([b.readinessProbe.periodSeconds, b.readinessProbe.timeoutSeconds, b.readinessProbe.failureThreshold], [5, 3, 2]);
    assert.deepEqual([b.startupProbe.periodSeconds, b.startupProbe.timeoutSeconds, b.startupProbe.failureThreshold], [5, 3, 12]);
    assert.deepEqual(b.resources, { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '500m', memory: '1Gi' } });
    assert.deepEqual(container(frontend).resources, { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '250m', memory: '512Mi' } });
    for (const d of [backend, frontend]) {
      assert.deepEqual(d.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    }
    assert.equal(backend.spec.template.spec.securityContext.runAsUser, 10001);
    assert.equal(frontend.spec.template.spec.securityContext.runAsUser, 1001);
    // Secrets only by reference; never a secret-looking key in a ConfigMap.
    for (const name of ['DATABASE_URL', 'OPENAI_API_KEY', 'BETTER_AUTH_SECRET']) {
      const entry = b.env.find((e: Any) => e.name === name);
      // In-cluster PostgreSQL (dev): the URL only names the password variable, itself a secretKeyRef.
      const viaPassword = /\$\(POSTGRES_PASSWORD\)/.test(entry?.value ?? '') && b.env.find((e: Any) => e.name === 'POSTGRES_PASSWORD')?.valueFrom?.secretKeyRef;
      assert.ok(entry?.valueFrom?.secretKeyRef || viaPassword, `${env} ${name} comes from a Secret`);
    }
    for (const cm of objects.filter((o) => o.kind === 'ConfigMap') as Any[]) {
      assert.ok(!Object.keys(cm.data).some((k) => /SECRET|PASSWORD|KEY|DATABASE_URL/.test(k)), `${cm.metadata.name} holds no secrets`);
    }
    const ingress = find(objects, 'Ingress', 'todo')!;
    const paths = ingress.spec.rules[0].http.paths.map((p: Any) => [p.path, p.backend.service.name]);
    assert.deepEqual(paths, [['/api', 'todo-backend'], ['/', 'todo-frontend']]);
  }
  const dev = resolveObjects(model, 'dev');
  assert.equal(find(dev, 'Deployment', 'todo-backend')!.spec.replicas, 1);
  assert.equal(find(dev, 'Deployment', 'todo-frontend')!.spec.replicas, 1);
  assert.ok(find(dev, 'StatefulSet', 'todo-postgres'), 'dev runs PostgreSQL in the cluster');
  const prod = resolveObjects(model, 'prod');
  const hpa = find(prod, 'HorizontalPodAutoscaler', 'todo-backend')!;
  assert.equal(hpa.spec.minReplicas, 3);
  assert.equal(hpa.spec.maxReplicas, 10);
  assert.equal(hpa.spec.metrics[0].resource.target.averageUtilization, 70);
  assert.equal(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds, 300);
  assert.equal(find(prod, 'Deployment', 'todo-backend')!.spec.replicas, undefined, 'no replicas under an HPA');
  assert.ok(find(prod, 'Deployment', 'todo-frontend')!.spec.replicas >= 2);
  assert.equal(find(prod, 'StatefulSet', 'todo-postgres'), undefined, 'prod uses Neon');
  const staging = resolveObjects(model, 'staging');
  const stagingHpa = find(staging, 'HorizontalPodAutoscaler', 'todo-backend')!;
  assert.deepEqual([stagingHpa.spec.minReplicas, stagingHpa.spec.maxReplicas], [2, 10]);
});

test('platform: the seed table per environment, rollout, migration Job', () => {
  const model = loadExample('platform');
  const table = {
    dev: { replicas: 1, cpu: '100m', memory: '128Mi', hpa: undefined },
    staging: { replicas: undefined, cpu: '250m', memory: '256Mi', hpa: [2, 5] },
    production: { replicas: undefined, cpu: '500m', memory: '512Mi', hpa: [3, 20] },
  } as const;
  assert.equal(model.spec.base.components.length, 20);
  for (const [env, row] of Object.entries(table)) {
    const objects = resolveObjects(model, env);
    // Dev and staging roll; production releases through Argo Rollouts (see the next test).
    const workloads = objects.filter((o) => o.kind === (env === 'production' ? 'Rollout' : 'Deployment')) as Any[];
    assert.equal(workloads.length, 20);
    assert.equal(objects.filter((o) => o.kind === (env === 'production' ? 'Deployment' : 'Rollout')).length, 0);
    for (const d of workloads) {
      assert.equal(d.metadata.namespace, `platform-${env}`);
      assert.equal(d.spec.replicas, row.replicas, `${env} ${d.metadata.name} replicas`);
      assert.equal(container(d).resources.requests.cpu, row.cpu);
      assert.equal(container(d).resources.requests.memory, row.memory);
      assert.equal(d.spec.minReadySeconds, 10);
      if (d.kind === 'Deployment') assert.deepEqual(d.spec.strategy.rollingUpdate, { maxSurge: 1, maxUnavailable: 0 });
      const hpa = find(objects, 'HorizontalPodAutoscaler', d.metadata.name);
      assert.deepEqual(hpa ? [hpa.spec.minReplicas, hpa.spec.maxReplicas] : undefined, row.hpa ? [...row.hpa] : undefined);
    }
    assert.equal(objects.filter((o) => o.kind === 'Job').length, 1, `${env} has the migration Job`);
  }
});

test('platform: production canaries through Istio with seed 004\'s steps and thresholds; the gateway is blue-green', () => {
  const objects = resolveObjects(loadExample('platform'), 'production');
  const rollouts = objects.filter((o) => o.kind === 'Rollout') as Any[];
  const canaries = rollouts.filter((r: Any) => r.spec.strategy.canary);
  assert.equal(canaries.length, 19);
  for (const rollout of canaries) {
    const canary = rollout.spec.strategy.canary;
    assert.deepEqual(
      canary.steps,
      [{ setWeight: 5 }, { pause: { duration: '10m' } }, { setWeight: 25 }, { pause: { duration: '10m' } }, { setWeight: 50 }, { pause: { duration: '10m' } }, { setWeight: 100 }],
    );
    assert.equal(canary.trafficRouting.istio.virtualService.name, rollout.metadata.name);
    assert.equal(canary.trafficRouting.istio.destinationRule.name, rollout.metadata.name);
    assert.ok(find(objects, 'VirtualService', rollout.metadata.name), `${rollout.metadata.name} has its VirtualService`);
    assert.ok(find(objects, 'DestinationRule', rollout.metadata.name), `${rollout.metadata.name} has its DestinationRule`);
    const template = find(objects, 'AnalysisTemplate', canary.analysis.templates[0].templateName)!;
    const bounds = Object.fromEntries(template.spec.metrics.map((m: Any) => [m.name, Number(/<= ([0-9.]+)$/.exec(m.successCondition)![1])]));
    assert.deepEqual(bounds, { 'error-rate': 1, 'latency-p99': 1, restarts: 0 }, '5xx > 1 %, p99 > 1 s, any restart abort');
    assert.ok(template.spec.metrics.every((m: Any) => m.interval === '30s' && m.failureLimit === 0), 'the first breach aborts within 30 s');
    assert.equal(find(objects, 'HorizontalPodAutoscaler', rollout.metadata.name)!.spec.scaleTargetRef.kind, 'Rollout');
  }
  const gateway = rollouts.find((r: Any) => r.metadata.name === 'platform-gateway')!;
  const blueGreen = gateway.spec.strategy.blueGreen;
  assert.equal(blueGreen.activeService, 'platform-gateway');
  assert.equal(blueGreen.previewService, 'platform-gateway-preview');
  assert.ok(find(objects, 'Service', 'platform-gateway-preview'));
  assert.equal(blueGreen.scaleDownDelaySeconds, 600, 'the old version stays up to switch back at once');
  assert.equal(blueGreen.prePromotionAnalysis.templates[0].templateName, 'platform-gateway-smoke-test');
  const watch = find(objects, 'AnalysisTemplate', 'platform-gateway-post-promotion')!;
  assert.ok(watch.spec.metrics.every((m: Any) => m.count * 30 === 600), 'ten minutes of watching after the switch');
  for (const env of ['dev', 'staging']) {
    assert.equal(resolveObjects(loadExample('platform'), env).filter((o) => ['Rollout', 'AnalysisTemplate', 'VirtualService'].includes(o.kind)).length, 0, `${env} rolls`);
  }
});

test('realtime-svg: HOST, PORT, probes on /, Redis toggle with storage', () => {
  const model = loadExample('realtime-svg');
  const dev = resolveObjects(model, 'dev');
  const cm = find(dev, 'ConfigMap', 'realtime-svg-server')!;
  assert.equal(cm.data.HOST, '0.0.0.0');
  assert.equal(cm.data.PORT, '3000');
  const d = find(dev, 'Deployment', 'realtime-svg-server')!;
  assert.equal(container(d).ports[0].containerPort, 3000);
  assert.equal(find(dev, 'Service', 'realtime-svg-server')!.spec.ports[0].targetPort, 'http');
  assert.equal(container(d).livenessProbe.httpGet.path, '/');
  const redis = find(dev, 'StatefulSet', 'realtime-svg-redis')!;
  assert.equal(redis.spec.volumeClaimTemplates[0].spec.resources.requests.storage, '1Gi');
  assert.match(container(d).env.find((e: Any) => e.name === 'REDIS_URL').value, /^redis:\/\/:\$\(REDIS_PASSWORD\)@realtime-svg-redis:6379/);
  const prod = resolveObjects(model, 'prod');
  assert.equal(find(prod, 'StatefulSet', 'realtime-svg-redis'), undefined);
  const url = container(find(prod, 'Deployment', 'realtime-svg-server')!).env.find((e: Any) => e.name === 'REDIS_URL');
  assert.deepEqual(url.valueFrom.secretKeyRef, { key: 'url', name: 'realtime-svg-redis-url' });
  const ingress = find(prod, 'Ingress', 'realtime-svg')!;
  assert.equal(ingress.metadata.annotations, undefined, 'generic Ingress: no controller annotations');
  assert.ok(model.registry.parameters.filter((p) => !p.builtin).length >= 10);
});

test('django-celery: stateful PostgreSQL, workers, beat, nightly task, private registry, IAM role per environment', () => {
  const model = loadExample('django-celery');
  const roles = { dev: 'shop-dev', staging: 'shop-staging', prod: 'shop-prod' } as Record<string, string>;
  for (const env of model.registry.environments) {
    const objects = resolveObjects(model, env);
    const db = find(objects, 'StatefulSet', 'shop-postgres')!;
    assert.equal(db.spec.serviceName, 'shop-postgres-headless');
    assert.deepEqual(db.spec.volumeClaimTemplates.map((c: Any) => [c.metadata.name, c.spec.resources.requests.storage, c.spec.storageClassName]), [['data-data', '20Gi', 'gp3']]);
    assert.equal(find(objects, 'Service', 'shop-postgres-headless')!.spec.clusterIP, 'None');
    assert.ok(!find(objects, 'Deployment', 'shop-postgres'));
    for (const name of ['shop-web', 'shop-worker', 'shop-beat']) {
      const pod = find(objects, 'Deployment', name)!.spec.template.spec;
      assert.deepEqual(pod.imagePullSecrets, [{ name: 'ecr-pull' }], `${env} ${name} pulls from the private registry`);
      assert.equal(pod.securityContext.runAsNonRoot, true);
    }
    for (const name of ['shop-web', 'shop-worker']) {
      assert.equal(find(objects, 'ServiceAccount', name)!.metadata.annotations['eks.amazonaws.com/role-arn'], `arn:aws:iam::123456789012:role/${roles[env]}`);
    }
    assert.equal(find(objects, 'Deployment', 'shop-beat')!.spec.replicas, 1, 'one scheduler');
    assert.equal(find(objects, 'Service', 'shop-worker'), undefined, 'a worker has no Service');
    const nightly = find(objects, 'CronJob', 'shop-clearsessions')!;
    assert.equal(nightly.spec.schedule, '0 3 * * *');
    assert.ok(nightly.spec.startingDeadlineSeconds > 0 && nightly.spec.successfulJobsHistoryLimit >= 0);
    assert.equal(find(objects, 'Ingress', 'shop')!.metadata.annotations['cert-manager.io/cluster-issuer'], 'letsencrypt');
  }
  const prod = resolveObjects(model, 'prod');
  const web = find(prod, 'Deployment', 'shop-web')!.spec.template.spec;
  assert.deepEqual(web.containers[0].args, ['--keep-alive', '125'], "prod's own patch");
  assert.equal(web.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey, 'topology.kubernetes.io/zone');
  assert.deepEqual(web.topologySpreadConstraints.map((c: Any) => c.topologyKey), ['topology.kubernetes.io/zone']);
  const dev = resolveObjects(model, 'dev');
  assert.equal(find(dev, 'Deployment', 'shop-web')!.spec.template.spec.containers[0].args, undefined);
  assert.equal(find(dev, 'Deployment', 'shop-web')!.spec.template.spec.affinity.podAntiAffinity, undefined);
});
