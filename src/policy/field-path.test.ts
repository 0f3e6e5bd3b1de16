import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { childPath, comparePaths, joinPath, parsePath } from './field-path.ts';
import { matchesLabelSelector, matchesMapSelector } from './label-selector.ts';

describe('field paths', () => {
  it('join keys, indexes and keys that need quoting', () => {
    assert.equal(joinPath('spec', 'template', 'spec', 'containers', 0, 'image'), 'spec.template.spec.containers[0].image');
    assert.equal(childPath('metadata.labels', 'app.kubernetes.io/name'), 'metadata.labels["app.kubernetes.io/name"]');
    assert.equal(childPath('', 'apiVersion'), 'apiVersion');
  });

  it('parse back what they join', () => {
    const cases: (string | number)[][] = [
      ['spec', 'containers', 3, 'env', 10, 'value'],
      ['metadata', 'annotations', 'a.b/c[d]"e'],
      ['data', 'application.properties'],
    ];
    for (const segments of cases) assert.deepEqual(parsePath(joinPath('', ...segments)), segments);
    assert.equal(parsePath('spec[unquoted]'), undefined);
  });

  it('order list indexes numerically', () => {
    const paths = ['spec.c[10].x', 'spec.c[2].x', 'spec.a', 'spec.c[2]'];
    assert.deepEqual([...paths].sort(comparePaths), ['spec.a', 'spec.c[2]', 'spec.c[2].x', 'spec.c[10].x']);
  });
});

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front' };

  it('match labels and expressions', () => {
    assert.equal(matchesLabelSelector({ matchLabels: { app: 'web' } }, labels), true);
    assert.equal(matchesLabelSelector({ matchLabels: { app: 'api' } }, labels), false);
    assert.equal(matchesLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }] }, labels), true);
    assert.equal(matchesLabelSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels), false);
    assert.equal(matchesLabelSelector({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, labels), true);
    assert.equal(matchesLabelSelector({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels), true);
    assert.equal(matchesLabelSelector({ matchExpressions: [{ key: 'app', operator: 'Bogus' }] }, labels), false);
  });

  it('treat {} as everything and a missing selector as nothing', () => {
    assert.equal(matchesLabelSelector({}, labels), true);
    assert.equal(matchesLabelSelector(undefined, labels), false);
    assert.equal(matchesMapSelector({}, labels), true);
    assert.equal(matchesMapSelector({ app: 'web', tier: 'back' }, labels), false);
  });
});
