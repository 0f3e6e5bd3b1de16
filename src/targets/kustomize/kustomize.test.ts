// The Kustomize target proven with the real kustomize (kubectl 1.35 from the helm4 dev dependency):
// every overlay of every example and of small inline specs builds to exactly the canonical objects.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { exampleNames, examplePath, loadExample, loadModelFromText } from '../../../test/helpers.ts';
import { bundledEngines, runEngine, type EngineLocation } from '../../engines/index.ts';
import type { KubernetesObject } from '../../model/kubernetes-object.ts';
import { resolveEnvironment, resolveObjects, type AppModel } from '../../model/resolve.ts';
import { compareObjects, formatDifferences } from '../../verify/compare.ts';
import { run } from '../../cli/main.ts';
import { createMemoryOutput } from '../../cli/output.ts';
import { parseObjects } from '../kubernetes/read-manifests.ts';
import { TARGETS } from '../index.ts';
import { targetEnvironments } from '../target.ts';
import { emitKustomize, kustomizeTarget } from './index.ts';

let kubectl: EngineLocation;
const scratch = mkdtempSync(join(tmpdir(), 'berth-kustomize-'));
let trees = 0;

before(async () => {
  kubectl = (await bundledEngines()).kubectl;
});
after(() => rmSync(scratch, { recursive: true, force: true }));

function writeTree(model: AppModel): string {
  const directory = join(scratch, `tree-${trees++}`);
  for (const file of emitKustomize(model)) {
    mkdirSync(dirname(join(directory, file.path)), { recursive: true });
    writeFileSync(join(directory, file.path), file.content);
  }
  return directory;
}

async function build(directory: string): Promise<KubernetesObject[]> {
  const run = await runEngine(kubectl, ['kustomize', directory]);
  assert.equal(run.code, 0, run.stderr);
  return parseObjects(run.stdout);
}

/** Every overlay built by the target's own render (what `berth verify` runs) equals the canonical objects. */
async function assertOverlaysMatch(model: AppModel, directory: string): Promise<number> {
  let checked = 0;
  for (const { name, environment } of targetEnvironments(model)) {
    const rendered = await kustomizeTarget.render!(model, environment, { directory, env: { BERTH_KUBECTL: kubectl.path } });
    assert.ok(rendered.ok, `overlays/${name}: ${JSON.stringify(rendered)}`);
    const differences = compareObjects(resolveObjects(model, environment), rendered.objects);
    assert.deepEqual(differences, [], `overlays/${name} differs from berth render --env ${name}:\n${formatDifferences(differences)}`);
    checked++;
  }
  return checked;
}

function readYaml(path: string): unknown {
  return parse(readFileSync(path, 'utf8'), { version: '1.1' });
}

interface Kustomization {
  resources?: string[];
  components?: string[];
  patches?: { path?: string; patch?: string; target?: Record<string, string> }[];
  images?: { name: string; newName?: string; newTag?: string }[];
  replicas?: { name: string; count: number }[];
}

/**
 * The smallness rule: no overlay or component holds a whole object the base also has (compared by
 * berth id, which is the file name, and by kind/name), and no patch replaces an object's top-level
 * section (`/spec`, `/metadata`, `/data`...) or the object itself.
 */
function assertOverlaysSmall(directory: string): void {
  const base = readYaml(join(directory, 'base', 'kustomization.yaml')) as Kustomization;
  const baseIds = new Set(base.resources!.map((file) => file.replace(/\.yaml$/, '')));
  const baseNames = new Set(base.resources!.map((file) => describeObject(readYaml(join(directory, 'base', file)) as KubernetesObject)));
  const holders = [
    ...readdirSync(join(directory, 'overlays')).map((o) => join(directory, 'overlays', o)),
    ...readdirSync(join(directory, 'components')).map((c) => join(directory, 'components', c)),
  ];
  for (const holder of holders) {
    const kustomization = readYaml(join(holder, 'kustomization.yaml')) as Kustomization;
    for (const resource of kustomization.resources ?? []) {
      if (resource === '../../base') continue;
      const id = resource.replace(/\.yaml$/, '');
      assert.ok(!baseIds.has(id), `${holder}/${resource} repeats ${id}, which the base has`);
      const object = readYaml(join(holder, resource)) as KubernetesObject;
      assert.ok(!baseNames.has(describeObject(object)), `${holder}/${resource} repeats ${describeObject(object)}, which the base has`);
    }
    for (const patch of kustomization.patches ?? []) {
      if (!patch.path) continue;
      const operations = readYaml(join(holder, patch.path)) as { path: string }[];
      assert.ok(Array.isArray(operations) && operations.length > 0, `${holder}/${patch.path} is not a JSON 6902 patch`);
      for (const op of operations) assert.ok(op.path.split('/').length > 2, `${holder}/${patch.path} replaces ${op.path || 'the whole object'}`);
    }
  }
}

function describeObject(object: KubernetesObject): string {
  return `${object.kind}/${object.metadata.name}`;
}

function overlay(directory: string, name: string): Kustomization {
  return readYaml(join(directory, 'overlays', name, 'kustomization.yaml')) as Kustomization;
}

function patchOperations(directory: string, env: string, file: string): { op: string; path: string; value?: unknown }[] {
  return readYaml(join(directory, 'overlays', env, 'patches', `${file}.yaml`)) as { op: string; path: string }[];
}

describe('kustomize target on the examples', () => {
  for (const example of exampleNames()) {
    it(`${example}: every overlay builds to berth render --env, and the base builds`, async () => {
      const model = loadExample(example);
      const directory = writeTree(model);
      const checked = await assertOverlaysMatch(model, directory);
      assert.equal(checked, Math.max(1, model.registry.environments.length));
      const base = await build(join(directory, 'base'));
      assert.ok(base.length > 0);
      assert.ok(base.every((o) => o.metadata.namespace === String(model.registry.valuesFor(undefined).get('namespace'))));
    });

    it(`${example}: overlays and components never repeat a base object`, () => {
      assertOverlaysSmall(writeTree(loadExample(example)));
    });

    it(`${example}: generation is byte-identical`, () => {
      const first = emitKustomize(loadExample(example));
      const second = emitKustomize(loadExample(example));
      assert.deepEqual(second, first);
      assert.equal(new Set(first.map((f) => f.path)).size, first.length);
    });
  }
});

const BASE_SPEC = `
name: shop
version: 2.0.0
components:
  auth-service:
    image: ghcr.io/acme/auth-service
    port: 8080
    health: { http: /healthz }
    env:
      GREETING: "Hello {{ .Values.name }} {{- end }}"
      ENABLED: "yes"
      MODE: "on"
      OCTAL: "010"
      NOTHING: "null"
      EXP: "1e3"
      COLON: "a: b # c"
      ON: "off"
    autoscale: { min: 2, max: 4 }
    uses: [cache]
  web:
    image: ghcr.io/acme/web:1.0.0
    port: 3000
    replicas: 2
    routes: [/]
dependencies:
  cache: { kind: redis, inCluster: false, external: { secret: shop-cache, key: url } }
jobs:
  migrate: { component: auth-service, command: [migrate, up] }
ingress: { host: shop.example.com }
`;

describe('kustomize target on small specs', () => {
  it('a spec without environments gets overlays/default, equal to the base', async () => {
    const model = loadModelFromText(BASE_SPEC);
    const directory = writeTree(model);
    assert.equal(await assertOverlaysMatch(model, directory), 1);
    const base = await build(join(directory, 'base'));
    assert.deepEqual(compareObjects(resolveObjects(model, undefined), base), []);
    const kustomization = overlay(directory, 'default');
    assert.equal((kustomization as { namespace?: string }).namespace, 'shop');
    assert.equal(kustomization.patches, undefined);
    assertOverlaysSmall(directory);
  });

  it('values that YAML 1.1 reads as booleans, numbers or nulls, and template braces, survive kustomize', async () => {
    const model = loadModelFromText(BASE_SPEC);
    const directory = writeTree(model);
    const built = await build(join(directory, 'overlays', 'default'));
    const configMap = built.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'shop-auth-service')!;
    assert.deepEqual(configMap.data, {
      COLON: 'a: b # c',
      ENABLED: 'yes',
      EXP: '1e3',
      GREETING: 'Hello {{ .Values.name }} {{- end }}',
      MODE: 'on',
      NOTHING: 'null',
      OCTAL: '010',
      ON: 'off',
    });
  });

  const ENVIRONMENTS = `
environments:
  dev:
    namespace: shop-dev
    replicas: 1
    autoscale: false
    dependencies: { cache: { inCluster: true } }
    components:
      auth-service: { image: { tag: latest, pullPolicy: Always }, env: { ENABLED: "no" } }
      web: { image: { repository: registry.local:5000/acme/web } }
  qa:
    namespace: shop-qa
    dependencies: { cache: { inCluster: true } }
    components:
      web: { autoscale: { min: 2, max: 6 } }
  prod:
    namespace: shop
    ingress: { host: shop.acme.io, tls: { secret: shop-tls } }
    components:
      auth-service: { autoscale: { min: 3, max: 12 } }
`;

  it('environments that toggle a dependency, autoscaling, the image repository and TLS build exactly', async () => {
    const model = loadModelFromText(BASE_SPEC + ENVIRONMENTS);
    const directory = writeTree(model);
    assert.equal(await assertOverlaysMatch(model, directory), 3);
    assertOverlaysSmall(directory);
  });

  it('the in-cluster dependency two environments turn on is one component they both include', () => {
    const model = loadModelFromText(BASE_SPEC + ENVIRONMENTS);
    const directory = writeTree(model);
    const component = readYaml(join(directory, 'components', 'cache', 'kustomization.yaml')) as Kustomization & { kind: string };
    assert.equal(component.kind, 'Component');
    assert.deepEqual(component.resources, ['cache-serviceaccount.yaml', 'cache-service.yaml', 'cache-statefulset.yaml', 'cache-networkpolicy.yaml']);
    assert.ok(overlay(directory, 'dev').components!.includes('../../components/cache'));
    assert.ok(overlay(directory, 'qa').components!.includes('../../components/cache'));
    assert.ok(!(overlay(directory, 'prod').components ?? []).includes('../../components/cache'));
  });

  it('turning autoscaling off adds replicas; turning it on removes them and adds the autoscaler', () => {
    const model = loadModelFromText(BASE_SPEC + ENVIRONMENTS);
    const directory = writeTree(model);
    const dev = overlay(directory, 'dev');
    // auth-service is autoscaled in the base: dev (autoscale false) gives it replicas back.
    const devAuth = patchOperations(directory, 'dev', 'auth-service-deployment');
    assert.ok(devAuth.some((op) => op.op === 'add' && op.path === '/spec/replicas' && op.value === 1), JSON.stringify(devAuth));
    assert.ok(!(dev.components ?? []).some((c) => c.endsWith('/autoscaling')));
    // web has 2 replicas in the base: qa autoscales it, so its replicas go and its HPA comes.
    const qaWeb = patchOperations(directory, 'qa', 'web-deployment');
    assert.ok(qaWeb.some((op) => op.op === 'remove' && op.path === '/spec/replicas'), JSON.stringify(qaWeb));
    const qaResources = overlay(directory, 'qa').resources!;
    assert.ok(qaResources.includes('web-hpa.yaml'), JSON.stringify(qaResources));
  });

  it('image tags and repositories use the images transformer; a job renamed by its hash is a patch of the base job', () => {
    const model = loadModelFromText(BASE_SPEC + ENVIRONMENTS);
    const directory = writeTree(model);
    assert.deepEqual(overlay(directory, 'dev').images, [
      { name: 'ghcr.io/acme/auth-service', newTag: 'latest' },
      { name: 'ghcr.io/acme/web', newName: 'registry.local:5000/acme/web' },
    ]);
    const devJob = resolveEnvironment(model, 'dev').find((r) => r.template.id === 'migrate-job')!.object;
    const rename = patchOperations(directory, 'dev', 'migrate-job').find((op) => op.path === '/metadata/name');
    assert.equal(rename?.value, devJob.metadata.name);
  });

  it('kustomize build fails on a drifted overlay the way verify reports it', async () => {
    const model = loadModelFromText(BASE_SPEC + ENVIRONMENTS);
    const directory = writeTree(model);
    const file = join(directory, 'overlays', 'prod', 'kustomization.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('namespace: shop', 'namespace: shop-drifted'));
    const rendered = await kustomizeTarget.render!(model, 'prod', { directory, env: { BERTH_KUBECTL: kubectl.path } });
    assert.ok(rendered.ok);
    const differences = compareObjects(resolveObjects(model, 'prod'), rendered.objects);
    assert.ok(differences.some((d) => d.object.includes('namespace shop-drifted') && d.expected === 'absent'), formatDifferences(differences));
  });

  it('render says what is missing when kubectl cannot be found, and what kustomize said when it fails', async () => {
    const model = loadModelFromText(BASE_SPEC);
    const directory = writeTree(model);
    const missing = await kustomizeTarget.render!(model, undefined, { directory, env: { BERTH_KUBECTL: join(scratch, 'no-such-kubectl') } });
    assert.ok(!missing.ok && 'missing' in missing && missing.missing.includes('BERTH_KUBECTL'));
    const broken = await kustomizeTarget.render!(model, 'nowhere', { directory, env: { BERTH_KUBECTL: kubectl.path } });
    assert.ok(!broken.ok && 'failure' in broken && broken.failure.includes('overlays/nowhere'));
  });

  it('the README says how to apply each overlay, Jobs first, and how to create each Secret', () => {
    const model = loadModelFromText(BASE_SPEC + ENVIRONMENTS);
    const readme = emitKustomize(model).find((f) => f.path === 'README.md')!.content;
    for (const env of ['dev', 'qa', 'prod']) {
      const jobs = readme.indexOf(`kubectl apply -k overlays/${env} --selector berth.dev/job`);
      const wait = readme.indexOf('wait --for=condition=complete job', jobs);
      const rest = readme.indexOf(`kubectl apply -k overlays/${env}\n`, wait);
      assert.ok(jobs > 0 && wait > jobs && rest > wait, `order for ${env}`);
    }
    assert.match(readme, /kubectl -n shop-dev create secret generic shop-cache --from-literal=password=/);
    assert.match(readme, /kubectl -n shop create secret generic shop-cache --from-literal=url=\.\.\./);
    assert.match(readme, /kubectl -n shop create secret tls shop-tls/);
  });
});

describe('berth verify on the kustomize target', () => {
  const registered = TARGETS.some((t) => t.name === 'kustomize');
  it('passes on fresh output and exits 1 with the field on drift', { skip: registered ? false : 'kustomize is not registered in src/targets/index.ts yet' }, async () => {
    const workspace = join(scratch, 'cli');
    mkdirSync(workspace, { recursive: true });
    copyFileSync(examplePath('todo-chatbot'), join(workspace, 'berth.yaml'));
    const berth = async (args: string[]) => {
      const output = createMemoryOutput();
      const code = await run(args, output, workspace);
      return { code, out: output.out, err: output.err };
    };
    assert.equal((await berth(['generate', '--target', 'kustomize'])).code, 0);
    const fresh = await berth(['verify', '--target', 'kustomize']);
    assert.equal(fresh.code, 0, fresh.err);
    assert.match(fresh.out, /kustomize prod: ok/);
    const patch = join(workspace, 'deploy', 'kustomize', 'overlays', 'prod', 'patches', 'backend-hpa.yaml');
    writeFileSync(patch, readFileSync(patch, 'utf8').replace('value: 3', 'value: 4'));
    const drifted = await berth(['verify', '--target', 'kustomize']);
    assert.equal(drifted.code, 1);
    // The result is on stdout in the drift case too; stderr says only what failed, counting each pair once.
    assert.match(drifted.out, /kustomize prod: DRIFT[\s\S]*HorizontalPodAutoscaler\/todo-backend \(namespace todo-prod\) spec\.minReplicas: expected 3, got 4/);
    assert.match(drifted.out, /kustomize dev: ok — \d+ objects equal \(kustomize v\d+\.\d+\.\d+ \(kubectl v\d+\.\d+\.\d+/);
    assert.match(drifted.err, /^berth: verifying kustomize dev…$/m);
    assert.deepEqual(
      drifted.err.split('\n').filter((line) => line && !line.startsWith('berth: verifying')),
      ['berth: 1 target/environment pair(s) differ from the spec; regenerate with `berth generate`'],
    );
  });
});
