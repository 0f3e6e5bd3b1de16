// Which objects are Helm hooks, and their annotations. A migration Job runs before install and
// upgrade; its pod needs the component's ServiceAccount and ConfigMaps, which a plain release would
// only create after the pre-install hooks, so those become hooks too, created just before it (and
// the ExternalSecrets or SealedSecrets that make the Secrets it reads, before them).
import { excepted } from '../../model/resources/pod.ts';
import type { AppModel } from '../../model/resolve.ts';
import type { TemplateObject } from '../../model/template-object.ts';
import type { Component } from '../../spec/app-spec.ts';

export type HookAnnotations = Readonly<Record<string, string>>;

/** Kinds a Job's pod reads from its component; recreated (never deleted) around every hook run. */
const POD_INPUTS = ['ServiceAccount', 'ConfigMap'];

export function collectHookAnnotations(model: AppModel): Map<string, HookAnnotations> {
  const hooks = new Map<string, HookAnnotations>();
  const spec = model.spec.base;
  const jobComponents = new Map(spec.jobs.map((j) => [j.name, spec.components.find((c) => c.name === j.component)!]));
  const argocd = spec.delivery?.deploy === 'argocd';
  for (const object of model.objects) {
    const annotations = withArgoCdHook(objectHook(object, jobComponents), argocd);
    if (annotations) hooks.set(object.id, annotations);
  }
  return hooks;
}

/**
 * A Job waits until after the first install when its pod needs something that cannot be a hook:
 * a PersistentVolumeClaim (recreating it would lose the data), or a ServiceAccount whose token the
 * component's pods use (recreating it would invalidate their tokens). Upgrades still run it first.
 */
function startsAfterInstall(component: Component): boolean {
  return component.volumes.length > 0 || excepted(component, 'service-account-token-automount');
}

/**
 * Argo CD maps Helm's pre-install/pre-upgrade hooks to PreSync by itself; the explicit annotation
 * says so where the chart is meant for Argo CD (it takes precedence, and Helm ignores it).
 */
function withArgoCdHook(annotations: HookAnnotations | undefined, argocd: boolean): HookAnnotations | undefined {
  if (!argocd || !annotations || !annotations['helm.sh/hook'].startsWith('pre-install')) return annotations;
  const policies: Record<string, string> = { 'before-hook-creation': 'BeforeHookCreation', 'hook-succeeded': 'HookSucceeded' };
  return {
    ...annotations,
    'argocd.argoproj.io/hook': 'PreSync',
    'argocd.argoproj.io/hook-delete-policy': annotations['helm.sh/hook-delete-policy'].split(',').map((p) => policies[p]).join(','),
    'argocd.argoproj.io/sync-wave': annotations['helm.sh/hook-weight'],
  };
}

function objectHook(object: TemplateObject, jobComponents: ReadonlyMap<string, Component>): HookAnnotations | undefined {
  if (object.ownerKind === 'job' && object.kind === 'Job') {
    const component = jobComponents.get(object.owner);
    return {
      'helm.sh/hook': `${component && startsAfterInstall(component) ? 'post-install' : 'pre-install'},pre-upgrade`,
      'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
      'helm.sh/hook-weight': '0',
    };
  }
  // A migration's pod may read any of the app's Secrets: those from a store are there before it runs.
  if ((object.kind === 'ExternalSecret' || object.kind === 'SealedSecret') && [...jobComponents.values()].some((c) => !startsAfterInstall(c))) {
    return {
      'helm.sh/hook': 'pre-install,pre-upgrade,pre-rollback',
      'helm.sh/hook-delete-policy': 'before-hook-creation',
      'helm.sh/hook-weight': '-20',
    };
  }
  if (object.ownerKind !== 'component') return undefined;
  const users = [...jobComponents.values()].filter((c) => c.name === object.owner);
  if (users.length === 0) return undefined;
  // A ServiceAccount only needs to be a hook for a Job that runs before install.
  const hooked = object.kind === 'ConfigMap' || (object.kind === 'ServiceAccount' && !startsAfterInstall(users[0]));
  if (!hooked) return undefined;
  // pre-rollback too: a rollback must bring back the configuration of the release it returns to.
  return {
    'helm.sh/hook': 'pre-install,pre-upgrade,pre-rollback',
    'helm.sh/hook-delete-policy': 'before-hook-creation',
    'helm.sh/hook-weight': '-10',
  };
}
