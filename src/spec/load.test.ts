import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDiagnostic } from '../diagnostics.ts';
import { loadSpec } from './load.ts';

const valid = `name: shop
version: 1.0.0
components:
  web:
    image: ghcr.io/acme/web
    port: 8080
`;

function errorsOf(text: string) {
  const result = loadSpec(text, 'berth.yaml');
  assert.equal(result.ok, false, 'expected the spec to be refused');
  return result.ok ? [] : result.diagnostics;
}

test('a minimal spec loads with defaults', () => {
  const result = loadSpec(valid, 'berth.yaml');
  assert.ok(result.ok);
  const web = result.spec.base.components[0];
  assert.equal(web.image.tag, '1.0.0');
  assert.equal(web.replicas, 2);
  assert.deepEqual(web.resources.requests, { cpu: '100m', memory: '128Mi' });
  assert.equal(web.health?.check.type, 'tcp');
  assert.equal(web.health?.liveness.periodSeconds, 10);
  assert.equal(result.spec.base.namespace, 'shop');
});

const cases: { name: string; text: string; code: string; line: number; column: number; message: RegExp; hint?: RegExp }[] = [
  {
    name: 'misspelt key gets a suggestion',
    text: valid + '    replica: 3\n',
    code: 'unknown-key',
    line: 7,
    column: 5,
    message: /unknown key "replica" in components\.web \(did you mean "replicas"\?\)/,
    hint: /Allowed keys here: .*replicas/,
  },
  {
    name: 'wrong type names the value and what is allowed',
    text: valid + '    replicas: many\n',
    code: 'invalid-value',
    line: 7,
    column: 15,
    message: /components\.web\.replicas .*got "many"/,
    hint: /Replicas/,
  },
  {
    name: 'missing required key',
    text: 'name: shop\ncomponents:\n  web: { image: x, port: 80 }\n',
    code: 'missing-key',
    line: 1,
    column: 1,
    message: /version is required/,
  },
  {
    name: 'bad resource range',
    text: valid + '    resources: { cpu: lots }\n',
    code: 'invalid-value',
    line: 7,
    column: 23,
    message: /resources\.cpu must be `request\.\.limit`/,
  },
  {
    name: 'unknown dependency in uses',
    text: valid + '    uses: [redsi]\ndependencies:\n  redis: { kind: redis }\n',
    code: 'unknown-dependency',
    line: 7,
    column: 12,
    message: /no dependency named "redsi" \(did you mean "redis"\?\)/,
  },
  {
    name: 'environment sets an env var the base does not declare',
    text: valid + 'environments:\n  dev:\n    namespace: shop-dev\n    components:\n      web: { env: { DEBUG: "1" } }\n',
    code: 'env-not-declared',
    line: 11,
    column: 21,
    message: /environment dev sets web\.env\.DEBUG/,
  },
  {
    name: 'autoscale bounds inverted in one environment',
    text: valid + '    autoscale: { min: 2, max: 4 }\nenvironments:\n  prod:\n    namespace: shop-prod\n    components:\n      web: { autoscale: { min: 6 } }\n',
    code: 'autoscale-bounds',
    line: 12,
    column: 25,
    message: /autoscale min 6 is above max 4 in environment prod/,
  },
  {
    name: 'request above limit',
    text: valid + '    resources: { memory: 1Gi..512Mi }\n',
    code: 'resources-request-above-limit',
    line: 7,
    column: 16,
    message: /memory request 1Gi is above its limit 512Mi/,
  },
  {
    name: 'routes without ingress',
    text: valid + '    routes: [/]\n',
    code: 'route-without-ingress',
    line: 7,
    column: 5,
    message: /has routes but the spec has no ingress/,
  },
  {
    name: 'YAML syntax error',
    text: 'name: shop\nversion: [1.0\n',
    code: 'yaml-syntax',
    line: 3,
    column: 1,
    message: /./,
  },
];

for (const c of cases) {
  test(`load error: ${c.name}`, () => {
    const diagnostics = errorsOf(c.text);
    const d = diagnostics.find((x) => x.code === c.code);
    assert.ok(d, `expected ${c.code}, got ${diagnostics.map(formatDiagnostic).join('\n')}`);
    assert.match(d.message, c.message);
    assert.deepEqual([d.position?.line, d.position?.column], [c.line, c.column], formatDiagnostic(d));
    if (c.hint) assert.match(d.hint ?? '', c.hint);
  });
}

test('every error is reported at once', () => {
  const diagnostics = errorsOf(valid + '    replica: 3\n    prot: 80\n    user: -1\n');
  assert.ok(diagnostics.length >= 3, diagnostics.map(formatDiagnostic).join('\n'));
});

test('unknown keys at the top level and in environments are errors', () => {
  const diagnostics = errorsOf(valid + 'enviroments: {}\n');
  assert.match(diagnostics[0].message, /did you mean "environments"/);
});

test('a ReadWriteOnce volume on a replicated component is a warning, not an error', () => {
  const result = loadSpec(valid + '    volumes: { data: { path: /data, size: 1Gi } }\n', 'berth.yaml');
  assert.ok(result.ok);
  const warning = result.warnings.find((w) => w.code === 'volume-single-writer');
  assert.ok(warning);
  assert.equal(warning.position?.line, 7);
  const single = loadSpec(valid + '    replicas: 1\n    volumes: { data: { path: /data, size: 1Gi } }\n', 'berth.yaml');
  assert.ok(single.ok && !single.warnings.some((w) => w.code === 'volume-single-writer'));
});
