import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exampleNames, loadExample, loadModelFromText } from '../../test/helpers.ts';
import { CHECKED_FIELDS } from './check-names.ts';
import { concat, evaluate, evaluateFields, type FieldSelection, type Json, param, when } from './template.ts';

/** What evaluateFields must give: the whole value evaluated, then the selection kept. */
function select(value: Json, selection: FieldSelection): Json {
  if (selection === true || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Array.isArray(selection) ? value.map((item) => select(item, selection[0])) : value;
  if (Array.isArray(selection)) return value;
  const kept: Record<string, Json> = {};
  for (const [key, fields] of Object.entries(selection)) if (Object.hasOwn(value, key)) kept[key] = select(value[key], fields);
  return kept;
}

test('evaluateFields gives the selected fields of what evaluate gives, conditions and lists included', () => {
  const values = new Map<string, Json>([['on', true], ['off', false], ['name', 'api'], ['port', 8080]]);
  const body = {
    kind: 'Deployment',
    metadata: { name: concat('shop-', param('name')), labels: when(param('on'), { app: param('name') }), annotations: { a: 'b' } },
    spec: {
      gone: when(param('off'), { x: 1 }),
      containers: [
        { name: param('name'), image: concat('img:', param('port')), ports: [{ name: 'http', containerPort: param('port') }] },
        when(param('off'), { name: 'sidecar' }),
        when(param('on'), { name: 'kept', env: [{ name: 'A', value: 'b' }] }, { name: 'other' }),
      ],
    },
  };
  const selection: FieldSelection = { metadata: { name: true, labels: true }, spec: { gone: true, containers: [{ name: true, ports: [{ name: true }] }], missing: true } };
  const selected = evaluateFields(body, selection, values);
  assert.deepEqual(selected, select(evaluate(body, values), selection));
  assert.deepEqual(selected, {
    metadata: { name: 'shop-api', labels: { app: 'api' } },
    spec: { containers: [{ name: 'api', ports: [{ name: 'http' }] }, { name: 'kept' }] },
  });
});

test('the fields the name checks read are the same evaluated alone as picked from every whole object', () => {
  const models = [
    ...exampleNames().map(loadExample),
    loadModelFromText(`name: shop
version: 1.0.0
components:
  api: { image: ghcr.io/acme/api, port: 8080, sidecars: { proxy: { image: envoy, ports: [{ name: admin, port: 9901 }] } }, initContainers: { seed: { image: busybox, command: [/bin/true] } }, volumes: { data: { path: /data, size: 1Gi } } }
cronjobs:
  nightly: { component: api, schedule: "0 3 * * *", command: [/api, report] }
jobs:
  migrate: { component: api, command: [/api, migrate] }
`),
  ];
  let objects = 0;
  for (const model of models) {
    for (const environment of [undefined, ...model.registry.environments]) {
      const values = model.registry.valuesFor(environment);
      for (const template of model.objects) {
        assert.deepEqual(evaluateFields(template.body, CHECKED_FIELDS, values), select(evaluate(template.body, values), CHECKED_FIELDS), `${template.kind} of ${template.owner}`);
        objects++;
      }
    }
  }
  assert.ok(objects > 500, `only ${objects} objects compared`);
});
