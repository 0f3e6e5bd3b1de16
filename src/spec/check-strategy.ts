// Rules for `strategy:` that the schema alone cannot state, on each view of the spec: a router needs
// a Service, a canary ends at full traffic, an analysis needs Prometheus, a blue-green release needs
// more than one pod to switch between.
import type { Diagnostic, SourcePosition } from '../diagnostics.ts';
import type { AppSpec, Component } from './app-spec.ts';
import type { PathSegment, SourceLocator } from './source-map.ts';

export function checkStrategies(spec: AppSpec, envName: string | undefined, locator: SourceLocator): Diagnostic[] {
  return spec.components.flatMap((c) => checkComponentStrategy(c, envName, locator));
}

function checkComponentStrategy(component: Component, envName: string | undefined, locator: SourceLocator): Diagnostic[] {
  const strategy = component.strategy;
  if (!strategy || strategy.type === 'rolling') return [];
  const diagnostics: Diagnostic[] = [];
  const scope = envName ? ` in environment ${envName}` : '';
  const own = ['components', component.name, 'strategy'];
  // The key that chose this strategy for this view, or the settings it reads.
  const typePaths: PathSegment[][] = [
    ...(envName ? [['environments', envName, 'components', component.name, 'strategy'], ['environments', envName, 'strategy']] : []),
    [...own, 'type'],
    own,
    ['strategy', 'type'],
    ['strategy'],
  ];
  const settingPaths = (...keys: string[]): PathSegment[][] => [[...own, ...keys], ['strategy', ...keys], ...typePaths];
  const at = (paths: PathSegment[][]): [SourcePosition, string] => {
    const found = paths.find((p) => locator.has(p)) ?? ['components', component.name];
    return [locator.valueAt(found), found.join('.')];
  };
  const problem = (code: string, message: string, paths: PathSegment[][], hint: string) => {
    const [position, path] = at(paths);
    diagnostics.push({ code, severity: 'error', message: `${component.name}${scope}: ${message}`, position, path, hint });
  };

  if (component.stateful) {
    problem(
      'strategy-on-stateful-component',
      `${strategy.type} needs a Deployment-like workload, and a stateful component is a StatefulSet (Argo Rollouts does not release StatefulSets)`,
      typePaths,
      'Release the stateful component with `strategy: rolling` (its pods are replaced one by one, highest ordinal first), or drop `stateful`.',
    );
    return diagnostics;
  }
  const analysis = strategy.type === 'canary' ? strategy.canary.analysis : strategy.blueGreen.analysis;
  const analysisKey = strategy.type === 'canary' ? 'canary' : 'blueGreen';
  if (analysis && analysis.prometheus === '') {
    problem(
      'analysis-without-prometheus',
      'the analysis has no metrics source',
      settingPaths(analysisKey, 'analysis'),
      'Set the Prometheus address once for the app: `strategy: { prometheus: http://prometheus-operated.monitoring:9090 }`.',
    );
  }
  if (strategy.type === 'canary') {
    const { steps, traffic } = strategy.canary;
    if (traffic !== 'replicas' && component.ports.length === 0) {
      problem(
        'canary-router-without-service',
        `${traffic === 'istio' ? 'Istio' : 'Gateway API'} traffic splitting needs a Service, and the component has no port`,
        settingPaths('canary', 'traffic'),
        'Declare the component\'s `port`, or split traffic by replicas (`traffic: replicas`).',
      );
    }
    if (strategy.canary.gateway && traffic !== 'gateway-api') {
      problem('canary-gateway-without-gateway-api', '`gateway` is only used with `traffic: gateway-api`', settingPaths('canary', 'gateway'), 'Set `traffic: gateway-api`, or remove `gateway`.');
    }
    const last = steps[steps.length - 1];
    if (last.weight !== 100) {
      problem(
        'canary-steps-not-full',
        `the canary's last step sends ${last.weight} % of the traffic to the new version; a release must end at 100 %`,
        settingPaths('canary', 'steps'),
        'End the steps with 100, e.g. `steps: [5, 25, 50, 100]`.',
      );
    }
    const backwards = steps.findIndex((s, i) => i > 0 && s.weight < steps[i - 1].weight);
    if (backwards > 0) {
      problem(
        'canary-steps-decreasing',
        `canary step ${backwards + 1} (${steps[backwards].weight} %) sends less traffic than the step before (${steps[backwards - 1].weight} %)`,
        settingPaths('canary', 'steps'),
        'Order the weights from the smallest to 100.',
      );
    }
  } else {
    if (component.ports.length === 0) {
      problem('blue-green-without-service', 'blue-green switches an active and a preview Service, and the component has no port', typePaths, 'Declare the component\'s `port`, or release it with `rolling` or a replica-based `canary`.');
    }
    if (!component.autoscale.enabled && component.replicas <= 1) {
      problem(
        'blue-green-single-replica',
        `blue-green with ${component.replicas} replica and no autoscaling: the switch moves all traffic onto one untested pod, and the old one is the only way back`,
        typePaths,
        'Run at least 2 replicas (`replicas: 2`) or autoscale, or use `rolling` in this environment.',
      );
    }
  }
  return diagnostics;
}
