// Every output format berth knows, in the order `--target all` generates them.
import { kubernetesTarget } from './kubernetes/emit-manifests.ts';
import { kustomizeTarget } from './kustomize/index.ts';
import type { Target } from './target.ts';

export const TARGETS: readonly Target[] = [kubernetesTarget, kustomizeTarget];

export function targetNames(): string[] {
  return TARGETS.map((t) => t.name);
}
