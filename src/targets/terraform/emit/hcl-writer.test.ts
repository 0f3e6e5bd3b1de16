// The HCL printer: quoting that never interpolates, and terraform fmt's alignment rules.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attribute, blank, block, comment, expr, list, object, printFile, quote } from './hcl-writer.ts';

describe('HCL printer', () => {
  const QUOTES: [string, string][] = [
    ['plain', '"plain"'],
    ['${HOME} and %{ if }', '"$${HOME} and %%{ if }"'],
    ['$${already}', '"$$${already}"'],
    ['say "hi"\\n', '"say \\"hi\\"\\\\n"'],
    ['line\nnext\ttab', '"line\\nnext\\ttab"'],
    ['bell\u0007', '"bell\\u0007"'],
    ['é ☃', '"é ☃"'],
  ];
  for (const [text, quoted] of QUOTES) test(`quote ${JSON.stringify(text)}`, () => assert.equal(quote(text), quoted));

  test('aligns = across a run of one-line attributes; multi-line values, blocks, comments and blank lines end a run', () => {
    const text = printFile([
      block('resource', ['a', 'b'], [
        attribute('count', expr('1')),
        attribute('longer_name', expr('"x"')),
        attribute('labels', object([{ key: 'app.kubernetes.io/name', value: expr('"n"') }, { key: 'b', value: expr('2') }])),
        attribute('n', expr('2')),
        comment('why'),
        attribute('zz', expr('3')),
        blank,
        attribute('list', list([expr('"a"'), expr('"b"')])),
        block('metadata', [], []),
      ]),
    ]);
    assert.equal(
      text,
      [
        'resource "a" "b" {',
        '  count       = 1',
        '  longer_name = "x"',
        '  labels = {',
        '    "app.kubernetes.io/name" = "n"',
        '    b                        = 2',
        '  }',
        '  n = 2',
        '  # why',
        '  zz = 3',
        '',
        '  list = ["a", "b"]',
        '  metadata {}',
        '}',
        '',
      ].join('\n'),
    );
  });
});
