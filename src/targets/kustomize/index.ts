// Kustomize target. In: the app model. Out: deploy/kustomize/ with base/, components/<part>/ and
// overlays/<env>/ (namespace, images, replicas and small JSON 6902 patches), plus a README.
import type { AppModel } from '../../model/resolve.ts';
import type { GeneratedFile, Target } from '../target.ts';
import { planKustomize } from './plan-layout.ts';
import { kustomizeReadme } from './readme.ts';
import { writeKustomizeTree } from './write-tree.ts';

export function emitKustomize(model: AppModel): GeneratedFile[] {
  const plan = planKustomize(model);
  return [...writeKustomizeTree(plan), { path: 'README.md', content: kustomizeReadme(model, plan) }];
}

export const kustomizeTarget: Target = {
  name: 'kustomize',
  description: 'Kustomize base, optional components and one overlay per environment',
  emit: emitKustomize,
  // Loaded when verify renders: generating the tree needs no kubectl.
  render: async (_model, environment, context) => (await import('./render-overlay.ts')).renderOverlay(environment, context),
};
