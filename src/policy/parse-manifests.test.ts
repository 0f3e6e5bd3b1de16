import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkObjects, locateFindings, parseManifests } from './index.ts';

/** The 1-based line of the first line containing `text`. */
function lineOf(source: string, text: string, from = 0): number {
  const lines = source.split('\n');
  const index = lines.findIndex((line, i) => i >= from && line.includes(text));
  assert.ok(index >= 0, `"${text}" not in the source`);
  return index + 1;
}

const DEPLOYMENT = `# leading comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: sidecar
          image: envoyproxy/envoy:v1.31.0
        - name: web
          image: nginx:latest
          ports:
            - containerPort: 8080
`;

describe('parseManifests', () => {
  it('maps a field path to the line and column of its key', () => {
    const { documents, errors } = parseManifests(DEPLOYMENT, 'deploy/web.yaml');
    assert.deepEqual(errors, []);
    assert.equal(documents.length, 1);
    const [doc] = documents;
    assert.equal(doc.object.kind, 'Deployment');
    assert.equal(doc.file, 'deploy/web.yaml');
    assert.deepEqual(doc.positionOf('spec.template.spec.containers[1].image'), {
      file: 'deploy/web.yaml',
      line: lineOf(DEPLOYMENT, 'image: nginx'),
      column: 11,
    });
    assert.equal(doc.positionOf('spec.template.spec.containers[0].image')?.line, lineOf(DEPLOYMENT, 'image: envoy'));
    assert.equal(doc.positionOf('metadata.labels["app.kubernetes.io/name"]')?.line, lineOf(DEPLOYMENT, 'app.kubernetes.io/name'));
    assert.equal(doc.positionOf('spec.template.spec.containers[1].ports[0].containerPort')?.line, lineOf(DEPLOYMENT, 'containerPort'));
  });

  it('maps a missing field to its deepest existing parent', () => {
    const [doc] = parseManifests(DEPLOYMENT, 'web.yaml').documents;
    assert.equal(doc.positionOf('spec.template.spec.containers[1].resources.limits.cpu')?.line, lineOf(DEPLOYMENT, '- name: web'));
    assert.equal(doc.positionOf('spec.replicas')?.line, lineOf(DEPLOYMENT, 'spec:'));
    assert.equal(doc.positionOf('')?.line, lineOf(DEPLOYMENT, 'apiVersion'));
  });

  it('locates the findings of a check on the line they are about', () => {
    const { documents } = parseManifests(DEPLOYMENT, 'web.yaml');
    const locate = locateFindings(documents);
    const finding = checkObjects(documents.map((d) => d.object)).find((f) => f.rule === 'image-tag-pinned');
    assert.ok(finding);
    assert.equal(finding.path, 'spec.template.spec.containers[1].image');
    assert.deepEqual(locate(finding), { file: 'web.yaml', line: lineOf(DEPLOYMENT, 'image: nginx'), column: 11 });
  });

  it('reads every document of a stream and skips empty ones and non-objects', () => {
    const text = [
      '---',
      '# only a comment',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: a }',
      'data: { KEY: value }',
      '---',
      'just a string',
      '---',
      'name: not-a-kubernetes-object',
      '---',
      '- a',
      '- list',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: b',
      '  namespace: prod',
      'spec:',
      '  type: NodePort',
      '...',
      '',
    ].join('\n');
    const { documents, errors } = parseManifests(text, 'all.yaml');
    assert.deepEqual(errors, []);
    assert.deepEqual(documents.map((d) => `${d.object.kind}/${d.object.metadata.name}`), ['ConfigMap/a', 'Service/b']);
    assert.equal(documents[1].positionOf('spec.type')?.line, lineOf(text, 'type: NodePort'));
    assert.equal(documents[1].object.metadata.namespace, 'prod');
  });

  it('flattens kind: List into its items, with positions inside each item', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ServiceAccount
    metadata:
      name: one
  - apiVersion: apps/v1
    kind: DeploymentList
    items:
      - apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: two
        spec:
          replicas: 3
`;
    const { documents } = parseManifests(text, 'list.yaml');
    assert.deepEqual(documents.map((d) => `${d.object.kind}/${d.object.metadata.name}`), ['ServiceAccount/one', 'Deployment/two']);
    assert.deepEqual(documents[0].positionOf('metadata.name'), { file: 'list.yaml', line: lineOf(text, 'name: one'), column: 7 });
    assert.equal(documents[1].positionOf('spec.replicas')?.line, lineOf(text, 'replicas: 3'));
  });

  it('reports a syntax error with line and column, and still returns the other documents', () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata: { name: good }
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: bad
data:
  key: [unclosed
---
apiVersion: v1
kind: Secret
metadata: { name: after }
`;
    const { documents, errors } = parseManifests(text, 'broken.yaml');
    assert.deepEqual(documents.map((d) => d.object.metadata.name), ['good', 'after']);
    assert.ok(errors.length >= 1);
    const [error] = errors;
    assert.equal(error.code, 'yaml-syntax');
    assert.equal(error.severity, 'error');
    assert.equal(error.position?.file, 'broken.yaml');
    assert.ok(error.position && error.position.line >= lineOf(text, 'key: [unclosed') && error.position.line <= lineOf(text, 'kind: Secret'));
    assert.ok(error.position.column >= 1);
    assert.ok(!error.message.includes('\n'));
  });

  it('reports the exact line and column of a duplicate key', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  name: y\n';
    const { documents, errors } = parseManifests(text, 'pod.yaml');
    assert.deepEqual(documents, []);
    assert.deepEqual(errors.map((e) => [e.code, e.position]), [['yaml-syntax', { file: 'pod.yaml', line: 5, column: 3 }]]);
  });

  it('follows YAML anchors and aliases', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - &main
      name: a
      image: app:1.0.0
    - *main
`;
    const { documents } = parseManifests(text, 'pod.yaml');
    assert.equal((documents[0].object.spec as { containers: unknown[] }).containers.length, 2);
    assert.equal(documents[0].positionOf('spec.containers[1].image')?.line, lineOf(text, 'image: app'));
  });
});
