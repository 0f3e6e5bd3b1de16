// From commit to production on the examples: the workflows pass actionlint, GitHub's parser and
// shellcheck; platform goes through Argo CD in four regions, todo-chatbot deploys with Helm from CI;
// each Application renders, with real Helm, exactly what berth renders for its environment.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Application, ApplicationSet, AppProject } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { parse } from 'yaml';
import { run } from '../src/cli/main.ts';
import { createMemoryOutput } from '../src/cli/output.ts';
import { locateEngine, runEngine, type EngineLocation } from '../src/engines/index.ts';
import { resolveObjects } from '../src/model/resolve.ts';
import { emitArgoCd } from '../src/targets/argocd/index.ts';
import { emitWorkflows } from '../src/targets/github-actions/index.ts';
import { checkWorkflow } from '../src/targets/github-actions/test-support.ts';
import { parseObjects } from '../src/targets/kubernetes/read-manifests.ts';
import { compareObjects, formatDifferences } from '../src/verify/compare.ts';
import { loadExample, REPO_ROOT } from './helpers.ts';

type Any = Record<string, any>;
const contextOf = (example: string) => ({ specFile: `examples/${example}/berth.yaml`, outDirectory: `examples/${example}/deploy`, berthVersion: '0.1.0' });
const imageTags = (example: string, environment: string) => {
  const model = loadExample(example);
  return [...new Set(resolveObjects(model, environment).filter((o) => o.kind === 'Deployment' || o.kind === 'Rollout').map((o) => (o as Any).spec.template.spec.containers[0].image.split(':').pop()))];
};

for (const example of ['platform', 'todo-chatbot']) {
  test(`${example}: the generated workflow passes actionlint, the workflow parser, shellcheck, pins and permissions`, async () => {
    const [workflow] = emitWorkflows(loadExample(example), contextOf(example));
    assert.deepEqual(await checkWorkflow(workflow.content, workflow.path), []);
  });
}

test('platform: dev on main, staging on tags, production after approval, synced by Argo CD in KR, US, EU and JP', () => {
  const model = loadExample('platform');
  const workflow = parse(emitWorkflows(model, contextOf('platform'))[0].content) as Any;
  const ids = Object.keys(workflow.jobs);
  assert.equal(ids.filter((id) => id.startsWith('build-')).length, 20);
  assert.equal(ids.filter((id) => id.startsWith('push-')).length, 20);
  assert.deepEqual(ids.filter((id) => id.startsWith('sync-')), ['sync-dev', 'sync-staging', 'sync-production']);
  assert.ok(workflow.jobs['sync-production'].needs.includes('sync-staging'));
  assert.equal(workflow.jobs['sync-production'].environment.name, 'production');
  assert.equal(workflow.jobs['sync-production'].steps.find((s: Any) => s.id === 'sync').env.APPLICATIONS, 'platform-production-kr platform-production-us platform-production-eu platform-production-jp');
  assert.deepEqual(imageTags('platform', 'dev'), ['latest']);
  assert.deepEqual(imageTags('platform', 'staging'), ['staging']);
  assert.deepEqual(imageTags('platform', 'production'), ['v1.2.3']);
  const argo = Object.fromEntries(emitArgoCd(model, contextOf('platform')).filter((f) => f.path.endsWith('.yaml')).map((f) => [f.path, parse(f.content) as Any]));
  const production = argo['platform-production.yaml'];
  assert.equal(production.kind, 'ApplicationSet');
  assert.deepEqual(production.spec.generators[0].list.elements.map((e: Any) => e.cluster), ['kr', 'us', 'eu', 'jp']);
  const models: Record<string, new (o: Any) => { validate(): void }> = { AppProject, Application, ApplicationSet } as never;
  for (const object of Object.values(argo)) new models[object.kind](object).validate();
});

test('todo-chatbot: CI deploys with Helm; dev runs latest, staging the staging tag, prod the release', () => {
  const model = loadExample('todo-chatbot');
  const workflow = parse(emitWorkflows(model, contextOf('todo-chatbot'))[0].content) as Any;
  assert.deepEqual(Object.keys(workflow.jobs).filter((id) => id.startsWith('deploy-')), ['deploy-dev', 'deploy-staging', 'deploy-prod']);
  assert.deepEqual(workflow.jobs['deploy-prod'].environment, { name: 'prod', url: 'https://todo.acme.io' });
  // Migration (the chart's hook), rollout, helm test, then the end-to-end tests against staging; prod waits for them.
  assert.deepEqual(workflow.jobs['e2e-staging'].needs, ['deploy-staging']);
  assert.equal(workflow.jobs['e2e-staging'].steps.at(-1).env.BASE_URL, 'https://todo-staging.example.com');
  assert.deepEqual(workflow.jobs['deploy-prod'].needs.slice(-1), ['e2e-staging']);
  assert.deepEqual(imageTags('todo-chatbot', 'dev'), ['latest']);
  assert.deepEqual(imageTags('todo-chatbot', 'staging'), ['staging']);
  assert.deepEqual(imageTags('todo-chatbot', 'prod'), ['v1.4.0']);
});

test("platform: helm template with each Application's own source equals berth render (real Helm)", async () => {
  const helm = await locateEngine('helm', { env: process.env });
  assert.ok(helm.found);
  const repository = mkdtempSync(join(tmpdir(), 'berth-platform-'));
  try {
    // A repository with the spec in a subdirectory: Argo CD paths are relative to the repository root.
    mkdirSync(join(repository, '.git'));
    cpSync(join(REPO_ROOT, 'examples', 'platform', 'berth.yaml'), join(repository, 'examples', 'platform', 'berth.yaml'));
    const output = createMemoryOutput();
    assert.equal(await run(['generate', 'examples/platform/berth.yaml', '--target', 'helm,argocd,github-actions'], output, repository), 0, output.err);
    assert.match(output.out, new RegExp(`github-actions: 1 file in ${repository}/\\.github/workflows `), 'workflows at the repository root, and it says where');
    const verified = createMemoryOutput();
    assert.equal(await run(['verify', 'examples/platform/berth.yaml', '--target', 'argocd'], verified, repository), 0, verified.err);
    assert.match(verified.out, /^argocd production: ok — \d+ objects equal \(helm .* with the Application's own source\)$/m);
    const model = loadExample('platform');
    for (const environment of model.registry.environments) {
      const object = parse(readFileSync(join(repository, 'examples', 'platform', 'deploy', 'argocd', `platform-${environment}.yaml`), 'utf8')) as Any;
      const { source, destination } = (object.kind === 'ApplicationSet' ? object.spec.template : object).spec;
      const chart = join(repository, source.path);
      const args = ['template', source.helm.releaseName, chart, ...source.helm.valueFiles.flatMap((f: string) => ['--values', join(chart, f)]), '--namespace', destination.namespace];
      const rendered = await runEngine(helm as EngineLocation, args);
      assert.equal(rendered.code, 0, rendered.stderr);
      const differences = compareObjects(resolveObjects(model, environment), parseObjects(rendered.stdout));
      assert.equal(differences.length, 0, `${environment}: ${formatDifferences(differences)}`);
    }
  } finally {
    rmSync(repository, { recursive: true, force: true });
  }
});

test('github-actions regenerates safely: other workflows survive, a hand edit is refused, --keep-mine writes beside it', async () => {
  const repository = mkdtempSync(join(tmpdir(), 'berth-workflows-'));
  const berth = async (args: string[]) => {
    const output = createMemoryOutput();
    const code = await run(args, output, repository);
    return { code, out: output.out, err: output.err };
  };
  try {
    mkdirSync(join(repository, '.git'));
    mkdirSync(join(repository, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(repository, '.github', 'workflows', 'docs.yml'), 'on: push\n');
    cpSync(join(REPO_ROOT, 'examples', 'todo-chatbot', 'berth.yaml'), join(repository, 'app', 'berth.yaml'));
    const first = await berth(['generate', 'app/berth.yaml']);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /^github-actions: 1 file in .*\/\.github\/workflows \(1 written/m);
    assert.doesNotMatch(first.out, /^argocd:/m, '`all` leaves out Argo CD when delivery deploys with Helm');
    const file = join(repository, '.github', 'workflows', 'todo.yml');
    assert.match(readFileSync(file, 'utf8'), /berth validate app\/berth\.yaml/);
    const again = await berth(['generate', 'app/berth.yaml', '--target', 'github-actions']);
    assert.match(again.out, /\(0 written, 1 unchanged\)/);
    writeFileSync(file, `${readFileSync(file, 'utf8')}# mine\n`);
    const refused = await berth(['generate', 'app/berth.yaml', '--target', 'github-actions']);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /refusing to overwrite 1 file\(s\) edited by hand[\s\S]*todo\.yml/);
    const kept = await berth(['generate', 'app/berth.yaml', '--target', 'github-actions', '--keep-mine']);
    assert.equal(kept.code, 0, kept.err);
    assert.match(readFileSync(file, 'utf8'), /# mine/);
    assert.ok(existsSync(`${file}.berth-new`));
    assert.equal(readFileSync(join(repository, '.github', 'workflows', 'docs.yml'), 'utf8'), 'on: push\n');
  } finally {
    rmSync(repository, { recursive: true, force: true });
  }
});

test('--target argocd without a delivery section is bad input (exit 2), with what to add', async () => {
  const output = createMemoryOutput();
  const out = mkdtempSync(join(tmpdir(), 'berth-argo-'));
  const code = await run(['generate', join(REPO_ROOT, 'examples', 'realtime-svg', 'berth.yaml'), '--target', 'argocd', '--out', out], output, REPO_ROOT);
  rmSync(out, { recursive: true, force: true });
  assert.equal(code, 2);
  assert.match(output.err, /argocd target needs `delivery: \{ deploy: argocd, argocd: \{ repoURL: \.\.\. \} \}`/);
});
