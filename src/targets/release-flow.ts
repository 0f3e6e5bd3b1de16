// "How a release flows", in the order it happens: the section every delivery-aware README shares.
import type { AppModel } from '../model/resolve.ts';
import { RELEASE_TAG_PATTERN } from '../spec/delivery.ts';

const fill = (template: string, version: string) => template.replace('{version}', version).replace('{commit}', '<commit>');

export function describeReleaseFlow(model: AppModel): string[] {
  const spec = model.spec.base;
  const delivery = spec.delivery;
  if (!delivery) return [];
  const built = spec.components.filter((c) => c.build);
  const how = delivery.deploy === 'argocd' ? 'Argo CD syncs the chart' : 'a CI job runs `helm upgrade --install --atomic --wait`';
  const smoke = delivery.deploy === 'argocd' ? 'Argo CD waits until every workload is healthy' : '`helm test` is the smoke test';
  const steps: string[] = [
    `1. A pull request runs CI: each built component (${built.map((c) => c.name).join(', ') || 'none yet: add `build:`'}) is tested, linted, built with Buildx and scanned; \`berth validate\`, \`berth verify\` and \`berth check\` (SARIF to code scanning) check the packaging.`,
    `2. A push to \`${delivery.branch}\` pushes every image as \`${fill(delivery.tags.commit, spec.version)}\` and \`${delivery.tags.main}\`.`,
    `3. A release tag (\`${RELEASE_TAG_PATTERN}\`, equal to \`v\` + the spec's version) pushes \`${fill(delivery.tags.release, '<version>')}\`, \`${delivery.tags.staging}\` and \`${fill(delivery.tags.commit, spec.version)}\`; a tag that is not the spec's version fails.`,
  ];
  let n = steps.length;
  for (const environment of delivery.environments) {
    const when = environment.on === 'main' ? `on every push to \`${delivery.branch}\`` : environment.on === 'release' ? 'on every release tag' : `after ${environment.after} succeeded, once a reviewer approves the \`${environment.name}\` GitHub environment`;
    const where = environment.clusters.length > 1 ? `, cluster by cluster (${environment.clusters.map((c) => c.name).join(' → ')})` : '';
    const moving = environment.moving ? '; the tag moves, so the workloads are restarted to pull the new images' : '';
    const rollback =
      delivery.deploy === 'helm'
        ? ' A failed upgrade or smoke test rolls back (`helm rollback`).'
        : environment.sync === 'manual'
          ? ' A failed sync is synced back to the revision that ran before.'
          : ' Argo CD keeps it equal to Git (self-heal).';
    const e2e = delivery.e2e?.environments.includes(environment.name)
      ? ` Then the end-to-end tests (\`${delivery.e2e.command}\`) run against it; a failure stops the release there.`
      : '';
    steps.push(`${++n}. **${environment.name}** deploys ${when}${where}, running \`${environment.imageTag}\`: ${how}; the migration Job runs first, then the rollout${moving}; ${smoke}.${rollback}${e2e}`);
  }
  return ['## How a release flows', '', ...steps, ''];
}
