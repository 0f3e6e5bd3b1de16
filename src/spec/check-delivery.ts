// Rules for `delivery` and `build` that the schema alone cannot state: names that must exist,
// one registry for every built image, what Argo CD needs, and tags a region-by-region rollout allows.
import type { Diagnostic } from '../diagnostics.ts';
import { closestMatch } from './did-you-mean.ts';
import { deliveryEnvironmentInputs, registryHost } from './delivery.ts';
import type { SpecInput } from './schema.ts';
import type { SourceLocator } from './source-map.ts';

export function checkDelivery(input: SpecInput, locator: SourceLocator): Diagnostic[] {
  const delivery = input.delivery;
  if (!delivery) return [];
  const diagnostics: Diagnostic[] = [];
  const problem = (code: string, message: string, path: (string | number)[], hint: string, atKey = false) =>
    diagnostics.push({
      code,
      severity: 'error',
      message,
      position: atKey ? locator.keyAt(path.slice(0, -1), String(path[path.length - 1])) : locator.valueAt(path),
      path: path.join('.'),
      hint,
    });

  const declared = Object.keys(input.environments ?? {});
  const deployed = deliveryEnvironmentInputs(input);
  for (const [name, given] of deployed) {
    if (!declared.includes(name)) {
      const suggestion = closestMatch(name, declared);
      problem(
        'unknown-environment',
        `delivery deploys environment "${name}", which the spec does not declare${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
        ['delivery', 'environments', name],
        declared.length > 0 ? `Declared environments: ${declared.join(', ')}.` : 'Declare it under environments.',
        true,
      );
    }
    if (typeof given === 'string') continue;
    if (given.after !== undefined && given.on !== 'approval') {
      problem('delivery-after-without-approval', `environment ${name} deploys on ${given.on}; only an approval waits for another environment`, ['delivery', 'environments', name, 'after'], 'Remove `after`, or set `on: approval`.');
    }
    if (given.after !== undefined) {
      const before = deployed.slice(0, deployed.findIndex(([n]) => n === name)).filter(([, g]) => (typeof g === 'string' ? g : g.on) !== 'main').map(([n]) => n);
      if (!before.includes(given.after)) {
        problem('delivery-unknown-after', `environment ${name} waits for "${given.after}", which is not deployed on a release before it`, ['delivery', 'environments', name, 'after'], before.length > 0 ? `Choose one of: ${before.join(', ')}.` : 'Deploy an environment on `release` first.');
      }
    }
    const tag = given.tag ?? (given.on === 'main' ? 'main' : given.on === 'release' ? 'staging' : 'release');
    if ((given.clusters?.length ?? 0) > 1 && tag !== 'release') {
      problem(
        'delivery-moving-tag-across-clusters',
        `environment ${name} runs the moving tag "${tag}" in ${given.clusters!.length} clusters; a region-by-region rollout needs the release tag`,
        ['delivery', 'environments', name, 'clusters'],
        'Set `tag: release` for this environment, or give it one cluster.',
      );
    }
    if (given.sync !== undefined && delivery.deploy !== 'argocd') {
      problem('delivery-sync-without-argocd', `environment ${name} sets how Argo CD syncs it, but delivery deploys with Helm`, ['delivery', 'environments', name, 'sync'], 'Remove `sync`, or set `deploy: argocd` under delivery.');
    } else if (given.sync === 'automated' && given.on === 'approval') {
      problem(
        'delivery-automated-approval',
        `environment ${name} waits for approval but Argo CD would sync it automatically, before anyone approves`,
        ['delivery', 'environments', name, 'sync'],
        'Remove `sync` (approval environments sync by hand, from the workflow), or deploy it `on: release`.',
      );
    }
    const names = (given.clusters ?? []).map((c) => c.name);
    names.forEach((cluster, index) => {
      if (names.indexOf(cluster) !== index) problem('delivery-duplicate-cluster', `environment ${name} lists cluster ${cluster} twice`, ['delivery', 'environments', name, 'clusters', index, 'name'], 'Give every cluster its own name.');
    });
  }
  deployed.forEach(([name, given], index) => {
    const on = typeof given === 'string' ? given : given.on;
    const explicitAfter = typeof given === 'string' ? undefined : given.after;
    if (on === 'approval' && explicitAfter === undefined && !deployed.slice(0, index).some(([, g]) => (typeof g === 'string' ? g : g.on) !== 'main')) {
      problem('delivery-approval-first', `environment ${name} waits for approval, but no environment is deployed on a release before it`, ['delivery', 'environments', name], 'Deploy an environment (e.g. staging) on `release` before it.', true);
    }
  });

  const e2e = typeof delivery.e2e === 'object' ? delivery.e2e : undefined;
  const deployedNames = deployed.map(([name]) => name);
  (e2e?.environments ?? []).forEach((name, index) => {
    if (deployedNames.includes(name)) return;
    const suggestion = closestMatch(name, deployedNames);
    problem(
      'delivery-e2e-environment',
      `delivery.e2e tests environment "${name}", which delivery does not deploy${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
      ['delivery', 'e2e', 'environments', index],
      `Deployed environments: ${deployedNames.join(', ') || 'none'}.`,
    );
  });
  if (delivery.deploy === 'argocd' && !delivery.argocd) {
    problem('delivery-argocd-repository', 'delivery deploys with Argo CD but names no Git repository', ['delivery', 'deploy'], 'Add `argocd: { repoURL: https://github.com/<org>/<repo>.git }` under delivery.');
  }

  const built = Object.entries(input.components).filter(([, c]) => c.build !== undefined);
  const registry = delivery.registry;
  for (const [name, component] of built) {
    const repository = typeof component.image === 'string' ? component.image.replace(/:[^/:]*$/, '') : component.image.repository;
    const host = registryHost(repository);
    const expected = registry ?? registryHost(typeof built[0][1].image === 'string' ? built[0][1].image : built[0][1].image.repository);
    if (host !== expected) {
      problem(
        'delivery-registry-mismatch',
        `component ${name} is built and pushed, but its image ${repository} is not on ${expected}`,
        ['components', name, 'image'],
        registry ? `Use ${registry}/<org>/${name} as the image, or change delivery.registry.` : 'Push every built image to one registry: give them the same registry host.',
      );
    }
  }
  return diagnostics;
}
