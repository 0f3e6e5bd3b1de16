// Specs built to break berth's naming and intent rules: each is either refused with an error at the
// berth.yaml line that causes it, or rendered with every object distinct and equal under every engine.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { run } from '../src/cli/main.ts';
import { createMemoryOutput } from '../src/cli/output.ts';
import { parameterNames } from '../src/model/parameters.ts';
import { resolveObjects } from '../src/model/resolve.ts';
import { TARGETS } from '../src/targets/index.ts';
import { loadModelFromText } from './helpers.ts';

async function berth(args: string[], cwd: string) {
  const output = createMemoryOutput();
  const code = await run(args, output, cwd);
  return { code, out: output.out, err: output.err };
}

function specDir(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-adversarial-'));
  writeFileSync(join(dir, 'berth.yaml'), text);
  return dir;
}

const component = (name: string, extra = '') => `  ${name}:\n    image: ghcr.io/acme/${name}\n    port: 8080\n${extra}`;
const app = (name: string, components: string, rest = '') => `name: ${name}\nversion: 1.0.0\ncomponents:\n${components}${rest}`;
const long = (prefix: string, length: number) => (prefix + 'x'.repeat(length)).slice(0, length);

const refused: { name: string; text: string; code: string; line: number; message: RegExp; hint?: RegExp }[] = [
  {
    name: 'a component named default-deny meets the app NetworkPolicy',
    text: app('shop', component('default-deny')),
    code: 'name-collision',
    line: 4,
    message: /component default-deny and the app itself \(berth\.yaml:1:1\) both derive NetworkPolicy\/shop-default-deny/,
    hint: /Rename one of them/,
  },
  {
    name: 'web with files beside web-files: two ConfigMaps shop-web-files',
    text: app('shop', component('web', '    files:\n      /etc/web.conf: "a=1"\n') + component('web-files', '    env: { A: "1" }\n')),
    code: 'name-collision',
    line: 9,
    message: /component web-files and component web \(berth\.yaml:4:3\) both derive ConfigMap\/shop-web-files/,
  },
  {
    name: 'app and component names of 40 characters give an 81-character Service',
    text: app(long('a', 40), component(long('c', 40))),
    code: 'name-too-long',
    line: 4,
    message: /Service\/ax{39}-cx{39} is 81 characters; Kubernetes allows at most 63/,
    hint: /Shorten the app name \(40 characters\)/,
  },
  {
    name: 'a Service name of exactly 64 characters',
    text: app(long('a', 23), component(long('c', 40))),
    code: 'name-too-long',
    line: 4,
    message: /is 64 characters; Kubernetes allows at most 63/,
  },
  {
    name: 'a volume name over the limit names the rule and the limit',
    text: app('shop', component('web', `    replicas: 1\n    volumes:\n      ${long('v', 60)}: { path: /data, size: 1Gi }\n`)),
    code: 'invalid-name',
    line: 9,
    message: /components\.web\.volumes: the name "vx{59}" must be at most 40 characters \(it has 60\)/,
  },
  {
    name: 'two files that map to one ConfigMap key',
    text: app('shop', component('web', '    files:\n      /etc/a/b.conf: "1"\n      /etc/a_b.conf: "2"\n')),
    code: 'name-collision',
    line: 9,
    message: /files \/etc\/a\/b\.conf and \/etc\/a_b\.conf both become ConfigMap key etc_a_b\.conf/,
  },
  {
    name: 'two components on / of the same host',
    text: app('shop', component('web', '    routes: [/]\n') + component('api', '    routes: [/]\n'), 'ingress: { host: shop.example.com }\n'),
    code: 'duplicate-route',
    line: 7,
    message: /web routes \/ \(Prefix\) on shop\.example\.com, which component api already routes \(berth\.yaml:11:\d+\)/,
  },
  {
    name: 'a route to a host the ingress does not declare',
    text: app('shop', component('api', '    routes: [{ path: /, host: grcp }]\n'), 'ingress:\n  host: shop.example.com\n  hosts: { grpc: { host: grpc.example.com } }\n'),
    code: 'unknown-host',
    line: 7,
    message: /component api routes to host "grcp", which ingress\.hosts does not declare \(did you mean "grpc"\?\)/,
  },
  {
    name: 'the same path twice on a second host',
    text: app('shop', component('web', '    routes: [{ path: /, host: grpc }]\n') + component('api', '    routes: [{ path: /, host: grpc }]\n'), 'ingress:\n  host: shop.example.com\n  hosts: { grpc: { host: grpc.example.com } }\n'),
    code: 'duplicate-route',
    line: 7,
    message: /web routes \/ \(Prefix\) on grpc\.example\.com, which component api already routes/,
  },
  {
    name: 'a sidecar named like its component',
    text: app('shop', component('api', '    sidecars:\n      api: { image: envoyproxy/envoy:v1.31.2 }\n')),
    code: 'name-collision',
    line: 4,
    message: /component api: two containers are named api/,
  },
  {
    name: 'a literal DATABASE_URL beside uses of a database',
    text: app('shop', component('api', '    env: { DATABASE_URL: "postgres://localhost/shop" }\n    uses: [db]\n'), 'dependencies:\n  db: { kind: postgres }\n'),
    code: 'env-shadows-uses',
    line: 7,
    message: /api sets env DATABASE_URL and also uses db, which injects DATABASE_URL; only one can win/,
    hint: /Remove env\.DATABASE_URL/,
  },
  {
    name: 'two dependencies injecting one variable',
    text: app('shop', component('api', '    uses: [main, replica]\n'), 'dependencies:\n  main: { kind: postgres }\n  replica: { kind: postgres }\n'),
    code: 'env-shadows-uses',
    line: 7,
    message: /uses main and replica, which both inject DATABASE_URL/,
  },
  {
    name: 'a probe on an undeclared port',
    text: app('shop', component('api', '    health: { http: { path: /healthz, port: 9090 } }\n')),
    code: 'probe-port-undeclared',
    line: 7,
    message: /api checks http health on port 9090, which the component does not declare/,
    hint: /ports: \[\{ name: health, port: 9090 \}\]/,
  },
  {
    name: 'health checks on an init container',
    text: app('shop', component('api', '    initContainers:\n      wait:\n        image: busybox:1.36.1\n        health: { exec: [\"true\"] }\n')),
    code: 'init-container-health',
    line: 10,
    message: /init container wait of api declares health checks, which only sidecars take/,
    hint: /move the container under sidecars/,
  },
  {
    name: 'a sidecar checked on a port it does not declare',
    text: app('shop', component('api', '    sidecars:\n      proxy:\n        image: envoyproxy/envoy:v1.31.2\n        health: { tcp: true }\n')),
    code: 'health-without-port',
    line: 10,
    message: /sidecar proxy of api checks health on its port but declares no ports/,
  },
  {
    name: 'a canary release of a stateful component',
    text: app('shop', component('db', '    stateful: true\n    replicas: 2\n    strategy: canary\n')),
    code: 'strategy-on-stateful-component',
    line: 9,
    message: /db: canary needs a Deployment-like workload, and a stateful component is a StatefulSet/,
    hint: /strategy: rolling/,
  },
  {
    name: 'an exception naming a rule that does not exist',
    text: app('shop', component('api', '    exceptions:\n      - { rule: no-such-rule, reason: testing the typo }\n')),
    code: 'unknown-rule',
    line: 8,
    message: /names rule "no-such-rule", which does not exist/,
  },
];

for (const c of refused) {
  test(`refused: ${c.name}`, async () => {
    const dir = specDir(c.text);
    const commands = c.code === 'unknown-rule' ? [['validate'], ['check']] : [['validate'], ['render'], ['generate'], ['check']];
    for (const command of commands) {
      const result = await berth(command, dir);
      assert.equal(result.code, 2, `${command[0]} must refuse it:\n${result.out}\n${result.err}`);
      assert.match(result.err, new RegExp(`berth\\.yaml:${c.line}:\\d+ error ${c.code}: `), `${command[0]}: ${result.err}`);
      assert.match(result.err, c.message);
      if (c.hint) assert.match(result.err, c.hint);
      assert.doesNotMatch(result.err, /internal error|\n\s+at /);
    }
  });
}

const accepted = app(
  long('a', 22),
  // Service name of exactly 63 characters.
  component(long('c', 40), '    replicas: 1\n') +
    // Near misses: names that share prefixes with derived names but never an identity.
    component('default', '    replicas: 1\n') +
    component('web', '    replicas: 1\n') +
    component('web-file', '    replicas: 1\n    files:\n      /etc/web.conf: "a=1"\n') +
    component('db-data', '    replicas: 1\n    uses: [{ dependency: db, env: PRIMARY_DATABASE_URL }]\n    env: { DATABASE_URL: "unused-by-berth" }\n'),
  'dependencies:\n  db: { kind: postgres }\n',
);

test('accepted: names at exactly 63 characters and near-collisions render distinct and equal under every engine', async () => {
  const model = loadModelFromText(accepted);
  const objects = resolveObjects(model);
  const identities = objects.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.name}`);
  assert.equal(new Set(identities).size, identities.length);
  assert.ok(objects.some((o) => o.kind === 'Service' && o.metadata.name.length === 63));
  const dir = specDir(accepted);
  const generated = await berth(['generate'], dir);
  assert.equal(generated.code, 0, generated.err);
  const verified = await berth(['verify'], dir);
  assert.equal(verified.code, 0, `${verified.out}\n${verified.err}`);
  for (const target of TARGETS.filter((t) => t.render && !t.applies)) {
    assert.match(verified.out, new RegExp(`^${target.name} default: ok — ${objects.length} objects equal`, 'm'));
  }
});

const caseOnly = `name: sentry
version: 1.0.0
components:
  web:
    image: getsentry/sentry
    port: 9000
    env:
      HTTP_PROXY: "http://proxy:3128"
      http_proxy: "http://proxy:3128"
      LOG_LEVEL: info
environments:
  dev: { namespace: sentry-dev, components: { web: { env: { http_proxy: "" } } } }
`;

test('accepted: env names that differ only in case get distinct spellings in every format, and verify equal', async () => {
  const model = loadModelFromText(caseOnly);
  const spelt = (name: string) => parameterNames(model.registry.get(name));
  assert.deepEqual(spelt('web.env.HTTP_PROXY'), { helm: 'web.env.HTTP_PROXY', terraform: 'web_env_HTTP_PROXY', pulumi: 'webEnv_HTTP_PROXY' });
  assert.deepEqual(spelt('web.env.http_proxy'), { helm: 'web.env.http_proxy', terraform: 'web_env_http_proxy', pulumi: 'webEnv_http_proxy' });
  // Names that do not collide keep the usual spelling.
  assert.equal(spelt('web.env.LOG_LEVEL').terraform, 'web_env_log_level');
  const dir = specDir(caseOnly);
  assert.equal((await berth(['generate'], dir)).code, 0);
  const verified = await berth(['verify'], dir);
  assert.equal(verified.code, 0, `${verified.out}\n${verified.err}`);
  assert.match(verified.out, /^terraform dev: ok/m);
  assert.match(verified.out, /^pulumi dev: ok/m);
});

test('refused: an environment sets a node selector or priority class the component does not declare', async () => {
  const dir = specDir(app('shop', component('api', '    placement: { nodeSelector: { pool: a } }\n'), 'environments:\n  prod:\n    namespace: shop\n    components: { api: { placement: { nodeSelector: { zone: b }, priorityClassName: high } } }\n'));
  const result = await berth(['validate'], dir);
  assert.equal(result.code, 2);
  assert.match(result.err, /berth\.yaml:11:\d+ error placement-not-declared: environment prod sets nodeSelector zone of api/);
  assert.match(result.err, /error placement-not-declared: environment prod sets priorityClassName of api/);
});

test('refused: an environment sets an annotation the component does not declare, or a pod label berth owns', async () => {
  const undeclared = specDir(app('shop', component('api', '    annotations: { serviceAccount: { a.example.com/role: base } }\n'), 'environments:\n  prod:\n    namespace: shop\n    components: { api: { annotations: { serviceAccount: { b.example.com/role: prod } } } }\n'));
  const result = await berth(['validate'], undeclared);
  assert.equal(result.code, 2);
  assert.match(result.err, /berth\.yaml:11:\d+ error annotation-not-declared: environment prod sets the serviceAccount annotation b\.example\.com\/role of api/);
  const reserved = specDir(app('shop', component('api', '    labels: { app.kubernetes.io/name: other }\n')));
  const refused = await berth(['validate'], reserved);
  assert.equal(refused.code, 2);
  assert.match(refused.err, /berth\.yaml:7:\d+ error label-reserved: component api sets label app\.kubernetes\.io\/name/);
});

test('refused at their line: bad affinity, topology spread, native init containers, stateful shapes and environment patches', async () => {
  const cases: { text: string; pattern: RegExp }[] = [
    {
      text: app('shop', component('api', '    placement:\n      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms: [{ matchExpressions: [{ key: arch, operator: Inside }] }]\n')),
      pattern: /berth\.yaml:11:\d+ error invalid-value: .*operator Invalid option/,
    },
    {
      text: app('shop', component('api', '    placement:\n      afinity: {}\n')),
      pattern: /berth\.yaml:8:7 error unknown-key: unknown key "afinity" .*did you mean "affinity"/,
    },
    {
      text: app('shop', component('api', '    placement:\n      topologySpread: [{ topologyKey: zone, minDomains: 3 }]\n')),
      pattern: /berth\.yaml:8:\d+ error topology-spread-min-domains: minDomains only applies with whenUnsatisfiable: DoNotSchedule/,
    },
    {
      text: app('shop', component('api', '    initContainers:\n      wait: { image: busybox:1.36.1, native: true }\n')),
      pattern: /berth\.yaml:8:\d+ error native-init-container: init container wait of api sets native, which only sidecars take/,
    },
    {
      text: app('shop', component('api', '    stateful: { podManagementPolicy: Sometimes }\n')),
      pattern: /berth\.yaml:7:\d+ error invalid-value: components\.api\.stateful/,
    },
    {
      text: app('shop', component('api'), 'environments:\n  prod:\n    namespace: shop\n    patches:\n      - target: { kind: CronJob, name: api }\n        merge: { spec: {} }\n'),
      pattern: /berth\.yaml:11:9 error patch-targets-nothing: environments\.prod\.patches\[0\] targets CronJob of api/,
    },
  ];
  for (const c of cases) {
    const result = await berth(['render', ...(c.text.includes('prod:') ? ['--env', 'prod'] : []), '-o', 'json'], specDir(c.text));
    assert.equal(result.code, 2, `${c.pattern}\n${result.err}`);
    assert.match(result.err, c.pattern);
  }
});

test('warned at its line: rollout.maxSurge on a stateful component, which a StatefulSet does not use', async () => {
  const result = await berth(['validate'], specDir(app('shop', component('db', '    stateful: true\n    rollout: { maxSurge: 2 }\n'))));
  assert.equal(result.code, 0, result.err);
  assert.match(result.err, /berth\.yaml:8:\d+ warning stateful-rollout: db is stateful: a StatefulSet replaces its pods one at a time, so rollout\.maxSurge does not apply/);
});
