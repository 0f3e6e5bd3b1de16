import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { additionsToKeep, topLevelDigests, topLevelDigestsOfValue } from './yaml-additions.ts';

const written = 'config:\n  todo:replicas: "2"\n';
const recorded = topLevelDigests(written)!;

const cases: { name: string; current: string; next?: string; keep: string | undefined }[] = [
  { name: 'a new top-level key is kept', current: `${written}encryptionsalt: v1:abc\n`, keep: 'encryptionsalt: v1:abc\n' },
  { name: 'reformatted and reordered by another tool, still kept', current: 'encryptionsalt: v1:abc\nconfig: { "todo:replicas": "2" }\n', keep: 'encryptionsalt: v1:abc\n' },
  { name: 'a changed value berth wrote is an edit', current: 'config:\n  todo:replicas: "3"\nencryptionsalt: x\n', keep: undefined },
  { name: 'a removed key berth wrote is an edit', current: 'encryptionsalt: x\n', keep: undefined },
  { name: 'nothing added: left to the digest check', current: `${written}# note\n`, keep: undefined },
  { name: 'a comment beside an addition is an edit', current: `${written}encryptionsalt: x # mine\n`, keep: undefined },
  { name: 'an added key the new version writes itself is an edit', current: `${written}extra: 1\n`, next: `${written}extra: 2\n`, keep: undefined },
  { name: 'not a mapping', current: '- a\n- b\n', keep: undefined },
];

for (const c of cases) {
  test(`yaml additions: ${c.name}`, () => {
    assert.equal(additionsToKeep(c.current, recorded, c.next ?? written), c.keep);
  });
}

test('the digests of a value: one per key that is written, __proto__ as a key of its own', () => {
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');
  const value = JSON.parse('{"kind": "ConfigMap", "__proto__": {"a": 1}, "data": {"x": "y"}}') as Record<string, unknown>;
  value.gone = undefined;
  const digests = topLevelDigestsOfValue(value)!;
  assert.deepEqual(Object.keys(digests), ['kind', '__proto__', 'data']);
  assert.equal(Object.getPrototypeOf(digests), Object.prototype);
  assert.equal(digests.kind, sha('"ConfigMap"'));
  assert.equal(Object.getOwnPropertyDescriptor(digests, '__proto__')?.value, sha('{"a":1}'));
  assert.equal(topLevelDigestsOfValue(['a list']), null);
});
