// Quantities as the provider sends them: resource.ParseQuantity then String() (canonical form).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalQuantity } from './quantity.ts';

const CASES: [string, string][] = [
  ['0.5', '500m'],
  ['1.5', '1500m'],
  ['0.1', '100m'],
  ['1000m', '1'],
  ['100m', '100m'],
  ['250m', '250m'],
  ['2', '2'],
  ['2000', '2k'],
  ['2048', '2048'],
  ['1000M', '1G'],
  ['0', '0'],
  ['0.000000001', '1n'],
  ['0.0000000001', '1n'],
  ['1024Mi', '1Gi'],
  ['1536Mi', '1536Mi'],
  ['0.5Gi', '512Mi'],
  ['1.5Ki', '1536'],
  ['512', '512'],
  ['1Ki', '1Ki'],
  ['1e3', '1e3'],
  ['1E6', '1e6'],
];

describe('canonical quantities', () => {
  for (const [input, expected] of CASES) {
    test(`${input} → ${expected}`, () => assert.equal(canonicalQuantity(input), expected));
  }
  test('a value that is not a quantity is refused', () => {
    assert.throws(() => canonicalQuantity('12 apples'), /quantities must match/);
  });
});
