// Argo Rollouts AnalysisTemplates of a component: the Prometheus checks that abort a canary or switch
// a blue-green release back, and the blue-green smoke test (a Job that calls the preview Service,
// with berth's restricted pod defaults).
import type { Analysis, AppSpec, Component } from '../../spec/app-spec.ts';
import { analysisQueries, POD_HASH_ARG, successCondition } from '../analysis-queries.ts';
import { NAMESPACE, objectName, type TemplateObject } from '../template-object.ts';
import { concat, param, type Value } from '../template.ts';
import { containerSecurityContext, egressRules, labels, podSecurityContext, selectorLabels } from './pod.ts';

export const ROLLOUTS_API = 'argoproj.io/v1alpha1';

/** `<fullname>-<component>-<use>`: the canary analysis, the post-promotion watch, the smoke test. */
export type AnalysisUse = 'canary' | 'post-promotion' | 'smoke-test';

export function analysisTemplateName(component: string, use: AnalysisUse): Value {
  return objectName(`${component}-${use}`);
}

/**
 * The metric checks of one analysis. `count` bounds a post-promotion watch (it must end for the
 * release to complete); a canary's background analysis runs until the last step.
 */
export function analysisTemplateObject(
  spec: AppSpec,
  component: Component,
  use: 'canary' | 'post-promotion',
  analysis: Analysis,
  condition: Value,
  count?: number,
): TemplateObject {
  const metrics = analysisQueries(component, analysis).map((q) => ({
    ...(count !== undefined ? { count } : {}),
    failureLimit: analysis.failureLimit,
    interval: analysis.interval,
    name: q.name,
    provider: { prometheus: { address: analysis.prometheus, query: q.query } },
    successCondition: successCondition(q.threshold),
  }));
  return {
    id: `${component.name}-${use}-analysistemplate`,
    owner: component.name,
    ownerKind: 'component',
    kind: 'AnalysisTemplate',
    condition,
    sources: { '': strategyPosition(spec, component) },
    body: {
      apiVersion: ROLLOUTS_API,
      kind: 'AnalysisTemplate',
      metadata: { labels: labels(spec.name, spec.version, component.name), name: analysisTemplateName(component.name, use), namespace: param(NAMESPACE) },
      spec: { args: [{ name: POD_HASH_ARG }], metrics },
    },
  };
}

const SMOKE_TEST_USER = 65532;

/** Blue-green's pre-promotion check: one request to the preview Service must succeed. */
export function smokeTestObjects(spec: AppSpec, component: Component, condition: Value): TemplateObject[] {
  const test = component.strategy?.blueGreen.smokeTest;
  const port = component.ports[0];
  if (!test || !port) return [];
  const name = `${component.name}-smoke-test`;
  const url = concat('http://', objectName(`${component.name}-preview`), '.', param(NAMESPACE), `.svc:${port.port}${test.path}`);
  const sources = { '': strategyPosition(spec, component) };
  const podLabels = labels(spec.name, spec.version, name);
  return [
    {
      id: `${component.name}-smoke-test-analysistemplate`,
      owner: component.name,
      ownerKind: 'component',
      kind: 'AnalysisTemplate',
      condition,
      sources,
      body: {
        apiVersion: ROLLOUTS_API,
        kind: 'AnalysisTemplate',
        metadata: { labels: labels(spec.name, spec.version, component.name), name: analysisTemplateName(component.name, 'smoke-test'), namespace: param(NAMESPACE) },
        spec: {
          metrics: [
            {
              name: 'smoke-test',
              provider: {
                job: {
                  spec: {
                    activeDeadlineSeconds: 120,
                    backoffLimit: 0,
                    template: {
                      metadata: { labels: podLabels },
                      spec: {
                        automountServiceAccountToken: false,
                        containers: [
                          {
                            command: ['curl', '--fail', '--silent', '--show-error', '--max-time', '10', '--output', '/dev/null', url],
                            image: test.image,
                            imagePullPolicy: 'IfNotPresent',
                            name: 'smoke-test',
                            resources: { limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '10m', memory: '16Mi' } },
                            securityContext: containerSecurityContext({ readOnlyRootFilesystem: true, runAsNonRoot: true }),
                          },
                        ],
                        enableServiceLinks: false,
                        restartPolicy: 'Never',
                        securityContext: podSecurityContext(SMOKE_TEST_USER, SMOKE_TEST_USER),
                      },
                    },
                  },
                },
              },
            },
          ],
        },
      },
    },
    {
      id: `${component.name}-smoke-test-networkpolicy`,
      owner: component.name,
      ownerKind: 'component',
      kind: 'NetworkPolicy',
      condition,
      sources,
      body: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { labels: labels(spec.name, spec.version, name), name: objectName(name), namespace: param(NAMESPACE) },
        // Nothing connects to the smoke test; it reaches the app's own pods (and DNS) only.
        spec: {
          egress: egressRules(spec.name, { internet: false, cidrs: [] }),
          podSelector: { matchLabels: selectorLabels(spec.name, name) },
          policyTypes: ['Ingress', 'Egress'],
        },
      },
    },
  ];
}

/** Where the spec sets the component's strategy (its own key, else the app-wide one). */
export function strategyPosition(spec: AppSpec, component: Component) {
  return spec.positions.get(`components.${component.name}.strategy`) ?? spec.positions.get('strategy') ?? spec.positions.get(`components.${component.name}`)!;
}
