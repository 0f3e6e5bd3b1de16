// The CLI contract of diff, render -o mermaid and report: streams, exit codes, --help.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { run } from '../src/cli/main.ts';
import { createMemoryOutput } from '../src/cli/output.ts';
import { examplePath, REPO_ROOT } from './helpers.ts';

async function berth(args: string[], cwd = REPO_ROOT) {
  const output = createMemoryOutput();
  const code = await run(args, output, cwd);
  return { code, out: output.out, err: output.err };
}

test('diff --from dev --to production of the platform: seed 004\'s environment table, exit 0', async () => {
  const result = await berth(['diff', examplePath('platform'), '--from', 'dev', '--to', 'production']);
  assert.equal(result.code, 0, result.err);
  assert.match(result.out, /^platform: dev → production \(namespace platform-dev → platform-production\)/);
  assert.match(result.out, /  all 20 components\n    dev:        Deployment · 1 replica · cpu 100m \/ 200m · memory 128Mi \/ 256Mi\n    production: Rollout · HPA 3–20 · cpu 500m \/ 1 · memory 512Mi \/ 1Gi\n/);
  assert.match(result.out, /\*\.replicas +1 → 3\n      for all 20 components/);
  assert.match(result.out, /\*\.autoscaling\.enabled +false → true/);
  assert.match(result.out, /Only in production \(\d+ objects\)\n/);
  assert.match(result.out, /\n  HorizontalPodAutoscaler ×20: .*\n      toggled by \*\.autoscaling\.enabled\n/);
  // Production releases progressively: its Rollouts (and their Deployments in dev) follow the strategy parameter.
  assert.match(result.out, /\n  Rollout ×20: .*\n      toggled by \*\.strategy\n/);
  assert.match(result.out, /Only in dev \(\d+ objects\)\n(.*\n)*  Deployment ×20: .*\n      toggled by \*\.strategy\n/);
  const staging = await berth(['diff', examplePath('platform'), '--from', 'dev', '--to', 'staging']);
  assert.match(staging.out, /staging: +Deployment · HPA 2–5 · cpu 250m \/ 500m · memory 256Mi \/ 512Mi/);
});

test('diff -o json and -o markdown; the base when a side is omitted; bad input is exit 2', async () => {
  const json = JSON.parse((await berth(['diff', examplePath('todo-chatbot'), '--to', 'prod', '-o', 'json', '--objects'])).out);
  assert.equal(json.from.name, 'base');
  assert.equal(json.to.name, 'prod');
  assert.ok(json.parameters.some((p: { name: string; to: unknown }) => p.name === 'frontend.replicas' && p.to === 3));
  assert.ok(Array.isArray(json.objects));
  const markdown = await berth(['diff', examplePath('todo-chatbot'), '--from', 'dev', '--to', 'prod', '-o', 'markdown']);
  assert.equal(markdown.code, 0);
  assert.match(markdown.out, /^## todo: dev → prod\n/);
  assert.match(markdown.out, /\| `frontend.replicas` \| `1` \| `3` \| frontend \|/);
  assert.equal((await berth(['diff', examplePath('todo-chatbot')])).code, 2, 'no side named');
  const unknown = await berth(['diff', examplePath('todo-chatbot'), '--from', 'qa']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown environment "qa"/);
  assert.equal((await berth(['diff', examplePath('todo-chatbot'), '--to', 'prod', '-o', 'html'])).code, 2);
});

test('render -o mermaid prints the picture in the golden file', async () => {
  const result = await berth(['render', examplePath('platform'), '--env', 'production', '-o', 'mermaid']);
  assert.equal(result.code, 0, result.err);
  assert.equal(result.out, readFileSync(join(REPO_ROOT, 'test', 'golden', 'platform', 'production.mmd'), 'utf8'));
});

test('--help for diff and report', async () => {
  for (const command of ['diff', 'report']) {
    const help = await berth([command, '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, new RegExp(`Usage: berth ${command}`));
  }
  assert.match((await berth(['--help'])).out, /diff \[options\] \[spec\][\s\S]*report \[options\] \[spec\]/);
});

test('generate: deploy/README.md holds every environment side by side and a picture of each', async () => {
  const { cpSync, mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'berth-reference-'));
  cpSync(examplePath('todo-chatbot'), join(dir, 'berth.yaml'));
  assert.equal((await berth(['generate', '--target', 'kubernetes'], dir)).code, 0);
  const reference = readFileSync(join(dir, 'deploy', 'README.md'), 'utf8');
  assert.match(reference, /## Environments side by side\n[\s\S]*\| parameter \| for \| base \| dev \| staging \| prod \|\n/);
  assert.match(reference, /\| `frontend.replicas` \| frontend \| `2` \| `1` \| `2` \| `3` \|/);
  for (const environment of ['dev', 'staging', 'prod']) {
    const picture = (await berth(['render', '--env', environment, '-o', 'mermaid'], dir)).out;
    assert.ok(reference.includes(`### ${environment}\n\n\`\`\`mermaid\n${picture}\`\`\``), `the ${environment} picture is in the reference`);
  }
});
