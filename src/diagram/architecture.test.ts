import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadExample } from '../../test/helpers.ts';
import type { KubernetesObject } from '../model/kubernetes-object.ts';
import { resolveObjects } from '../model/resolve.ts';
import { diagramOf, renderMermaid, renderSvg } from './index.ts';

test('todo dev: ingress paths → Services → workloads → in-cluster postgres, the migrate Job and the Secrets read', () => {
  const model = loadExample('todo-chatbot');
  const diagram = diagramOf(model, 'dev', resolveObjects(model, 'dev'));
  const edge = (from: string, to: string) => diagram.edges.find((e) => e.from === from && e.to === to);
  assert.equal(edge('host_todo_dev_example_com', 'svc_backend')?.label, '/api');
  assert.equal(edge('host_todo_dev_example_com', 'svc_frontend')?.label, '/');
  assert.equal(edge('svc_backend', 'wl_backend')?.style, 'traffic');
  assert.equal(edge('wl_backend', 'dep_postgres')?.style, 'traffic');
  assert.equal(edge('job_migrate', 'wl_backend')?.style, 'order');
  assert.equal(edge('wl_frontend', 'secret_todo_auth')?.style, 'reads');
  assert.equal(edge('wl_frontend', 'secret_todo_openai'), undefined, 'frontend does not read the OpenAI key');
  assert.deepEqual(diagram.names, ['backend', 'frontend', 'migrate', 'postgres']);
  const node = (id: string) => diagram.nodes.find((n) => n.id === id)!;
  assert.deepEqual(node('wl_backend').lines, ['Deployment · 1 replica', 'rolling update (surge 1, unavailable 0)']);
});

test('todo prod: HPA bounds, external postgres through the internet egress', () => {
  const model = loadExample('todo-chatbot');
  const diagram = diagramOf(model, 'prod', resolveObjects(model, 'prod'));
  assert.match(diagram.nodes.find((n) => n.id === 'wl_backend')!.lines[0], /^Deployment · HPA 3–10 \(CPU 70%\)$/);
  assert.equal(diagram.nodes.find((n) => n.id === 'ext_postgres')?.group, 'outside');
  assert.ok(diagram.edges.some((e) => e.from === 'wl_backend' && e.to === 'ext_postgres' && e.style === 'traffic'));
});

test('a NetworkPolicy that stops declared traffic shows as blocked', () => {
  const model = loadExample('todo-chatbot');
  const objects = resolveObjects(model, 'dev').map((o): KubernetesObject => {
    if (o.kind !== 'NetworkPolicy' || o.metadata.name !== 'todo-backend') return o;
    // Only DNS out, and only pods labelled `role: probe` in.
    const spec = o.spec as { egress: unknown[]; ingress: unknown[] };
    return { ...o, spec: { ...spec, egress: [spec.egress[0]], ingress: [{ from: [{ podSelector: { matchLabels: { role: 'probe' } } }] }] } };
  });
  const diagram = diagramOf(model, 'dev', objects);
  const edge = (from: string, to: string) => diagram.edges.find((e) => e.from === from && e.to === to);
  assert.equal(edge('host_todo_dev_example_com', 'svc_backend')?.style, 'blocked');
  assert.match(edge('host_todo_dev_example_com', 'svc_backend')!.label!, /blocked by NetworkPolicy/);
  assert.equal(edge('wl_backend', 'dep_postgres')?.style, 'blocked');
  assert.equal(edge('wl_backend', 'peer_internet'), undefined);
  // frontend may no longer reach every pod (backend only admits probes): its paths are drawn one by one.
  assert.equal(edge('wl_frontend', 'peer_app'), undefined);
  assert.equal(edge('wl_frontend', 'wl_backend'), undefined);
  assert.equal(edge('wl_frontend', 'dep_postgres')?.style, 'allowed');
  assert.equal(edge('wl_frontend', 'peer_internet')?.style, 'allowed', 'frontend egress is untouched');
  assert.match(renderMermaid(diagram), /wl_backend --x\|"blocked by NetworkPolicy"\| dep_postgres/);
});

test('platform: 20 services read as a few boxes; every component is still named', () => {
  const model = loadExample('platform');
  for (const environment of model.registry.environments) {
    const diagram = diagramOf(model, environment, resolveObjects(model, environment));
    const workloads = diagram.nodes.filter((n) => n.kind === 'workload');
    assert.ok(workloads.length <= 4, `${environment}: ${workloads.map((w) => w.title).join(', ')}`);
    assert.ok(workloads.some((w) => /^17 components$/.test(w.title)), 'the 17 identical gRPC services share one box');
    const svg = renderSvg(diagram);
    for (const name of diagram.names) assert.ok(svg.includes(name), `${environment} SVG names ${name}`);
    assert.equal(renderSvg(diagram), svg, 'deterministic');
  }
});

test('collapsing can be turned off', () => {
  const model = loadExample('platform');
  const diagram = diagramOf(model, 'dev', resolveObjects(model, 'dev'), { collapseFrom: Infinity });
  assert.equal(diagram.nodes.filter((n) => n.kind === 'workload').length, 20);
});
