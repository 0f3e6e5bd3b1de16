// AppModel → the Argo CD objects: one AppProject, and per environment an Application pointing at
// the Helm chart berth proved with that environment's values file (an ApplicationSet when the
// environment runs in several clusters). Automated sync where delivery deploys without approval.
import { posix } from 'node:path';
import { resolveObjects, type AppModel } from '../../model/resolve.ts';
import type { Cluster, Delivery } from '../../spec/app-spec.ts';
import type { EmitContext } from '../target.ts';

/** Argo CD's name for the cluster it runs in. */
export const IN_CLUSTER = 'https://kubernetes.default.svc';

type Json = Record<string, unknown>;

export interface ArgoObjects {
  readonly project: Json;
  /** Per environment, in declaration order: an Application or an ApplicationSet. */
  readonly environments: { readonly name: string; readonly object: Json }[];
}

export interface EnvironmentPlan {
  readonly name: string;
  readonly namespace: string;
  readonly automated: boolean;
  readonly clusters: readonly Cluster[];
}

/** Every declared environment; those delivery does not deploy automatically sync by hand. */
export function planEnvironments(model: AppModel, delivery: Delivery): EnvironmentPlan[] {
  return model.registry.environments.map((name) => {
    const deployed = delivery.environments.find((e) => e.name === name);
    return {
      name,
      namespace: model.spec.environments.get(name)!.namespace,
      automated: deployed !== undefined && deployed.sync === 'automated',
      clusters: deployed?.clusters ?? [],
    };
  });
}

export function chartPath(model: AppModel, context: EmitContext): string {
  return posix.join(context.outDirectory, 'helm', model.spec.base.name);
}

export function buildArgoObjects(model: AppModel, context: EmitContext): ArgoObjects {
  const spec = model.spec.base;
  const delivery = spec.delivery!;
  const argocd = delivery.argocd!;
  const plans = planEnvironments(model, delivery);
  const labels = { 'app.kubernetes.io/part-of': spec.name, 'app.kubernetes.io/managed-by': 'berth' };
  const destinations = plans.flatMap((p) => (p.clusters.length > 0 ? p.clusters : [{ name: 'in-cluster', server: IN_CLUSTER }]).map((c) => ({ server: c.server, namespace: p.namespace })));
  const project: Json = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: argocd.project, namespace: argocd.namespace, labels },
    spec: {
      description: `${spec.name}: every environment, from the chart berth generates`,
      sourceRepos: [argocd.repoURL],
      destinations: dedupe(destinations),
      // CreateNamespace=true needs the one cluster-scoped kind; everything else stays namespaced.
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
    },
  };
  const source = (environment: string) => ({
    repoURL: argocd.repoURL,
    targetRevision: argocd.targetRevision,
    path: chartPath(model, context),
    // Release name = app name, so the chart's names are the canonical ones.
    helm: { releaseName: spec.name, valueFiles: [`values-${environment}.yaml`] },
  });
  const syncPolicy = (automated: boolean, ignored: boolean) => ({
    ...(automated ? { automated: { prune: true, selfHeal: true } } : {}),
    syncOptions: ['CreateNamespace=true', ...(ignored ? ['RespectIgnoreDifferences=true'] : [])],
  });
  const environments = plans.map((plan) => {
    const ignoreDifferences = routerWeights(model, plan.name);
    const applicationSpec = (server: string) => ({
      project: argocd.project,
      source: source(plan.name),
      destination: { server, namespace: plan.namespace },
      ...(ignoreDifferences.length > 0 ? { ignoreDifferences } : {}),
      syncPolicy: syncPolicy(plan.automated, ignoreDifferences.length > 0),
    });
    const metadataLabels = { ...labels, 'berth.dev/environment': plan.name };
    if (plan.clusters.length > 1) {
      const object: Json = {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ApplicationSet',
        metadata: { name: `${spec.name}-${plan.name}`, namespace: argocd.namespace, labels: metadataLabels },
        spec: {
          generators: [{ list: { elements: plan.clusters.map((c) => ({ cluster: c.name, url: c.server })) } }],
          template: {
            metadata: { name: `${spec.name}-${plan.name}-{{cluster}}`, labels: { ...metadataLabels, 'berth.dev/cluster': '{{cluster}}' }, finalizers: ['resources-finalizer.argocd.argoproj.io'] },
            spec: applicationSpec('{{url}}'),
          },
        },
      };
      return { name: plan.name, object };
    }
    const object: Json = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: `${spec.name}-${plan.name}`, namespace: argocd.namespace, labels: metadataLabels, finalizers: ['resources-finalizer.argocd.argoproj.io'] },
      spec: applicationSpec(plan.clusters[0]?.server ?? IN_CLUSTER),
    };
    return { name: plan.name, object };
  });
  return { project, environments };
}

/**
 * Argo Rollouts moves a canary's traffic weights in the VirtualService or HTTPRoute while it runs: Argo CD
 * must neither report that as drift nor self-heal it back to the chart's 100/0 mid-release.
 */
function routerWeights(model: AppModel, environment: string): Json[] {
  const kinds = new Set(resolveObjects(model, environment).map((o) => o.kind));
  return [
    ...(kinds.has('VirtualService') ? [{ group: 'networking.istio.io', kind: 'VirtualService', jqPathExpressions: ['.spec.http[].route[].weight'] }] : []),
    ...(kinds.has('HTTPRoute') ? [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', jqPathExpressions: ['.spec.rules[].backendRefs[].weight'] }] : []),
  ];
}

function dedupe<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
