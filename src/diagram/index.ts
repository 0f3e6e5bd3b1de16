// The architecture pictures: one environment's canonical objects → a graph → Mermaid text or SVG.
import type { KubernetesObject } from '../model/kubernetes-object.ts';
import type { AppModel } from '../model/resolve.ts';
import { buildArchitectureDiagram, type ArchitectureDiagram, type DiagramOptions } from './architecture.ts';

export type { ArchitectureDiagram, DiagramEdge, DiagramGroup, DiagramNode, EdgeStyle, NodeKind } from './architecture.ts';
export { buildArchitectureDiagram, describeWorkload } from './architecture.ts';
export { renderMermaid } from './mermaid.ts';
export { renderSvg } from './svg.ts';

/** The picture of `environment` (the base when undefined), from objects already resolved for it. */
export function diagramOf(model: AppModel, environment: string | undefined, objects: readonly KubernetesObject[], options?: DiagramOptions): ArchitectureDiagram {
  const view = environment === undefined ? model.spec.base : model.spec.environments.get(environment);
  if (!view) throw new Error(`unknown environment ${environment}`);
  return buildArchitectureDiagram(view, objects, environment ?? 'base', options);
}
