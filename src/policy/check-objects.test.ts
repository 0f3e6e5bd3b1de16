import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubernetesObject } from '../model/kubernetes-object.ts';
import { hardenedApp, hardenedCronJob, labelsFor, NAMESPACE, objectsOf } from './fixtures/hardened-app.ts';
import {
  checkObjects,
  isFailure,
  rules,
  severityAtLeast,
  validatePolicyOptions,
  type PolicyFinding,
} from './index.ts';

function privilegedApp(): KubernetesObject[] {
  const app = hardenedApp();
  app.deployment.spec.template.spec.containers[0].securityContext.privileged = true;
  app.job.spec.template.spec.containers[0].securityContext.privileged = true;
  return objectsOf(app);
}

describe('checkObjects', () => {
  it('finds nothing in the hardened release berth generates', () => {
    const app = hardenedApp();
    app.extra.push(hardenedCronJob());
    const findings = checkObjects(objectsOf(app));
    assert.deepEqual(findings, [], findings.map((f) => `${f.rule} ${f.object} ${f.path}: ${f.message}`).join('\n'));
  });

  it('names the object, namespace and path of a finding', () => {
    const finding = checkObjects(privilegedApp()).find((f) => f.rule === 'not-privileged' && f.object === 'Deployment/todo-backend');
    assert.deepEqual(finding && { ...finding, message: undefined, hint: undefined }, {
      rule: 'not-privileged',
      severity: 'error',
      object: 'Deployment/todo-backend',
      namespace: NAMESPACE,
      path: 'spec.template.spec.containers[0].securityContext.privileged',
      message: undefined,
      hint: undefined,
    });
  });

  it('orders findings by object, then path (list indexes numerically), then rule', () => {
    const app = hardenedApp();
    const containers = app.deployment.spec.template.spec.containers;
    for (let i = 1; i <= 10; i += 1) containers.push({ ...structuredClone(containers[0]), name: `c${i}` });
    for (const c of containers) delete c.securityContext.readOnlyRootFilesystem;
    delete app.job.spec.ttlSecondsAfterFinished;
    const findings = checkObjects(objectsOf(app));
    const objects = findings.map((f) => f.object);
    assert.deepEqual(objects, [...objects].sort());
    const paths = findings.filter((f) => f.rule === 'readonly-root-filesystem').map((f) => f.path);
    assert.equal(paths[2], 'spec.template.spec.containers[2].securityContext.readOnlyRootFilesystem');
    assert.equal(paths[10], 'spec.template.spec.containers[10].securityContext.readOnlyRootFilesystem');
  });

  it('returns the same findings whatever the input order', () => {
    const app = hardenedApp();
    delete app.deployment.spec.template.spec.topologySpreadConstraints;
    delete app.service.spec.selector['app.kubernetes.io/component'];
    app.pdb.spec.maxUnavailable = 0;
    const objects = objectsOf(app);
    const expected = JSON.stringify(checkObjects(objects));
    for (let round = 0; round < 5; round += 1) {
      const shuffled = [...objects].sort(() => (round % 2 === 0 ? 1 : -1) * (Math.random() - 0.5));
      assert.equal(JSON.stringify(checkObjects(shuffled)), expected);
    }
  });

  it('does not change the objects it checks', () => {
    const objects = privilegedApp();
    const before = JSON.stringify(objects);
    checkObjects(objects);
    assert.equal(JSON.stringify(objects), before);
  });

  it('skips disabled rules', () => {
    const findings = checkObjects(privilegedApp(), { disabled: ['not-privileged'] });
    assert.equal(findings.filter((f) => f.rule === 'not-privileged').length, 0);
  });

  it('survives objects of any shape', () => {
    const junk = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { template: { spec: { containers: 'nope', volumes: [null, 3] } } } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'y' }, spec: { containers: [null, { name: 5, env: [null, { name: 'A' }], ports: 'x' }] } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'z' }, spec: { ports: [null, { targetPort: -1 }], selector: 'bad' } },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: null },
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { n: null, k: 5 } },
    ] as unknown as KubernetesObject[];
    assert.doesNotThrow(() => checkObjects(junk));
  });
});

describe('exceptions', () => {
  const reason = 'the node agent needs full access to the host';

  function excepted(findings: PolicyFinding[], object: string): PolicyFinding[] {
    return findings.filter((f) => f.rule === 'not-privileged' && f.object === object);
  }

  it('marks findings of a component as excepted (by the component label)', () => {
    const findings = checkObjects(privilegedApp(), { exceptions: [{ rule: 'not-privileged', component: 'backend', reason }] });
    assert.deepEqual(excepted(findings, 'Deployment/todo-backend').map((f) => f.excepted), [{ reason }]);
    // The Job belongs to the component "migrate": still a failure.
    assert.deepEqual(excepted(findings, 'Job/todo-migrate-1a2b3c').map((f) => f.excepted), [undefined]);
    assert.equal(findings.filter((f) => isFailure(f, 'error')).length, 1);
  });

  it('matches the object name too', () => {
    const findings = checkObjects(privilegedApp(), { exceptions: [{ rule: 'not-privileged', component: 'todo-migrate-1a2b3c', reason }] });
    assert.deepEqual(excepted(findings, 'Job/todo-migrate-1a2b3c').map((f) => f.excepted), [{ reason }]);
  });

  it('applies to every object without a component', () => {
    const findings = checkObjects(privilegedApp(), { exceptions: [{ rule: 'not-privileged', reason }] });
    assert.ok(findings.filter((f) => f.rule === 'not-privileged').every((f) => f.excepted?.reason === reason));
  });

  it('only accepts the rule it names', () => {
    const findings = checkObjects(privilegedApp(), { exceptions: [{ rule: 'host-network', component: 'backend', reason }] });
    assert.ok(findings.every((f) => f.excepted === undefined));
  });

  it('matches the workload that owns an object, and the target of an HPA', () => {
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d8f', labels: labelsFor('web'), ownerReferences: [{ kind: 'Deployment', name: 'web' }] } };
    const podObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-5d8f-x2x', ownerReferences: [{ kind: 'ReplicaSet', name: 'web-5d8f' }] },
      spec: { containers: [{ name: 'web', image: 'web:1.0.0', securityContext: { privileged: true } }] },
    };
    const findings = checkObjects([owner, podObject] as unknown as KubernetesObject[], {
      exceptions: [{ rule: 'not-privileged', component: 'web', reason }],
    });
    assert.deepEqual(excepted(findings, 'Pod/web-5d8f-x2x').map((f) => f.excepted), [{ reason }]);

    const app = hardenedApp();
    app.hpa.spec.minReplicas = 1;
    delete app.hpa.metadata.labels;
    app.hpa.metadata.name = 'scaler';
    const hpaFindings = checkObjects(objectsOf(app), { exceptions: [{ rule: 'hpa-min-replicas', component: 'todo-backend', reason }] });
    assert.deepEqual(hpaFindings.map((f) => [f.rule, f.excepted?.reason]), [['hpa-min-replicas', reason]]);
  });

  it('reports unknown rule ids in options', () => {
    const diagnostics = validatePolicyOptions({ exceptions: [{ rule: 'not-privilegd', reason }], disabled: ['cpu-limits', 'nope'] });
    assert.deepEqual(diagnostics.map((d) => d.code), ['unknown-rule', 'unknown-rule']);
    assert.match(diagnostics[0].message, /not-privilegd/);
  });
});

describe('rules', () => {
  it('are ordered by id, unique, kebab-case and described', () => {
    const ids = rules.map((r) => r.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, ids.length);
    for (const rule of rules) {
      assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(rule.summary.endsWith('.'), `${rule.id} summary is a sentence`);
      assert.ok(['error', 'warning', 'info'].includes(rule.severity));
    }
  });

  it('judge single objects the same alone as in the whole set, when their scope is object', () => {
    const app = hardenedApp();
    app.deployment.spec.template.spec.containers[0].securityContext.privileged = true;
    app.configMap.data.API_TOKEN = 'abc123';
    const objects = objectsOf(app);
    const objectRules = new Set(rules.filter((r) => r.scope === 'object').map((r) => r.id));
    const whole = checkObjects(objects).filter((f) => objectRules.has(f.rule));
    const oneByOne = objects.flatMap((o) => checkObjects([o]).filter((f) => objectRules.has(f.rule)));
    assert.deepEqual(JSON.stringify([...oneByOne].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))), JSON.stringify([...whole].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))));
  });
});

describe('severityAtLeast', () => {
  it('orders info < warning < error', () => {
    assert.equal(severityAtLeast('error', 'warning'), true);
    assert.equal(severityAtLeast('warning', 'warning'), true);
    assert.equal(severityAtLeast('info', 'warning'), false);
    assert.equal(severityAtLeast('warning', 'error'), false);
    assert.equal(severityAtLeast('info', 'info'), true);
  });

  it('lets an excepted finding pass any threshold', () => {
    const finding: PolicyFinding = { rule: 'x', severity: 'error', object: 'Pod/a', path: 'spec', message: 'm', hint: 'h', excepted: { reason: 'r' } };
    assert.equal(isFailure(finding, 'info'), false);
    assert.equal(isFailure({ ...finding, excepted: undefined }, 'info'), true);
  });
});
