// The whole pipeline on an unusual spec, through the CLI: generate every target, verify each with
// its engine, check with zero findings beyond the declared ones.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { run } from '../src/cli/main.ts';
import { createMemoryOutput } from '../src/cli/output.ts';
import { TARGETS } from '../src/targets/index.ts';
import { REPO_ROOT } from './helpers.ts';

async function berth(args: string[], cwd: string) {
  const output = createMemoryOutput();
  const code = await run(args, output, cwd);
  return { code, out: output.out, err: output.err };
}

/** A scratch directory holding a copy of test/fixtures/<name>/berth.yaml. */
function fixtureCopy(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-e2e-'));
  cpSync(join(REPO_ROOT, 'test', 'fixtures', name, 'berth.yaml'), join(dir, 'berth.yaml'));
  return dir;
}

/** `generate` then `verify`: every rendering target is ok in each of `environments`; verify's output. */
async function generateAndVerify(dir: string, environments: readonly string[]): Promise<string> {
  assert.equal((await berth(['generate'], dir)).code, 0);
  const verified = await berth(['verify'], dir);
  assert.equal(verified.code, 0, `${verified.out}\n${verified.err}`);
  for (const target of TARGETS.filter((t) => t.render && !t.applies)) for (const env of environments) assert.match(verified.out, new RegExp(`^${target.name} ${env}: ok`, 'm'));
  return verified.out;
}

test('edge-case spec: generate all, verify all, check', async () => {
  const dir = fixtureCopy('edge-cases');
  const generated = await berth(['generate'], dir);
  assert.equal(generated.code, 0, generated.err);
  const verified = await berth(['verify'], dir);
  assert.equal(verified.code, 0, `${verified.out}\n${verified.err}`);
  // The targets every spec gets (workflows and Argo CD need a delivery section).
  for (const target of TARGETS.filter((t) => t.render && !t.applies)) assert.match(verified.out, new RegExp(`^${target.name} default: ok — 25 objects equal`, 'm'));
  const checked = await berth(['check', '--format', 'json', '--fail-on', 'warning'], dir);
  assert.equal(checked.code, 0, checked.out);
  const { findings } = JSON.parse(checked.out) as { findings: { rule: string; object: string; severity: string; excepted?: unknown }[] };
  assert.deepEqual(
    findings.filter((f) => !f.excepted).map((f) => `${f.severity} ${f.rule} ${f.object}`),
    ['info replicas-minimum Deployment/odd-app-worker'],
  );
  assert.equal(findings.filter((f) => f.excepted).length, 2, 'the component and its Job are both excepted');
});

test('private-registry spec: pull secrets, annotations, Service type and env-wide image tag in every format', async () => {
  const dir = fixtureCopy('private-registry');
  assert.equal((await berth(['generate'], dir)).code, 0);
  const verified = await berth(['verify'], dir);
  assert.equal(verified.code, 0, `${verified.out}\n${verified.err}`);
  for (const target of TARGETS.filter((t) => t.render && !t.applies)) for (const env of ['dev', 'prod']) assert.match(verified.out, new RegExp(`^${target.name} ${env}: ok — 7 objects equal`, 'm'));

  type Rendered = { kind: string; metadata: { annotations?: Record<string, string> }; spec: Record<string, any> };
  const rendered = async (env: string) => (JSON.parse((await berth(['render', '--env', env, '-o', 'json'], dir)).out) as { items: Rendered[] }).items;
  const prod = await rendered('prod');
  const dev = await rendered('dev');
  const of = (objects: Rendered[], kind: string) => objects.find((o) => o.kind === kind)!;
  assert.equal(of(prod, 'ServiceAccount').metadata.annotations?.['eks.amazonaws.com/role-arn'], 'arn:aws:iam::123456789012:role/api-prod');
  assert.equal(of(dev, 'ServiceAccount').metadata.annotations?.['eks.amazonaws.com/role-arn'], 'arn:aws:iam::123456789012:role/api-dev');
  assert.equal(of(prod, 'Service').spec.type, 'LoadBalancer');
  assert.deepEqual(of(prod, 'Service').spec.loadBalancerSourceRanges, ['203.0.113.0/24']);
  assert.equal(of(dev, 'Service').spec.type, 'ClusterIP');
  const pod = of(prod, 'Deployment').spec.template;
  assert.deepEqual(pod.spec.imagePullSecrets, [{ name: 'ecr-pull' }, { name: 'regcred' }]);
  assert.equal(pod.metadata.annotations['sidecar.istio.io/inject'], 'false', 'app-wide pod annotation');
  assert.equal(pod.metadata.labels.team, 'payments');
  assert.match(of(dev, 'Deployment').spec.template.spec.containers[0].image, /:latest$/);
  assert.equal(of(dev, 'Deployment').spec.template.spec.containers[0].imagePullPolicy, 'Always');
  assert.equal(of(prod, 'Ingress').metadata.annotations?.['cert-manager.io/cluster-issuer'], 'letsencrypt');

  const checked = await berth(['check', '--format', 'json'], dir);
  assert.equal(checked.code, 0, checked.out);
  const { findings } = JSON.parse(checked.out) as { findings: { rule: string; excepted?: unknown }[] };
  assert.deepEqual(findings.filter((f) => !f.excepted).map((f) => f.rule), []);
});

test('patches spec: merge and JSON patches reach every format and verify equal', async () => {
  const dir = fixtureCopy('patches');
  await generateAndVerify(dir, ['prod']);
  const { items } = JSON.parse((await berth(['render', '--env', 'prod', '-o', 'json'], dir)).out) as { items: { kind: string; spec: Record<string, any> }[] };
  const pod = items.find((o) => o.kind === 'Deployment')!.spec.template.spec;
  assert.deepEqual(pod.nodeSelector, { pool: 'general' });
  assert.deepEqual(pod.tolerations, [{ key: 'dedicated', operator: 'Equal', value: 'api', effect: 'NoSchedule' }]);
  assert.equal(pod.priorityClassName, 'high');
  assert.equal(pod.terminationGracePeriodSeconds, 45);
  assert.equal(items.find((o) => o.kind === 'Service')!.spec.sessionAffinity, 'ClientIP');
});

test('multi-host spec: each route picks its host, TLS per host, hosts per environment, in every format', async () => {
  const dir = fixtureCopy('multi-host');
  await generateAndVerify(dir, ['dev', 'prod']);
  const ingress = async (env: string) =>
    (JSON.parse((await berth(['render', '--env', env, '-o', 'json'], dir)).out) as { items: { kind: string; spec: Record<string, any> }[] }).items.find((o) => o.kind === 'Ingress')!.spec;
  const prod = await ingress('prod');
  assert.deepEqual(prod.rules.map((r: { host: string; http: { paths: { backend: { service: { name: string } } }[] } }) => [r.host, r.http.paths[0].backend.service.name]), [['shop.example.com', 'shop-web'], ['grpc.shop.io', 'shop-api']]);
  assert.deepEqual(prod.tls, [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }, { hosts: ['grpc.shop.io'], secretName: 'grpc-tls' }]);
  const dev = await ingress('dev');
  assert.deepEqual(dev.rules.map((r: { host: string }) => r.host), ['dev.shop.example.com', 'grpc.dev.shop.example.com']);
  assert.equal(dev.tls, undefined);
});

test('scheduled-tasks spec: a worker and a CronJob with per-environment schedule and suspend, in every format', async () => {
  const dir = fixtureCopy('scheduled-tasks');
  await generateAndVerify(dir, ['dev', 'prod']);
  type Rendered = { kind: string; metadata: { name: string }; spec: Record<string, any> };
  const render = async (env: string) => (JSON.parse((await berth(['render', '--env', env, '-o', 'json'], dir)).out) as { items: Rendered[] }).items;
  const [dev, prod] = [await render('dev'), await render('prod')];
  const cron = (objects: Rendered[]) => objects.find((o) => o.kind === 'CronJob')!;
  assert.equal(cron(dev).spec.suspend, true);
  assert.equal(cron(prod).spec.suspend, false);
  assert.equal(cron(prod).spec.schedule, '30 2 * * *');
  assert.equal(cron(prod).spec.concurrencyPolicy, 'Forbid');
  assert.equal(cron(prod).spec.startingDeadlineSeconds, 300);
  const pod = cron(prod).spec.jobTemplate.spec.template.spec;
  assert.deepEqual(pod.containers[0].command, ['python', 'manage.py', 'report']);
  assert.equal(pod.containers[0].securityContext.readOnlyRootFilesystem, true, 'the same secure defaults as the component');
  assert.ok(prod.some((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'blog-nightly-report'));
  assert.ok(!prod.some((o) => o.kind === 'Service' && o.metadata.name === 'blog-worker'), 'a worker has no Service');
  const checked = await berth(['check', '--format', 'json'], dir);
  assert.equal(checked.code, 0, checked.out);
});

test('a CronJob time zone is refused for the Terraform target, which cannot write it, with a hint; without --target the other formats are generated', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-e2e-'));
  const text = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'scheduled-tasks', 'berth.yaml'), 'utf8').replace('    schedule: "0 3 * * *"\n', '    schedule: "0 3 * * *"\n    timeZone: Europe/Berlin\n');
  writeFileSync(join(dir, 'berth.yaml'), text);
  const refused = await berth(['generate', '--target', 'terraform'], dir);
  assert.equal(refused.code, 2);
  assert.match(refused.err, /terraform-unsupported-field: the Terraform target cannot express spec\.timeZone/);
  assert.ok(!existsSync(join(dir, 'deploy')), 'nothing is written');
  const generated = await berth(['generate'], dir);
  assert.equal(generated.code, 0, generated.err);
  assert.match(generated.err, /skipping terraform, which cannot write this spec:\n.*terraform-unsupported-field: the Terraform target cannot express spec\.timeZone/);
  assert.match(generated.out, /^terraform: not generated, it cannot write a field of this spec \(berth generate --target terraform says which\)$/m);
  assert.ok(!existsSync(join(dir, 'deploy', 'terraform')));
  for (const target of ['helm', 'kustomize', 'kubernetes', 'pulumi', 'compose']) assert.ok(existsSync(join(dir, 'deploy', target)), target);
  assert.doesNotMatch(readFileSync(join(dir, 'deploy', 'README.md'), 'utf8'), /deploy\/terraform|terraform\/README/);
  assert.equal((await berth(['verify'], dir)).code, 0);
});

test('sidecars spec: sidecars and init containers with the secure defaults, in every format; Jobs run without sidecars', async () => {
  const dir = fixtureCopy('sidecars');
  await generateAndVerify(dir, ['prod']);
  type Rendered = { kind: string; spec: Record<string, any> };
  const { items } = JSON.parse((await berth(['render', '--env', 'prod', '-o', 'json'], dir)).out) as { items: Rendered[] };
  const pod = items.find((o) => o.kind === 'Deployment')!.spec.template.spec;
  assert.deepEqual(pod.containers.map((c: { name: string }) => c.name), ['api', 'envoy']);
  assert.deepEqual(pod.initContainers.map((c: { name: string }) => c.name), ['wait-db']);
  for (const container of [...pod.containers, ...pod.initContainers]) {
    assert.deepEqual(container.securityContext, { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true }, container.name);
  }
  const envoy = pod.containers[1];
  assert.deepEqual(envoy.env, [
    { name: 'API_TOKEN', valueFrom: { secretKeyRef: { key: 'token', name: 'api-token' } } },
    { name: 'ENVOY_UID', value: '0' },
  ]);
  assert.deepEqual(envoy.resources, { limits: { cpu: '200m', memory: '128Mi' }, requests: { cpu: '50m', memory: '64Mi' } });
  // The sidecar's own checks, on its admin port by name; no startup probe, as asked.
  assert.deepEqual(envoy.readinessProbe, { failureThreshold: 2, httpGet: { path: '/ready', port: 'admin', scheme: 'HTTP' }, initialDelaySeconds: 0, periodSeconds: 2, successThreshold: 1, timeoutSeconds: 3 });
  assert.deepEqual(envoy.livenessProbe.httpGet, { path: '/ready', port: 'admin', scheme: 'HTTP' });
  assert.equal(envoy.startupProbe, undefined);
  assert.equal(pod.initContainers[0].readinessProbe, undefined);
  const job = items.find((o) => o.kind === 'Job')!.spec.template.spec;
  assert.deepEqual(job.containers.map((c: { name: string }) => c.name), ['api'], 'a migration would never complete beside a running sidecar');
  assert.equal((await berth(['check'], dir)).code, 0);
});

test('placement spec: node selector, tolerations, priority, grace period and preStop, per environment, in every format', async () => {
  const dir = fixtureCopy('placement');
  await generateAndVerify(dir, ['dev', 'prod']);
  type Rendered = { kind: string; spec: Record<string, any> };
  const render = async (env: string) => (JSON.parse((await berth(['render', '--env', env, '-o', 'json'], dir)).out) as { items: Rendered[] }).items;
  const pod = (items: Rendered[], kind: string) => items.find((o) => o.kind === kind)!.spec.template.spec;
  const [dev, prod] = [await render('dev'), await render('prod')];
  assert.deepEqual(pod(dev, 'Deployment').nodeSelector, { 'node.kubernetes.io/pool': 'general' });
  assert.deepEqual(pod(prod, 'Deployment').nodeSelector, { 'node.kubernetes.io/pool': 'critical' });
  assert.equal(pod(dev, 'Deployment').priorityClassName, 'standard');
  assert.equal(pod(prod, 'Deployment').priorityClassName, 'high');
  assert.equal(pod(prod, 'Deployment').terminationGracePeriodSeconds, 40);
  assert.deepEqual(pod(prod, 'Deployment').tolerations, [{ key: 'dedicated', operator: 'Equal', value: 'api', effect: 'NoSchedule' }]);
  assert.deepEqual(pod(prod, 'Deployment').containers[0].lifecycle, { preStop: { exec: { command: ['sleep', '5'] } } });
  assert.deepEqual(pod(prod, 'Job').nodeSelector, { 'node.kubernetes.io/pool': 'critical' }, 'the migration runs on the same nodes');
  assert.equal(pod(prod, 'Job').containers[0].lifecycle, undefined, 'no preStop hook on a Job');
});

test('observability spec: ServiceMonitors, a PodMonitor, the PrometheusRule, the AlertmanagerConfig, dashboards and the scrape rules in every format', async () => {
  const dir = fixtureCopy('observability');
  const generated = await berth(['generate'], dir);
  assert.equal(generated.code, 0, generated.err);
  const verified = await berth(['verify'], dir);
  assert.equal(verified.code, 0, `${verified.out}\n${verified.err}`);
  for (const target of TARGETS.filter((t) => t.render && !t.applies)) {
    for (const env of ['dev', 'prod']) assert.match(verified.out, new RegExp(`^${target.name} ${env}: ok — 27 objects equal`, 'm'));
    // Alerting switched off: no PrometheusRule and no AlertmanagerConfig, in every format.
    assert.match(verified.out, new RegExp(`^${target.name} preview: ok — 25 objects equal`, 'm'));
  }

  type Rendered = { kind: string; metadata: { name: string; labels?: Record<string, string> }; spec: Record<string, any> };
  const prod = (JSON.parse((await berth(['render', '--env', 'prod', '-o', 'json'], dir)).out) as { items: Rendered[] }).items;
  const monitors = prod.filter((o) => o.kind === 'ServiceMonitor');
  assert.deepEqual(monitors.map((m) => [m.metadata.name, m.spec.endpoints[0]]), [
    ['shop-api', { interval: '30s', path: '/metrics', port: 'metrics' }],
    ['shop-web', { interval: '15s', path: '/internal/metrics', port: 'http' }],
  ]);
  assert.ok(monitors.every((m) => m.metadata.labels?.release === 'kube-prometheus-stack'));
  // The worker has no Service: a PodMonitor scrapes its pods, which name the port, and the
  // monitoring namespace may reach it through the worker's otherwise closed NetworkPolicy.
  const podMonitor = prod.find((o) => o.kind === 'PodMonitor')!;
  assert.equal(podMonitor.metadata.name, 'shop-worker');
  assert.equal(podMonitor.spec.podMetricsEndpoints[0].port, 'metrics');
  assert.deepEqual(prod.find((o) => o.kind === 'Deployment' && o.metadata.name === 'shop-worker')!.spec.template.spec.containers[0].ports, [{ containerPort: 9100, name: 'metrics', protocol: 'TCP' }]);
  assert.deepEqual(prod.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'shop-worker')!.spec.ingress, [
    { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }], ports: [{ port: 9100, protocol: 'TCP' }] },
  ]);
  assert.equal(prod.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1').length, 5);
  const apiPolicy = prod.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'shop-api')!;
  assert.deepEqual(apiPolicy.spec.ingress[1], { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } }], ports: [{ port: 9090, protocol: 'TCP' }] });
  // web is routed: its ports are open to every source already.
  assert.equal(prod.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'shop-web')!.spec.ingress.length, 1);
  const rule = prod.find((o) => o.kind === 'PrometheusRule')!;
  assert.equal(rule.metadata.labels?.release, 'kube-prometheus-stack');
  assert.equal(rule.spec.groups[0].rules.length, 18);
  const routing = prod.find((o) => o.kind === 'AlertmanagerConfig')!;
  assert.deepEqual(routing.spec.receivers.map((r: { name: string }) => r.name), ['none', 'email', 'pagerduty', 'slack']);
  assert.deepEqual(routing.spec.receivers[3].slackConfigs[0].apiURL, { key: 'slack-webhook-url', name: 'shop-alerting' }, 'the webhook URL by reference only');
  const readme = readFileSync(join(dir, 'deploy', 'kubernetes', 'README.md'), 'utf8');
  assert.match(readme, /kubectl -n shop-prod create secret generic shop-alerting --from-literal=pagerduty-routing-key=\.\.\. --from-literal=slack-webhook-url=\.\.\./);
  assert.match(readme, /kubectl -n shop-prod create secret generic shop-smtp --from-literal=password=\.\.\. /);
  assert.ok(existsSync(join(dir, 'deploy', 'alertmanager', 'prod', 'alertmanager.yml')));
  assert.ok(!existsSync(join(dir, 'deploy', 'alertmanager', 'preview')), 'no routing where alerting is off');
  const checked = await berth(['check', '--format', 'json'], dir);
  const { findings } = JSON.parse(checked.out) as { findings: { rule: string }[] };
  assert.deepEqual(findings.filter((f) => f.rule === 'alert-severity-summary' || f.rule === 'metrics-scraped'), []);
});

test('stateful spec: a StatefulSet with a headless Service and a claim per replica, in every format; policy sees its pods', async () => {
  const dir = fixtureCopy('stateful');
  await generateAndVerify(dir, ['dev', 'prod']);
  type Rendered = { kind: string; metadata: { name: string }; spec: Record<string, any> };
  const render = async (env: string) => (JSON.parse((await berth(['render', '--env', env, '-o', 'json'], dir)).out) as { items: Rendered[] }).items;
  const [dev, prod] = [await render('dev'), await render('prod')];
  const set = prod.find((o) => o.kind === 'StatefulSet')!;
  assert.equal(set.metadata.name, 'ledger-db');
  assert.equal(set.spec.replicas, 3);
  assert.equal(set.spec.serviceName, 'ledger-db-headless');
  assert.deepEqual(set.spec.volumeClaimTemplates.map((c: any) => [c.metadata.name, c.spec.resources.requests.storage, c.spec.storageClassName]), [['data-data', '10Gi', 'fast']]);
  assert.ok(!set.spec.template.spec.volumes.some((v: any) => v.persistentVolumeClaim), 'the claim comes from the template, not a shared PVC');
  assert.deepEqual(set.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  assert.equal(dev.find((o) => o.kind === 'StatefulSet')!.spec.persistentVolumeClaimRetentionPolicy.whenDeleted, 'Delete', 'keepVolumes: false in dev');
  assert.doesNotMatch((await berth(['validate'], dir)).err, /volume-single-writer/, 'each replica has its own claim');
  assert.equal(set.spec.template.spec.securityContext.runAsNonRoot, true);
  assert.equal(set.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem, true);
  assert.ok(!prod.some((o) => o.kind === 'PersistentVolumeClaim'));
  assert.deepEqual(prod.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name), ['ledger-api'], 'the stateful component has no Deployment');
  const headless = prod.find((o) => o.metadata.name === 'ledger-db-headless')!;
  assert.equal(headless.spec.clusterIP, 'None');
  assert.ok(prod.some((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === 'ledger-db'), 'three replicas get a PDB');
  assert.ok(!dev.some((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === 'ledger-db'));
  assert.equal((await berth(['check'], dir)).code, 0);

  // Policy rules read the StatefulSet's pod template like a Deployment's.
  const spec = readFileSync(join(dir, 'berth.yaml'), 'utf8').replace('    writable: [/var/run/postgresql]\n', '    writable: [/var/run/postgresql]\n    exceptions: [{ rule: readonly-root-filesystem, reason: postgres writes its socket lock elsewhere }]\n');
  writeFileSync(join(dir, 'berth.yaml'), spec);
  const checked = await berth(['check', '--format', 'json'], dir);
  const { findings } = JSON.parse(checked.out) as { findings: { rule: string; object: string; excepted?: unknown }[] };
  assert.ok(findings.some((f) => f.rule === 'readonly-root-filesystem' && f.object === 'StatefulSet/ledger-db' && f.excepted), checked.out);
});

test('affinity spec: affinity, topology spread and patches replaced per environment, in every format', async () => {
  const dir = fixtureCopy('affinity');
  await generateAndVerify(dir, ['dev', 'staging', 'prod']);
  type Rendered = { kind: string; metadata: { name: string }; spec: Record<string, any> };
  const render = async (env: string) => (JSON.parse((await berth(['render', '--env', env, '-o', 'json'], dir)).out) as { items: Rendered[] }).items;
  const [dev, staging, prod] = [await render('dev'), await render('staging'), await render('prod')];
  const pod = (items: Rendered[], kind: string, name: string) => items.find((o) => o.kind === kind && o.metadata.name === name)!.spec.template.spec;
  const arch = (items: Rendered[], kind: string, name: string) => pod(items, kind, name).affinity?.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values;
  assert.deepEqual(arch(dev, 'Deployment', 'rust-api'), ['arm64']);
  assert.deepEqual(arch(prod, 'Deployment', 'rust-api'), ['amd64', 'arm64'], 'set-like values are sorted, as the Terraform provider sends them');
  assert.equal(pod(staging, 'Deployment', 'rust-api').affinity, undefined, 'staging drops the affinity');
  assert.equal(pod(dev, 'Deployment', 'rust-api').affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight, 100);
  assert.equal(pod(prod, 'Deployment', 'rust-api').affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey, 'topology.kubernetes.io/zone');
  const job = prod.find((o) => o.kind === 'Job')!.spec.template.spec;
  assert.deepEqual(Object.keys(job.affinity), ['nodeAffinity'], 'a Job keeps the node affinity only');
  assert.deepEqual(pod(dev, 'Deployment', 'rust-api').topologySpreadConstraints.map((c: any) => c.topologyKey), ['kubernetes.io/hostname']);
  assert.deepEqual(pod(prod, 'Deployment', 'rust-api').topologySpreadConstraints.map((c: any) => [c.topologyKey, c.whenUnsatisfiable, c.minDomains]), [['topology.kubernetes.io/zone', 'DoNotSchedule', 3]]);
  assert.equal(pod(prod, 'Deployment', 'rust-worker').topologySpreadConstraints, undefined, 'topologySpread: false');
  assert.deepEqual(pod(dev, 'Deployment', 'rust-api').dnsConfig, { options: [{ name: 'ndots', value: '2' }] });
  assert.deepEqual(pod(prod, 'Deployment', 'rust-api').dnsConfig, { options: [{ name: 'ndots', value: '1' }] }, "prod's own patch applies after the app-wide one");
  assert.equal(prod.find((o) => o.kind === 'Service')!.spec.sessionAffinity, 'ClientIP');
  assert.equal(dev.find((o) => o.kind === 'Service')!.spec.sessionAffinity, undefined);
  const values = readFileSync(join(dir, 'deploy', 'helm', 'rust', 'values-prod.yaml'), 'utf8');
  assert.match(values, /affinityVariant: prod/);
  assert.match(values, /environment: prod/);
});

test('native sidecars: init containers with restartPolicy Always before the init containers, beside Jobs too; Terraform refuses them at their line', async () => {
  const dir = fixtureCopy('native-sidecars');
  const refused = await berth(['generate', '--target', 'terraform'], dir);
  assert.equal(refused.code, 2);
  assert.match(refused.err, /berth\.yaml:14:9 error terraform-unsupported-field: the Terraform target cannot express the native sidecar cloud-sql-proxy of api/);
  assert.equal((await berth(['generate', '--target', 'helm,kustomize,kubernetes,pulumi,compose'], dir)).code, 0);
  const verified = await berth(['verify'], dir);
  assert.equal(verified.code, 0, `${verified.out}\n${verified.err}`);
  for (const target of ['helm', 'kustomize', 'kubernetes', 'pulumi', 'compose']) assert.match(verified.out, new RegExp(`^${target} prod: ok`, 'm'));
  type Rendered = { kind: string; spec: Record<string, any> };
  const items = (JSON.parse((await berth(['render', '--env', 'prod', '-o', 'json'], dir)).out) as { items: Rendered[] }).items;
  for (const kind of ['Deployment', 'Job']) {
    const pod = items.find((o) => o.kind === kind)!.spec.template.spec;
    assert.deepEqual(pod.initContainers.map((c: any) => [c.name, c.restartPolicy]), [['cloud-sql-proxy', 'Always'], ['wait-db', undefined]], kind);
    assert.equal(pod.initContainers[0].securityContext.runAsNonRoot, true);
  }
  assert.deepEqual(items.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers.map((c: any) => c.name), ['api', 'log-shipper']);
  assert.match(readFileSync(join(dir, 'deploy', 'helm', 'node', 'Chart.yaml'), 'utf8'), /^kubeVersion: ">=1\.29\.0-0"$/m, 'the chart refuses clusters without native sidecars');
});
