// Every rule has a page in docs/rules/, every page belongs to a rule, and the index table matches.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { rules } from './index.ts';

const DOCS = fileURLToPath(new URL('../../docs/rules/', import.meta.url));
const pages = readdirSync(DOCS).filter((f) => f.endsWith('.md') && f !== 'README.md');

describe('rule documentation', () => {
  it('has a page for every rule and a rule for every page', () => {
    assert.deepEqual(pages.map((f) => f.replace(/\.md$/, '')).sort(), rules.map((r) => r.id).sort());
  });

  for (const rule of rules) {
    it(`${rule.id}.md has the title, severity and sections`, () => {
      const text = readFileSync(`${DOCS}${rule.id}.md`, 'utf8');
      assert.ok(text.startsWith(`# ${rule.id}\n`), 'starts with the rule id as title');
      assert.match(text, new RegExp(`^Severity: \\*\\*${rule.severity}\\*\\*`, 'm'));
      for (const section of ['## Why it matters', '## What triggers it', '## Fix it in berth.yaml', '## Fix it in Kubernetes YAML']) {
        assert.ok(text.includes(section), `has "${section}"`);
      }
      assert.ok(text.includes(`rule: ${rule.id}`), 'shows the exception for this rule');
    });
  }

  it('lists every rule in README.md with its severity and summary, in id order', () => {
    const readme = readFileSync(`${DOCS}README.md`, 'utf8');
    const rows = readme
      .split('\n')
      .filter((line) => line.startsWith('| [`'))
      .map((line) => line.split('|').map((cell) => cell.trim()));
    assert.deepEqual(
      rows.map((cells) => [cells[1], cells[2], cells[3]]),
      rules.map((r) => [`[\`${r.id}\`](${r.id}.md)`, r.severity, r.summary.replace(/\|/g, '\\|')]),
    );
  });
});
