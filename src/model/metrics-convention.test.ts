// A component's resolved convention: the kind's names, with every name its spec overrides.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSpec } from '../spec/load.ts';
import { componentConvention, conventionDefaults, GRPC_METRICS, HTTP_METRICS, ISTIO_METRICS, requestSelector } from './metrics-convention.ts';
import { evaluate } from './template.ts';

function convention(metrics: string) {
  const result = loadSpec(`name: shop\nversion: 1.0.0\ncomponents:\n  api:\n    image: ghcr.io/acme/api\n    port: 8080\n    metrics: ${metrics}\n`, 'berth.yaml');
  assert.ok(result.ok, result.ok ? '' : JSON.stringify(result.diagnostics));
  return componentConvention(result.spec.base.components[0])!;
}

test('each kind names its own metrics and labels', () => {
  assert.deepEqual(convention('{ port: 8080 }'), conventionDefaults('http'));
  assert.equal(convention('{ port: 8080 }').requests, HTTP_METRICS.requests);
  const grpc = convention('{ port: 8080, convention: grpc }');
  assert.deepEqual([grpc.requests, grpc.duration, grpc.codeLabel, grpc.durationUnit], [GRPC_METRICS.requests, GRPC_METRICS.duration, 'grpc_code', 'seconds']);
  assert.match('Unavailable', new RegExp(`^(${grpc.serverErrors})$`));
  assert.doesNotMatch('NotFound', new RegExp(`^(${grpc.serverErrors})$`));
  const istio = convention('{ port: 8080, convention: istio }');
  assert.deepEqual([istio.requests, istio.duration, istio.codeLabel, istio.workloadLabel, istio.durationUnit], [ISTIO_METRICS.requests, ISTIO_METRICS.duration, 'response_code', 'destination_workload', 'milliseconds']);
});

test('every name is overridable, and a gauge replaces the connection counters', () => {
  const m = convention('{ port: 8080, convention: { kind: grpc, requests: rpc_total, codeLabel: status, workloadLabel: app, connections: rpc_in_flight } }');
  assert.deepEqual([m.requests, m.codeLabel, m.workloadLabel, m.duration], ['rpc_total', 'status', 'app', GRPC_METRICS.duration]);
  assert.deepEqual([m.connections, m.connectionsOpened, m.connectionsClosed], ['rpc_in_flight', '', '']);
  const selector = evaluate(requestSelector('api', m), new Map([['namespace', 'shop-prod'], ['fullname', 'shop']]));
  assert.equal(selector, 'namespace="shop-prod",app="shop-api"');
});

test('a misspelt metric name is refused by the schema', () => {
  const result = loadSpec('name: shop\nversion: 1.0.0\ncomponents:\n  api:\n    image: ghcr.io/acme/api\n    port: 8080\n    metrics: { port: 8080, convention: { requests: "rpc-total" } }\n', 'berth.yaml');
  assert.equal(result.ok, false);
});
