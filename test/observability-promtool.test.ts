// Every alert berth writes, proven with Prometheus' own promtool: the rendered rules pass
// `promtool check rules`, and `promtool test rules` shows each alert firing (after its `for`, with
// its severity and annotations) on series that breach its threshold, and staying silent on series
// just inside it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'yaml';
import { componentConvention, type MetricsConvention } from '../src/model/metrics-convention.ts';
import { resolveEnvironment, type AppModel } from '../src/model/resolve.ts';
import { loadModelFromText, REPO_ROOT } from './helpers.ts';

interface Rule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
interface Series {
  series: string;
  values: string;
}

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'observability', 'berth.yaml');
const PLATFORM = join(REPO_ROOT, 'examples', 'platform', 'berth.yaml');

function loadModel(file: string): AppModel {
  return loadModelFromText(readFileSync(file, 'utf8'), file);
}

function promtool(args: string[], cwd: string) {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (result.error) assert.fail(`promtool is needed for this test (Debian package "prometheus", which .ci/run installs): ${result.error.message}`);
  return result;
}

function minutes(duration: string): number {
  const units: Record<string, number> = { s: 1 / 60, m: 1, h: 60, d: 1440 };
  let total = 0;
  for (const [, amount, unit] of duration.matchAll(/(\d+)([smhd])/g)) total += Number(amount) * units[unit];
  return total;
}

const selector = (labels: Record<string, string>) => `{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
/** `values` notation: `start+step x count`. */
const ramp = (perMinute: number, count: number) => `0+${perMinute}x${count}`;
const flat = (value: number, count: number) => `${value}x${count}`;

/** The threshold an alert's expression compares with (its last number). */
function thresholdOf(rule: Rule): number {
  return Number(/([0-9.]+)\s*$/.exec(rule.expr)![1]);
}

/**
 * Series that put the alert's condition at `level` (in the unit of its threshold) for `count`
 * minutes, and the labels the alert then carries beyond the rule's own. Built from the metrics
 * convention the rules use, for the component and namespace the rule names.
 */
function seriesAt(model: AppModel, rule: Rule, level: number, count: number, evalMinutes: number): { series: Series[]; labels: Record<string, string> } {
  const namespace = rule.labels.namespace;
  const component = rule.labels.component;
  const fullname = model.spec.base.name;
  const pod = `${fullname}-${component}-7d9f8-abcde`;
  const convention = (): MetricsConvention => componentConvention(model.spec.base.components.find((c) => c.name === component)!)!;
  /** The labels that tie a request series to the component under its convention. */
  const requestLabels = (m: MetricsConvention): Record<string, string> => ({
    ...Object.fromEntries([...m.extraMatchers.matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v])),
    [m.namespaceLabel]: namespace,
    [m.workloadLabel]: `${fullname}-${component}`,
  });
  switch (rule.alert) {
    case 'PodCrashLooping': {
      // A container that keeps restarting, `level` times every five minutes.
      const labels = { container: component, namespace, pod };
      return { series: [{ series: `kube_pod_container_status_restarts_total${selector(labels)}`, values: ramp(level / 5, count) }], labels };
    }
    case 'HighErrorRate':
    case 'ElevatedErrorRate': {
      // 1000 requests a minute, `level` % of them failing with a server error, a few with a
      // client error (which must not count), under the component's metric and label names.
      const m = convention();
      const [failure, success, callerFault] = m.kind === 'grpc' ? ['Unavailable', 'OK', 'NotFound'] : ['503', '200', '404'];
      const failed = level * 10;
      const series = (code: string, rate: number) => ({ series: `${m.requests}${selector({ ...requestLabels(m), [m.codeLabel]: code })}`, values: ramp(rate, count) });
      return { series: [series(failure, failed), series(callerFault, 50), series(success, 950 - failed)], labels: {} };
    }
    case 'HighLatencyP95': {
      // Two buckets around the threshold: every request below half of it, or every one above twice it.
      const m = convention();
      const threshold = thresholdOf(rule);
      const fast = level < threshold;
      const unit = m.durationUnit === 'seconds' ? 1000 : 1;
      const bucket = (le: string, rate: number) => ({ series: `${m.duration}_bucket${selector({ ...requestLabels(m), le })}`, values: ramp(rate, count) });
      return {
        series: [bucket(String(threshold / 2 / unit), fast ? 100 : 0), bucket(String((threshold * 2) / unit), fast ? 100 : 0), bucket('+Inf', 100)],
        labels: {},
      };
    }
    case 'HighCPUUsage': {
      // CPU seconds used a minute against a limit of one core.
      const labels = { container: component, namespace, pod };
      return {
        series: [
          { series: `container_cpu_usage_seconds_total${selector(labels)}`, values: ramp((60 * level) / 100, count) },
          { series: `kube_pod_container_resource_limits${selector({ ...labels, resource: 'cpu' })}`, values: flat(1, count) },
        ],
        labels: { pod },
      };
    }
    case 'DiskAlmostFull': {
      const labels = { namespace, persistentvolumeclaim: `${fullname}-${component}-cache` };
      return {
        series: [
          { series: `kubelet_volume_stats_used_bytes${selector(labels)}`, values: flat(level * 1e7, count) },
          { series: `kubelet_volume_stats_capacity_bytes${selector(labels)}`, values: flat(1e9, count) },
        ],
        labels,
      };
    }
    case 'CertificateExpiringSoon': {
      // Expires `level` days after the evaluation time (promtool's clock starts at 0).
      const labels = { name: 'shop-tls', namespace };
      return { series: [{ series: `certmanager_certificate_expiration_timestamp_seconds${selector(labels)}`, values: flat(evalMinutes * 60 + level * 86400, count) }], labels };
    }
    default:
      throw new Error(`no series known for ${rule.alert}`);
  }
}

/** How far past the threshold the breaching and the inside series go, in the threshold's unit. */
function levels(rule: Rule): { breach: number; inside: number } {
  const t = thresholdOf(rule);
  switch (rule.alert) {
    case 'CertificateExpiringSoon':
      return { breach: t - 0.5, inside: t + 0.05 };
    case 'HighLatencyP95':
      return { breach: t * 2, inside: t / 2 };
    default:
      return { breach: t + 0.5, inside: t - 0.5 };
  }
}

function renderedRules(env: string, model = loadModel(FIXTURE)): { groups: unknown; rules: Rule[] } {
  const rule = resolveEnvironment(model, env).find((r) => r.object.kind === 'PrometheusRule');
  assert.ok(rule, `the ${env} environment has a PrometheusRule`);
  const spec = (rule.object as unknown as { spec: { groups: { rules: Rule[] }[] } }).spec;
  return { groups: spec.groups, rules: spec.groups.flatMap((g) => g.rules) };
}

const SUITES = [
  { file: FIXTURE, env: 'dev' },
  { file: FIXTURE, env: 'prod' },
  // HTTP (the gateway) and gRPC (every service) conventions, with the seed's numbers.
  { file: PLATFORM, env: 'production' },
];

for (const { file, env } of SUITES) {
  test(`promtool: the ${env} alerts of ${file.split('/').at(-2)} pass check rules and fire exactly past their thresholds`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-promtool-'));
    const model = loadModel(file);
    const { groups, rules } = renderedRules(env, model);
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups }));
    const checked = promtool(['check', 'rules', 'rules.yaml'], dir);
    assert.equal(checked.status, 0, `${checked.stdout}\n${checked.stderr}`);
    assert.match(checked.stdout, new RegExp(`SUCCESS: ${rules.length} rules found`));

    const defaults = rules.filter((r) => r.alert !== 'QueueBacklogHigh');
    assert.ok(defaults.length > 0);
    const tests = defaults.flatMap((rule) => {
      const wait = minutes(rule.for);
      const evalMinutes = wait + 15;
      const count = evalMinutes + 5;
      const { breach, inside } = levels(rule);
      const firing = seriesAt(model, rule, breach, count, evalMinutes);
      const silent = seriesAt(model, rule, inside, count, evalMinutes);
      const expected = { exp_labels: { ...firing.labels, ...rule.labels, alertname: rule.alert }, exp_annotations: rule.annotations };
      const cases = [
        { interval: '1m', input_series: firing.series, alert_rule_test: [{ eval_time: `${evalMinutes}m`, alertname: rule.alert, exp_alerts: [expected] }] },
        { interval: '1m', input_series: silent.series, alert_rule_test: [{ eval_time: `${evalMinutes}m`, alertname: rule.alert, exp_alerts: [] }] },
      ];
      // Not before its `for` has passed: one minute short of it, the alert is pending, not firing.
      if (wait >= 2) {
        cases.push({ interval: '1m', input_series: firing.series, alert_rule_test: [{ eval_time: `${wait - 1}m`, alertname: rule.alert, exp_alerts: [] }] });
      }
      return cases;
    });
    writeFileSync(join(dir, 'tests.yaml'), stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests }));
    const result = promtool(['test', 'rules', 'tests.yaml'], dir);
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /SUCCESS/);
  });
}

test('promtool: environments tune the alerts (dev: crash looping is a warning, no critical 5xx alert, CPU at 95%)', () => {
  const dev = renderedRules('dev').rules;
  const prod = renderedRules('prod').rules;
  assert.ok(dev.filter((r) => r.alert === 'PodCrashLooping').every((r) => r.labels.severity === 'warning'));
  assert.ok(prod.filter((r) => r.alert === 'PodCrashLooping').every((r) => r.labels.severity === 'critical'));
  assert.equal(dev.filter((r) => r.alert === 'HighErrorRate').length, 0);
  assert.equal(prod.filter((r) => r.alert === 'HighErrorRate').length, 3, 'api, web and worker serve metrics');
  assert.ok(dev.filter((r) => r.alert === 'HighCPUUsage').every((r) => r.expr.endsWith('> 95')));
  assert.ok(prod.filter((r) => r.alert === 'HighLatencyP95').every((r) => r.expr.endsWith('> 300')), 'the app-wide override');
});
