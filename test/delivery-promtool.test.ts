// The analysis decides what it claims, proven with Prometheus' own promtool: every query of every
// AnalysisTemplate berth renders is valid PromQL, and on synthetic series a healthy new version stays
// inside every threshold while a 2 % error rate, a p99 of about 1.5 s and one container restart each
// cross seed 004's. The thresholds are read from the rendered templates and must be the spec's; web's
// own, looser thresholds let the same series through. Series of the old version, however bad, never count.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { POD_HASH_ARG } from '../src/model/analysis-queries.ts';
import { resolveObjects } from '../src/model/resolve.ts';
import { loadModelFromText, REPO_ROOT } from './helpers.ts';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'progressive-delivery', 'berth.yaml');
const NAMESPACE = 'shop-prod';
const NEW_HASH = '6d4f9c7b8';
const OLD_HASH = '5c8e7a6f1';

interface Metric {
  name: string;
  successCondition: string;
  provider: { prometheus?: { query: string; address: string } };
}
interface Template {
  name: string;
  component: string;
  metrics: Metric[];
}

function promtool(args: string[], cwd: string) {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (result.error) assert.fail(`promtool is needed for this test (Debian package "prometheus", which .ci/run installs): ${result.error.message}`);
  return result;
}

function analysisTemplates(): Template[] {
  const model = loadModelFromText(readFileSync(FIXTURE, 'utf8'), FIXTURE);
  return resolveObjects(model, 'production')
    .filter((o) => o.kind === 'AnalysisTemplate')
    .map((o) => {
      const spec = (o as unknown as { spec: { metrics: Metric[] } }).spec;
      const labels = o.metadata.labels as Record<string, string>;
      return { name: o.metadata.name, component: labels['app.kubernetes.io/component'], metrics: spec.metrics.filter((m) => m.provider.prometheus) };
    })
    .filter((t) => t.metrics.length > 0);
}

/** The bound in `... || result[0] <= X`: what Argo Rollouts compares the measurement with. */
function thresholdOf(metric: Metric): number {
  const match = /result\[0\] <= ([0-9.]+)$/.exec(metric.successCondition);
  assert.ok(match, `${metric.name}: unexpected successCondition ${metric.successCondition}`);
  return Number(match[1]);
}

/** The query as Argo Rollouts sends it once it has filled in the new version's pod-template hash. */
function filledIn(metric: Metric): string {
  return metric.provider.prometheus!.query.replaceAll(`{{args.${POD_HASH_ARG}}}`, NEW_HASH);
}

const ramp = (perMinute: number) => `0+${perMinute}x30`;
const flat = (value: number) => `${value}x30`;

interface Health {
  /** Percent of requests answered 5xx. */
  errorPercent: number;
  /** Where every request's duration falls: the upper bound of its bucket, in seconds. */
  slowestBucket: '0.5' | '1.5';
  restarts: number;
}

/** 1000 requests a minute to each pod of a version, with the given share of failures and durations. */
function versionSeries(component: string, hash: string, health: Health): { series: string; values: string }[] {
  const pod = `shop-${component}-${hash}-x7k2p`;
  const labels = (extra: Record<string, string>) =>
    `{${Object.entries({ namespace: NAMESPACE, pod, service: `shop-${component}`, ...extra }).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
  const failed = health.errorPercent * 10;
  const buckets = ['0.5', '1', '1.5', '+Inf'].map((le) => ({
    series: `http_request_duration_seconds_bucket${labels({ le })}`,
    values: ramp(le === '+Inf' || Number(le) >= Number(health.slowestBucket) ? 1000 : health.slowestBucket === '0.5' ? 1000 : 0),
  }));
  return [
    { series: `http_requests_total${labels({ code: '500' })}`, values: ramp(failed) },
    { series: `http_requests_total${labels({ code: '200' })}`, values: ramp(1000 - failed) },
    ...buckets,
    {
      series: `kube_pod_container_status_restarts_total{container="${component}",namespace="${NAMESPACE}",pod="${pod}"}`,
      values: health.restarts === 0 ? flat(0) : `0x10 ${Array(20).fill(health.restarts).join(' ')}`,
    },
  ];
}

const HEALTHY: Health = { errorPercent: 0.5, slowestBucket: '0.5', restarts: 0 };
// The old version is in a bad way: the analysis must not blame the new one for it.
const BROKEN_OLD: Health = { errorPercent: 40, slowestBucket: '1.5', restarts: 7 };
const BREACHES: Record<string, Health> = {
  'error-rate': { ...HEALTHY, errorPercent: 2 },
  'latency-p99': { ...HEALTHY, slowestBucket: '1.5' },
  restarts: { ...HEALTHY, restarts: 1 },
};

test('every analysis query berth writes is valid PromQL (promtool check rules)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-analysis-'));
  const templates = analysisTemplates();
  const rules = templates.flatMap((t) => t.metrics.map((m) => ({ record: `berth:${t.name.replaceAll('-', '_')}:${m.name.replaceAll('-', '_')}`, expr: filledIn(m) })));
  assert.ok(rules.length >= 7, `expected the canary and post-promotion checks of api, web and worker, got ${rules.length}`);
  writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: [{ name: 'analysis', rules }] }));
  const checked = promtool(['check', 'rules', 'rules.yaml'], dir);
  assert.equal(checked.status, 0, `${checked.stdout}\n${checked.stderr}`);
  assert.match(checked.stdout, new RegExp(`SUCCESS: ${rules.length} rules found`));
});

test('the rendered thresholds are the spec\'s: seed 004 for api, its own for web', () => {
  const byName = new Map(analysisTemplates().map((t) => [t.name, new Map(t.metrics.map((m) => [m.name, thresholdOf(m)]))]));
  assert.deepEqual(Object.fromEntries(byName.get('shop-api-canary')!), { 'error-rate': 1, 'latency-p99': 1, restarts: 0 });
  assert.deepEqual(Object.fromEntries(byName.get('shop-web-post-promotion')!), { 'error-rate': 5, 'latency-p99': 2, restarts: 1 });
  assert.deepEqual(Object.fromEntries(byName.get('shop-worker-canary')!), { restarts: 0 });
});

test('promtool: a healthy new version passes every check; 2 % 5xx, p99 ≈ 1.5 s and one restart each fail seed 004\'s', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-analysis-'));
  const tests: unknown[] = [];
  let failing = 0;
  for (const template of analysisTemplates()) {
    for (const metric of template.metrics) {
      const threshold = thresholdOf(metric);
      // What Argo Rollouts counts as a failed measurement: a result above the threshold.
      const breached = `count((${filledIn(metric)}) > ${threshold})`;
      const scenario = (health: Health) => ({
        interval: '1m',
        input_series: [...versionSeries(template.component, NEW_HASH, health), ...versionSeries(template.component, OLD_HASH, BROKEN_OLD)],
        promql_expr_test: [{ expr: breached, eval_time: '25m', exp_samples: [] as unknown[] }],
      });
      tests.push(scenario(HEALTHY));
      const breach = scenario(BREACHES[metric.name]);
      // Seed 004's thresholds catch the breach; web's looser ones (5 %, 2 s, one restart) let it pass.
      const strict = threshold === { 'error-rate': 1, 'latency-p99': 1, restarts: 0 }[metric.name];
      if (strict) {
        breach.promql_expr_test[0].exp_samples = [{ labels: '{}', value: 1 }];
        failing++;
      }
      tests.push(breach);
    }
  }
  assert.ok(failing >= 4, `expected seed 004's three checks on api and the restart check on worker, got ${failing}`);
  writeFileSync(join(dir, 'tests.yaml'), stringify({ evaluation_interval: '1m', tests }));
  const result = promtool(['test', 'rules', 'tests.yaml'], dir);
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /SUCCESS/);
});
