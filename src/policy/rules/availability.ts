// Availability of replicated workloads: disruption budgets that exist and allow evictions, replicas
// spread over nodes, and more than one replica where a single one means downtime.
import type { KubernetesObject } from '../../model/kubernetes-object.ts';
import { defineRule } from '../define-rule.ts';
import { joinPath } from '../field-path.ts';
import { asArray, asNumber, asRecord, asString, dig, showValue } from '../json-values.ts';
import { describeSelector, matchesLabelSelector } from '../label-selector.ts';
import {
  declaredReplicas,
  namespaceOf,
  REPLICATED_KINDS,
  replicaRange,
  selectsTemplate,
  type PodTemplate,
  type RuleContext,
} from '../rule-context.ts';

function* replicatedWorkloads(context: RuleContext): Generator<{ workload: KubernetesObject; template: PodTemplate }> {
  for (const kind of REPLICATED_KINDS) {
    for (const workload of context.ofKind(kind)) {
      const template = context.templateOf(workload);
      if (template) yield { workload, template };
    }
  }
}

function describeReplicas(context: RuleContext, workload: KubernetesObject): string {
  const hpas = context.autoscalersOf(workload);
  if (hpas.length > 0) return `HorizontalPodAutoscaler/${hpas[0].metadata.name} scales it up to ${replicaRange(context, workload).max} replicas`;
  return `${workload.kind} runs ${declaredReplicas(workload)} replicas`;
}

export const pdbForReplicated = defineRule({
  id: 'pdb-for-replicated',
  severity: 'warning',
  summary: 'Deployments and StatefulSets that can run more than one replica have a PodDisruptionBudget.',
  scope: 'set',
  run(context, report) {
    for (const { workload, template } of replicatedWorkloads(context)) {
      if (replicaRange(context, workload).max <= 1) continue;
      const covered = context.ofKind('PodDisruptionBudget').some((pdb) => selectsTemplate(pdb, dig(pdb, 'spec', 'selector'), template));
      if (covered) continue;
      report({
        object: workload,
        path: 'metadata.name',
        message: `${describeReplicas(context, workload)}, but no PodDisruptionBudget selects its pods: a node drain or cluster upgrade may evict all replicas at once`,
        hint: 'add a PodDisruptionBudget with maxUnavailable: 1 whose selector matches the pod labels (berth adds one when more than one replica can run)',
      });
    }
  },
});

function isZero(value: unknown): boolean {
  return value === 0 || value === '0' || value === '0%';
}

export const pdbPolicy = defineRule({
  id: 'pdb-policy',
  severity: 'warning',
  summary: 'PodDisruptionBudgets set minAvailable or maxUnavailable and allow at least one eviction.',
  scope: 'set',
  run(context, report) {
    for (const pdb of context.ofKind('PodDisruptionBudget')) {
      const spec = asRecord(pdb.spec) ?? {};
      const { minAvailable, maxUnavailable } = spec;
      const hint = 'use maxUnavailable: 1 (or a minAvailable below the smallest replica count)';
      if (minAvailable === undefined && maxUnavailable === undefined) {
        report({
          object: pdb,
          path: 'spec',
          message: 'PodDisruptionBudget sets neither minAvailable nor maxUnavailable: it does not say how many pods may be evicted',
          hint,
        });
        continue;
      }
      if (isZero(maxUnavailable)) {
        report({
          object: pdb,
          path: 'spec.maxUnavailable',
          message: `PodDisruptionBudget has maxUnavailable ${showValue(maxUnavailable)}: it allows no voluntary eviction, so node drains and cluster upgrades block`,
          hint,
        });
        continue;
      }
      if (minAvailable === '100%') {
        report({
          object: pdb,
          path: 'spec.minAvailable',
          message: 'PodDisruptionBudget has minAvailable "100%": it allows no voluntary eviction, so node drains and cluster upgrades block',
          hint,
        });
        continue;
      }
      const required = asNumber(minAvailable);
      if (required === undefined) continue;
      for (const template of context.templatesSelectedBy(spec.selector, namespaceOf(pdb))) {
        if (!REPLICATED_KINDS.includes(template.workload.kind)) continue;
        const { min } = replicaRange(context, template.workload);
        if (required < min) continue;
        report({
          object: pdb,
          path: 'spec.minAvailable',
          message: `PodDisruptionBudget has minAvailable ${required} while ${template.workload.kind}/${template.workload.metadata.name} can run as few as ${min} replicas: at that size no pod may be evicted`,
          hint,
        });
      }
    }
  },
});

export const pdbTargetsPod = defineRule({
  id: 'pdb-targets-pod',
  severity: 'warning',
  summary: 'Every PodDisruptionBudget selects some pod template (checked when the objects include workloads).',
  scope: 'set',
  run(context, report) {
    if (context.podTemplates.length === 0) return;
    for (const pdb of context.ofKind('PodDisruptionBudget')) {
      const selector = dig(pdb, 'spec', 'selector');
      if (context.templatesSelectedBy(selector, namespaceOf(pdb)).length > 0) continue;
      report({
        object: pdb,
        path: 'spec.selector',
        message: `PodDisruptionBudget selector ${describeSelector(selector)} matches no pod template: it protects nothing`,
        hint: 'make spec.selector.matchLabels equal to the labels of the workload pods it should protect',
      });
    }
  },
});

/** Spread constraints and anti-affinity terms only help when they count the workload's own pods. */
function spreadsOwnPods(template: PodTemplate): boolean {
  const ownLabels = template.labels;
  const constraints = asArray(template.spec.topologySpreadConstraints).map(asRecord);
  if (constraints.some((c) => c && asString(c.topologyKey) && matchesLabelSelector(c.labelSelector, ownLabels))) return true;
  const antiAffinity = asRecord(dig(template.spec, 'affinity', 'podAntiAffinity'));
  const terms = [
    ...asArray(antiAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
    ...asArray(antiAffinity?.preferredDuringSchedulingIgnoredDuringExecution).map((p) => asRecord(p)?.podAffinityTerm),
  ].map(asRecord);
  return terms.some((t) => t && asString(t.topologyKey) && matchesLabelSelector(t.labelSelector, ownLabels));
}

export const antiAffinityOrSpread = defineRule({
  id: 'anti-affinity-or-spread',
  severity: 'warning',
  summary: 'Replicated workloads spread their pods with topologySpreadConstraints or podAntiAffinity.',
  scope: 'set',
  run(context, report) {
    for (const { workload, template } of replicatedWorkloads(context)) {
      if (replicaRange(context, workload).max <= 1 || spreadsOwnPods(template)) continue;
      const hasSome = asArray(template.spec.topologySpreadConstraints).length > 0 || dig(template.spec, 'affinity', 'podAntiAffinity') !== undefined;
      report({
        object: workload,
        path: joinPath(template.specPath, 'topologySpreadConstraints'),
        message: `${describeReplicas(context, workload)}, but ${hasSome ? 'its spread constraints and anti-affinity terms do not select its own pods' : 'nothing spreads them'}: all replicas may land on one node and fail together`,
        hint: 'add topologySpreadConstraints (topologyKey kubernetes.io/hostname, whenUnsatisfiable ScheduleAnyway, labelSelector matching the pod labels)',
      });
    }
  },
});

export const topologySpreadValid = defineRule({
  id: 'topology-spread-valid',
  severity: 'warning',
  summary: 'topologySpreadConstraints are complete and select the pods they spread.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      asArray(template.spec.topologySpreadConstraints).forEach((item, index) => {
        const path = joinPath(template.specPath, 'topologySpreadConstraints', index);
        const constraint = asRecord(item) ?? {};
        const problems: { field: string; message: string }[] = [];
        const maxSkew = asNumber(constraint.maxSkew);
        if (maxSkew === undefined || maxSkew < 1 || !Number.isInteger(maxSkew)) {
          problems.push({ field: 'maxSkew', message: `maxSkew is ${showValue(constraint.maxSkew)}, not a whole number of at least 1` });
        }
        if (!asString(constraint.topologyKey)) {
          problems.push({ field: 'topologyKey', message: 'topologyKey is missing' });
        }
        if (constraint.whenUnsatisfiable !== 'DoNotSchedule' && constraint.whenUnsatisfiable !== 'ScheduleAnyway') {
          problems.push({ field: 'whenUnsatisfiable', message: `whenUnsatisfiable is ${showValue(constraint.whenUnsatisfiable)}, not DoNotSchedule or ScheduleAnyway` });
        }
        if (!matchesLabelSelector(constraint.labelSelector, template.labels)) {
          problems.push({
            field: 'labelSelector',
            message: `labelSelector ${describeSelector(constraint.labelSelector)} does not select the pod's own labels, so the constraint does not spread these pods`,
          });
        }
        for (const problem of problems) {
          report({
            object: template.workload,
            path: joinPath(path, problem.field),
            message: `topology spread constraint ${index}: ${problem.message}`,
            hint: 'use maxSkew: 1, topologyKey: kubernetes.io/hostname (or topology.kubernetes.io/zone), whenUnsatisfiable: ScheduleAnyway and a labelSelector with the pod labels',
          });
        }
      });
    }
  },
});

export const replicasMinimum = defineRule({
  id: 'replicas-minimum',
  severity: 'info',
  summary: 'Deployments without an autoscaler run at least two replicas.',
  scope: 'set',
  run(context, report) {
    for (const kind of ['Deployment', 'Rollout']) {
      for (const workload of context.ofKind(kind)) {
        if (context.autoscalersOf(workload).length > 0) continue;
        const replicas = declaredReplicas(workload);
        if (replicas >= 2) continue;
        report({
          object: workload,
          path: 'spec.replicas',
          message: `${kind} runs ${replicas} replica${replicas === 1 ? '' : 's'}${dig(workload, 'spec', 'replicas') === undefined ? ' (the default)' : ''}: a crash, a node drain or a bad rollout step means downtime`,
          hint: 'run at least 2 replicas, or add a HorizontalPodAutoscaler with minReplicas: 2; in berth.yaml: replicas: 2 or autoscale: { min: 2 }',
        });
      }
    }
  },
});
