// Service accounts: API credentials only where needed, and references that resolve.
import { defineRule } from '../define-rule.ts';
import { joinPath } from '../field-path.ts';
import { asString, showValue } from '../json-values.ts';
import { namespaceOf, type PodTemplate } from '../rule-context.ts';

function serviceAccountName(template: PodTemplate): string {
  return asString(template.spec.serviceAccountName) || asString(template.spec.serviceAccount) || 'default';
}

export const serviceAccountTokenAutomount = defineRule({
  id: 'service-account-token-automount',
  severity: 'warning',
  summary: 'Pods and ServiceAccounts set automountServiceAccountToken: false.',
  scope: 'set',
  run(context, report) {
    for (const template of context.podTemplates) {
      const own = template.spec.automountServiceAccountToken;
      if (own === false) continue;
      const accountName = serviceAccountName(template);
      const account = context.find('ServiceAccount', accountName, namespaceOf(template.workload));
      if (own === undefined && account?.automountServiceAccountToken === false) continue;
      const why =
        own === true
          ? 'pod sets automountServiceAccountToken: true'
          : account
            ? `neither the pod nor ServiceAccount/${accountName} sets automountServiceAccountToken: false`
            : `the pod does not set automountServiceAccountToken: false (ServiceAccount "${accountName}" is not among the objects)`;
      report({
        object: template.workload,
        path: joinPath(template.specPath, 'automountServiceAccountToken'),
        message: `${why}: every container gets a Kubernetes API token, which an attacker in the pod can use`,
        hint: 'set automountServiceAccountToken: false on the pod (and on its ServiceAccount); if the app calls the API, add an exception with the reason',
      });
    }
    for (const account of context.ofKind('ServiceAccount')) {
      if (account.automountServiceAccountToken === false) continue;
      report({
        object: account,
        path: 'automountServiceAccountToken',
        message: `ServiceAccount automountServiceAccountToken is ${showValue(account.automountServiceAccountToken)}: pods using it get an API token unless they opt out`,
        hint: 'set automountServiceAccountToken: false on the ServiceAccount',
      });
    }
  },
});

export const serviceAccountExists = defineRule({
  id: 'service-account-exists',
  severity: 'warning',
  summary: 'The ServiceAccount a pod names is among the objects (checked when any ServiceAccount is).',
  scope: 'set',
  run(context, report) {
    if (!context.hasKind('ServiceAccount')) return;
    for (const template of context.podTemplates) {
      const name = serviceAccountName(template);
      if (name === 'default' || context.find('ServiceAccount', name, namespaceOf(template.workload))) continue;
      const field = asString(template.spec.serviceAccountName) ? 'serviceAccountName' : 'serviceAccount';
      report({
        object: template.workload,
        path: joinPath(template.specPath, field),
        message: `pod uses ServiceAccount "${name}", which is not among the objects: the pod is not created until it exists`,
        hint: `add a ServiceAccount named ${name}, or fix the name`,
      });
    }
  },
});

export const deprecatedServiceAccountField = defineRule({
  id: 'deprecated-service-account-field',
  severity: 'warning',
  summary: 'Pods use serviceAccountName, not the deprecated serviceAccount.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      const legacy = asString(template.spec.serviceAccount);
      if (!legacy) continue;
      const current = asString(template.spec.serviceAccountName);
      report({
        object: template.workload,
        path: joinPath(template.specPath, 'serviceAccount'),
        message: `pod sets the deprecated field serviceAccount ("${legacy}")${current && current !== legacy ? `, which disagrees with serviceAccountName ("${current}")` : ''}`,
        hint: `use serviceAccountName: ${current || legacy} and remove serviceAccount`,
      });
    }
  },
});
