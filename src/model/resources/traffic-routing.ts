// How a canary's traffic is split when a router does it: Istio (a VirtualService whose weights Argo
// Rollouts moves between the DestinationRule's stable and canary subsets) or the Gateway API (an
// HTTPRoute whose backend weights it moves between the stable and canary Services).
import type { AppSpec, Component } from '../../spec/app-spec.ts';
import { NAMESPACE, objectName, type TemplateObject } from '../template-object.ts';
import { param, type Value } from '../template.ts';
import { strategyPosition } from './analysis-template.ts';
import { labels, selectorLabels } from './pod.ts';

export const ISTIO_API = 'networking.istio.io/v1beta1';
export const GATEWAY_API = 'gateway.networking.k8s.io/v1';
/** The route of the VirtualService Argo Rollouts changes the weights of. */
export const PRIMARY_ROUTE = 'primary';
/** The Argo Rollouts traffic router plugin for the Gateway API. */
export const GATEWAY_API_PLUGIN = 'argoproj-labs/gatewayAPI';

export function trafficRoutingObjects(spec: AppSpec, component: Component, condition: Value): TemplateObject[] {
  const canary = component.strategy?.canary;
  if (!canary || canary.traffic === 'replicas' || component.ports.length === 0) return [];
  const make = (kind: string, suffix: string, body: Value): TemplateObject => ({
    id: `${component.name}-${suffix}`,
    owner: component.name,
    ownerKind: 'component',
    kind,
    condition,
    sources: { '': strategyPosition(spec, component) },
    body,
  });
  const metadata = { labels: labels(spec.name, spec.version, component.name), name: objectName(component.name), namespace: param(NAMESPACE) };
  const service = objectName(component.name);
  if (canary.traffic === 'istio') {
    return [
      make('DestinationRule', 'destinationrule', {
        apiVersion: ISTIO_API,
        kind: 'DestinationRule',
        metadata,
        // Argo Rollouts adds each version's pod-template hash to these labels.
        spec: {
          host: service,
          subsets: [
            { labels: selectorLabels(spec.name, component.name), name: 'canary' },
            { labels: selectorLabels(spec.name, component.name), name: 'stable' },
          ],
        },
      }),
      make('VirtualService', 'virtualservice', {
        apiVersion: ISTIO_API,
        kind: 'VirtualService',
        metadata,
        spec: {
          hosts: [service],
          http: [
            {
              name: PRIMARY_ROUTE,
              route: [
                { destination: { host: service, subset: 'stable' }, weight: 100 },
                { destination: { host: service, subset: 'canary' }, weight: 0 },
              ],
            },
          ],
        },
      }),
    ];
  }
  const port = component.ports[0].port;
  const parent: Value = canary.gateway
    ? { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: canary.gateway.name, ...(canary.gateway.namespace ? { namespace: canary.gateway.namespace } : {}) }
    : { group: '', kind: 'Service', name: service, port };
  return [
    make('HTTPRoute', 'httproute', {
      apiVersion: GATEWAY_API,
      kind: 'HTTPRoute',
      metadata,
      spec: {
        parentRefs: [parent],
        rules: [
          {
            backendRefs: [
              { group: '', kind: 'Service', name: service, port, weight: 100 },
              { group: '', kind: 'Service', name: objectName(`${component.name}-canary`), port, weight: 0 },
            ],
          },
        ],
      },
    }),
  ];
}

/** The Rollout's `trafficRouting` for the component's router; undefined without one. */
export function trafficRouting(component: Component): Value | undefined {
  const canary = component.strategy?.canary;
  if (!canary || canary.traffic === 'replicas') return undefined;
  const name = objectName(component.name);
  if (canary.traffic === 'istio') {
    return {
      istio: {
        destinationRule: { canarySubsetName: 'canary', name, stableSubsetName: 'stable' },
        virtualService: { name, routes: [PRIMARY_ROUTE] },
      },
    };
  }
  return { plugins: { [GATEWAY_API_PLUGIN]: { httpRoute: name, namespace: param(NAMESPACE) } } };
}
