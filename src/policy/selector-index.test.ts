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
