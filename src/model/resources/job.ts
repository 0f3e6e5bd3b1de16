// A one-off Job (a migration) that runs before the new version rolls out. Its name carries a hash
// of the image and command: Job templates are immutable, and a new version must run it again.
import type { AppSpec, Job } from '../../spec/app-spec.ts';
import { FULLNAME, NAMESPACE, type TemplateObject } from '../template-object.ts';
import { concat, hash, param, toString } from '../template.ts';
import { podSpec } from './component.ts';
import { componentParam, labels } from './pod.ts';

export function jobObject(spec: AppSpec, job: Job): TemplateObject {
  const component = spec.components.find((c) => c.name === job.component)!;
  const fingerprint = concat(
    toString(componentParam(component, 'image', 'repository')),
    ':',
    toString(componentParam(component, 'image', 'tag')),
    ' ',
    JSON.stringify([...job.command, ...(job.args ?? [])]),
  );
  const jobLabels = { ...labels(spec.name, spec.version, component.name), 'berth.dev/job': job.name };
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
