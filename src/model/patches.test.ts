import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSpec } from '../spec/load.ts';
import { buildAppModel, resolveObjects } from './resolve.ts';
import { InputError } from '../diagnostics.ts';

const base = `name: shop
version: 1.0.0
components:
  api:
    image: ghcr.io/acme/api
    port: 8080
    env: { A: "1" }
`;

function build(patches: string) {
  const loaded = loadSpec(`${base}patches:\n${patches}`, 'berth.yaml');
  assert.ok(loaded.ok, loaded.ok ? '' : loaded.diagnostics.map((d) => d.message).join('\n'));
  return buildAppModel(loaded.spec);
}

function refusal(patches: string): string {
  try {
    build(patches);
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    return error.diagnostics.map((d) => `${d.position?.line}:${d.position?.column} ${d.code}: ${d.message}`).join('\n');
  }
  assert.fail('expected the patches to be refused');
}

test('merge patches merge mappings, replace lists and remove with null', () => {
  const model = build(`  - target: { kind: Deployment, name: api }
    merge: { spec: { revisionHistoryLimit: 3, template: { spec: { enableServiceLinks: null, nodeSelector: { a: b } } } } }
`);
  const deployment = resolveObjects(model).find((o) => o.kind === 'Deployment') as unknown as { spec: Record<string, any> };
  assert.equal(deployment.spec.revisionHistoryLimit, 3);
  assert.deepEqual(deployment.spec.template.spec.nodeSelector, { a: 'b' });
  assert.equal('enableServiceLinks' in deployment.spec.template.spec, false);
  assert.equal(deployment.spec.template.spec.containers[0].name, 'api', 'the rest is kept');
});

test('JSON patch operations add, append, replace and remove', () => {
  const model = build(`  - target: { kind: Deployment }
    ops:
      - { op: add, path: /spec/template/spec/containers/0/args, value: [--verbose] }
      - { op: add, path: /spec/template/spec/containers/0/args/-, value: --color }
      - { op: replace, path: /spec/progressDeadlineSeconds, value: 900 }
      - { op: remove, path: /spec/template/spec/topologySpreadConstraints }
`);
  const deployment = resolveObjects(model).find((o) => o.kind === 'Deployment') as unknown as { spec: Record<string, any> };
  assert.deepEqual(deployment.spec.template.spec.containers[0].args, ['--verbose', '--color']);
  assert.equal(deployment.spec.progressDeadlineSeconds, 900);
  assert.equal('topologySpreadConstraints' in deployment.spec.template.spec, false);
});

const refused: [string, string, RegExp][] = [
  ['a kind berth does not write', '  - target: { kind: CronJob, name: api }\n    merge: { spec: { suspend: true } }\n', /^9:5 patch-targets-nothing: patches\[0\] targets CronJob of api, which berth does not write$/],
  ['an owner the spec does not have', '  - target: { kind: Deployment, name: web }\n    merge: { spec: { paused: true } }\n', /patch-targets-nothing: patches\[0\] targets Deployment of web/],
  ['a path that does not exist', '  - target: { kind: Deployment }\n    ops: [{ op: replace, path: /spec/nope/x, value: 1 }]\n', /^9:5 patch-invalid: patches\[0\]: \/spec\/nope\/x: no field nope/],
  ['a list position past the end', '  - target: { kind: Deployment }\n    ops: [{ op: replace, path: /spec/template/spec/containers/3, value: {} }]\n', /no list position 3 \(the list has 1 items\)/],
  ['a value of the wrong type', '  - target: { kind: Deployment }\n    merge: { spec: { replicas: three } }\n', /^9:5 patch-invalid: after patches, Deployment\/shop-api is not a valid Deployment: .*replicas must be integer/],
  ['a renamed object', '  - target: { kind: Service }\n    merge: { metadata: { name: other } }\n', /a patch cannot change metadata\.name/],
  ['merging into a field berth computes per environment', '  - target: { kind: Deployment }\n    merge: { spec: { replicas: { min: 1 } } }\n', /spec\.replicas is computed by berth/],
];

for (const [name, patches, message] of refused) {
  test(`refused: ${name}`, () => assert.match(refusal(patches), message));
}
