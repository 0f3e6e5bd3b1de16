import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSpec } from './load.ts';

const base = `name: shop
version: 1.2.3
components:
  api:
    image: ghcr.io/acme/api
    port: 8080
    build: { context: ./services/api/, target: runtime, test: go test ./... }
  proxy:
    image: nginx:1.27.3
    port: 80
environments:
  dev: { namespace: shop-dev }
  staging: { namespace: shop-staging }
  production: { namespace: shop-production }
`;

function load(text: string) {
  const result = loadSpec(text, 'berth.yaml');
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.position?.line}:${d.position?.column} ${d.message}`).join('\n'));
  return result.spec;
}

function errorsOf(text: string) {
  const result = loadSpec(text, 'berth.yaml');
  assert.equal(result.ok, false, 'expected the spec to be refused');
  return result.ok ? [] : result.diagnostics.map((d) => ({ code: d.code, line: d.position?.line, column: d.position?.column, message: d.message }));
}

test('without delivery nothing changes: no delivery, image tags from the spec', () => {
  const spec = load(base);
  assert.equal(spec.base.delivery, undefined);
  for (const view of spec.environments.values()) assert.equal(view.components.find((c) => c.name === 'api')!.image.tag, '1.2.3');
  assert.deepEqual(spec.base.components.find((c) => c.name === 'api')!.build, { context: 'services/api', dockerfile: 'Dockerfile', target: 'runtime', test: 'go test ./...', lint: undefined });
});

test("delivery defaults follow seed 004: tags, events by environment name, the tag each environment runs", () => {
  const spec = load(`${base}delivery: {}\n`);
  const delivery = spec.base.delivery!;
  assert.equal(delivery.registry, 'ghcr.io');
  assert.equal(delivery.deploy, 'helm');
  assert.deepEqual(delivery.tags, { main: 'latest', release: 'v{version}', commit: 'sha-{commit}', staging: 'staging' });
  assert.deepEqual(
    delivery.environments.map((e) => [e.name, e.on, e.tag, e.imageTag, e.after ?? '']),
    [
      ['dev', 'main', 'main', 'latest', ''],
      ['staging', 'release', 'staging', 'staging', ''],
      ['production', 'approval', 'release', 'v1.2.3', 'staging'],
    ],
  );
  const image = (env: string, component: string) => spec.environments.get(env)!.components.find((c) => c.name === component)!.image;
  assert.deepEqual(image('dev', 'api'), { repository: 'ghcr.io/acme/api', tag: 'latest', pullPolicy: 'Always' });
  assert.deepEqual(image('staging', 'api'), { repository: 'ghcr.io/acme/api', tag: 'staging', pullPolicy: 'Always' });
  assert.deepEqual(image('production', 'api'), { repository: 'ghcr.io/acme/api', tag: 'v1.2.3', pullPolicy: 'IfNotPresent' });
  // Images CI does not build keep their own tags.
  assert.equal(image('dev', 'proxy').tag, '1.27.3');
  // The base is what the spec says.
  assert.equal(spec.base.components.find((c) => c.name === 'api')!.image.tag, '1.2.3');
});

test('an environment override of the image tag wins over the policy', () => {
  const spec = load(base.replace('  dev: { namespace: shop-dev }', '  dev: { namespace: shop-dev, components: { api: { image: { tag: edge } } } }') + 'delivery: {}\n');
  assert.equal(spec.environments.get('dev')!.components.find((c) => c.name === 'api')!.image.tag, 'edge');
});

test('explicit environments, custom tags and clusters', () => {
  const spec = load(
    `${base}delivery:
  tags: { main: edge, release: "release-{version}" }
  deploy: argocd
  argocd: { repoURL: https://github.com/acme/shop.git }
  environments:
    dev: main
    staging: { on: release, tag: release }
    production:
      on: approval
      clusters: [{ name: kr, server: "https://kr.example.com" }, { name: us, server: "https://us.example.com" }]
`,
  );
  const delivery = spec.base.delivery!;
  assert.deepEqual(delivery.environments.map((e) => [e.name, e.imageTag, e.moving, e.clusters.map((c) => c.name).join('+')]), [
    ['dev', 'edge', true, ''],
    ['staging', 'release-1.2.3', false, ''],
    ['production', 'release-1.2.3', false, 'kr+us'],
  ]);
  assert.deepEqual(delivery.argocd, { repoURL: 'https://github.com/acme/shop.git', targetRevision: 'main', namespace: 'argocd', project: 'shop' });
});

test('bad delivery input: every error with its position', () => {
  const errors = errorsOf(
    `${base.replace('ghcr.io/acme/api', 'quay.io/acme/api')}delivery:
  registry: ghcr.io
  deploy: argocd
  tags: { commit: "sha" }
  environments:
    dve: main
    staging: { on: release, after: dev }
    production: { on: approval, tag: staging, clusters: [{ name: kr, server: "https://kr" }, { name: kr, server: "https://kr2" }] }
`,
  );
  assert.deepEqual(errors, [{ code: 'invalid-value', line: 18, column: 19, message: 'delivery.tags.commit must contain {commit}, e.g. sha-{commit} (got "sha")' }]);
  const semantic = errorsOf(
    `${base.replace('ghcr.io/acme/api', 'quay.io/acme/api')}delivery:
  registry: ghcr.io
  deploy: argocd
  environments:
    dve: main
    staging: { on: release, after: dev }
    production: { on: approval, tag: staging, clusters: [{ name: kr, server: "https://kr" }, { name: kr, server: "https://kr2" }] }
`,
  );
  assert.deepEqual(
    semantic.map((e) => `${e.line}:${e.column} ${e.code}`),
    [
      '5:12 delivery-registry-mismatch',
      '17:11 delivery-argocd-repository',
      '19:5 unknown-environment',
      '20:36 delivery-after-without-approval',
      '20:36 delivery-unknown-after',
      '21:57 delivery-moving-tag-across-clusters',
      '21:102 delivery-duplicate-cluster',
    ],
  );
  assert.match(semantic.find((e) => e.code === 'unknown-environment')!.message, /did you mean "dev"/);
});

test('an approval needs a release before it', () => {
  const errors = errorsOf(`${base}delivery:\n  environments: { production: approval }\n`);
  assert.deepEqual(errors.map((e) => e.code), ['delivery-approval-first']);
});
