// The kind table names real @pulumi/kubernetes classes (checked against the installed SDK), and type
// tokens map back to the apiVersion the object is sent with.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { parseTypeToken, findResourceClass, TYPED_KINDS } from './resource-types.ts';

const k8s = createRequire(import.meta.url)('@pulumi/kubernetes') as Record<string, Record<string, Record<string, { __pulumiType?: string }>>>;

test('every typed kind is a class of the installed @pulumi/kubernetes with the matching type token', () => {
  for (const [apiVersion, kinds] of Object.entries(TYPED_KINDS)) {
    for (const kind of kinds) {
      const { expression, typed } = findResourceClass(apiVersion, kind);
      assert.ok(typed);
      const [, module, version, name] = expression.split('.');
      const type = k8s[module]?.[version]?.[name]?.__pulumiType;
      assert.ok(type, `${expression} exists`);
      assert.deepEqual(parseTypeToken(type), { apiVersion, kind }, `${expression} is ${apiVersion} ${kind}`);
    }
  }
});

const CASES = [
  { apiVersion: 'apps/v1', kind: 'Deployment', expression: 'k8s.apps.v1.Deployment', token: 'kubernetes:apps/v1:Deployment' },
  { apiVersion: 'v1', kind: 'Service', expression: 'k8s.core.v1.Service', token: 'kubernetes:core/v1:Service' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', expression: 'k8s.networking.v1.Ingress', token: 'kubernetes:networking.k8s.io/v1:Ingress' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', expression: 'k8s.rbac.v1.Role', token: 'kubernetes:rbac.authorization.k8s.io/v1:Role' },
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', expression: 'k8s.apiextensions.CustomResource', token: 'kubernetes:argoproj.io/v1alpha1:Rollout' },
  { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', expression: 'k8s.apiextensions.CustomResource', token: 'kubernetes:monitoring.coreos.com/v1:PrometheusRule' },
  { apiVersion: 'monitoring.coreos.com/v1alpha1', kind: 'AlertmanagerConfig', expression: 'k8s.apiextensions.CustomResource', token: 'kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig' },
];

for (const { apiVersion, kind, expression, token } of CASES) {
  test(`${apiVersion} ${kind} → ${expression} → ${token}`, () => {
    assert.equal(findResourceClass(apiVersion, kind).expression, expression);
    assert.deepEqual(parseTypeToken(token), { apiVersion, kind });
  });
}

test('tokens of other packages are not Kubernetes objects', () => {
  assert.equal(parseTypeToken('pulumi:pulumi:Stack'), undefined);
  assert.equal(parseTypeToken('aws:s3/bucket:Bucket'), undefined);
});
