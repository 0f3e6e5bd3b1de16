// Stack files hold exactly the environment's overrides, and read back as the PULUMI_CONFIG strings
// the Pulumi CLI would pass; what berth cannot read is reported, not guessed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parameterNames } from '../../model/parameters.ts';
import { toConfigString, readStackConfig, writeStackFile } from './stack-config.ts';
import { loadExampleModels, loadInlineModels } from './test-fixtures.ts';

for (const { name, model } of [...loadExampleModels(), ...loadInlineModels()]) {
  test(`${name}: each stack file holds the overrides of its environment, as PULUMI_CONFIG strings`, () => {
    const project = model.spec.base.name;
    for (const environment of model.registry.environments) {
      const read = readStackConfig(writeStackFile(model, environment, environment), project);
      assert.ok(read.ok);
      const expected = Object.fromEntries(
        model.registry.overridesFor(environment).map((p) => [`${project}:${parameterNames(p).pulumi}`, toConfigString(p.values.get(environment))]),
      );
      assert.deepEqual(read.config, expected);
    }
  });
}

test('a spec without environments has one empty default stack', () => {
  const { model } = loadInlineModels()[1];
  assert.deepEqual(readStackConfig(writeStackFile(model, 'default', undefined), 'hello'), { ok: true, config: {} });
});

const READS = [
  { name: 'numbers and booleans become strings', text: 'config:\n  app:replicas: 3\n  app:enabled: false\n', config: { 'app:replicas': '3', 'app:enabled': 'false' } },
  { name: 'a key without namespace belongs to the project', text: 'config:\n  replicas: 2\n', config: { 'app:replicas': '2' } },
  { name: 'an empty string stays empty', text: 'config:\n  app:tls: ""\n', config: { 'app:tls': '' } },
  { name: 'no config at all', text: 'encryptionsalt: abc\n', config: {} },
];

for (const { name, text, config } of READS) {
  test(`readStackConfig: ${name}`, () => {
    assert.deepEqual(readStackConfig(text, 'app'), { ok: true, config });
  });
}

test('readStackConfig reports encrypted values and broken files', () => {
  const secure = readStackConfig('config:\n  app:password:\n    secure: v1:abc\n', 'app');
  assert.ok(!secure.ok && /app:password is an encrypted secret/.test(secure.problem));
  const broken = readStackConfig('config: [\n', 'app');
  assert.ok(!broken.ok && /not valid YAML/.test(broken.problem));
  const list = readStackConfig('config: [1, 2]\n', 'app');
  assert.ok(!list.ok && /not a map/.test(list.problem));
});
