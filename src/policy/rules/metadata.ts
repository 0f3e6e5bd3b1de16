// Object metadata and identity: recommended labels, label syntax, API versions that still exist, and
// controller selectors that match their own template.
import type { KubernetesObject } from '../../model/kubernetes-object.ts';
import { defineRule } from '../define-rule.ts';
import { joinPath } from '../field-path.ts';
import { asRecord, dig, showValue } from '../json-values.ts';
import { describeSelector, matchesLabelSelector, matchesMapSelector, readLabels } from '../label-selector.ts';
import { WORKLOAD_KINDS } from '../rule-context.ts';

const RECOMMENDED_LABELS = ['app.kubernetes.io/name', 'app.kubernetes.io/instance'] as const;

export const labelConventions = defineRule({
  id: 'label-conventions',
  severity: 'info',
  summary: 'Workloads and their pod templates carry app.kubernetes.io/name and app.kubernetes.io/instance.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      const workload = template.workload;
      const places = [{ path: 'metadata.labels', labels: readLabels(workload.metadata.labels), what: `${workload.kind}` }];
      if (workload.kind !== 'Pod') places.push({ path: joinPath(template.metadataPath, 'labels'), labels: template.labels, what: 'pod template' });
      for (const place of places) {
        for (const label of RECOMMENDED_LABELS) {
          if (place.labels[label]) continue;
          report({
            object: workload,
            path: joinPath(place.path, label),
            message: `${place.what} has no ${label} label: tools (dashboards, kubectl -l, cost reports) cannot group it with the rest of the app`,
            hint: `add ${label} (name: the application, instance: the release, e.g. todo / todo-prod); berth sets both`,
          });
        }
      }
    }
  },
});

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return 'its prefix is not a DNS subdomain';
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    return 'its name is not 1-63 letters, digits, "-", "_" or "." starting and ending with a letter or digit';
  }
  return undefined;
}

function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `its value ${showValue(value)} is not a string (quote it in YAML)`;
  if (value.length > 63) return `its value is ${value.length} characters long (at most 63)`;
  if (value !== '' && !LABEL_NAME.test(value)) return `its value "${value}" has characters other than letters, digits, "-", "_" and "." or does not start and end with a letter or digit`;
  return undefined;
}

export const labelSyntax = defineRule({
  id: 'label-syntax',
  severity: 'error',
  summary: 'Label keys and values are valid Kubernetes labels.',
  scope: 'object',
  run(context, report) {
    const check = (object: KubernetesObject, path: string, labels: unknown): void => {
      const record = asRecord(labels);
      if (!record) return;
      for (const key of Object.keys(record).sort()) {
        const problem = labelKeyProblem(key) ?? labelValueProblem(record[key]);
        if (!problem) continue;
        report({
          object,
          path: joinPath(path, key),
          message: `label ${key}: ${problem}; the API server rejects the object`,
          hint: 'label values are at most 63 characters of [A-Za-z0-9-_.], beginning and ending with a letter or digit (or empty)',
        });
      }
    };
    for (const object of context.objects) check(object, 'metadata.labels', object.metadata.labels);
    for (const template of context.podTemplates) {
      if (template.workload.kind !== 'Pod') check(template.workload, joinPath(template.metadataPath, 'labels'), dig(template.workload, ...template.metadataPath.split('.'), 'labels'));
    }
  },
});

interface Deprecation {
  readonly apiVersion: string;
  /** `*` for every kind of the group version. */
  readonly kinds: readonly string[];
  readonly replacement: string;
  readonly removedIn: string;
}

/** API versions removed from Kubernetes, with the version that replaces them. */
const DEPRECATIONS: readonly Deprecation[] = [
  { apiVersion: 'extensions/v1beta1', kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'], replacement: 'apps/v1', removedIn: '1.16' },
  { apiVersion: 'extensions/v1beta1', kinds: ['NetworkPolicy'], replacement: 'networking.k8s.io/v1', removedIn: '1.16' },
  { apiVersion: 'extensions/v1beta1', kinds: ['Ingress'], replacement: 'networking.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'extensions/v1beta1', kinds: ['PodSecurityPolicy'], replacement: 'Pod Security Admission (namespace labels)', removedIn: '1.16' },
  { apiVersion: 'apps/v1beta1', kinds: ['*'], replacement: 'apps/v1', removedIn: '1.16' },
  { apiVersion: 'apps/v1beta2', kinds: ['*'], replacement: 'apps/v1', removedIn: '1.16' },
  { apiVersion: 'networking.k8s.io/v1beta1', kinds: ['*'], replacement: 'networking.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodDisruptionBudget'], replacement: 'policy/v1', removedIn: '1.25' },
  { apiVersion: 'policy/v1beta1', kinds: ['PodSecurityPolicy'], replacement: 'Pod Security Admission (namespace labels)', removedIn: '1.25' },
  { apiVersion: 'autoscaling/v2beta1', kinds: ['*'], replacement: 'autoscaling/v2', removedIn: '1.25' },
  { apiVersion: 'autoscaling/v2beta2', kinds: ['*'], replacement: 'autoscaling/v2', removedIn: '1.26' },
  { apiVersion: 'batch/v1beta1', kinds: ['CronJob'], replacement: 'batch/v1', removedIn: '1.25' },
  { apiVersion: 'batch/v2alpha1', kinds: ['*'], replacement: 'batch/v1', removedIn: '1.21' },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kinds: ['*'], replacement: 'rbac.authorization.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'rbac.authorization.k8s.io/v1alpha1', kinds: ['*'], replacement: 'rbac.authorization.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['CSIStorageCapacity'], replacement: 'storage.k8s.io/v1', removedIn: '1.27' },
  { apiVersion: 'storage.k8s.io/v1beta1', kinds: ['*'], replacement: 'storage.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kinds: ['*'], replacement: 'admissionregistration.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kinds: ['*'], replacement: 'apiextensions.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kinds: ['*'], replacement: 'apiregistration.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'certificates.k8s.io/v1beta1', kinds: ['*'], replacement: 'certificates.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kinds: ['*'], replacement: 'coordination.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kinds: ['*'], replacement: 'scheduling.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'scheduling.k8s.io/v1alpha1', kinds: ['*'], replacement: 'scheduling.k8s.io/v1', removedIn: '1.17' },
  { apiVersion: 'discovery.k8s.io/v1beta1', kinds: ['*'], replacement: 'discovery.k8s.io/v1', removedIn: '1.25' },
  { apiVersion: 'events.k8s.io/v1beta1', kinds: ['*'], replacement: 'events.k8s.io/v1', removedIn: '1.25' },
  { apiVersion: 'node.k8s.io/v1beta1', kinds: ['*'], replacement: 'node.k8s.io/v1', removedIn: '1.25' },
  { apiVersion: 'authentication.k8s.io/v1beta1', kinds: ['*'], replacement: 'authentication.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'authorization.k8s.io/v1beta1', kinds: ['*'], replacement: 'authorization.k8s.io/v1', removedIn: '1.22' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kinds: ['*'], replacement: 'flowcontrol.apiserver.k8s.io/v1', removedIn: '1.26' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kinds: ['*'], replacement: 'flowcontrol.apiserver.k8s.io/v1', removedIn: '1.29' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kinds: ['*'], replacement: 'flowcontrol.apiserver.k8s.io/v1', removedIn: '1.32' },
];

export function findDeprecation(apiVersion: string, kind: string): Deprecation | undefined {
  return DEPRECATIONS.find((d) => d.apiVersion === apiVersion && (d.kinds.includes(kind) || d.kinds.includes('*')));
}

export const deprecatedApiVersion = defineRule({
  id: 'deprecated-api-version',
  severity: 'error',
  summary: 'Objects use API versions that current Kubernetes still serves.',
  scope: 'object',
  run(context, report) {
    for (const object of context.objects) {
      const deprecation = findDeprecation(object.apiVersion, object.kind);
      if (!deprecation) continue;
      report({
        object,
        path: 'apiVersion',
        message: `${object.kind} uses ${object.apiVersion}, which Kubernetes ${deprecation.removedIn} removed: the cluster rejects it`,
        hint: `use ${deprecation.replacement}${deprecation.replacement.includes('/') ? ' (check the field changes in the Kubernetes deprecation guide)' : ''}`,
      });
    }
  },
});

const SELECTOR_KINDS = WORKLOAD_KINDS.filter((k) => !['Pod', 'CronJob'].includes(k));

export const selectorMatchesTemplate = defineRule({
  id: 'selector-matches-template',
  severity: 'error',
  summary: "Controllers' spec.selector matches their own pod template labels.",
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      const workload = template.workload;
      if (!SELECTOR_KINDS.includes(workload.kind)) continue;
      const selector = dig(workload, 'spec', 'selector');
      if (selector === undefined) {
        // Jobs generate their selector; ReplicationControllers default it to the template labels.
        if (workload.kind === 'Job' || workload.kind === 'ReplicationController') continue;
        report({
          object: workload,
          path: 'spec.selector',
          message: `${workload.kind} has no spec.selector: the API server rejects it`,
          hint: 'set spec.selector.matchLabels to the pod template labels (app.kubernetes.io/name and app.kubernetes.io/instance)',
        });
        continue;
      }
      const matches =
        workload.kind === 'ReplicationController'
          ? matchesMapSelector(readLabels(selector), template.labels)
          : matchesLabelSelector(selector, template.labels);
      if (matches) continue;
      report({
        object: workload,
        path: 'spec.selector',
        message: `${workload.kind} selector ${describeSelector(selector)} does not match its pod template labels (${describeSelector(template.labels)}): the API server rejects it`,
        hint: 'make the template labels include every selector label (the selector cannot change after creation)',
      });
    }
  },
});
