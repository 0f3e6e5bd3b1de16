// A scheduled task → a CronJob running its component's pod with its own command, and the
// NetworkPolicy of its pods (nothing connects to them; they reach out like their component).
import type { AppSpec, CronJob } from '../../spec/app-spec.ts';
import { camelKey } from '../parameters.ts';
import { NAMESPACE, objectName, type TemplateObject } from '../template-object.ts';
import { param } from '../template.ts';
import { podSpec } from './component.ts';
import { egressRules, labels, selectorLabels } from './pod.ts';

export function cronJobObjects(spec: AppSpec, task: CronJob): TemplateObject[] {
  const component = spec.components.find((c) => c.name === task.component)!;
  const sources = { '': spec.positions.get(`cronjobs.${task.name}`)! };
  const taskLabels = labels(spec.name, spec.version, task.name);
  const knob = (field: string) => param(`${camelKey(task.name)}.${field}`);
  return [
    {
      id: `${task.name}-cronjob`,
      owner: task.name,
      ownerKind: 'cronjob',
      kind: 'CronJob',
      sources,
      body: {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { labels: taskLabels, name: objectName(task.name), namespace: param(NAMESPACE) },
        spec: {
          concurrencyPolicy: task.concurrencyPolicy,
          failedJobsHistoryLimit: task.failedJobsHistoryLimit,
          jobTemplate: {
            metadata: { labels: taskLabels },
            spec: {
              activeDeadlineSeconds: task.activeDeadlineSeconds,
              backoffLimit: task.backoffLimit,
              template: {
                metadata: { labels: taskLabels },
                spec: podSpec(spec, component, { probes: false, restartPolicy: 'Never', command: task.command, args: task.args }),
              },
            },
          },
          schedule: knob('schedule'),
          startingDeadlineSeconds: task.startingDeadlineSeconds,
          successfulJobsHistoryLimit: task.successfulJobsHistoryLimit,
          suspend: knob('suspend'),
          ...(task.timeZone ? { timeZone: task.timeZone } : {}),
        },
      },
    },
    {
      id: `${task.name}-networkpolicy`,
      owner: task.name,
      ownerKind: 'cronjob',
      kind: 'NetworkPolicy',
      sources,
      body: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { labels: taskLabels, name: objectName(task.name), namespace: param(NAMESPACE) },
        spec: {
          egress: egressRules(spec.name, component.egress),
          podSelector: { matchLabels: selectorLabels(spec.name, task.name) },
          policyTypes: ['Ingress', 'Egress'],
        },
      },
    },
  ];
}
