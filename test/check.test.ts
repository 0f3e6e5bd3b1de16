// berth check: secure by default on every example, findings mapped to spec lines, -f on any YAML.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { run } from '../src/cli/main.ts';
import { createMemoryOutput } from '../src/cli/output.ts';
import { checkCommand } from '../src/commands/check.ts';
import { exampleNames, examplePath, REPO_ROOT } from './helpers.ts';

async function berth(args: string[], cwd = REPO_ROOT) {
  const output = createMemoryOutput();
  const code = await run(args, output, cwd);
  return { code, out: output.out, err: output.err };
}

for (const example of exampleNames()) {
  test(`check: ${example} has zero findings in every environment, all exceptions declared with a reason`, async () => {
    const result = await checkCommand({ spec: examplePath(example), format: 'json', failOn: 'info', cwd: REPO_ROOT, version: 'test' });
    const { findings } = JSON.parse(result.text) as { findings: { excepted?: { reason: string }; rule: string; object: string }[] };
    const active = findings.filter((f) => !f.excepted);
    assert.deepEqual(active.map((f) => `${f.rule} ${f.object}`), []);
    assert.ok(findings.every((f) => (f.excepted?.reason.length ?? 0) >= 10));
    assert.equal(result.failed, false);
  });
}

test('check: findings point at the berth.yaml line; exit 1 at --fail-on; json and sarif', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-check-'));
  writeFileSync(
    join(dir, 'berth.yaml'),
    'name: shop\nversion: 1.0.0\ncomponents:\n  web:\n    image: ghcr.io/acme/web:latest\n    port: 8080\n    replicas: 1\n',
  );
  const text = await berth(['check'], dir);
  assert.equal(text.code, 1);
  assert.match(text.out, /berth\.yaml:5:5 error image-tag-pinned: Deployment\/shop-web spec\.template\.spec\.containers\[0\]\.image/);
  assert.match(text.out, /hint: .*docs\/rules\/image-tag-pinned\.md/);
  const lenient = await berth(['check', '--fail-on', 'error'], dir);
  assert.equal(lenient.code, 1, 'latest is an error');
  const sarif = JSON.parse((await berth(['check', '--format', 'sarif'], dir)).out);
  assert.equal(sarif.version, '2.1.0');
  const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'image-tag-pinned');
  assert.equal(result.locations[0].physicalLocation.region.startLine, 5);
});

test('check: exceptions are reported as such; an unknown rule id is bad input with its position', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-check-'));
  const spec = (rule: string) =>
    `name: shop\nversion: 1.0.0\ncomponents:\n  web:\n    image: ghcr.io/acme/web:1.0.0\n    port: 8080\n    replicas: 1\n    exceptions:\n      - { rule: ${rule}, reason: "a batch service, downtime is fine" }\n`;
  writeFileSync(join(dir, 'berth.yaml'), spec('replicas-minimum'));
  const ok = await berth(['check', '--fail-on', 'info'], dir);
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, /excepted \(a batch service, downtime is fine\) replicas-minimum/);
  writeFileSync(join(dir, 'berth.yaml'), spec('replica-minimum'));
  const bad = await berth(['check'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /berth\.yaml:9:\d+ error unknown-rule: components\.web\.exceptions: names rule "replica-minimum"/);
});

test('check: a value an environment overrides is reported at the override', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-check-'));
  writeFileSync(
    join(dir, 'berth.yaml'),
    'name: shop\nversion: 1.0.0\ncomponents:\n  web:\n    image: ghcr.io/acme/web:1.0.0\n    port: 8080\nenvironments:\n  dev:\n    namespace: shop-dev\n    components:\n      web:\n        image: { tag: latest }\n',
  );
  const result = await berth(['check'], dir);
  assert.match(result.out, /berth\.yaml:12:9 error image-tag-pinned: \[dev\] Deployment\/shop-web/);
});

test('check -f: any Kubernetes YAML, with file:line per finding', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-check-'));
  writeFileSync(
    join(dir, 'app.yaml'),
    `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx
          securityContext:
            privileged: true
`,
  );
  const result = await berth(['check', '-f', 'app.yaml'], dir);
  assert.equal(result.code, 1);
  assert.match(result.out, /app\.yaml:13:13 error not-privileged: Deployment\/web/);
  assert.match(result.out, /app\.yaml:11:\d+ error image-tag-pinned/);
  const absolute = await berth(['check', '-f', join(dir, 'app.yaml')], REPO_ROOT);
  assert.equal(absolute.code, 1, 'an absolute path works from any directory');
  assert.match(absolute.out, /error not-privileged/);
  const missing = await berth(['check', '-f', 'nope.yaml'], dir);
  assert.equal(missing.code, 2);
});
