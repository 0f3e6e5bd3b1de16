// App-wide objects: the Ingress that routes paths to components, and the NetworkPolicy that denies
// all other traffic to the app's pods.
import type { AppSpec } from '../../spec/app-spec.ts';
import { objectName, NAMESPACE, type TemplateObject } from '../template-object.ts';
import { ne, or, param, toString, when, type Value } from '../template.ts';
import { dashboardObjects } from './dashboards.ts';
import { alertmanagerConfigObject, prometheusRuleObject } from './monitoring.ts';
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
  const rule = prometheusRuleObject(spec);
  if (rule) objects.push(rule);
  const routing = alertmanagerConfigObject(spec);
  if (routing) objects.push(routing);
  objects.push(...dashboardObjects(spec));
  return objects;
}

function ingressObject(spec: AppSpec): TemplateObject {
  const className = toString(param('ingress.className'));
  // The main host first, then the named ones; each rule lists its routes, longest paths first, the
  // way controllers match them.
  const hosts = [
    { name: undefined as string | undefined, host: toString(param('ingress.host')), tlsSecret: toString(param('ingress.tls.secretName')) },
    ...spec.ingress!.hosts.map((h) => ({ name: h.name as string | undefined, host: toString(param(`ingress.hosts.${h.name}.host`)), tlsSecret: toString(param(`ingress.hosts.${h.name}.tls.secretName`)) })),
  ];
  const rules = hosts
    .map(({ name, host }) => {
      const paths = spec.components
        .flatMap((c) => c.routes.filter((r) => r.host === name).map((r) => ({ component: c, route: r })))
        .sort((a, b) => b.route.path.length - a.route.path.length || (a.route.path < b.route.path ? -1 : 1))
        .map(({ component, route }): Value => ({
          backend: { service: { name: objectName(component.name), port: { name: component.ports[0].name } } },
          path: route.path,
          pathType: route.pathType,
        }));
      return paths.length > 0 ? ({ host, http: { paths } } as Value) : undefined;
    })
    .filter((rule): rule is Value => rule !== undefined);
  const served = hosts.filter(({ name }) => spec.components.some((c) => c.routes.some((r) => r.host === name)));
  const tls = served.map(({ host, tlsSecret }) => when(ne(tlsSecret, ''), { hosts: [host], secretName: tlsSecret }));
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
      metadata: {
        ...(spec.ingressAnnotations.length > 0
          ? { annotations: Object.fromEntries(spec.ingressAnnotations.map(([key]) => [key, toString(param(`ingress.annotations.${key}`))])) }
          : {}),
        labels: labels(spec.name, spec.version, 'ingress'),
        name: objectName(),
        namespace: param(NAMESPACE),
      },
      spec: {
        ingressClassName: when(ne(className, ''), className),
        rules,
        // One host keeps the simple form (a TLS list or none); several list each host that has a Secret.
        tls:
          served.length === 1
            ? when(ne(served[0].tlsSecret, ''), [{ hosts: [served[0].host], secretName: served[0].tlsSecret }])
            : when(or(...served.map(({ tlsSecret }) => ne(tlsSecret, ''))), tls),
      },
    },
  };
}
