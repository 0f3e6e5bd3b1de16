import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesLabelSelector, matchesMapSelector, type Labels } from './label-selector.ts';
import { indexSelectors } from './selector-index.ts';

const selectors: { name: string; selector: unknown }[] = [
  { name: 'everything', selector: {} },
  { name: 'web', selector: { matchLabels: { app: 'web', part: 'shop' } } },
  { name: 'missing', selector: undefined },
  { name: 'expressions', selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] } },
  { name: 'shop-front', selector: { matchLabels: { part: 'shop' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] } },
  { name: 'api', selector: { matchLabels: { app: 'api' } } },
];
const pods: Labels[] = [{ app: 'web', part: 'shop', tier: 'front' }, { app: 'web' }, { app: 'api', part: 'shop' }, { part: 'shop', tier: 'back' }, {}];

test('label selectors: the same matches as asking every selector, in their order', () => {
  const lookup = indexSelectors(selectors, (s) => s.selector, 'labelSelector');
  for (const labels of pods) {
    assert.deepEqual(lookup(labels).map((s) => s.name), selectors.filter((s) => matchesLabelSelector(s.selector, labels)).map((s) => s.name));
  }
  assert.deepEqual(lookup(pods[0]).map((s) => s.name), ['everything', 'web', 'expressions', 'shop-front']);
});

test('map selectors: the empty map matches every pod', () => {
  const maps: Labels[] = [{ app: 'api' }, {}, { app: 'web', part: 'shop' }];
  const lookup = indexSelectors(maps, (m) => m, 'map');
  for (const labels of pods) assert.deepEqual(lookup(labels), maps.filter((m) => matchesMapSelector(m, labels)));
  assert.deepEqual(lookup({ app: 'web', part: 'shop' }), [{}, { app: 'web', part: 'shop' }]);
});

test('selectors that share the pairs an app puts on everything still find only their own pods, counted as they are asked', () => {
  // Like a Service per component: the app's labels first, the component's last.
  const services = Array.from({ length: 300 }, (_, i) => ({ 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/instance': 'shop', 'app.kubernetes.io/component': `svc-${i}` }));
  let asked = 0;
  const lookup = indexSelectors(services, (selector) => (asked++, selector), 'map');
  asked = 0;
  for (let i = 0; i < services.length; i++) assert.deepEqual(lookup({ ...services[i], 'pod-template-hash': 'x' }), [services[i]]);
  // Each pod is compared with its own Service only, not with all 300.
  assert.equal(asked, services.length);
});
