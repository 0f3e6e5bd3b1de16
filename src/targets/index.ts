// Every output format berth knows, in the order `--target all` generates them.
import { kubernetesTarget } from './kubernetes/emit-manifests.ts';
import { composeTarget } from './compose/index.ts';
import { helmTarget } from './helm/index.ts';
import { kustomizeTarget } from './kustomize/index.ts';
import { pulumiTarget } from './pulumi/index.ts';
import { terraformTarget } from './terraform/index.ts';
import { argocdTarget } from './argocd/index.ts';
import { alertmanagerTarget } from './alertmanager/index.ts';
import { githubActionsTarget } from './github-actions/index.ts';
import type { Target } from './target.ts';
import { TARGET_NAMES } from './target-names.ts';

export const TARGETS: readonly Target[] = [kubernetesTarget, helmTarget, kustomizeTarget, terraformTarget, pulumiTarget, composeTarget, githubActionsTarget, argocdTarget, alertmanagerTarget];

export function targetNames(): string[] {
  return [...TARGET_NAMES];
}
