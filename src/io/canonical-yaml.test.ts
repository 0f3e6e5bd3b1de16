// The fast reader must agree with the full YAML parser whenever it answers: checked on every YAML
// file berth generates for the examples, and on cases chosen to sit at the edges of its subset.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Document, parseDocument, stringify } from 'yaml';
import { exampleNames, loadExample } from '../../test/helpers.ts';
import { TARGETS } from '../targets/index.ts';
import { resolveObjects } from '../model/resolve.ts';
import { orderKeys } from '../model/serialize.ts';
import { readCanonicalYaml, UNSURE, writeCanonicalYamlText } from './canonical-yaml.ts';
import { topLevelDigests, topLevelDigestsOfValue } from './yaml-additions.ts';

function fullParse(text: string): unknown {
  const document = parseDocument(text);
  return document.errors.length > 0 ? 'parse error' : document.toJS();
}

test('canonical YAML: agrees with the yaml package on every generated YAML file, and reads most of them', () => {
  let read = 0;
  let total = 0;
  for (const example of exampleNames()) {
    const model = loadExample(example);
    for (const target of TARGETS.filter((t) => !t.applies || t.applies(model))) {
      for (const file of target.emit(model)) {
        if (!/\.ya?ml$/.test(file.path) || file.content.includes('{{')) continue;
        total++;
        const fast = readCanonicalYaml(file.content);
        if (fast === UNSURE) continue;
        read++;
        assert.deepEqual(fast, fullParse(file.content), `${example} ${target.name} ${file.path}`);
      }
    }
  }
  assert.ok(read > total * 0.9, `read ${read} of ${total} files`);
});

const cases = [
  'a: 1\nb: "2"\nc: \'it\'\'s\'\nd: true\ne: null\nf: 500m\ng: 1Gi\nh: 0.5\n',
  '---\napiVersion: v1\nkind: ConfigMap\ndata:\n  LOG_LEVEL: info\n  PORT: "8080"\n',
  'list:\n  - a\n  - b: 1\n    c: 2\n  - - x\n    - y\nempty: {}\nnone: []\n',
  'compact:\n- a\n- b\nafter: 1\n',
  'script: |\n  line one\n\n    indented\n  last\nnext: x\n',
  'strip: |-\n  no newline\n',
  'key:\nother: 1\n',
  'e: 1e3\nx: 0x1F\no: 0o17\ni: .inf\nn: ~\nt: True\nz: 007\nneg: -1\nbig: 12345678901234567890\n',
  'a: b: c\n',
  'a: 1\na: 2\n',
  'a:\n  b: 1\n   c: 2\n',
  'url: http://example.com/x?y=1\nquoted: "a\\"b\\\\c\\n"\nq: "\\x41"\n',
  'k: v # comment\n',
  'anchor: &a 1\nalias: *a\n',
  'plain: continues\n  on the next line\n',
  '- top\n- level\n',
  'scalar\n',
  '"quoted key": 1\ntrue: 2\n',
  'block: |\n  a\n  \n  b\n',
  'block: |+\n  keep\n\n',
  'folded: >\n  a\n  b\n',
  'stack:\n  app:key: 1\n  app:other: "x"\n  a:b:\nplain: a:b\n',
  'deep:\n  - name: a\n    env:\n      - name: X\n        value: "1"\n    ports: []\n',
];

for (const text of cases) {
  test(`canonical YAML: ${JSON.stringify(text).slice(0, 60)} agrees or is left to the full parser`, () => {
    const fast = readCanonicalYaml(text);
    if (fast !== UNSURE) assert.deepEqual(fast, fullParse(text));
  });
}

test('canonical YAML: reads the common shapes itself', () => {
  for (const text of [cases[0], cases[1], cases[2], cases[3], cases[4], cases[5], cases[21], cases[22]]) assert.notEqual(readCanonicalYaml(text), UNSURE, text);
});

// The writer must give the yaml package's text byte for byte whenever it answers.
const OPTIONS = { lineWidth: 0, minContentWidth: 0, indentSeq: true, aliasDuplicateObjects: false } as const;
const schemas = { '1.1': new Document(null, { version: '1.1' }).schema, '1.2': new Document(null).schema };

function assertWritesLikeYaml(value: unknown, version: '1.1' | '1.2', label: string): boolean {
  const fast = writeCanonicalYamlText(value, schemas[version] as never, version);
  if (fast === undefined) return false;
  assert.equal(fast.text, stringify(value, { ...OPTIONS, version }), label);
  // The writer's word that the text reads back as the value lets the record skip parsing it.
  if (fast.readsBackAsValue) assert.deepEqual(topLevelDigests(fast.text) ?? null, topLevelDigestsOfValue(value), `${label} reads back`);
  return true;
}

test('canonical YAML writer: a YAML 1.1 text with a string YAML 1.2 reads as a number does not read back as its value', () => {
  assert.equal(writeCanonicalYamlText({ tag: '0o17' }, schemas['1.1'] as never, '1.1')?.readsBackAsValue, false);
  assert.equal(writeCanonicalYamlText({ tag: '0o17' }, schemas['1.2'] as never, '1.2')?.readsBackAsValue, true);
});

test('canonical YAML writer: the same text as the yaml package for every canonical object of the examples', () => {
  let written = 0;
  let total = 0;
  for (const example of exampleNames()) {
    const model = loadExample(example);
    for (const environment of [undefined, ...model.registry.environments]) {
      for (const object of resolveObjects(model, environment)) {
        for (const version of ['1.1', '1.2'] as const) {
          total++;
          if (assertWritesLikeYaml(orderKeys(object), version, `${example} ${environment} ${object.kind} ${object.metadata.name} (YAML ${version})`)) written++;
        }
      }
    }
  }
  assert.ok(written > total * 0.9, `wrote ${written} of ${total}`);
});

test('canonical YAML writer: strings at the edges of plain, quoted and unsupported', () => {
  const strings = ['', ' ', 'a', 'yes', 'no', 'on', 'off', 'y', 'n', 'true', 'True', 'null', '~', '1', '010', '0x1f', '0o17', '1e3', '1_000', '.5', '-1', '+1', '1.0',
    '12:30:00', '2001-12-14', '500m', '1Gi', 'a: b', 'a:b', 'a #b', 'a#b', '#a', '- a', '-a', '?', '? a', ':', 'a:', ' a', 'a ', '[a]', '{a}', 'a,b', '*a', '&a', '!a',
    '|', '>', "'", '"', 'it\'s', 'say "hi"', 'back\\slash', '---', '...', '--- a', '%a', '@a', '`a', 'multi\nline', 'tab\tin', 'ünï', 'http://x:80/y', '$(VAR)', 'a  b',
    '{"k":"v"}', '{"k":"it\'s"}', '"a"', "'a'", '"a\\b"', '[1, "2"]', 'say "hi"', `{"long":"${'x'.repeat(2000)}"}`, 'x'.repeat(1500)];
  for (const version of ['1.1', '1.2'] as const) {
    for (const s of strings) {
      assertWritesLikeYaml({ [s === '' ? 'k' : s]: s, list: [s, { key: s }, [s]] }, version, JSON.stringify(s));
      assertWritesLikeYaml({ key: s }, version, JSON.stringify(s));
    }
  }
  const multiLine = ['a\nb', 'a\nb\n', 'a\nb\n\n', '\na', ' a\nb', 'a\n\nb\n', 'a \nb', 'a\nb ', 'a\nb \n', 'a\n  \nb', 'a\n  b\n', 'a\n\tb', 'a\n---\nb', 'a\n...\n', '{\n  "k": "v"\n}', 'a\n#b\n', 'é\nb', 'a\n\n'];
  let blocks = 0;
  for (const version of ['1.1', '1.2'] as const) {
    for (const s of multiLine) {
      for (const value of [{ key: s }, { list: [s, { key: s }, [s]] }, { a: { b: [{ c: s, d: 1 }] } }]) {
        if (assertWritesLikeYaml(value, version, JSON.stringify(s))) blocks++;
      }
    }
  }
  assert.ok(blocks >= 40, `wrote ${blocks} blocks`);
  for (const value of [0, 1, -5, 0.5, 1e21, 2 ** 53, true, false, null, [], {}, { a: undefined, b: 1 }, [[]], [{}], [[1, 2], [3]], { a: { b: { c: [1, { d: [] }] } } }]) {
    for (const version of ['1.1', '1.2'] as const) {
      assertWritesLikeYaml({ value }, version, JSON.stringify(value));
      // A list at the top, as a JSON 6902 patch file holds.
      assertWritesLikeYaml([value, { op: 'replace', path: '/spec/replicas', value }], version, `[${JSON.stringify(value)}]`);
    }
  }
});
