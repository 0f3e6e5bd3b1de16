import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAppModel } from '../model/resolve.ts';
import { DEFAULT_ALERTS } from './default-alerts.ts';
import { loadSpec } from './load.ts';

const spec = (extra: string) => `name: shop
version: 1.0.0
components:
  api:
    image: ghcr.io/acme/api
    port: 8080
    ports:
      - name: metrics
        port: 9090
${extra}`;

test('metrics: a port by name or number, with the default path and interval', () => {
  for (const port of ['metrics', '9090']) {
    const result = loadSpec(spec(`    metrics:\n      port: ${port}\n`), 'berth.yaml');
    assert.ok(result.ok);
    assert.deepEqual(result.spec.base.components[0].metrics, { port: 'metrics', path: '/metrics', interval: '30s', convention: { kind: 'http', overrides: {} } });
  }
});

test('metrics: a port the component does not have is refused at its position, with the ports to choose from', () => {
  const result = loadSpec(spec(`    metrics:\n      port: 9100\n`), 'berth.yaml');
  assert.equal(result.ok, false);
  const [problem] = result.ok ? [] : result.diagnostics;
  assert.equal(problem.code, 'metrics-port-unknown');
  assert.equal(problem.position?.line, 11);
  assert.match(problem.hint ?? '', /http \(8080\), metrics \(9090\)/);
});

test('alerting: the seed table by default, tuned per environment through parameters', () => {
  const result = loadSpec(
    spec(`alerting:
  alerts:
    disk-high: false
    cpu-high: { threshold: 90 }
environments:
  dev:
    namespace: shop-dev
    alerting:
      enabled: false
      alerts:
        cpu-high: { severity: info }
  prod:
    namespace: shop-prod
`),
    'berth.yaml',
  );
  assert.ok(result.ok);
  const alerting = result.spec.base.alerting!;
  assert.equal(alerting.alerts.length, DEFAULT_ALERTS.length);
  assert.deepEqual(alerting.alerts.find((a) => a.id === 'error-rate-critical'), { id: 'error-rate-critical', enabled: true, threshold: 5, for: '5m', severity: 'critical' });
  assert.equal(alerting.alerts.find((a) => a.id === 'disk-high')!.enabled, false);
  const { registry } = buildAppModel(result.spec);
  assert.deepEqual(Object.fromEntries(registry.get('alerting.cpuHigh.threshold').values), { dev: 90, prod: 90 });
  assert.deepEqual(Object.fromEntries(registry.get('alerting.cpuHigh.severity').values), { dev: 'info', prod: 'warning' });
  assert.deepEqual(Object.fromEntries(registry.get('alerting.enabled').values), { dev: false, prod: true });
});

test('a spec without metrics or alerting has no monitoring parameters or objects', () => {
  const result = loadSpec(spec(''), 'berth.yaml');
  assert.ok(result.ok);
  const model = buildAppModel(result.spec);
  assert.ok(!model.registry.parameters.some((p) => p.name.startsWith('alerting.')));
  assert.ok(!model.objects.some((o) => o.kind === 'ServiceMonitor' || o.kind === 'PrometheusRule'));
});

const routing = `alerting:
  receivers:
    slack:
      slack: { channel: "#alerts", webhook: { secret: alerting, key: slack } }
    oncall:
      pagerduty: { routingKey: { secret: alerting, key: pagerduty } }
  routes:
    critical: { receivers: [slack, oncall] }
    latency-p95: { receivers: [slack] }
`;

test('routing: routes default to the seed\'s response times, and each route and receiver is a parameter', () => {
  const result = loadSpec(spec(`${routing}environments:\n  dev:\n    namespace: shop-dev\n    alerting:\n      routes:\n        critical: { receivers: [slack], repeat: 1h }\n`), 'berth.yaml');
  assert.ok(result.ok, result.ok ? '' : JSON.stringify(result.diagnostics));
  assert.deepEqual(result.spec.base.alerting?.routes, [
    { key: 'latency-p95', receivers: ['slack'], repeat: '30m' },
    { key: 'critical', receivers: ['oncall', 'slack'], repeat: '5m' },
  ]);
  const { registry } = buildAppModel(result.spec);
  assert.equal(registry.get('alerting.routes.critical.receivers.oncall').base, true);
  assert.equal(registry.get('alerting.routes.critical.receivers.oncall').values.get('dev'), false);
  assert.equal(registry.get('alerting.routes.critical.repeatInterval').values.get('dev'), '1h');
  assert.equal(registry.get('alerting.routes.latencyP95.receivers.oncall').base, false);
});

test('routing: an unknown receiver and a route the app does not declare are refused at their positions', () => {
  const result = loadSpec(
    spec(`${routing.replace('[slack, oncall]', '[slack, on-call]')}environments:\n  dev:\n    namespace: shop-dev\n    alerting:\n      routes:\n        info: { receivers: [slack] }\n`),
    'berth.yaml',
  );
  assert.equal(result.ok, false);
  const problems = result.ok ? [] : result.diagnostics;
  assert.deepEqual(problems.map((p) => [p.code, p.position?.line]), [['unknown-receiver', 17], ['route-not-declared', 24]]);
  assert.match(problems[0].message, /did you mean "oncall"/);
});

test('metrics: a component without ports serves them on a port number of its own (a PodMonitor scrapes it)', () => {
  const worker = (port: string) => loadSpec(`name: shop\nversion: 1.0.0\ncomponents:\n  worker:\n    image: ghcr.io/acme/worker\n    metrics: { port: ${port} }\n`, 'berth.yaml');
  const result = worker('9100');
  assert.ok(result.ok);
  assert.deepEqual(result.spec.base.components[0].metrics, { port: 'metrics', containerPort: 9100, path: '/metrics', interval: '30s', convention: { kind: 'http', overrides: {} } });
  const named = worker('metrics');
  assert.equal(named.ok, false);
  assert.match(named.ok ? '' : named.diagnostics[0].hint ?? '', /has no ports: give the number/);
});
