// CRD patterns answer as RE2 answers: by RegExp when it reads the pattern, by RE2 otherwise.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import CrdPattern from './crd-pattern.ts';

const { RE2 } = createRequire(import.meta.url)('re2-wasm') as { RE2: new (pattern: string, flags: string) => { test(text: string): boolean } };

// Patterns of the prometheus-operator and Argo Rollouts schemas, and the values they are asked about.
const cases: { pattern: string; values: string[]; engine: 'regexp' | 're2' }[] = [
  { pattern: '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$', values: ['30s', '1h30m', '0', '5x', ''], engine: 'regexp' },
  { pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$', values: ['grpc_code', '9lives', 'ok'], engine: 'regexp' },
  { pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$', values: ['platform-gateway', '-bad', ''], engine: 'regexp' },
  {
    pattern: '^((?i)sun|mon|tues|wednes|thurs|fri|satur)day(?:((:(sun|mon|tues|wednes|thurs|fri|satur)day)$)|$)',
    values: ['monday', 'MONDAY', 'monday:friday', 'someday'],
    engine: 're2',
  },
];

test('each pattern gives the answers RE2 gives, with RE2 loaded only where RegExp cannot read it', () => {
  for (const { pattern, values, engine } of cases) {
    const ours = new CrdPattern(pattern, 'u');
    const reference = new RE2(pattern, 'u');
    assert.equal(ours.engine, engine, pattern);
    for (const value of values) assert.equal(ours.test(value), reference.test(value), `${pattern} on ${JSON.stringify(value)}`);
  }
});
