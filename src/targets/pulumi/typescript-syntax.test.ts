import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indent } from './typescript-syntax.ts';

test('indent: every non-empty line by two spaces, empty lines left empty', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['a', '  a'],
    ['a\nb', '  a\n  b'],
    ['a\n\nb\n', '  a\n\n  b\n'],
    ['\na', '\n  a'],
    ['{\n  x: 1,\n}', '  {\n    x: 1,\n  }'],
    // Only \n ends a line: a \r or U+2028 inside one stays where it is.
    ['a\r\nb\u2028c', '  a\r\n  b\u2028c'],
  ];
  for (const [block, indented] of cases) assert.equal(indent(block), indented, JSON.stringify(block));
});
