// The spec reader must agree with the `yaml` package wherever it answers: the same value, and every
// node at the same offset. Checked on every spec in the repository and on thousands of variants of
// them with YAML's tricky characters put in, where it must either agree or leave the text to `yaml`.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LineCounter, parseDocument } from 'yaml';
import { LineIndex, readSpecYaml, sourceTreeOf } from './spec-yaml.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function specsUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'deploy' ? [] : specsUnder(path);
    return /^berth.*\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

const SPECS = [...specsUnder(join(ROOT, 'examples')), ...specsUnder(join(ROOT, 'test')), ...specsUnder(join(ROOT, 'src'))];

/** undefined when the fast reader left the text to yaml; otherwise a failure message or 'agrees'. */
function compare(text: string): string | undefined {
  const fast = readSpecYaml(text);
  if (fast === undefined) return undefined;
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) return `yaml refuses what the reader accepted: ${document.errors[0].message}`;
  let expected: unknown;
  try {
    expected = document.toJS();
  } catch (error) {
    return `yaml cannot convert it: ${(error as Error).message}`;
  }
  try {
    assert.deepStrictEqual(fast.value, expected);
    assert.deepStrictEqual(fast.root, sourceTreeOf(document.contents));
  } catch (error) {
    return (error as Error).message;
  }
  return 'agrees';
}

test('every spec in the repository reads as the yaml package reads it', () => {
  assert.ok(SPECS.length > 15, `found only ${SPECS.length} specs`);
  for (const spec of SPECS) {
    const result = compare(readFileSync(spec, 'utf8'));
    if (result !== undefined) assert.equal(result, 'agrees', spec);
  }
});

test('the examples are read without the yaml package (but for anchors, which it leaves to yaml)', () => {
  let read = 0;
  for (const spec of SPECS.filter((path) => path.startsWith(join(ROOT, 'examples')))) {
    const text = readFileSync(spec, 'utf8');
    if (/: &[a-z]|\*[a-z]/.test(text)) continue;
    assert.notEqual(readSpecYaml(text), undefined, spec);
    read++;
  }
  assert.ok(read >= 3);
});

test('variants of the specs with tricky characters: the reader agrees or leaves them to yaml', () => {
  const inserts = [':', ': ', ' #', '#', '"', "'", '-', '- ', ' ', '  ', '{', '}', '[', ']', ',', '|', '\n', '\n  ', '&a ', '*a', '!x ', '~', '? ', '0x1', '1e3', '.5', 'null', 'True', '"\\x41"', "'it''s'"];
  let agreed = 0;
  let left = 0;
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (const spec of SPECS.slice(0, 40)) {
    const text = readFileSync(spec, 'utf8');
    for (let i = 0; i < 60; i++) {
      const at = random(text.length);
      const variant = random(3) === 0 ? text.slice(0, at) + text.slice(at + 1 + random(4)) : text.slice(0, at) + inserts[random(inserts.length)] + text.slice(at);
      const result = compare(variant);
      if (result === undefined) left++;
      else {
        assert.equal(result, 'agrees', `${spec} with a change at offset ${at}:\n${variant.slice(Math.max(0, at - 80), at + 80)}`);
        agreed++;
      }
    }
  }
  assert.ok(agreed > 500 && left > 100, `agreed on ${agreed}, left ${left} to yaml`);
});

test('small documents: values, nulls, blocks and flow collections as yaml reads them', () => {
  const cases = [
    'a:\nb: |\n  x\n  y\nc:\n  - \n  - q\nd: { e: 1, f: [1, "2"] }\ng:   # c\n  h: 1\n',
    'a: # comment\n  b: 1\n',
    'a:   # comment\nb: 2\n',
    'list:\n- a\n- b: 1\n  c: [x, y]\n- - nested\n  - more\n',
    '---\nname: x\nblock: |-\n  one\n\n  two\n\nafter: "q"\n',
    'k: -1\nl: --port\nm: 0.5\nn: 10\no: "10"\np: \'it\'\'s\'\nq: a:b\nr: http://x:80/y\n',
    'env: { A: "1", B: two, C: { d: [] } }\nempty: {}\nnone: []\n',
    'x: ~\ny: null\nz: true\n',
  ];
  for (const text of cases) {
    assert.notEqual(readSpecYaml(text), undefined, text);
    assert.equal(compare(text), 'agrees', text);
  }
});

test('what the reader leaves to the yaml package', () => {
  for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: >\n  folded\n', 'a: b\na: c\n', 'a: plain\n  continued\n', 'a: {\n  b: 1 }\n', 'a:\tb\n', 'a: "\\x41"\n', '<<: {}\n', 'a: 0x10\n', 'a: Yes\nb: +1\n']) {
    assert.equal(readSpecYaml(text), undefined, text);
  }
});

test('line and column of an offset, as the yaml package counts them', () => {
  const text = 'a: 1\n\nbc: [1, 2]\nlast';
  const counter = new LineCounter();
  parseDocument(text, { lineCounter: counter });
  const index = new LineIndex(text);
  for (let offset = 0; offset <= text.length; offset++) {
    const { line, col } = counter.linePos(offset);
    assert.deepEqual(index.position(offset), { line, column: col }, `offset ${offset}`);
  }
});
