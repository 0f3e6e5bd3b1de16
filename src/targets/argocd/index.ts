// The Argo CD target. In: the AppModel with `delivery.deploy: argocd`. Out: deploy/argocd/, an
// AppProject and one Application (or ApplicationSet) per environment, pointing at the Helm chart.
import { InputError } from '../../diagnostics.ts';
import type { AppModel } from '../../model/resolve.ts';
import { objectToYaml } from '../../model/serialize.ts';
import { DEFAULT_EMIT_CONTEXT, type EmitContext, type GeneratedFile, type Target } from '../target.ts';
import { buildArgoObjects } from './applications.ts';
import { formatArgoReadme } from './readme.ts';
import { renderApplication } from './render-application.ts';

export { buildArgoObjects, chartPath, IN_CLUSTER } from './applications.ts';

export function emitArgoCd(model: AppModel, context: EmitContext = DEFAULT_EMIT_CONTEXT): GeneratedFile[] {
  const spec = model.spec.base;
  if (!spec.delivery?.argocd) {
    throw new InputError('the argocd target needs `delivery: { deploy: argocd, argocd: { repoURL: ... } }` in the spec: the Git repository Argo CD reads');
  }
  if (model.registry.environments.length === 0) throw new InputError('the argocd target deploys environments: declare at least one under `environments`');
  const { project, environments } = buildArgoObjects(model, context);
  return [
    { path: 'README.md', content: formatArgoReadme(model, context) },
    { path: `${spec.name}-project.yaml`, content: objectToYaml(project) },
    ...environments.map((e) => ({ path: `${spec.name}-${e.name}.yaml`, content: objectToYaml(e.object) })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export const argocdTarget: Target = {
  name: 'argocd',
  description: 'Argo CD AppProject and an Application (or ApplicationSet) per environment, syncing the Helm chart',
  emit: emitArgoCd,
  render: renderApplication,
  applies: (model) => model.spec.base.delivery?.deploy === 'argocd' && model.spec.base.delivery.argocd !== undefined,
};
