// Golden tests: the canonical objects and the architecture picture of every example and
// environment, byte for byte.
// Update with `npm run golden:update` after an intended change, and review the diff.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { diagramOf, renderMermaid } from '../src/diagram/index.ts';
import { resolveObjects } from '../src/model/resolve.ts';
import { objectsToYaml } from '../src/model/serialize.ts';
import { exampleNames, loadExample, REPO_ROOT } from './helpers.ts';

const update = process.env.BERTH_UPDATE_GOLDEN === '1';

for (const example of exampleNames()) {
  const model = loadExample(example);
  const environments = [undefined, ...model.registry.environments];
  for (const environment of environments) {
    const name = environment ?? 'base';
    test(`golden: ${example} ${name}`, () => {
      const actual = objectsToYaml(resolveObjects(model, environment));
      const file = join(REPO_ROOT, 'test', 'golden', example, `${name}.yaml`);
      if (update || !existsSync(file)) {
        assert.ok(update, `missing golden file ${file}: run npm run golden:update`);
        mkdirSync(join(REPO_ROOT, 'test', 'golden', example), { recursive: true });
        writeFileSync(file, actual);
        return;
      }
      assert.equal(actual, readFileSync(file, 'utf8'), `${example} ${name} differs from ${file}`);
    });
    test(`golden: ${example} ${name} architecture picture`, () => {
      const actual = renderMermaid(diagramOf(model, environment, resolveObjects(model, environment)));
      const file = join(REPO_ROOT, 'test', 'golden', example, `${name}.mmd`);
      if (update || !existsSync(file)) {
        assert.ok(update, `missing golden file ${file}: run npm run golden:update`);
        writeFileSync(file, actual);
        return;
      }
      assert.equal(actual, readFileSync(file, 'utf8'), `${example} ${name} picture differs from ${file}`);
    });
  }
}

test('rendering twice gives byte-identical output', () => {
  for (const example of exampleNames()) {
    const first = loadExample(example);
    const second = loadExample(example);
    for (const environment of first.registry.environments) {
      assert.equal(objectsToYaml(resolveObjects(first, environment)), objectsToYaml(resolveObjects(second, environment)));
    }
  }
});
