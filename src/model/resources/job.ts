// A one-off Job (a migration) that runs before the new version rolls out. Its name carries a hash
// of the image and command: Job templates are immutable, and a new version must run it again.
import type { AppSpec, Job } from '../../spec/app-spec.ts';
import { FULLNAME, NAMESPACE, objectName, type TemplateObject } from '../template-object.ts';
import { concat, hash, param, toString } from '../template.ts';
import { podSpec } from './component.ts';
import { componentParam, egressRules, labels, selectorLabels } from './pod.ts';

export function jobObjects(spec: AppSpec, job: Job): TemplateObject[] {
  const component = spec.components.find((c) => c.name === job.component)!;
  return [
    jobObject(spec, job),
    {
      id: `${job.name}-networkpolicy`,
      owner: job.name,
      ownerKind: 'job',
      kind: 'NetworkPolicy',
      sources: { '': spec.positions.get(`jobs.${job.name}`)! },
      body: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { labels: labels(spec.name, spec.version, job.name), name: objectName(job.name), namespace: param(NAMESPACE) },
        // Nothing connects to a migration; it reaches out like its component does.
        spec: {
          egress: egressRules(spec.name, component.egress),
          podSelector: { matchLabels: selectorLabels(spec.name, job.name) },
          policyTypes: ['Ingress', 'Egress'],
        },
      },
    },
  ];
}

function jobObject(spec: AppSpec, job: Job): TemplateObject {
  const component = spec.components.find((c) => c.name === job.component)!;
  const fingerprint = concat(
    toString(componentParam(component, 'image', 'repository')),
    ':',
    toString(componentParam(component, 'image', 'tag')),
    ' ',
    JSON.stringify([...job.command, ...(job.args ?? [])]),
  );
  // The Job's pods carry their own component label, so the component's Service never selects them.
  const jobLabels = { ...labels(spec.name, spec.version, job.name), 'berth.dev/job': job.name };
  return {
    id: `${job.name}-job`,
    owner: job.name,
    ownerKind: 'job',
    kind: 'Job',
    sources: { '': spec.positions.get(`jobs.${job.name}`)! },
    body: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        labels: jobLabels,
        name: concat(param(FULLNAME), `-${job.name}-`, hash(fingerprint, 8)),
        namespace: param(NAMESPACE),
      },
      spec: {
        activeDeadlineSeconds: job.activeDeadlineSeconds,
        backoffLimit: job.backoffLimit,
        completions: 1,
        parallelism: 1,
        template: {
          metadata: { labels: jobLabels },
          spec: podSpec(spec, component, { probes: false, restartPolicy: 'Never', command: job.command, args: job.args }),
        },
        // Finished Jobs clean themselves up; the hashed name keeps a re-apply from re-running an old one.
        ttlSecondsAfterFinished: 86400,
      },
    },
  };
}
