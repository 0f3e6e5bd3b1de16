// Alert routing, proven with Alertmanager's own amtool: the alertmanager.yml berth writes (the
// AlertmanagerConfig of each environment, as a plain configuration) passes `amtool check-config`,
// and `amtool config routes test` shows each severity, and the alert with its own route, reaching
// exactly the receivers the spec names for that environment.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { alertmanagerConfigs, alertmanagerFileText } from '../src/targets/alertmanager/index.ts';
import { loadModelFromText, REPO_ROOT } from './helpers.ts';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'observability', 'berth.yaml');
const PLATFORM = join(REPO_ROOT, 'examples', 'platform', 'berth.yaml');

function amtool(args: string[], cwd: string) {
  const result = spawnSync('amtool', args, { cwd, encoding: 'utf8' });
  if (result.error) assert.fail(`amtool is needed for this test (Debian package "prometheus-alertmanager", which .ci/run installs): ${result.error.message}`);
  return result;
}

function configFile(env: string, file = FIXTURE): { dir: string; namespace: string } {
  const model = loadModelFromText(readFileSync(file, 'utf8'), file);
  const found = alertmanagerConfigs(model).find((c) => c.name === env);
  assert.ok(found?.object, `the ${env} environment has an AlertmanagerConfig`);
  const dir = mkdtempSync(join(tmpdir(), 'berth-amtool-'));
  writeFileSync(join(dir, 'alertmanager.yml'), alertmanagerFileText(found.object));
  return { dir, namespace: found.object.metadata.namespace };
}

/** The receivers an alert with these labels reaches, without the namespace prefix. */
function routed(dir: string, namespace: string, labels: Record<string, string>): string[] {
  const result = amtool(['config', 'routes', 'test', '--config.file=alertmanager.yml', ...Object.entries({ namespace, ...labels }).map(([k, v]) => `${k}=${v}`)], dir);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim().split(',').map((r) => r.replace(`${namespace}-`, '')).sort();
}

const CASES: Record<string, [Record<string, string>, string[]][]> = {
  // The seed's table: critical → Slack + PagerDuty, warning → Slack, disk → Slack + email, info → email.
  prod: [
    [{ alertname: 'PodCrashLooping', severity: 'critical', component: 'api' }, ['pagerduty', 'slack']],
    [{ alertname: 'HighErrorRate', severity: 'critical' }, ['pagerduty', 'slack']],
    [{ alertname: 'ElevatedErrorRate', severity: 'warning' }, ['slack']],
    [{ alertname: 'HighLatencyP95', severity: 'warning' }, ['slack']],
    [{ alertname: 'DiskAlmostFull', severity: 'warning' }, ['email', 'slack']],
    [{ alertname: 'CertificateExpiringSoon', severity: 'info' }, ['email']],
    [{ alertname: 'QueueBacklogHigh', severity: 'warning' }, ['slack']],
  ],
  // dev reroutes critical to Slack only.
  dev: [
    [{ alertname: 'HighErrorRate', severity: 'critical' }, ['slack']],
    [{ alertname: 'ElevatedErrorRate', severity: 'warning' }, ['slack']],
    [{ alertname: 'CertificateExpiringSoon', severity: 'info' }, ['email']],
  ],
};

const SUITES: [string, string, [Record<string, string>, string[]][]][] = [
  [FIXTURE, 'prod', CASES.prod],
  [FIXTURE, 'dev', CASES.dev],
  // The platform example with the seed's table: production routes to all three receivers.
  [
    PLATFORM,
    'production',
    [
      [{ alertname: 'PodCrashLooping', severity: 'critical', component: 'auth-service' }, ['pagerduty', 'slack']],
      [{ alertname: 'HighErrorRate', severity: 'critical', component: 'gateway' }, ['pagerduty', 'slack']],
      [{ alertname: 'ElevatedErrorRate', severity: 'warning' }, ['slack']],
      [{ alertname: 'HighLatencyP95', severity: 'warning' }, ['slack']],
      [{ alertname: 'HighCPUUsage', severity: 'warning' }, ['slack']],
      [{ alertname: 'DiskAlmostFull', severity: 'warning' }, ['email', 'slack']],
      [{ alertname: 'CertificateExpiringSoon', severity: 'info' }, ['email']],
    ],
  ],
  [PLATFORM, 'dev', [[{ alertname: 'PodCrashLooping', severity: 'warning' }, ['slack']], [{ alertname: 'HighErrorRate', severity: 'critical' }, ['slack']]]],
];

for (const [file, env, cases] of SUITES) {
  test(`amtool: the ${env} alertmanager.yml of ${file.split('/').at(-2)} passes check-config and routes each severity to its receivers`, () => {
    const { dir, namespace } = configFile(env, file);
    const checked = amtool(['check-config', 'alertmanager.yml'], dir);
    assert.equal(checked.status, 0, `${checked.stdout}\n${checked.stderr}`);
    assert.match(checked.stdout, /SUCCESS/);
    assert.match(checked.stdout, /4 receivers/);
    for (const [labels, receivers] of cases) assert.deepEqual(routed(dir, namespace, labels), receivers, JSON.stringify(labels));
    // Another namespace's alerts are not this app's to route.
    assert.deepEqual(routed(dir, 'other-namespace', { severity: 'critical' }), [`${namespace}-none`]);
  });
}

test('amtool: repeat intervals are the seed\'s response times, and an environment changes them', () => {
  const repeats = (env: string) => {
    const { dir } = configFile(env);
    const tree = amtool(['config', 'routes', 'show', '--config.file=alertmanager.yml'], dir);
    assert.equal(tree.status, 0, tree.stderr);
    return readFileSync(join(dir, 'alertmanager.yml'), 'utf8').match(/repeat_interval: \S+/g);
  };
  // disk-high, critical, warning, info.
  assert.deepEqual(repeats('prod'), ['repeat_interval: 1h', 'repeat_interval: 5m', 'repeat_interval: 15m', 'repeat_interval: 24h']);
  assert.deepEqual(repeats('dev'), ['repeat_interval: 1h', 'repeat_interval: 1h', 'repeat_interval: 15m', 'repeat_interval: 24h']);
});
