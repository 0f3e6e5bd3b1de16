// App-wide objects: the Ingress that routes paths to components, and the NetworkPolicy that denies
// all other traffic to the app's pods.
import type { AppSpec } from '../../spec/app-spec.ts';
import { objectName, NAMESPACE, type TemplateObject } from '../template-object.ts';
import { ne, param, toString, when, type Value } from '../template.ts';
import { appPodSelector, labels } from './pod.ts';

export function appObjects(spec: AppSpec): TemplateObject[] {
  const objects: TemplateObject[] = [
    {
      id: 'default-deny-networkpolicy',
      owner: 'app',
      ownerKind: 'app',
      kind: 'NetworkPolicy',
      sources: { '': spec.positions.get('name')! },
      body: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { labels: labels(spec.name, spec.version, 'default-deny'), name: objectName('default-deny'), namespace: param(NAMESPACE) },
        // Everything not allowed by a component's own policy is denied, both ways.
        spec: { podSelector: { matchLabels: appPodSelector(spec.name) }, policyTypes: ['Ingress', 'Egress'] },
      },
    },
  ];
  if (spec.ingress) objects.push(ingressObject(spec));
  return objects;
}

function ingressObject(spec: AppSpec): TemplateObject {
  const host = toString(param('ingress.host'));
  const className = toString(param('ingress.className'));
  const tlsSecret = toString(param('ingress.tls.secretName'));
  // Longest paths first, so the rules read the way controllers match them.
  const paths = spec.components
    .flatMap((c) => c.routes.map((r) => ({ component: c, route: r })))
    .sort((a, b) => b.route.path.length - a.route.path.length || (a.route.path < b.route.path ? -1 : 1))
    .map(({ component, route }): Value => ({
      backend: { service: { name: objectName(component.name), port: { name: component.ports[0].name } } },
      path: route.path,
      pathType: route.pathType,
    }));
  return {
    id: 'ingress',
    owner: 'app',
    ownerKind: 'app',
    kind: 'Ingress',
    condition: param('ingress.enabled'),
    sources: { '': spec.positions.get('ingress')! },
    body: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { labels: labels(spec.name, spec.version, 'ingress'), name: objectName(), namespace: param(NAMESPACE) },
      spec: {
        ingressClassName: when(ne(className, ''), className),
        rules: [{ host, http: { paths } }],
        tls: when(ne(tlsSecret, ''), [{ hosts: [host], secretName: tlsSecret }]),
      },
    },
  };
}
