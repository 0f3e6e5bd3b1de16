// Chart versions: SemVer kept, anything else turned into a valid SemVer the same way every time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartVersion, isSemVer } from './chart-metadata.ts';
import { yamlString } from './yaml-scalar.ts';

test('a chart version is the spec version when it is SemVer, and a derived SemVer otherwise', () => {
  const cases: [string, string][] = [
    ['1.4.0', '1.4.0'],
    ['1.0.0-rc.1+build.5', '1.0.0-rc.1+build.5'],
    ['v1.2.3', '1.2.3'],
    ['v1.2', '1.2.0'],
    ['2024.05', '2024.5.0'],
    ['v2024.05-beta', '2024.5.0-beta'],
    ['1.2.3.4', '1.2.3+4'],
    ['1.4-rc1', '1.4.0-rc1'],
    ['1.4_rc.01', '1.4.0-rc.1'],
    ['007', '7.0.0'],
    ['latest', '0.0.0-latest'],
    ['main_2024-01', '0.0.0-main.2024-01'],
  ];
  for (const [version, expected] of cases) {
    assert.equal(chartVersion(version), expected, version);
    assert.ok(isSemVer(chartVersion(version)), version);
  }
});

test('values-file strings are plain only where YAML 1.1 and 1.2 both read them back as the same string', () => {
  const cases: [string, string][] = [
    ['info', 'info'],
    ['ghcr.io/acme/app', 'ghcr.io/acme/app'],
    ['redis:7.4.2-alpine', 'redis:7.4.2-alpine'],
    ['yes', '"yes"'],
    ['n', '"n"'],
    ['Off', '"Off"'],
    ['1.4.0', '"1.4.0"'],
    ['', '""'],
    ['a b', '"a b"'],
    ['key:', '"key:"'],
    ['#x', '"#x"'],
    ['line\nbreak', '"line\\nbreak"'],
  ];
  for (const [text, expected] of cases) assert.equal(yamlString(text), expected, text);
});
