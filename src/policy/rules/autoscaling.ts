// HorizontalPodAutoscalers: a target that exists and can be measured, sane bounds, and workloads that
// leave the replica count to the autoscaler.
import type { KubernetesObject } from '../../model/kubernetes-object.ts';
import { defineRule, type Report } from '../define-rule.ts';
import { joinPath } from '../field-path.ts';
import { asArray, asNumber, asRecord, asString, dig, showValue } from '../json-values.ts';
import { namespaceOf, REPLICATED_KINDS, runnableContainers, type RuleContext } from '../rule-context.ts';

/** Resources an HPA measures as a percentage of the request, with where each metric says so. */
function utilizationMetrics(hpa: KubernetesObject): { resource: string; path: string }[] {
  const spec = asRecord(hpa.spec) ?? {};
  if (asNumber(spec.targetCPUUtilizationPercentage) !== undefined) {
    return [{ resource: 'cpu', path: 'spec.targetCPUUtilizationPercentage' }];
  }
  const found: { resource: string; path: string }[] = [];
  asArray(spec.metrics).forEach((item, index) => {
    const metric = asRecord(item);
    const kind = metric?.type === 'ContainerResource' ? 'containerResource' : 'resource';
    const source = asRecord(metric?.[kind]);
    const resource = asString(source?.name);
    if (!resource || !source) return;
    if (dig(source, 'target', 'averageUtilization') !== undefined) {
      found.push({ resource, path: joinPath('spec', 'metrics', index, kind, 'target', 'averageUtilization') });
    } else if (source.targetAverageUtilization !== undefined) {
      found.push({ resource, path: joinPath('spec', 'metrics', index, kind, 'targetAverageUtilization') });
    }
  });
  return found;
}

function hasRequest(container: Readonly<Record<string, unknown>>, resource: string): boolean {
  const value = dig(container, 'resources', 'requests', resource) ?? dig(container, 'resources', 'limits', resource);
  return value !== undefined && value !== 0 && value !== '0';
}

function checkTarget(context: RuleContext, hpa: KubernetesObject, report: Report): void {
  const ref = asRecord(dig(hpa, 'spec', 'scaleTargetRef'));
  const kind = asString(ref?.kind);
  const name = asString(ref?.name);
  if (!kind || !name) {
    report({
      object: hpa,
      path: 'spec.scaleTargetRef',
      message: `HorizontalPodAutoscaler has no complete scaleTargetRef (kind ${showValue(ref?.kind)}, name ${showValue(ref?.name)}): it scales nothing`,
      hint: 'set spec.scaleTargetRef to { apiVersion: apps/v1, kind: Deployment, name: <workload> }',
    });
    return;
  }
  // Only judged when the set holds that kind at all: otherwise the target may live elsewhere.
  if (!context.hasKind(kind)) return;
  const target = context.find(kind, name, namespaceOf(hpa));
  if (!target) {
    report({
      object: hpa,
      path: 'spec.scaleTargetRef.name',
      message: `HorizontalPodAutoscaler targets ${kind}/${name}, which is not among the objects: it scales nothing`,
      hint: `fix scaleTargetRef.name (${context.ofKind(kind).map((o) => o.metadata.name).join(', ')} exist)`,
    });
    return;
  }
  const template = context.templateOf(target);
  if (!template) return;
  for (const metric of utilizationMetrics(hpa)) {
    const missing = runnableContainers(template).filter((c) => !hasRequest(c.container, metric.resource));
    if (missing.length === 0) continue;
    report({
      object: hpa,
      path: metric.path,
      message: `HorizontalPodAutoscaler scales on ${metric.resource} utilisation, but container${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c.name}"`).join(', ')} of ${kind}/${name} request no ${metric.resource}: utilisation cannot be computed and the HPA does not scale`,
      hint: `set resources.requests.${metric.resource} on every container of ${kind}/${name}`,
    });
  }
}

export const hpaTargets = defineRule({
  id: 'hpa-targets',
  severity: 'error',
  summary: 'HorizontalPodAutoscalers target an existing workload, have minReplicas <= maxReplicas and declare metrics.',
  scope: 'set',
  run(context, report) {
    for (const hpa of context.ofKind('HorizontalPodAutoscaler')) {
      checkTarget(context, hpa, report);
      const spec = asRecord(hpa.spec) ?? {};
      const min = asNumber(spec.minReplicas) ?? 1;
      const max = asNumber(spec.maxReplicas);
      if (max === undefined || max < 1) {
        report({
          object: hpa,
          path: 'spec.maxReplicas',
          message: `HorizontalPodAutoscaler maxReplicas is ${showValue(spec.maxReplicas)}: it must be at least 1`,
          hint: 'set spec.maxReplicas to the most replicas the workload may run',
        });
      } else if (min > max) {
        report({
          object: hpa,
          path: 'spec.minReplicas',
          message: `HorizontalPodAutoscaler minReplicas ${min} is greater than maxReplicas ${max}`,
          hint: 'make minReplicas <= maxReplicas',
        });
      }
      const v1 = hpa.apiVersion === 'autoscaling/v1';
      const hasMetrics = v1 ? spec.targetCPUUtilizationPercentage !== undefined : asArray(spec.metrics).length > 0;
      if (!hasMetrics) {
        report({
          object: hpa,
          path: v1 ? 'spec.targetCPUUtilizationPercentage' : 'spec.metrics',
          severity: 'warning',
          message: 'HorizontalPodAutoscaler declares no metric: it silently falls back to 80% average CPU, which nobody chose',
          hint: 'declare the metric, e.g. metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } } }]; in berth.yaml: autoscale: { cpu: 70 }',
        });
      }
    }
  },
});

export const hpaFixedReplicas = defineRule({
  id: 'hpa-fixed-replicas',
  severity: 'warning',
  summary: 'Workloads scaled by a HorizontalPodAutoscaler do not set spec.replicas.',
  scope: 'set',
  run(context, report) {
    for (const kind of [...REPLICATED_KINDS, 'ReplicaSet']) {
      for (const workload of context.ofKind(kind)) {
        const replicas = dig(workload, 'spec', 'replicas');
        const hpas = context.autoscalersOf(workload);
        if (replicas === undefined || hpas.length === 0) continue;
        report({
          object: workload,
          path: 'spec.replicas',
          message: `${kind} sets replicas: ${showValue(replicas)} while HorizontalPodAutoscaler/${hpas[0].metadata.name} scales it: every apply resets the replica count the autoscaler chose`,
          hint: 'remove spec.replicas and let the HPA minReplicas decide (berth leaves it out when autoscale is set)',
        });
      }
    }
  },
});

export const hpaMinReplicas = defineRule({
  id: 'hpa-min-replicas',
  severity: 'info',
  summary: 'HorizontalPodAutoscalers keep at least two replicas.',
  scope: 'object',
  run(context, report) {
    for (const hpa of context.ofKind('HorizontalPodAutoscaler')) {
      const min = asNumber(dig(hpa, 'spec', 'minReplicas'));
      if ((min ?? 1) >= 2) continue;
      report({
        object: hpa,
        path: 'spec.minReplicas',
        message: `HorizontalPodAutoscaler minReplicas is ${min ?? '1 (the default)'}: when load is low a single pod serves everything, and its restart is downtime`,
        hint: 'set minReplicas: 2; in berth.yaml: autoscale: { min: 2 }',
      });
    }
  },
});
