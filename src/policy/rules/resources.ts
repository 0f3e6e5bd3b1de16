// CPU and memory requests and limits on every container that runs (init containers included).
import type { KubernetesObject } from '../../model/kubernetes-object.ts';
import { defineRule } from '../define-rule.ts';
import { joinPath } from '../field-path.ts';
import { asArray, asRecord, dig } from '../json-values.ts';
import { namespaceOf, runnableContainers, sameNamespace, type ContainerRef, type RuleContext } from '../rule-context.ts';
import type { PolicyRule } from '../types.ts';

type Resource = 'cpu' | 'memory';
type Bound = 'requests' | 'limits';

const EXAMPLES: Readonly<Record<Resource, Readonly<Record<Bound, string>>>> = {
  cpu: { requests: '100m', limits: '500m' },
  memory: { requests: '128Mi', limits: '512Mi' },
};

function isSet(value: unknown): boolean {
  if (typeof value === 'number') return value > 0;
  return typeof value === 'string' && value.trim() !== '' && !/^0+(\.0*)?[a-zA-Z]*$/.test(value.trim());
}

/** Whether a LimitRange in the object's namespace fills the value in when the container leaves it out. */
function limitRangeDefault(context: RuleContext, workload: KubernetesObject, resource: Resource, bound: Bound): boolean {
  return context.ofKind('LimitRange').some((range) => {
    if (!sameNamespace(namespaceOf(range), namespaceOf(workload))) return false;
    return asArray(dig(range, 'spec', 'limits')).some((item) => {
      const limit = asRecord(item);
      if (limit?.type !== 'Container') return false;
      const defaultLimit = isSet(dig(limit, 'default', resource));
      // A defaulted limit also becomes the request when no default request is given.
      return bound === 'limits' ? defaultLimit : defaultLimit || isSet(dig(limit, 'defaultRequest', resource));
    });
  });
}

/** The request a container gets: its own, or its limit (Kubernetes copies the limit when the request is absent). */
function hasValue(container: ContainerRef, resource: Resource, bound: Bound): boolean {
  const resources = asRecord(container.container.resources);
  if (isSet(dig(resources, bound, resource))) return true;
  return bound === 'requests' && isSet(dig(resources, 'limits', resource));
}

function resourceRule(resource: Resource, bound: Bound, summary: string, why: string): PolicyRule {
  const label = resource === 'cpu' ? 'CPU' : 'memory';
  const noun = bound === 'requests' ? 'request' : 'limit';
  return defineRule({
    id: `${resource}-${bound}`,
    severity: 'warning',
    summary,
    scope: 'object',
    run(context, report) {
      for (const template of context.podTemplates) {
        for (const container of runnableContainers(template)) {
          if (hasValue(container, resource, bound)) continue;
          if (limitRangeDefault(context, template.workload, resource, bound)) continue;
          const value = dig(container.container, 'resources', bound, resource);
          report({
            object: template.workload,
            path: joinPath(container.path, 'resources', bound, resource),
            message: `container "${container.name}" has ${value === undefined ? 'no' : `a zero (${String(value)})`} ${label} ${noun}: ${why}`,
            hint: `set resources.${bound}.${resource} (e.g. ${EXAMPLES[resource][bound]}); in berth.yaml: resources: { ${resource}: ${EXAMPLES[resource].requests}..${EXAMPLES[resource].limits} }`,
          });
        }
      }
    },
  });
}

export const cpuRequests = resourceRule(
  'cpu',
  'requests',
  'Every container requests CPU.',
  'the scheduler may pack it onto a busy node and an HPA cannot compute CPU utilisation',
);
export const cpuLimits = resourceRule(
  'cpu',
  'limits',
  'Every container has a CPU limit.',
  'one busy container can take all the CPU of its node',
);
export const memoryRequests = resourceRule(
  'memory',
  'requests',
  'Every container requests memory.',
  'the scheduler may place it on a node without room, and it is the first evicted under memory pressure',
);
export const memoryLimits = resourceRule(
  'memory',
  'limits',
  'Every container has a memory limit.',
  'a leak grows until the node runs out of memory and the kernel kills other pods',
);
