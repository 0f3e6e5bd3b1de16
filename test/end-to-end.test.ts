// The whole pipeline on an unusual spec, through the CLI: generate every target, verify each with
// its engine, check with zero findings beyond the declared ones.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
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

test('edge-case spec: generate all, verify all, check', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-e2e-'));
  cpSync(join(REPO_ROOT, 'test', 'fixtures', 'edge-cases', 'berth.yaml'), join(dir, 'berth.yaml'));
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
