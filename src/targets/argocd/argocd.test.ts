import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { AppProject, Application, ApplicationSet } from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { parse } from 'yaml';
import { locateEngine, runEngine, type EngineLocation } from '../../engines/index.ts';
import { buildAppModel, resolveObjects, type AppModel } from '../../model/resolve.ts';
import { loadSpec } from '../../spec/load.ts';
import { compareObjects, formatDifferences } from '../../verify/compare.ts';
import { SHOP } from '../github-actions/test-support.ts';
import { emitHelmChart } from '../helm/index.ts';
import { parseObjects } from '../kubernetes/read-manifests.ts';
import { emitArgoCd } from './index.ts';

type Any = Record<string, any>;

const spec = `${SHOP}delivery:
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
        - { name: eu, server: "https://eu.k8s.example.com" }
`;

function model(text: string): AppModel {
  const result = loadSpec(text, 'berth.yaml');
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return buildAppModel(result.spec);
}

const context = { specFile: 'apps/shop/berth.yaml', outDirectory: 'apps/shop/deploy', berthVersion: '0.1.0' };
const shop = model(spec);
const files = emitArgoCd(shop, context);
const objects = Object.fromEntries(files.filter((f) => f.path.endsWith('.yaml')).map((f) => [f.path, parse(f.content) as Any]));

test('argocd: an AppProject and an Application per environment; an ApplicationSet for several clusters', () => {
  assert.deepEqual(files.map((f) => f.path), ['README.md', 'shop-dev.yaml', 'shop-production.yaml', 'shop-project.yaml', 'shop-staging.yaml']);
  assert.deepEqual(Object.values(objects).map((o) => `${o.kind}/${o.metadata.name}`), [
    'Application/shop-dev',
    'ApplicationSet/shop-production',
    'AppProject/shop',
    'Application/shop-staging',
  ]);
  const dev = objects['shop-dev.yaml'];
  assert.deepEqual(dev.spec.source, {
    repoURL: 'https://github.com/acme/shop.git',
    targetRevision: 'main',
    path: 'apps/shop/deploy/helm/shop',
    helm: { releaseName: 'shop', valueFiles: ['values-dev.yaml'] },
  });
  assert.deepEqual(dev.spec.syncPolicy, { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] });
  assert.deepEqual(dev.spec.destination, { server: 'https://kubernetes.default.svc', namespace: 'shop-dev' });
  const production = objects['shop-production.yaml'];
  assert.deepEqual(production.spec.generators[0].list.elements.map((e: Any) => e.cluster), ['kr', 'us', 'eu']);
  assert.deepEqual(production.spec.template.spec.syncPolicy, { syncOptions: ['CreateNamespace=true'] }, 'production syncs by hand');
  assert.equal(production.spec.template.spec.destination.server, '{{url}}');
  assert.deepEqual(objects['shop-project.yaml'].spec.destinations.map((d: Any) => `${d.server} ${d.namespace}`), [
    'https://kubernetes.default.svc shop-dev',
    'https://kubernetes.default.svc shop-staging',
    'https://kr.k8s.example.com shop-production',
    'https://us.k8s.example.com shop-production',
    'https://eu.k8s.example.com shop-production',
  ]);
});

test('argocd: every object validates against the Argo CD CRD models', () => {
  const models: Record<string, new (o: Any) => { validate(): void }> = { AppProject, Application, ApplicationSet } as never;
  for (const object of Object.values(objects)) assert.doesNotThrow(() => new models[object.kind](object).validate(), `${object.kind} ${object.metadata.name}`);
  // The template each cluster gets is an Application too.
  const template = objects['shop-production.yaml'].spec.template;
  const generated = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', ...template, metadata: { ...template.metadata, name: 'shop-production-kr' } };
  assert.doesNotThrow(() => new Application(generated as never).validate());
  // And the validation does reject a broken one.
  assert.throws(() => new Application({ ...objects['shop-dev.yaml'], spec: { ...objects['shop-dev.yaml'].spec, destination: 'nowhere' } } as never).validate());
});

test('argocd: the migration Job (and what it reads) are PreSync hooks in the chart; Helm-only charts are unchanged', () => {
  const job = emitHelmChart(shop).find((f) => f.path.startsWith('shop/templates/') && /kind: Job/.test(f.content));
  assert.ok(job, 'the chart has the migration Job');
  assert.match(job.content, /argocd\.argoproj\.io\/hook: "?PreSync"?/);
  assert.match(job.content, /argocd\.argoproj\.io\/hook-delete-policy: "?BeforeHookCreation,HookSucceeded"?/);
  const hooks = emitHelmChart(shop).filter((f) => /helm\.sh\/hook: "?pre-install/.test(f.content));
  assert.ok(hooks.some((f) => /kind: ServiceAccount/.test(f.content)), 'the ServiceAccount the Job runs as is a hook too');
  for (const file of hooks) assert.match(file.content, /argocd\.argoproj\.io\/hook: "?PreSync"?/, file.path);
  const helmOnly = model(`${SHOP}delivery: {}\n`);
  assert.ok(emitHelmChart(helmOnly).every((f) => !f.content.includes('argocd.argoproj.io')));
});

let root: string | undefined;
after(() => root && rmSync(root, { recursive: true, force: true }));

/** `helm template` exactly as Argo CD calls it for one Application: its path, release name, value files, namespace. */
async function renderApplication(helm: EngineLocation, repository: string, application: Any) {
  const { source, destination } = application.spec;
  const chart = join(repository, source.path);
  const args = ['template', source.helm.releaseName, chart, ...source.helm.valueFiles.flatMap((f: string) => ['--values', join(chart, f)]), '--namespace', destination.namespace];
  const run = await runEngine(helm, args);
  assert.equal(run.code, 0, run.stderr);
  return parseObjects(run.stdout);
}

test("argocd: helm template with each Application's own source equals berth render for its environment", async () => {
  const helm = await locateEngine('helm', { env: process.env });
  assert.ok(helm.found, 'helm is bundled with the dev dependencies');
  root = mkdtempSync(join(tmpdir(), 'berth-argocd-'));
  for (const file of emitHelmChart(shop)) {
    const path = join(root, context.outDirectory, 'helm', file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  const applications: [string, Any][] = [
    ['dev', objects['shop-dev.yaml']],
    ['staging', objects['shop-staging.yaml']],
    ['production', { spec: objects['shop-production.yaml'].spec.template.spec }],
  ];
  for (const [environment, application] of applications) {
    const rendered = await renderApplication(helm as EngineLocation, root, application);
    const differences = compareObjects(resolveObjects(shop, environment), rendered);
    assert.equal(differences.length, 0, `${environment}: ${formatDifferences(differences)}`);
    const job = rendered.find((o) => o.kind === 'Job') as Any;
    assert.equal(job.metadata.annotations['argocd.argoproj.io/hook'], 'PreSync', `${environment}: the migration runs before the sync applies the rest`);
  }
});

test('argocd: each environment may choose its sync policy; an automated approval environment is refused', () => {
  const manualStaging = model(spec.replace('    staging: release\n', '    staging: { on: release, sync: manual }\n'));
  const objects = Object.fromEntries(emitArgoCd(manualStaging, context).filter((f) => f.path.endsWith('.yaml')).map((f) => [f.path, parse(f.content) as Any]));
  assert.deepEqual(objects['shop-staging.yaml'].spec.syncPolicy, { syncOptions: ['CreateNamespace=true'] }, 'staging now syncs by hand');
  assert.deepEqual(objects['shop-dev.yaml'].spec.syncPolicy.automated, { prune: true, selfHeal: true });
  const refused = loadSpec(spec.replace('      on: approval\n', '      on: approval\n      sync: automated\n'), 'berth.yaml');
  assert.equal(refused.ok, false);
  assert.match(!refused.ok ? refused.diagnostics.map((d) => `${d.position?.line}:${d.position?.column} ${d.code}: ${d.message}`).join('\n') : '', /^\d+:\d+ delivery-automated-approval: environment production waits for approval but Argo CD would sync it automatically/m);
  const helm = loadSpec(`${SHOP}delivery:\n  environments:\n    staging: { on: release, sync: manual }\n`, 'berth.yaml');
  assert.match(!helm.ok ? helm.diagnostics.map((d) => d.code).join(',') : '', /delivery-sync-without-argocd/);
});
