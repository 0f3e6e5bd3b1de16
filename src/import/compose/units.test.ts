// Compose units → Kubernetes quantities and seconds, and Compose's command-string splitting.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitShellWords } from './shell-words.ts';
import { cpusToQuantity, parseDuration, sizeToQuantity } from './units.ts';

test('byte sizes (1024-based, as Docker reads them)', () => {
  const cases: [string, string | undefined][] = [
    ['1.5G', '1536Mi'], ['1.5g', '1536Mi'], ['512m', '512Mi'], ['512MB', '512Mi'], ['10000Mb', '10000Mi'], ['2gb', '2Gi'],
    ['1024', '1Ki'], ['1000', '1000'], ['1k', '1Ki'], ['1.5k', '1536'], ['1t', '1Ti'], ['lots', undefined], ['-1G', undefined], ['0', undefined],
  ];
  for (const [input, expected] of cases) assert.equal(sizeToQuantity(input), expected, input);
});

test('CPU counts → millicores', () => {
  const cases: [string, string | undefined, boolean][] = [
    ['0.5', '500m', false], ['2', '2', false], ['1.5', '1500m', false], ['0.001', '1m', false], ['0.0001', '1m', true], ['.25', '250m', false], ['0', undefined, false], ['half', undefined, false],
  ];
  for (const [input, quantity, rounded] of cases) {
    const result = cpusToQuantity(input);
    assert.equal(result?.quantity, quantity, input);
    if (result) assert.equal(result.rounded, rounded, input);
  }
});

test('Go durations → seconds', () => {
  const cases: [string, number | undefined][] = [['10s', 10], ['1m30s', 90], ['500ms', 0.5], ['1h', 3600], ['1.5s', 1.5], ['30', 30], ['10 s', undefined], ['soon', undefined]];
  for (const [input, expected] of cases) assert.equal(parseDuration(input), expected, input);
});

test('command strings split like Compose', () => {
  const cases: [string, string[] | undefined][] = [
    ['bundle exec thin -p 3000', ['bundle', 'exec', 'thin', '-p', '3000']],
    ['sh -c "yarn install && yarn run dev"', ['sh', '-c', 'yarn install && yarn run dev']],
    ["echo 'a  b' c\\ d", ['echo', 'a  b', 'c d']],
    ['server --console-address ":9001" /data', ['server', '--console-address', ':9001', '/data']],
    ['say ""', ['say', '']],
    ['broken "quote', undefined],
  ];
  for (const [input, expected] of cases) assert.deepEqual(splitShellWords(input), expected, input);
});
