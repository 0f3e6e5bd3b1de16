import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json } from '../../model/template.ts';
import { applyPatch, diffJson, type PatchOperation } from './json-patch.ts';
import { proposeImages, splitImage } from './transformers.ts';
import type { KubernetesObject } from '../../model/kubernetes-object.ts';

const env = (entries: [string, Json][]): Json[] => entries.map(([name, value]): Json => (typeof value === 'string' ? { name, value } : { name, valueFrom: value }));

describe('diffJson', () => {
  const cases: { name: string; from: Json; to: Json; expected?: PatchOperation[] }[] = [
    { name: 'equal values need nothing', from: { a: 1, b: [1, 2] }, to: { a: 1, b: [1, 2] }, expected: [] },
    {
      name: 'a changed leaf is one replace',
      from: { spec: { replicas: 2, paused: false } },
      to: { spec: { replicas: 3, paused: false } },
      expected: [{ op: 'replace', path: '/spec/replicas', value: 3 }],
    },
    {
      name: 'a field that disappears under an autoscaler is removed',
      from: { spec: { replicas: 2, minReadySeconds: 10 } },
      to: { spec: { minReadySeconds: 10 } },
      expected: [{ op: 'remove', path: '/spec/replicas' }],
    },
    {
      name: 'keys with / and ~ are escaped',
      from: { annotations: { 'checksum/config': 'a', 'x~y': 'b', keep: 'c' } },
      to: { annotations: { 'checksum/config': 'z', 'x~y': 'q', keep: 'c' } },
      expected: [
        { op: 'replace', path: '/annotations/checksum~1config', value: 'z' },
        { op: 'replace', path: '/annotations/x~0y', value: 'q' },
      ],
    },
    {
      name: 'an env entry inserted by name is one add',
      from: { env: env([['A', 'a'], ['B', 'b'], ['C', 'c']]) },
      to: { env: env([['P', { secretKeyRef: { key: 'password', name: 'db' } }], ['A', 'a'], ['B', 'b'], ['C', 'c']]) },
      expected: [{ op: 'add', path: '/env/0', value: { name: 'P', valueFrom: { secretKeyRef: { key: 'password', name: 'db' } } } }],
    },
    {
      name: 'an env entry removed by name is one remove',
      from: { env: env([['A', 'a'], ['B', 'b'], ['C', 'c']]) },
      to: { env: env([['A', 'a'], ['C', 'c']]) },
      expected: [{ op: 'remove', path: '/env/1' }],
    },
    { name: 'value → valueFrom within a named entry', from: { env: env([['A', 'a'], ['URL', 'x'], ['Z', 'z']]) }, to: { env: env([['A', 'a'], ['URL', { secretKeyRef: { key: 'url', name: 's' } }], ['Z', 'z']]) } },
    { name: 'a map whose every field changes is replaced whole', from: { r: { cpu: '1', memory: '1Gi' } }, to: { r: { cpu: '2', memory: '2Gi' } }, expected: [{ op: 'replace', path: '/r', value: { cpu: '2', memory: '2Gi' } }] },
    { name: 'scalar lists of another length', from: { args: ['a', 'b', 'c'] }, to: { args: ['a', 'x', 'c', 'd'] } },
    { name: 'lists of unnamed maps', from: { rules: [{ host: 'a' }, { host: 'b' }] }, to: { rules: [{ host: 'b' }, { host: 'c' }, { host: 'a' }] } },
    { name: 'reordered named items', from: { c: [{ name: 'a', v: 1 }, { name: 'b', v: 2 }] }, to: { c: [{ name: 'b', v: 2 }, { name: 'a', v: 3 }] } },
    { name: 'type changes', from: { a: { b: 1 }, c: [1], d: 'x' }, to: { a: [1], c: { x: 1 }, d: null } },
    { name: 'emptied list and map', from: { a: [1, 2], b: { c: 1 } }, to: { a: [], b: {} } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const operations = diffJson(c.from, c.to);
      assert.deepEqual(applyPatch(c.from, operations), c.to);
      if (c.expected) assert.deepEqual(operations, c.expected);
    });
  }

  it('never replaces the root object', () => {
    const operations = diffJson({ kind: 'A', spec: 1 }, { kind: 'B', spec: 2 });
    assert.ok(operations.every((op) => op.path !== ''));
    assert.deepEqual(applyPatch({ kind: 'A', spec: 1 }, operations), { kind: 'B', spec: 2 });
  });
});

describe('applyPatch', () => {
  it('refuses a path that does not exist, as kustomize does', () => {
    assert.throws(() => applyPatch({ a: {} }, [{ op: 'replace', path: '/a/b', value: 1 }]), /no such field/);
    assert.throws(() => applyPatch({ a: [] }, [{ op: 'remove', path: '/a/0' }]), /out of range/);
  });
});

describe('images transformer model', () => {
  const table: [string, { name: string; tag?: string; digest?: string }][] = [
    ['nginx', { name: 'nginx' }],
    ['nginx:1.27', { name: 'nginx', tag: '1.27' }],
    ['ghcr.io/acme/api:1.4.0', { name: 'ghcr.io/acme/api', tag: '1.4.0' }],
    ['localhost:5000/api:dev', { name: 'localhost:5000/api', tag: 'dev' }],
    ['localhost:5000/api', { name: 'localhost:5000/api' }],
    ['api@sha256:abc', { name: 'api', digest: 'sha256:abc' }],
    ['api:1@sha256:abc', { name: 'api', tag: '1', digest: 'sha256:abc' }],
  ];
  for (const [image, expected] of table) it(`splits ${image} like kustomize`, () => assert.deepEqual(splitImage(image), expected));

  const pod = (name: string, ...images: string[]): KubernetesObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { template: { spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } } },
  });

  it('proposes a tag only when every container with that image wants the same one', () => {
    const same = proposeImages([
      { source: pod('a', 'r/api:1'), wanted: pod('a', 'r/api:dev') },
      { source: pod('b', 'r/api:1'), wanted: pod('b', 'r/api:dev') },
    ]);
    assert.deepEqual(same, [{ name: 'r/api', newTag: 'dev' }]);
    const split = proposeImages([
      { source: pod('a', 'r/api:1'), wanted: pod('a', 'r/api:dev') },
      { source: pod('b', 'r/api:1'), wanted: pod('b', 'r/api:1') },
    ]);
    assert.deepEqual(split, []);
  });

  it('proposes a new name for a new repository, and no tag when the tag stays', () => {
    assert.deepEqual(proposeImages([{ source: pod('a', 'r/api:1'), wanted: pod('a', 'mirror/api:1') }]), [{ name: 'r/api', newName: 'mirror/api' }]);
  });

  it('leaves an image alone when its name, read as kustomize reads it (a regular expression), also matches another image', () => {
    assert.deepEqual(proposeImages([{ source: pod('a', 'r.io/api:1', 'rxio/api:1'), wanted: pod('a', 'r.io/api:2', 'rxio/api:1') }]), []);
  });
});

describe('applyPatch copies only what it changes', () => {
  it('leaves the document as it was and shares the branches no operation goes through', () => {
    const document: Json = { metadata: { name: 'web', labels: { app: 'web' } }, spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'web:1' }] } } } };
    const before = structuredClone(document);
    const patched = applyPatch(document, [
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'add', path: '/spec/template/spec/containers/0/args', value: ['--serve'] },
      { op: 'remove', path: '/metadata/labels/app' },
    ]) as Record<string, Record<string, Json>>;
    assert.deepEqual(document, before);
    assert.deepEqual(patched, { metadata: { name: 'web', labels: {} }, spec: { replicas: 3, template: { spec: { containers: [{ name: 'web', image: 'web:1', args: ['--serve'] }] } } } });
    const unpatched = applyPatch(document, [{ op: 'replace', path: '/spec/replicas', value: 4 }]) as Record<string, Record<string, Json>>;
    assert.equal(unpatched.metadata, (document as Record<string, Json>).metadata, 'metadata is not on the path: shared, not copied');
    assert.notEqual(unpatched.spec, (document as Record<string, Json>).spec);
  });
});
