import assert from 'node:assert/strict';
import { test } from 'node:test';
import { additionsToKeep, topLevelDigests } from './yaml-additions.ts';

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
