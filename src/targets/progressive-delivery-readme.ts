// "Progressive delivery", the README section every format shares when a component is released as an
// Argo Rollouts canary or blue-green: what to install first, how to watch, promote, abort and undo a
// release, and what the analysis checks.
import { analysisQueries } from '../model/analysis-queries.ts';
import { camelKey, parameterNames } from '../model/parameters.ts';
import type { AppModel } from '../model/resolve.ts';
import { strategyIn } from '../model/resources/rollout.ts';
import type { AppSpec, Component } from '../spec/app-spec.ts';

export type ReadmeFormat = 'helm' | 'kustomize' | 'kubernetes' | 'terraform' | 'pulumi';

/** Where each format sets a component's strategy. */
function strategyKnob(model: AppModel, component: Component, format: ReadmeFormat): string {
  const names = parameterNames(model.registry.get(`${camelKey(component.name)}.strategy`));
  switch (format) {
    case 'helm':
      return `\`--set ${names.helm}=canary\``;
    case 'terraform':
      return `\`-var ${names.terraform}=canary\``;
    case 'pulumi':
      return `\`pulumi config set ${names.pulumi} canary\``;
    default:
      return `\`strategy: canary\` in berth.yaml, then \`berth generate\``;
  }
}

export function describeProgressiveDelivery(model: AppModel, format: ReadmeFormat): string[] {
  const spec = model.spec.base;
  const progressive = spec.components.filter((c) => c.strategy);
  if (progressive.length === 0) return [];
  const envs = model.registry.environments;
  const lines = [
    '## Progressive delivery',
    '',
    'Components whose strategy is `canary` or `blue-green` are Argo Rollouts `Rollout`s (argoproj.io/v1alpha1) instead',
    'of Deployments, with the same pod template; their autoscaler scales the Rollout. The strategy is a parameter',
    `(${strategyKnob(model, progressive[0], format)} for ${progressive[0].name}), so each environment chooses its own:`,
    '',
    `| Component | ${envs.length > 0 ? envs.join(' | ') : 'base'} | Traffic | Analysis |`,
    `| --- | ${(envs.length > 0 ? envs : ['base']).map(() => '---').join(' | ')} | --- | --- |`,
  ];
  for (const c of progressive) {
    const cells = (envs.length > 0 ? envs : [undefined]).map((e) => strategyIn(model.registry, c, e));
    const used = new Set([strategyIn(model.registry, c), ...envs.map((e) => strategyIn(model.registry, c, e))]);
    const { canary, blueGreen } = c.strategy!;
    const traffic = [
      ...(used.has('canary') ? [canary.traffic === 'istio' ? 'Istio (VirtualService + DestinationRule)' : canary.traffic === 'gateway-api' ? 'Gateway API (HTTPRoute)' : 'share of replicas'] : []),
      ...(used.has('blue-green') ? [`active/preview Services, ${blueGreen.autoPromote ? 'automatic' : 'manual'} promotion`] : []),
    ];
    const analysis = [
      used.has('canary') && canary.analysis ? 'during the canary' : '',
      used.has('blue-green') && blueGreen.smokeTest && c.ports.length > 0 ? 'smoke test before promotion' : '',
      used.has('blue-green') && blueGreen.analysis ? `${blueGreen.watch} after promotion` : '',
    ].filter(Boolean);
    lines.push(`| ${c.name} | ${cells.join(' | ')} | ${traffic.join('; ')} | ${analysis.join(', ') || 'none'} |`);
  }
  const canaries = progressive.filter((c) => [undefined, ...envs].some((e) => strategyIn(model.registry, c, e) === 'canary'));
  const istio = canaries.some((c) => c.strategy!.canary.traffic === 'istio');
  const gatewayApi = canaries.some((c) => c.strategy!.canary.traffic === 'gateway-api');
  lines.push(
    '',
    '### Before the first release',
    '',
    'The Argo Rollouts controller and its CRDs must be in the cluster (and its kubectl plugin on your machine):',
    '',
    '```sh',
    'kubectl create namespace argo-rollouts',
    'kubectl apply --namespace argo-rollouts --filename https://github.com/argoproj/argo-rollouts/releases/latest/download/install.yaml',
    'brew install argoproj/tap/kubectl-argo-rollouts   # or the kubectl-argo-rollouts binary of the same release',
    '```',
    '',
  );
  if (istio) {
    lines.push(
      'Istio splits the canary traffic: install it (`istioctl install`) and enable sidecar injection in each namespace',
      'that runs a canary (`kubectl label namespace <namespace> istio-injection=enabled`). Argo Rollouts moves the',
      'weights of the VirtualService route `primary` between the DestinationRule subsets `stable` and `canary`.',
      'The NetworkPolicy of each component split by Istio lets its sidecar reach istiod (namespace `istio-system`,',
      'port 15012); with istiod elsewhere, add that namespace with a patch of the NetworkPolicy.',
      '',
    );
  }
  if (gatewayApi) {
    lines.push(
      'The Gateway API splits the canary traffic: install its CRDs (`kubectl apply --filename',
      'https://github.com/kubernetes-sigs/gateway-api/releases/latest/download/standard-install.yaml`), an implementation',
      'that serves HTTPRoutes, and the Argo Rollouts Gateway API traffic router plugin (`argoproj-labs/gatewayAPI`,',
      'registered in the `argo-rollouts-config` ConfigMap, with RBAC to update HTTPRoutes).',
      '',
    );
  }
  if (format === 'terraform') {
    lines.push(
      'Rollouts, AnalysisTemplates and the routing objects are `kubernetes_manifest` resources: their CRDs must exist',
      'before `terraform plan`, so install the controller (and Istio or the Gateway API) first, in another module or',
      'with the commands above.',
      '',
    );
  }
  lines.push(
    'The controller changes the weights of the routing objects and the selectors of the stable, canary, active and',
    'preview Services while a release runs; a later sync or upgrade that resets them mid-release is undone by it.',
    '',
    '### Watch, promote, abort, undo',
    '',
    '```sh',
  );
  const rollout = `${spec.name}-${progressive[0].name}`;
  lines.push(
    `kubectl argo rollouts get rollout ${rollout} --namespace <namespace> --watch   # steps, weights, analysis runs`,
    `kubectl argo rollouts promote ${rollout} --namespace <namespace>               # next step (or past an indefinite pause)`,
    `kubectl argo rollouts promote ${rollout} --namespace <namespace> --full        # straight to 100 %`,
    `kubectl argo rollouts abort ${rollout} --namespace <namespace>                 # all traffic back to the stable version`,
    `kubectl argo rollouts undo ${rollout} --namespace <namespace>                  # roll back to the previous revision`,
    '```',
    '',
    'A migration Job still runs before the new version starts to roll out, as for a Deployment.',
    '',
  );
  const analysed = progressive.filter((c) => c.strategy!.canary.analysis || c.strategy!.blueGreen.analysis);
  if (analysed.length > 0) {
    lines.push(
      '### What the analysis checks',
      '',
      'The AnalysisTemplates ask Prometheus about the pods of the new version only (their pod-template hash) and abort',
      'the release, which returns every request to the stable version, as soon as a check fails more often than its',
      'failure limit allows. No data (no traffic yet) is not a failure.',
      '',
      '| Component | Use | Prometheus | Every | Checks |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const c of analysed) {
      const used = new Set([strategyIn(model.registry, c), ...envs.map((e) => strategyIn(model.registry, c, e))]);
      for (const [use, analysis] of [['canary', used.has('canary') ? c.strategy!.canary.analysis : undefined], ['after promotion', used.has('blue-green') ? c.strategy!.blueGreen.analysis : undefined]] as const) {
        if (!analysis) continue;
        const checks = analysisQueries(c, analysis).map((q) => q.meaning).join('; ');
        lines.push(`| ${c.name} | ${use} | \`${analysis.prometheus}\` | ${analysis.interval} (failure limit ${analysis.failureLimit}) | ${checks} |`);
      }
    }
    lines.push('');
  }
  return lines;
}

/** Compose runs every component as one container: delivery strategies are the cluster's business. */
export function describeLocalDelivery(spec: AppSpec): string[] {
  const progressive = spec.components.filter((c) => c.strategy);
  if (progressive.length === 0) return [];
  return [
    '## Progressive delivery',
    '',
    `Locally every component runs as a plain container: the canary and blue-green releases of ${progressive.map((c) => c.name).join(', ')} happen in the cluster only.`,
    '',
  ];
}
