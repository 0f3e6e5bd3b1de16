import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkObjects, formatSarif, locateFindings, parseManifests, rules, type PolicyFinding } from './index.ts';

const MANIFEST = `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  hostNetwork: true
  containers:
    - name: shell
      image: busybox:latest
`;

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
    logicalLocations: { fullyQualifiedName: string }[];
  }[];
  suppressions?: { kind: string; justification: string }[];
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; helpUri: string; defaultConfiguration: { level: string } }[] } };
    results: SarifResult[];
  }[];
}

function sarifOf(findings: PolicyFinding[], positions?: Parameters<typeof formatSarif>[2]): SarifLog {
  // Through JSON, as a file would carry it.
  return JSON.parse(JSON.stringify(formatSarif(findings, '0.1.0', positions))) as SarifLog;
}

describe('formatSarif', () => {
  const { documents } = parseManifests(MANIFEST, 'deploy/debug.yaml');
  const findings = checkObjects(documents.map((d) => d.object), {
    exceptions: [{ rule: 'host-network', component: 'debug', reason: 'debug pod inspects node traffic' }],
  });

  it('writes a SARIF 2.1.0 log with the tool and every rule', () => {
    const log = sarifOf(findings, locateFindings(documents));
    assert.equal(log.version, '2.1.0');
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.runs.length, 1);
    const { driver } = log.runs[0].tool;
    assert.equal(driver.name, 'berth');
    assert.equal(driver.version, '0.1.0');
    assert.deepEqual(driver.rules.map((r) => r.id), rules.map((r) => r.id));
    for (const rule of driver.rules) {
      assert.equal(rule.helpUri, `docs/rules/${rule.id}.md`);
      assert.ok(rule.shortDescription.text.length > 0);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    }
  });

  it('writes one result per finding, with level, message and location', () => {
    const log = sarifOf(findings, locateFindings(documents));
    const { results, tool } = log.runs[0];
    assert.equal(results.length, findings.length);
    for (const [i, result] of results.entries()) {
      assert.equal(result.ruleId, findings[i].rule);
      assert.equal(tool.driver.rules[result.ruleIndex].id, result.ruleId);
      assert.equal(result.level, { error: 'error', warning: 'warning', info: 'note' }[findings[i].severity]);
      assert.ok(result.message.text.includes(findings[i].message));
      assert.equal(result.locations.length, 1);
    }
    const image = results.find((r) => r.ruleId === 'image-tag-pinned');
    assert.deepEqual(image?.locations[0].physicalLocation, {
      artifactLocation: { uri: 'deploy/debug.yaml' },
      region: { startLine: 9, startColumn: 7 },
    });
    assert.equal(image?.locations[0].logicalLocations[0].fullyQualifiedName, 'Pod/debug.spec.containers[0].image');
  });

  it('marks excepted findings as suppressed with the reason', () => {
    const results = sarifOf(findings).runs[0].results;
    const hostNetwork = results.find((r) => r.ruleId === 'host-network');
    assert.deepEqual(hostNetwork?.suppressions, [{ kind: 'external', justification: 'debug pod inspects node traffic' }]);
    assert.ok(results.filter((r) => r.ruleId !== 'host-network').every((r) => r.suppressions === undefined));
  });

  it('keeps a logical location when no position is known', () => {
    const results = sarifOf(findings).runs[0].results;
    assert.ok(results.every((r) => r.locations[0].physicalLocation === undefined && r.locations[0].logicalLocations.length === 1));
  });

  it('writes a valid log for no findings', () => {
    const log = sarifOf([]);
    assert.deepEqual(log.runs[0].results, []);
  });
});
