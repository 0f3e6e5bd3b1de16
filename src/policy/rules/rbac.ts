// RBAC objects shipped with an app: no cluster-admin, no wildcards, no shell into other pods.
import type { KubernetesObject } from '../../model/kubernetes-object.ts';
import { defineRule } from '../define-rule.ts';
import { joinPath } from '../field-path.ts';
import { asArray, asRecord, asStringArray, dig } from '../json-values.ts';

function* roleRules(context: { ofKind(kind: string): readonly KubernetesObject[] }): Generator<{
  role: KubernetesObject;
  path: string;
  apiGroups: readonly string[];
  resources: readonly string[];
  verbs: readonly string[];
}> {
  for (const kind of ['ClusterRole', 'Role']) {
    for (const role of context.ofKind(kind)) {
      // Aggregated ClusterRoles get their rules from other roles, which are checked themselves.
      if (role.aggregationRule !== undefined) continue;
      for (const [index, item] of asArray(role.rules).entries()) {
        const rule = asRecord(item) ?? {};
        yield {
          role,
          path: joinPath('rules', index),
          apiGroups: asStringArray(rule.apiGroups),
          resources: asStringArray(rule.resources),
          verbs: asStringArray(rule.verbs),
        };
      }
    }
  }
}

export const rbacClusterAdmin = defineRule({
  id: 'rbac-cluster-admin',
  severity: 'error',
  summary: 'No RoleBinding or ClusterRoleBinding grants cluster-admin.',
  scope: 'object',
  run(context, report) {
    for (const kind of ['ClusterRoleBinding', 'RoleBinding']) {
      for (const binding of context.ofKind(kind)) {
        if (dig(binding, 'roleRef', 'kind') !== 'ClusterRole' || dig(binding, 'roleRef', 'name') !== 'cluster-admin') continue;
        report({
          object: binding,
          path: 'roleRef.name',
          message: `${kind} grants cluster-admin${kind === 'RoleBinding' ? ' in its namespace' : ''}: its subjects can do anything, including reading every Secret`,
          hint: 'bind a Role that lists only the resources and verbs the app needs',
        });
      }
    }
  },
});

export const rbacWildcard = defineRule({
  id: 'rbac-wildcard',
  severity: 'warning',
  summary: 'Roles name their verbs and resources instead of using "*".',
  scope: 'object',
  run(context, report) {
    for (const rule of roleRules(context)) {
      for (const field of ['verbs', 'resources'] as const) {
        if (!rule[field].includes('*')) continue;
        report({
          object: rule.role,
          path: joinPath(rule.path, field),
          message: `${rule.role.kind} rule grants "*" ${field}: it also grants everything added later, such as new resources or verbs like escalate and impersonate`,
          hint: `list the ${field} the app needs`,
        });
      }
    }
  },
});

const EXEC_RESOURCES = ['pods/exec', 'pods/attach', 'pods/*', '*'];
const EXEC_VERBS = ['create', 'get', '*'];

export const rbacPodExec = defineRule({
  id: 'rbac-pod-exec',
  severity: 'warning',
  summary: 'Roles do not allow exec or attach into pods.',
  scope: 'object',
  run(context, report) {
    for (const rule of roleRules(context)) {
      const coreGroup = rule.apiGroups.includes('') || rule.apiGroups.includes('*');
      const resource = rule.resources.find((r) => EXEC_RESOURCES.includes(r));
      if (!coreGroup || !resource || !rule.verbs.some((v) => EXEC_VERBS.includes(v))) continue;
      report({
        object: rule.role,
        path: joinPath(rule.path, 'resources'),
        message: `${rule.role.kind} rule allows ${rule.verbs.join(', ')} on ${resource}: its subjects can run commands inside pods and use their credentials`,
        hint: 'remove pods/exec and pods/attach from the role; grant them to people through a separate, audited role',
      });
    }
  },
});
