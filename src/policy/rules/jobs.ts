// Run-to-completion workloads and restart policies: finished Jobs are cleaned up, CronJobs do not pile
// up or silently skip runs, and each controller uses a restartPolicy it supports.
import { defineRule } from '../define-rule.ts';
import { joinPath } from '../field-path.ts';
import { asArray, asRecord, dig, showValue } from '../json-values.ts';

/** Annotations with which Helm and Argo CD delete a hook Job themselves. */
const HOOK_DELETE_ANNOTATIONS = ['helm.sh/hook-delete-policy', 'argocd.argoproj.io/hook-delete-policy'];

export const jobTtl = defineRule({
  id: 'job-ttl',
  severity: 'warning',
  summary: 'Jobs not owned by a CronJob set ttlSecondsAfterFinished.',
  scope: 'object',
  run(context, report) {
    for (const job of context.ofKind('Job')) {
      if (dig(job, 'spec', 'ttlSecondsAfterFinished') !== undefined) continue;
      if (asArray(job.metadata.ownerReferences).some((ref) => asRecord(ref)?.kind === 'CronJob')) continue;
      if (HOOK_DELETE_ANNOTATIONS.some((a) => job.metadata.annotations?.[a] !== undefined)) continue;
      report({
        object: job,
        path: 'spec.ttlSecondsAfterFinished',
        message: 'Job has no ttlSecondsAfterFinished: the finished Job and its pods stay forever, and re-applying the same Job does nothing',
        hint: 'set spec.ttlSecondsAfterFinished (e.g. 86400); berth sets it on the Jobs it generates',
      });
    }
  },
});

export const cronjobDeadline = defineRule({
  id: 'cronjob-deadline',
  severity: 'warning',
  summary: 'CronJobs set startingDeadlineSeconds.',
  scope: 'object',
  run(context, report) {
    for (const cronJob of context.ofKind('CronJob')) {
      if (dig(cronJob, 'spec', 'startingDeadlineSeconds') !== undefined) continue;
      report({
        object: cronJob,
        path: 'spec.startingDeadlineSeconds',
        message: 'CronJob has no startingDeadlineSeconds: after 100 missed schedules (controller downtime, suspension) it stops scheduling altogether, and late runs start at any time',
        hint: 'set spec.startingDeadlineSeconds to how late a run may still start (e.g. 300)',
      });
    }
  },
});

export const cronjobConcurrency = defineRule({
  id: 'cronjob-concurrency',
  severity: 'warning',
  summary: 'CronJobs choose concurrencyPolicy Forbid or Replace.',
  scope: 'object',
  run(context, report) {
    for (const cronJob of context.ofKind('CronJob')) {
      const policy = dig(cronJob, 'spec', 'concurrencyPolicy');
      if (policy === 'Forbid' || policy === 'Replace') continue;
      report({
        object: cronJob,
        path: 'spec.concurrencyPolicy',
        message: `CronJob concurrencyPolicy is ${policy === undefined ? 'unset (Allow)' : showValue(policy)}: a run that takes longer than the schedule overlaps the next one, and slow runs pile up`,
        hint: 'set spec.concurrencyPolicy: Forbid (skip a run while one is active) or Replace',
      });
    }
  },
});

const ALLOWED_RESTART: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['Always'],
  StatefulSet: ['Always'],
  DaemonSet: ['Always'],
  ReplicaSet: ['Always'],
  ReplicationController: ['Always'],
  Rollout: ['Always'],
  Job: ['OnFailure', 'Never'],
  CronJob: ['OnFailure', 'Never'],
};

export const restartPolicy = defineRule({
  id: 'restart-policy',
  severity: 'error',
  summary: 'Pod templates use a restartPolicy their controller supports (Always for services, OnFailure or Never for Jobs).',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      const allowed = ALLOWED_RESTART[template.workload.kind];
      if (!allowed) continue;
      const declared = template.spec.restartPolicy;
      // The pod default is Always, which Jobs do not accept.
      if (allowed.includes(typeof declared === 'string' ? declared : 'Always')) continue;
      report({
        object: template.workload,
        path: joinPath(template.specPath, 'restartPolicy'),
        message: `${template.workload.kind} pod template has restartPolicy ${declared === undefined ? 'unset (Always)' : showValue(declared)}: ${template.workload.kind} only accepts ${allowed.join(' or ')}`,
        hint: `set restartPolicy: ${allowed[0]}`,
      });
    }
  },
});
