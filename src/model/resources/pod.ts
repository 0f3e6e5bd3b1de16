// The pieces every berth pod shares: labels, the restricted security context, the component's
// container (image, env, resources, mounts), and the env a dependency wires in.
import type { Component, Dependency, EnvVar, ProbeTiming } from '../../spec/app-spec.ts';
import { camelKey, secretParameter } from '../parameters.ts';
import { objectName, RELEASE } from '../template-object.ts';
import { concat, param, toString, when, type Value } from '../template.ts';

export function labels(app: string, version: string, component: string): Record<string, Value> {
  return {
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/instance': param(RELEASE),
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/part-of': app,
    'app.kubernetes.io/version': version,
  };
}

export function selectorLabels(app: string, component: string): Record<string, Value> {
  return {
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/instance': param(RELEASE),
    'app.kubernetes.io/name': app,
  };
}

/** Every pod of the app (the default-deny NetworkPolicy and in-app traffic rules select these). */
export function appPodSelector(app: string): Record<string, Value> {
  return { 'app.kubernetes.io/instance': param(RELEASE), 'app.kubernetes.io/name': app };
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/**
 * Outbound rules: DNS anywhere, the app's own pods, then the public internet (private ranges, where
 * other tenants and the cluster's own services live, stay closed) and any ranges the spec adds.
 */
export function egressRules(app: string, egress: Component['egress'] | undefined): Value[] {
  const rules: Value[] = [
    { ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
    { to: [{ podSelector: { matchLabels: appPodSelector(app) } }] },
  ];
  if (egress?.internet) rules.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: PRIVATE_RANGES } }] });
  if (egress && egress.cidrs.length > 0) rules.push({ to: egress.cidrs.map((cidr) => ({ ipBlock: { cidr } })) });
  return rules;
}

export const excepted = (component: Pick<Component, 'exceptions'>, rule: string) => component.exceptions.some((e) => e.rule === rule);

export function podSecurityContext(user: number, group: number, runAsNonRoot = true): Value {
  return {
    fsGroup: group,
    runAsGroup: group,
    runAsNonRoot,
    runAsUser: user,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Every field set on purpose: Terraform's provider would otherwise send its own defaults. */
export function containerSecurityContext(options: { readOnlyRootFilesystem: boolean; runAsNonRoot: boolean }): Value {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    privileged: false,
    readOnlyRootFilesystem: options.readOnlyRootFilesystem,
    runAsNonRoot: options.runAsNonRoot,
  };
}

export function componentParam(component: Pick<Component, 'name'>, ...path: string[]): Value {
  return param([camelKey(component.name), ...path].join('.'));
}

export function image(component: Component): Value {
  return concat(toString(componentParam(component, 'image', 'repository')), ':', toString(componentParam(component, 'image', 'tag')));
}

export function resources(component: Component): Value {
  const quantity = (kind: string, resource: string) => toString(componentParam(component, 'resources', kind, resource));
  return {
    limits: { cpu: quantity('limits', 'cpu'), memory: quantity('limits', 'memory') },
    requests: { cpu: quantity('requests', 'cpu'), memory: quantity('requests', 'memory') },
  };
}

export function probeTiming(component: Component, probe: string, timing: ProbeTiming): Record<string, Value> {
  const field = (name: string) => componentParam(component, 'probes', probe, name);
  return {
    failureThreshold: field('failureThreshold'),
    initialDelaySeconds: field('initialDelaySeconds'),
    periodSeconds: field('periodSeconds'),
    successThreshold: timing.successThreshold,
    timeoutSeconds: field('timeoutSeconds'),
  };
}

export function hasConfigMap(component: Component): boolean {
  return component.env.some((v) => v.kind === 'literal');
}

/** The name of the variable holding a dependency's password: `REDIS_PASSWORD`. */
export function passwordVariable(dependency: Pick<Dependency, 'name'>): string {
  return `${dependency.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PASSWORD`;
}

export function dependencyParam(dependency: Pick<Dependency, 'name'>, ...path: string[]): Value {
  return param([camelKey(dependency.name), ...path].join('.'));
}

/**
 * The env list of a component's container: dependency passwords first (so `$(VAR)` in the URLs
 * expands), then secret and downward-API variables by name, then the connection URLs.
 * Literal values come in through the ConfigMap (envFrom) instead.
 */
export function containerEnv(component: Component, dependencies: readonly Dependency[], app: string): Value[] {
  const used = component.uses.map((u) => ({ use: u, dependency: dependencies.find((d) => d.name === u.dependency)! }));
  const env: Value[] = [];
  for (const { dependency } of used) {
    env.push(
      when(dependencyParam(dependency, 'inCluster'), {
        name: passwordVariable(dependency),
        valueFrom: { secretKeyRef: { key: 'password', name: toString(dependencyParam(dependency, 'credentialsSecret')) } },
      }),
    );
  }
  for (const variable of component.env) env.push(...envEntry(variable));
  for (const { use, dependency } of used) {
    env.push(
      when(
        dependencyParam(dependency, 'inCluster'),
        { name: use.env, value: concat(...inClusterUrl(dependency, app)) },
        {
          name: use.env,
          valueFrom: {
            secretKeyRef: {
              key: toString(dependencyParam(dependency, 'external', 'secretKey')),
              name: toString(dependencyParam(dependency, 'external', 'secretName')),
            },
          },
        },
      ),
    );
  }
  return env;
}

/** The env entry of a secret or downward-API variable; literals come through the ConfigMap instead. */
export function envEntry(variable: EnvVar): Value[] {
  switch (variable.kind) {
    case 'literal':
      return [];
    case 'secret':
      return [{ name: variable.name, valueFrom: { secretKeyRef: { key: variable.key, name: toString(param(secretParameter(variable.secret))) } } }];
    case 'field':
      return [{ name: variable.name, valueFrom: { fieldRef: { fieldPath: variable.field } } }];
  }
}

function inClusterUrl(dependency: Dependency, app: string): Value[] {
  const host = objectName(dependency.name);
  const password = `$(${passwordVariable(dependency)})`;
  if (dependency.kind === 'redis') return ['redis://:', password, '@', host, `:${dependency.port}/0`];
  return ['postgresql://postgres:', password, '@', host, `:${dependency.port}/${databaseName(app)}`];
}

export function databaseName(app: string): string {
  return app.replace(/-/g, '_');
}
