import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubernetesObject } from '../model/kubernetes-object.ts';
import { analyseNetworkPaths, type NetworkPod } from './network-paths.ts';

const pod = (labels: Record<string, string>, port = 8080, name = 'http'): NetworkPod => ({ namespace: 'shop', labels, ports: [{ port, name, protocol: 'TCP' }] });
const policy = (name: string, spec: Record<string, unknown>): KubernetesObject => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'shop' }, spec });

const web = pod({ app: 'web' });
const api = pod({ app: 'api' }, 9000, 'grpc');
const db = pod({ app: 'db' }, 5432, 'postgres');

test('no policy: everything is open', () => {
  const paths = analyseNetworkPaths([]);
  assert.equal(paths.allows(web, api, 9000), true);
  assert.equal(paths.allowsFromOutside(api, 9000), true);
  assert.equal(paths.allowsToInternet(api), true);
});

test('default deny, then per-pod allowances on both ends', () => {
  const objects = [
    policy('deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    // api accepts web on its named port; db accepts api only.
    policy('api', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 'grpc' }] }], egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }], policyTypes: ['Ingress', 'Egress'] }),
    policy('db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['api'] }] } }], ports: [{ port: 5432, protocol: 'TCP' }] }], policyTypes: ['Ingress'] }),
    // web may reach api, and the internet except private ranges.
    policy('web', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ ports: [{ port: 8080 }] }], egress: [{ to: [{ podSelector: { matchLabels: { app: 'api' } } }] }, { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] }], policyTypes: ['Ingress', 'Egress'] }),
  ];
  const paths = analyseNetworkPaths(objects);
  assert.equal(paths.allows(web, api, 9000), true, 'web → api on grpc');
  assert.equal(paths.allows(api, db, 5432), true, 'api → db');
  assert.equal(paths.allows(web, db, 5432), false, 'web has no egress to db');
  assert.equal(paths.allows(api, web, 8080), false, 'api has no egress to web');
  assert.equal(paths.allowsFromOutside(web, 8080), true, 'a rule without peers admits the ingress controller');
  assert.equal(paths.allowsFromOutside(api, 9000), false, 'api only admits web');
  assert.equal(paths.allowsToInternet(web, 443), true);
  assert.equal(paths.allowsToInternet(api, 443), false);
});

test('an ipBlock inside private ranges is not the internet', () => {
  const paths = analyseNetworkPaths([policy('web', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.1.0.0/16' } }] }], policyTypes: ['Egress'] })]);
  assert.equal(paths.allowsToInternet(web), false);
});

test('reachableAmong gives what allows gives for every pair, also for a pod that is not a candidate', () => {
  const app = { podSelector: { matchLabels: { part: 'shop' } } };
  const objects = [
    policy('deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    // Every component's policy reads the same "the app's own pods", as berth writes them.
    ...['web', 'api', 'db', 'cache'].map((name) =>
      policy(name, { podSelector: { matchLabels: { app: name } }, ingress: [{ from: [app], ports: [{ port: name === 'db' ? 5432 : 'http' }] }], egress: [{ to: [app] }], policyTypes: ['Ingress', 'Egress'] }),
    ),
    policy('migrate', { podSelector: { matchLabels: { job: 'migrate' } }, egress: [{ to: [app] }], policyTypes: ['Egress'] }),
  ];
  const shopWeb = pod({ app: 'web', part: 'shop' });
  const shopApi = pod({ app: 'api', part: 'shop' }, 9000, 'grpc');
  const shopDb = pod({ app: 'db', part: 'shop' }, 5432, 'postgres');
  // Alike to web in every rule: one class of targets and of senders with it.
  const shopCache = pod({ app: 'cache', part: 'shop' });
  const job = pod({ part: 'shop', job: 'migrate' });
  const outsider = pod({ app: 'api' }, 9000, 'grpc');
  const candidates = [shopWeb, shopApi, shopDb, shopCache, outsider];
  const paths = analyseNetworkPaths(objects);
  const reachable = paths.reachableAmong(candidates);
  for (const from of [...candidates, job]) {
    const expected = candidates.filter((to) => to !== from && to.ports.some((p) => paths.allows(from, to, p.port)));
    assert.deepEqual(reachable(from).pods(), expected);
    assert.equal(reachable(from).count, expected.length);
  }
  // web, api and cache accept only on a port named http, which api does not have; the outsider is no app pod.
  assert.deepEqual(reachable(shopWeb).pods(), [shopDb, shopCache]);
  assert.deepEqual(reachable(shopCache).pods(), [shopWeb, shopDb]);
  assert.deepEqual(reachable(job).pods(), [shopWeb, shopDb, shopCache]);
  assert.equal(reachable(outsider).count, 0);
});

test('reachableAmong without policies: every candidate but the pod itself', () => {
  const reachable = analyseNetworkPaths([]).reachableAmong([web, api, db]);
  assert.deepEqual(reachable(web).pods(), [api, db]);
  assert.equal(reachable(web).count, 2);
});
