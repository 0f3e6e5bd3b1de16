// The canary analysis asks Prometheus with the component's own metrics convention, the one its alerts
// and dashboards use, unless the analysis names other metrics.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSpec } from '../spec/load.ts';
import { analysisQueries } from './analysis-queries.ts';
import { evaluate } from './template.ts';

function queries(component: string) {
  const text = [
    'name: shop',
    'version: 1.0.0',
    'strategy: { prometheus: http://prometheus-operated.monitoring:9090 }',
    'components:',
    '  api:',
    '    image: ghcr.io/acme/api',
    '    port: 8080',
    '    replicas: 2',
    component,
    '',
  ].join('\n');
  const result = loadSpec(text, 'berth.yaml');
  assert.ok(result.ok, result.ok ? '' : JSON.stringify(result.diagnostics));
  const api = result.spec.base.components[0];
  const values = new Map([['namespace', 'shop-prod'], ['fullname', 'shop']]);
  return Object.fromEntries(analysisQueries(api, api.strategy!.canary.analysis!).map((q) => [q.name, evaluate(q.query, values) as string]));
}

test('a gRPC component is judged on its gRPC server metrics', () => {
  const q = queries('    metrics: { port: 8080, convention: grpc }\n    strategy: { type: canary, canary: { analysis: true } }');
  assert.match(q['error-rate'], /^sum\(rate\(grpc_server_handled_total\{namespace="shop-prod",pod=~"shop-api-\{\{args\.pod-template-hash\}\}-\.\*",grpc_code=~"Unknown\|DeadlineExceeded\|Unimplemented\|Internal\|Unavailable\|DataLoss"\}\[1m\]\)\)/);
  assert.match(q['latency-p99'], /grpc_server_handling_seconds_bucket/);
  assert.match(q.restarts, /kube_pod_container_status_restarts_total\{.*,container="api"\}/);
});

test('Istio telemetry is in milliseconds, so the p99 is converted to the seconds of the threshold', () => {
  const q = queries('    metrics: { port: 8080, convention: istio }\n    strategy: { type: canary, canary: { analysis: true } }');
  assert.match(q['error-rate'], /istio_requests_total\{.*response_code=~"5\.\."/);
  assert.match(q['latency-p99'], /istio_request_duration_milliseconds_bucket\{.*\}\[1m\]\)\)\) \/ 1000$/);
});

test('without metrics the analysis reads the HTTP names, and names the analysis gives win', () => {
  const plain = queries('    strategy: { type: canary, canary: { analysis: true } }');
  assert.match(plain['error-rate'], /http_requests_total\{.*,code=~"5\.\."\}/);
  assert.match(plain['latency-p99'], /http_request_duration_seconds_bucket\{.*\}\[1m\]\)\)\)$/);
  const own = queries('    metrics: { port: 8080, convention: grpc }\n    strategy: { type: canary, canary: { analysis: { metrics: { requests: rpc_total, errorCodes: Internal } } } }');
  assert.match(own['error-rate'], /^sum\(rate\(rpc_total\{.*,grpc_code=~"Internal"\}/);
});
