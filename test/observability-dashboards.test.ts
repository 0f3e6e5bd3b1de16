// The Grafana dashboards berth writes: the seed's five per app, as ConfigMaps the Grafana sidecar
// loads, built deterministically with the foundation SDK, with datasource, namespace and component
// variables; every panel query parses with Prometheus' own promtool, and thresholds follow the
// environment's alert parameters.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { resolveEnvironment, type AppModel } from '../src/model/resolve.ts';
import { loadModelFromText, REPO_ROOT } from './helpers.ts';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'observability', 'berth.yaml');
const PLATFORM = join(REPO_ROOT, 'examples', 'platform', 'berth.yaml');

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: { expr: string }[];
  fieldConfig?: { defaults: { thresholds?: { steps: { value: number | null }[] } } };
}
interface Dashboard {
  uid: string;
  title: string;
  templating: { list: { name: string; type: string; query?: unknown }[] };
  panels: Panel[];
}

const load = (file: string): AppModel => loadModelFromText(readFileSync(file, 'utf8'), file);

function dashboards(model: AppModel, env: string): Map<string, Dashboard> {
  const found = new Map<string, Dashboard>();
  for (const { object } of resolveEnvironment(model, env)) {
    if (object.kind !== 'ConfigMap' || (object.metadata as { labels?: Record<string, string> }).labels?.grafana_dashboard !== '1') continue;
    for (const [key, text] of Object.entries((object as unknown as { data: Record<string, string> }).data)) found.set(key, JSON.parse(text) as Dashboard);
  }
  return found;
}

/** A panel query as Prometheus would receive it, with Grafana's variables filled in. */
function expand(expr: string, namespace: string): string {
  return expr.replaceAll('$__rate_interval', '5m').replaceAll('$namespace', namespace).replaceAll('$component', '.*');
}

test('dashboards: the seed\'s five, each with datasource, namespace and component variables, panels on the chosen datasource', () => {
  const found = dashboards(load(FIXTURE), 'prod');
  assert.deepEqual([...found.keys()].sort(), ['deployment-status.json', 'error-rates.json', 'latency.json', 'service-health.json', 'throughput.json']);
  for (const [key, d] of found) {
    assert.deepEqual(d.templating.list.map((v) => [v.name, v.type]), [['datasource', 'datasource'], ['namespace', 'query'], ['component', 'custom']], key);
    assert.equal(d.templating.list[2].query, 'api,web,worker');
    assert.match(d.title, /^shop \/ .+ \(shop-prod\)$/);
    assert.ok(d.uid.length <= 40, d.uid);
    const panels = d.panels.filter((p) => p.type !== 'row');
    assert.ok(panels.length > 0, key);
    assert.deepEqual(d.panels.map((p) => p.id), d.panels.map((_, i) => i + 1), 'ids are stable: 1, 2, 3… in layout order');
    for (const p of panels) {
      assert.equal(p.datasource?.uid, '${datasource}', `${key} ${p.title}`);
      assert.ok((p.targets ?? []).length > 0, `${key} ${p.title} queries something`);
    }
  }
  // HTTP, Istio: one row each, with that convention's own metric names.
  const errors = JSON.stringify(found.get('error-rates.json'));
  assert.match(errors, /shop_http_requests_total\{namespace=\\"\$namespace\\",service=~\\"shop-\(\$component\)\\",code=~\\"5\.\.\\"\}/);
  assert.match(errors, /istio_requests_total\{reporter=\\"destination\\",destination_workload_namespace=\\"\$namespace\\"/);
});

test('dashboards: uids differ per environment, and the JSON is the same on every build', () => {
  const [a, b] = [load(FIXTURE), load(FIXTURE)];
  assert.deepEqual(dashboards(a, 'prod'), dashboards(b, 'prod'));
  const uids = (env: string) => [...dashboards(a, env).values()].map((d) => d.uid);
  assert.equal(new Set([...uids('dev'), ...uids('prod')]).size, 10);
});

test('dashboards: thresholds follow the alert parameters of each environment', () => {
  const model = load(FIXTURE);
  const cpu = (env: string) => dashboards(model, env).get('service-health.json')!.panels.find((p) => p.title === 'CPU (% of limit)')!.fieldConfig!.defaults.thresholds!.steps.map((s) => s.value);
  assert.deepEqual(cpu('prod'), [null, 80]);
  assert.deepEqual(cpu('dev'), [null, 95]);
  const latency = dashboards(model, 'prod').get('latency.json')!.panels.find((p) => p.type === 'timeseries')!;
  assert.deepEqual(latency.fieldConfig!.defaults.thresholds!.steps.map((s) => s.value), [null, 300]);
});

for (const [file, env] of [[FIXTURE, 'prod'], [PLATFORM, 'production']] as const) {
  test(`dashboards: every panel query of ${file.split('/').at(-2)} parses with promtool`, () => {
    const model = load(file);
    const namespace = String(model.registry.valuesFor(env).get('namespace'));
    const found = dashboards(model, env);
    assert.equal(found.size, 5);
    const rules = [...found.entries()].flatMap(([key, d]) =>
      d.panels.flatMap((p) => (p.targets ?? []).map((t, i) => ({ record: `berth:${key.replace(/\W/g, '_')}:${p.id}_${i}`, expr: expand(t.expr, namespace) }))),
    );
    const dir = mkdtempSync(join(tmpdir(), 'berth-dashboards-'));
    writeFileSync(join(dir, 'queries.yaml'), stringify({ groups: [{ name: 'dashboard-queries', rules }] }));
    const result = spawnSync('promtool', ['check', 'rules', 'queries.yaml'], { cwd: dir, encoding: 'utf8' });
    if (result.error) assert.fail(`promtool is needed for this test (Debian package "prometheus"): ${result.error.message}`);
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, new RegExp(`SUCCESS: ${rules.length} rules found`));
  });
}

test('dashboards: the Grafana SDK is loaded only for a spec that has dashboards', () => {
  const script = `
    import { createRequire } from 'node:module';
    import { loadModelFromText } from './test/helpers.ts';
    import { resolveEnvironment } from './src/model/resolve.ts';
    const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('grafana-foundation-sdk'));
    const spec = (metrics) => 'name: a\\nversion: 1.0.0\\ncomponents:\\n  api:\\n    image: ghcr.io/acme/api\\n    port: 8080\\n' + metrics;
    resolveEnvironment(loadModelFromText(spec(''), 'berth.yaml'), undefined);
    const before = loaded();
    resolveEnvironment(loadModelFromText(spec('    metrics: { port: 8080 }\\n'), 'berth.yaml'), undefined);
    console.log(JSON.stringify([before, loaded()]));`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout.trim()), [false, true]);
});

test('dashboards: `dashboards: { enabled: false }` in an environment leaves them out', () => {
  const text = readFileSync(FIXTURE, 'utf8').replace('  preview:\n    namespace: shop-preview\n', '  preview:\n    namespace: shop-preview\n    dashboards: { enabled: false }\n');
  const model = loadModelFromText(text, FIXTURE);
  assert.equal(dashboards(model, 'preview').size, 0);
  assert.equal(dashboards(model, 'prod').size, 5);
});
