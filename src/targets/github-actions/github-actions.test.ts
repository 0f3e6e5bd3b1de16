import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { loadSpec } from '../../spec/load.ts';
import { buildAppModel, resolveObjects, type AppModel } from '../../model/resolve.ts';
import { emitWorkflows } from './index.ts';
import { checkWorkflow, jobsRunFor, shellcheck, SHOP } from './test-support.ts';

type Any = Record<string, any>;


function model(text: string): AppModel {
  const result = loadSpec(text, 'berth.yaml');
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return buildAppModel(result.spec);
}

const helmSpec = `${SHOP}delivery: {}\n`;
const argoSpec = `${SHOP}delivery:
  deploy: argocd
  argocd: { repoURL: https://github.com/acme/shop.git }
  environments:
    dev: main
    staging: release
    production:
      on: approval
      clusters:
        - { name: kr, server: "https://kr.k8s.example.com" }
        - { name: us, server: "https://us.k8s.example.com" }
`;

const context = { specFile: 'apps/shop/berth.yaml', outDirectory: 'apps/shop/deploy', berthVersion: '0.1.0' };

for (const [name, text] of [['helm', helmSpec], ['argocd', argoSpec], ['ci only', SHOP]] as const) {
  test(`github-actions (${name}): actionlint, GitHub's parser, shellcheck, pins and permissions find nothing`, async () => {
    const [file] = emitWorkflows(model(text), context);
    assert.equal(file.path, 'shop.yml');
    assert.deepEqual(await checkWorkflow(file.content, file.path), []);
  });
}

test('the checks do catch what they look for', async () => {
  const bad = `on: push
jobs:
  a:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: echo \${{ secrets.TOKEN }}
      - run: cd $DIR
`;
  const problems = await checkWorkflow(bad, 'bad.yml');
  assert.ok(problems.some((p) => /has no permissions/.test(p)));
  assert.ok(problems.some((p) => /not pinned to a full commit/.test(p)));
  assert.ok(problems.some((p) => /expression inside run/.test(p)));
  assert.ok(problems.some((p) => /SC2086|SC2164/.test(p)), problems.join('\n'));
  assert.deepEqual(shellcheck('echo "fine"\n'), []);
});

test('CI: per-component build with cache, tests and lint in the build context, scans, berth checks with SARIF', () => {
  const workflow = parse(emitWorkflows(model(helmSpec), context)[0].content) as Any;
  assert.deepEqual(Object.keys(workflow.jobs), ['spec', 'build-api', 'build-web', 'push-api', 'push-web', 'deploy-dev', 'deploy-staging', 'deploy-production']);
  assert.deepEqual(workflow.permissions, {});
  const build = workflow.jobs['build-api'].steps as Any[];
  assert.deepEqual(build.filter((s) => s.run).map((s) => [s.name, s['working-directory'], s.run]), [
    ['Test', 'apps/shop/services/api', 'go test ./...\n'],
    ['Lint', 'apps/shop/services/api', 'go vet ./...\n'],
  ]);
  const image = build.find((s) => String(s.uses).startsWith('docker/build-push-action'))!;
  assert.deepEqual(image.with, {
    context: 'apps/shop/services/api',
    file: 'apps/shop/services/api/Dockerfile',
    target: 'runtime',
    'cache-from': 'type=gha,scope=api',
    'cache-to': 'type=gha,mode=max,scope=api',
    load: true,
    push: false,
    tags: 'ghcr.io/acme/shop-api:ci',
  });
  assert.equal(workflow.jobs['build-web'].steps.find((s: Any) => s.with?.file).with.file, 'apps/shop/web/docker/Dockerfile');
  assert.ok(build.some((s) => String(s.uses).startsWith('aquasecurity/trivy-action') && s.with['exit-code'] === '1'));
  const spec = workflow.jobs.spec.steps.map((s: Any) => s.run).filter(Boolean);
  assert.deepEqual(spec.filter((r: string) => r.startsWith('berth ')), ['berth validate apps/shop/berth.yaml\n', 'berth verify apps/shop/berth.yaml\n', 'berth check apps/shop/berth.yaml --format sarif > berth-check.sarif\n']);
  assert.ok(workflow.jobs.spec.steps.some((s: Any) => String(s.uses).startsWith('github/codeql-action/upload-sarif') && s.with.sarif_file === 'berth-check.sarif'));
  // Pushing needs packages: write; nothing else has it.
  for (const [id, job] of Object.entries(workflow.jobs as Record<string, Any>)) {
    assert.equal(job.permissions.packages === 'write', id.startsWith('push-'), id);
  }
});

test('CD with Helm: atomic upgrade (migration hook first), restart for moving tags, helm test, rollback, one deploy per environment', () => {
  const workflow = parse(emitWorkflows(model(helmSpec), context)[0].content) as Any;
  const production = workflow.jobs['deploy-production'];
  assert.deepEqual(production.needs, ['spec', 'push-api', 'push-web', 'deploy-staging']);
  assert.deepEqual(production.environment, { name: 'production', url: 'https://shop.example.com' });
  assert.deepEqual(production.concurrency, { group: 'shop-production', 'cancel-in-progress': false });
  const runs = production.steps.map((s: Any) => s.run).filter(Boolean).join('\n');
  assert.match(runs, /helm upgrade --install shop apps\/shop\/deploy\/helm\/shop \\\n {2}--namespace shop-production --create-namespace \\\n {2}--values apps\/shop\/deploy\/helm\/shop\/values-production\.yaml \\\n {2}--atomic --wait --timeout 15m/);
  assert.match(runs, /helm test shop --namespace shop-production/);
  assert.match(runs, /helm rollback shop --namespace shop-production/);
  assert.doesNotMatch(runs, /rollout restart/, 'the release tag does not move');
  assert.equal(production.steps.find((s: Any) => s.name === 'Cluster access').env.KUBECONFIG_DATA, '${{ secrets.KUBECONFIG_PRODUCTION }}');
  const dev = workflow.jobs['deploy-dev'].steps.map((s: Any) => s.run).filter(Boolean).join('\n');
  assert.match(dev, /kubectl rollout restart deployment --namespace shop-dev --selector app.kubernetes.io\/part-of=shop/);
  assert.deepEqual(workflow.jobs['deploy-dev'].environment, { name: 'dev', url: 'http://dev.shop.example.com' });
});

test('a moving tag restarts the Rollouts of an environment that releases by canary, and the workflow still passes every check', async () => {
  const text = helmSpec.replace('dev: { namespace: shop-dev, replicas: 1,', 'dev: { namespace: shop-dev, replicas: 1, strategy: canary,');
  const [file] = emitWorkflows(model(text), context);
  const workflow = parse(file.content) as Any;
  const runsOf = (job: string) => workflow.jobs[job].steps.map((s: Any) => s.run).filter(Boolean).join('\n');
  assert.match(runsOf('deploy-dev'), /for rollout in \$\(kubectl get rollouts\.argoproj\.io --namespace shop-dev --selector app\.kubernetes\.io\/part-of=shop --output name\); do\n {2}kubectl patch "\$rollout" --namespace shop-dev --type merge --patch "\{\\"spec\\":\{\\"restartAt\\":\\"\$restart_at\\"\}\}"/);
  assert.match(runsOf('deploy-staging'), /kubectl rollout restart deployment --namespace shop-staging/);
  assert.doesNotMatch(runsOf('deploy-staging'), /rollouts\.argoproj\.io/, 'staging rolls: no Rollout to restart');
  assert.deepEqual(await checkWorkflow(file.content, file.path), []);
});

test('CD with Argo CD: sync jobs region by region, manual production synced to the release tag', () => {
  const workflow = parse(emitWorkflows(model(argoSpec), context)[0].content) as Any;
  assert.deepEqual(Object.keys(workflow.jobs).filter((id) => id.startsWith('sync-')), ['sync-dev', 'sync-staging', 'sync-production']);
  const production = workflow.jobs['sync-production'];
  const sync = production.steps.find((s: Any) => s.id === 'sync');
  assert.deepEqual(sync.env, { ARGOCD_NAMESPACE: 'argocd', REVISION: '${{ github.ref_name }}', APPLICATIONS: 'shop-production-kr shop-production-us' });
  assert.equal(sync.env.APPLICATIONS, 'shop-production-kr shop-production-us');
  assert.ok(production.steps.some((s: Any) => s.name === 'Roll back on failure'));
  assert.equal(workflow.jobs['sync-dev'].steps.find((s: Any) => s.id === 'sync').env.REVISION, '');
});

/** Runs the generated tag script with bash, as the runner would for this event. */
function pushedTags(workflow: Any, job: string, github: Record<string, string>): string[] | string {
  const step = (workflow.jobs[job].steps as Any[]).find((s) => s.id === 'tags')!;
  const directory = mkdtempSync(join(tmpdir(), 'berth-tags-'));
  try {
    const output = join(directory, 'output');
    const run = spawnSync('bash', ['-eo', 'pipefail', '-c', step.run], {
      env: { PATH: process.env.PATH, ...step.env, ...github, GITHUB_OUTPUT: output },
      encoding: 'utf8',
    });
    if (run.status !== 0) return `fails: ${run.stdout.trim()}`;
    const line = readFileSync(output, 'utf8').trim();
    return line.replace(/^tags=/, '').split(',');
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

test('tag policy, simulated: what each event pushes and which tag each environment then runs', () => {
  const shop = model(helmSpec);
  const workflow = parse(emitWorkflows(shop, context)[0].content) as Any;
  const sha = 'abc1234def5678abc1234def5678abc1234def56';
  const events = [
    { event: 'pull request', github: { event_name: 'pull_request', ref: 'refs/pull/7/merge', ref_type: 'branch', ref_name: '7/merge' } },
    { event: 'push to main', github: { event_name: 'push', ref: 'refs/heads/main', ref_type: 'branch', ref_name: 'main' } },
    { event: 'tag v1.2.3', github: { event_name: 'push', ref: 'refs/tags/v1.2.3', ref_type: 'tag', ref_name: 'v1.2.3' } },
    { event: 'tag v1.2.4', github: { event_name: 'push', ref: 'refs/tags/v1.2.4', ref_type: 'tag', ref_name: 'v1.2.4' } },
  ];
  const deployedTag = (environment: string) => {
    const deployment = resolveObjects(shop, environment).find((o) => o.kind === 'Deployment' && o.metadata.name === 'shop-api') as Any;
    return deployment.spec.template.spec.containers[0].image.split(':').pop();
  };
  const table = events.map(({ event, github }) => {
    const jobs = jobsRunFor(workflow, github);
    const pushed = jobs.includes('push-api')
      ? pushedTags(workflow, 'push-api', { GITHUB_SHA: sha, GITHUB_REF_TYPE: github.ref_type, GITHUB_REF_NAME: github.ref_name })
      : [];
    const deploys = jobs.filter((j) => j.startsWith('deploy-')).map((j) => {
      const environment = j.slice('deploy-'.length);
      const approval = workflow.jobs[j].needs.some((n: string) => n.startsWith('deploy-'));
      return `${environment}${approval ? ' (after approval)' : ''} runs ${deployedTag(environment)}`;
    });
    return { event, pushed: Array.isArray(pushed) ? pushed.map((t) => t.split(':').pop()).join(' ') : pushed, deploys: deploys.join('; ') };
  });
  assert.deepEqual(table, [
    { event: 'pull request', pushed: '', deploys: '' },
    { event: 'push to main', pushed: 'sha-abc1234 latest', deploys: 'dev runs latest' },
    { event: 'tag v1.2.3', pushed: 'sha-abc1234 v1.2.3 staging', deploys: 'staging runs staging; production (after approval) runs v1.2.3' },
    {
      event: 'tag v1.2.4',
      pushed: 'fails: ::error::release tag v1.2.4 does not match version 1.2.3 in berth.yaml: bump the version, run berth generate, commit, then tag',
      deploys: 'staging runs staging; production (after approval) runs v1.2.3',
    },
  ]);
  // A failed push fails its job, and every deploy needs it: nothing from v1.2.4 deploys.
  for (const job of ['deploy-staging', 'deploy-production']) assert.ok(workflow.jobs[job].needs.includes('push-api'));
});

const e2eSpec = (deploy: string) => `${deploy}  e2e: { command: npx playwright test --reporter=line, directory: web }\n`;

for (const [name, text] of [['helm', e2eSpec(helmSpec.replace('delivery: {}\n', 'delivery:\n'))], ['argocd', e2eSpec(argoSpec)]] as const) {
  test(`CD (${name}) with end-to-end tests: after the staging deploy, before production; the workflow still passes every check`, async () => {
    const [file] = emitWorkflows(model(text), context);
    assert.deepEqual(await checkWorkflow(file.content, file.path), []);
    const workflow = parse(file.content) as Any;
    const deploy = name === 'helm' ? 'deploy' : 'sync';
    const e2e = workflow.jobs['e2e-staging'];
    assert.deepEqual(e2e.needs, [`${deploy}-staging`]);
    assert.equal(e2e.if, workflow.jobs[`${deploy}-staging`].if, 'runs on the event that deploys staging');
    assert.deepEqual(e2e.permissions, { contents: 'read' });
    const step = e2e.steps.at(-1);
    assert.equal(step['working-directory'], 'apps/shop/web');
    assert.deepEqual(step.env, { BASE_URL: 'https://shop.example.com', E2E_ENVIRONMENT: 'staging' });
    assert.equal(step.run, 'npx playwright test --reporter=line\n');
    assert.ok(workflow.jobs[`${deploy}-production`].needs.includes('e2e-staging'), 'production waits for the end-to-end tests');
    assert.equal(workflow.jobs['e2e-dev'], undefined, 'by default only the environments a release tag deploys');
    // On a release tag the e2e job runs; on a push to main it does not.
    assert.ok(jobsRunFor(workflow, { event_name: 'push', ref_type: 'tag', ref: 'refs/tags/v1.2.3', ref_name: 'v1.2.3' }).includes('e2e-staging'));
    assert.ok(!jobsRunFor(workflow, { event_name: 'push', ref_type: 'branch', ref: 'refs/heads/main', ref_name: 'main' }).includes('e2e-staging'));
  });
}

test('delivery.e2e naming an environment delivery does not deploy is bad input with a suggestion', () => {
  const result = loadSpec(`${helmSpec.replace('delivery: {}\n', 'delivery:\n')}  e2e: { command: make e2e, environments: [stagin] }\n`, 'berth.yaml');
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.diagnostics.map((d) => `${d.position?.line}:${d.position?.column} ${d.message}`).join('\n') : '', /^25:44 delivery\.e2e tests environment "stagin", which delivery does not deploy \(did you mean "staging"\?\)/);
});
