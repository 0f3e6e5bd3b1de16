// One component → its objects: ServiceAccount, ConfigMaps, PVCs, Deployment, Service, HPA, PDB, NetworkPolicy.
import type { SourcePosition } from '../../diagnostics.ts';
import type { AppSpec, Component, EnvVar, ExtraContainer, HealthCheck, ProbeTiming } from '../../spec/app-spec.ts';
import { KEEP_VOLUMES } from '../parameters.ts';
import { objectName, NAMESPACE, type TemplateObject } from '../template-object.ts';
import { and, checksum, gt, not, or, param, toString, when, type Value } from '../template.ts';
import { podMonitorObject, serviceMonitorObject } from './monitoring.ts';
import { affinityField, topologySpreadField } from './placement.ts';
import { applyDeliveryStrategy } from './rollout.ts';
import {
  componentParam,
  containerEnv,
  containerSecurityContext,
  excepted,
  hasConfigMap,
  image,
  labels,
  appPodSelector,
  egressRules,
  envEntry,
  podSecurityContext,
  probeTiming,
  resources,
  selectorLabels,
} from './pod.ts';

export function componentObjects(spec: AppSpec, component: Component): TemplateObject[] {
  const objects: TemplateObject[] = [];
  const make = (kind: string, suffix: string, body: Value, extra: Partial<TemplateObject> = {}): void => {
    objects.push({
      id: `${component.name}-${suffix}`,
      owner: component.name,
      ownerKind: 'component',
      kind,
      body,
      sources: extra.sources ?? { '': spec.positions.get(`components.${component.name}`)! },
      ...extra,
    });
  };
  const meta = (name: Value, annotations: Record<string, Value> = {}) => ({
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    labels: labels(spec.name, spec.version, component.name),
    name,
    namespace: param(NAMESPACE),
  });
  const autoscaling = componentParam(component, 'autoscaling', 'enabled');

  make('ServiceAccount', 'serviceaccount', {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta(objectName(component.name), annotationValues(component, 'serviceAccount')),
    automountServiceAccountToken: excepted(component, 'service-account-token-automount'),
  });
  if (hasConfigMap(component)) {
    make('ConfigMap', 'configmap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(objectName(component.name)),
      data: configMapData(component),
    });
  }
  if (component.files.length > 0) {
    make('ConfigMap', 'files-configmap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(objectName(`${component.name}-files`)),
      data: Object.fromEntries(component.files.map((f) => [fileKey(f.path), f.content])),
    });
  }
  for (const volume of component.volumes) {
    make('PersistentVolumeClaim', `${volume.name}-pvc`, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      // Helm deletes a release's objects on uninstall; data must outlive that unless the spec says otherwise.
      metadata: { ...meta(objectName(`${component.name}-${volume.name}`)), annotations: when(param(KEEP_VOLUMES), { 'helm.sh/resource-policy': 'keep' }) },
      spec: {
        accessModes: [volume.accessMode],
        resources: { requests: { storage: volume.size } },
        ...(volume.storageClass ? { storageClassName: volume.storageClass } : {}),
      },
    });
  }

  make(
    'Deployment',
    'deployment',
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(objectName(component.name)),
      spec: {
        minReadySeconds: component.rollout.minReadySeconds,
        progressDeadlineSeconds: 600,
        // Under an HPA the Deployment must not fight it with a fixed replica count.
        replicas: when(not(autoscaling), componentParam(component, 'replicas')),
        revisionHistoryLimit: 10,
        selector: { matchLabels: selectorLabels(spec.name, component.name) },
        strategy: {
          rollingUpdate: { maxSurge: component.rollout.maxSurge, maxUnavailable: component.rollout.maxUnavailable },
          type: 'RollingUpdate',
        },
        template: {
          metadata: {
            ...podAnnotations(component),
            labels: { ...Object.fromEntries(component.podLabels), ...labels(spec.name, spec.version, component.name) },
          },
          spec: podSpec(spec, component, { probes: true }),
        },
      },
    },
    { sources: deploymentSources(spec, component) },
  );

  if (component.ports.length > 0) {
    make('Service', 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(objectName(component.name), annotationValues(component, 'service')),
      spec: {
        ...(component.service.loadBalancerSourceRanges.length > 0 ? { loadBalancerSourceRanges: [...component.service.loadBalancerSourceRanges] } : {}),
        ports: component.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol, targetPort: p.name })),
        selector: selectorLabels(spec.name, component.name),
        type: toString(componentParam(component, 'service', 'type')),
      },
    });
  }

  const cpu = componentParam(component, 'autoscaling', 'targetCPUUtilizationPercentage');
  const memory = componentParam(component, 'autoscaling', 'targetMemoryUtilizationPercentage');
  const metric = (name: string, target: Value) =>
    when(gt(target, 0), { resource: { name, target: { averageUtilization: target, type: 'Utilization' } }, type: 'Resource' });
  make(
    'HorizontalPodAutoscaler',
    'hpa',
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta(objectName(component.name)),
      spec: {
        behavior: {
          scaleDown: {
            policies: [{ periodSeconds: 15, type: 'Percent', value: 100 }],
            selectPolicy: 'Max',
            stabilizationWindowSeconds: componentParam(component, 'autoscaling', 'scaleDownStabilizationWindowSeconds'),
          },
        },
        maxReplicas: componentParam(component, 'autoscaling', 'maxReplicas'),
        metrics: [metric('cpu', cpu), metric('memory', memory)],
        minReplicas: componentParam(component, 'autoscaling', 'minReplicas'),
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: objectName(component.name) },
      },
    },
    { condition: autoscaling },
  );

  // A PDB only when more than one replica can run: with one, it would block every node drain.
  make(
    'PodDisruptionBudget',
    'pdb',
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(objectName(component.name)),
      spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(spec.name, component.name) } },
    },
    {
      condition: or(
        and(autoscaling, gt(componentParam(component, 'autoscaling', 'maxReplicas'), 1)),
        and(not(autoscaling), gt(componentParam(component, 'replicas'), 1)),
      ),
    },
  );

  {
    // Routed components take traffic from the ingress controller, wherever it runs; others only from the app.
    const from: Record<string, Value> = component.routes.length > 0 ? {} : { from: [{ podSelector: { matchLabels: appPodSelector(spec.name) } }] };
    make('NetworkPolicy', 'networkpolicy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(objectName(component.name)),
      spec: {
        egress: [...egressRules(spec.name, component.egress), ...meshControlPlaneEgress(component)],
        // Without ports nothing may connect: policyTypes Ingress with no rule denies it all.
        ...(component.ports.length > 0
          ? { ingress: [{ ...from, ports: component.ports.map((p) => ({ port: p.port, protocol: p.protocol })) }, ...scrapeRule(spec, component, from)] }
          : component.metrics?.containerPort !== undefined
            ? { ingress: [monitoringIngress(spec, component.metrics.containerPort, 'TCP')] }
            : {}),
        podSelector: { matchLabels: selectorLabels(spec.name, component.name) },
        policyTypes: ['Ingress', 'Egress'],
      },
    });
  }
  const monitor = serviceMonitorObject(spec, component) ?? podMonitorObject(spec, component);
  if (monitor) objects.push(monitor);
  return applyDeliveryStrategy(spec, component, objects);
}

/**
 * Istio canaries run the pods with Istio's sidecar, which fetches its configuration and certificates
 * from istiod: without this rule the default-deny egress keeps the sidecar, and so the pod, from starting.
 */
function meshControlPlaneEgress(component: Component): Value[] {
  if (component.strategy?.canary.traffic !== 'istio') return [];
  return [{ ports: [{ port: ISTIOD_PORT, protocol: 'TCP' }], to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ISTIO_NAMESPACE } } }] }];
}

/** Where istiod serves its xDS and certificate API (Istio's default installation). */
const ISTIO_NAMESPACE = 'istio-system';
const ISTIOD_PORT = 15012;

/** Prometheus in the monitoring namespace may scrape the metrics port (unless everyone may already). */
function scrapeRule(spec: AppSpec, component: Component, from: Record<string, Value>): Value[] {
  const port = component.ports.find((p) => p.name === component.metrics?.port);
  if (!port || !('from' in from)) return [];
  return [monitoringIngress(spec, port.port, port.protocol)];
}

function monitoringIngress(spec: AppSpec, port: number, protocol: string): Value {
  return { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': spec.monitoring.namespace } } }], ports: [{ port, protocol }] };
}

function configMapData(component: Component): Record<string, Value> {
  return Object.fromEntries(
    component.env.filter((v) => v.kind === 'literal').map((v) => [v.name, toString(componentParam(component, 'env', v.name))]),
  );
}

/** A config map key for a mounted file: its base name, made unique by the path when needed. */
export function fileKey(path: string): string {
  return path.replace(/^\/+/, '').replace(/[^-._a-zA-Z0-9]/g, '_');
}

/** The annotations of one of the component's objects, each value a parameter. */
function annotationValues(component: Component, kind: 'pod' | 'service' | 'serviceAccount'): Record<string, Value> {
  return Object.fromEntries(component.annotations[kind].map(([key]) => [key, toString(componentParam(component, 'annotations', kind, key))]));
}

/** A change to the config (env literals or files) changes the checksum, which rolls the pods. */
function podAnnotations(component: Component): Record<string, Value> {
  const entries: [string, Value][] = component.env
    .filter((v) => v.kind === 'literal')
    .map((v) => [`env:${v.name}`, toString(componentParam(component, 'env', v.name))]);
  for (const file of component.files) entries.push([`file:${file.path}`, file.content]);
  const annotations = { ...annotationValues(component, 'pod'), ...(entries.length > 0 ? { 'checksum/config': checksum(entries) } : {}) };
  return Object.keys(annotations).length > 0 ? { annotations } : {};
}

export interface PodOptions {
  readonly probes: boolean;
  readonly restartPolicy?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
}

/** The pod of a component; migration Jobs reuse it with their own command and without probes. */
export function podSpec(spec: AppSpec, component: Component, options: PodOptions): Value {
  const mounts: Value[] = [];
  const volumes: Value[] = [];
  component.writable.forEach((path, index) => {
    const name = path === '/tmp' ? 'tmp' : `writable-${index}`;
    mounts.push({ mountPath: path, name });
    volumes.push({ emptyDir: {}, name });
  });
  for (const file of component.files) {
    mounts.push({ mountPath: file.path, name: 'files', readOnly: true, subPath: fileKey(file.path) });
  }
  if (component.files.length > 0) volumes.push({ configMap: { name: objectName(`${component.name}-files`) }, name: 'files' });
  for (const volume of component.volumes) {
    mounts.push({ mountPath: volume.path, name: `data-${volume.name}` });
    volumes.push({ name: `data-${volume.name}`, persistentVolumeClaim: { claimName: objectName(`${component.name}-${volume.name}`) } });
  }
  const env = containerEnv(component, spec.dependencies, spec.name);
  const command = options.command ?? component.command;
  const args = options.command ? options.args : component.args;
  const runAsNonRoot = !excepted(component, 'run-as-non-root');
  const container: Record<string, Value> = {
    ...(args ? { args: [...args] } : {}),
    ...(command ? { command: [...command] } : {}),
    ...(env.length > 0 ? { env } : {}),
    ...(hasConfigMap(component) ? { envFrom: [{ configMapRef: { name: objectName(component.name) } }] } : {}),
    image: image(component),
    imagePullPolicy: toString(componentParam(component, 'image', 'pullPolicy')),
    name: component.name,
    ...(options.probes ? probes(component) : {}),
    // Load balancers take a moment to stop sending traffic to a terminating pod.
    ...(options.probes && component.placement.preStopSleepSeconds !== undefined
      ? { lifecycle: { preStop: { exec: { command: ['sleep', String(component.placement.preStopSleepSeconds)] } } } }
      : {}),
    ...(options.probes && component.ports.length > 0
      ? { ports: component.ports.map((p) => ({ containerPort: p.port, name: p.name, protocol: p.protocol })) }
      : {}),
    ...(options.probes && component.metrics?.containerPort !== undefined
      ? { ports: [{ containerPort: component.metrics.containerPort, name: component.metrics.port, protocol: 'TCP' }] }
      : {}),
    resources: resources(component),
    securityContext: containerSecurityContext({
      readOnlyRootFilesystem: !excepted(component, 'readonly-root-filesystem'),
      runAsNonRoot,
    }),
    volumeMounts: mounts.sort((a, b) => compareBy(a, b, 'mountPath')),
  };
  const extraMounts = component.writable.includes('/tmp') ? [{ mountPath: '/tmp', name: 'tmp' }] : [];
  const extra = (c: ExtraContainer, sidecar: boolean): Value => ({
    ...(c.args ? { args: [...c.args] } : {}),
    ...(c.command ? { command: [...c.command] } : {}),
    ...(c.env.length > 0 ? { env: c.env.map(extraEnvEntry) } : {}),
    image: c.image,
    imagePullPolicy: 'IfNotPresent',
    name: c.name,
    ...(sidecar && c.ports.length > 0 ? { ports: c.ports.map((p) => ({ containerPort: p.port, name: p.name, protocol: p.protocol })) } : {}),
    ...(sidecar ? sidecarProbes(c) : {}),
    resources: { limits: { ...c.resources.limits }, requests: { ...c.resources.requests } },
    securityContext: containerSecurityContext({ readOnlyRootFilesystem: !excepted(component, 'readonly-root-filesystem'), runAsNonRoot }),
    volumeMounts: extraMounts,
  });
  return {
    automountServiceAccountToken: excepted(component, 'service-account-token-automount'),
    // A Job's pod would never complete beside a sidecar that keeps running: sidecars are for services.
    containers: [container, ...(options.probes ? component.sidecars.filter((c) => !c.native).map((c) => extra(c, true)) : [])],
    ...initContainersField(component, (c, sidecar) => extra(c, sidecar)),
    enableServiceLinks: false,
    ...(component.imagePullSecrets.length > 0 ? { imagePullSecrets: component.imagePullSecrets.map((name) => ({ name })) } : {}),
    ...placementFields(component),
    ...affinityField(component, options.probes),
    ...(options.restartPolicy ? { restartPolicy: options.restartPolicy } : {}),
    securityContext: podSecurityContext(component.user, component.group, runAsNonRoot),
    serviceAccountName: objectName(component.name),
    ...(options.probes ? topologySpreadField(spec.name, component) : {}),
    volumes: volumes.sort((a, b) => compareBy(a, b, 'name')),
  };
}

/**
 * Native sidecars first (they start before the init containers, which may need them, and the
 * kubelet stops them once the main container exits, so Jobs run them too), then init containers.
 */
function initContainersField(component: Component, extra: (c: ExtraContainer, sidecar: boolean) => Value): Record<string, Value> {
  const native = component.sidecars.filter((c) => c.native).map((c) => ({ ...(extra(c, true) as Record<string, Value>), restartPolicy: 'Always' }));
  const init = [...native, ...component.initContainers.map((c) => extra(c, false))];
  return init.length > 0 ? { initContainers: init } : {};
}

/** Node placement and shutdown of the component's pods (its Jobs and CronJobs run on the same nodes). */
function placementFields(component: Component): Record<string, Value> {
  const { placement } = component;
  const knob = (...path: string[]) => componentParam(component, 'placement', ...path);
  return {
    ...(placement.nodeSelector.length > 0 ? { nodeSelector: Object.fromEntries(placement.nodeSelector.map(([key]) => [key, toString(knob('nodeSelector', key))])) } : {}),
    ...(placement.priorityClassName !== undefined ? { priorityClassName: toString(knob('priorityClassName')) } : {}),
    ...(placement.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: knob('terminationGracePeriodSeconds') } : {}),
    ...(placement.tolerations.length > 0 ? { tolerations: placement.tolerations.map((t) => ({ ...t }) as Value) } : {}),
  };
}

/** A sidecar's env: literals in place (it has no ConfigMap of its own), references as for the main container. */
function extraEnvEntry(variable: EnvVar): Value {
  return variable.kind === 'literal' ? { name: variable.name, value: variable.value } : envEntry(variable)[0];
}

function compareBy(a: Value, b: Value, key: string): number {
  const x = String((a as Record<string, Value>)[key]);
  const y = String((b as Record<string, Value>)[key]);
  return x < y ? -1 : x > y ? 1 : 0;
}

function probes(component: Component): Record<string, Value> {
  const health = component.health;
  if (!health) return {};
  const action = probeAction(component.ports, health.check);
  const result: Record<string, Value> = {
    livenessProbe: { ...action, ...probeTiming(component, 'liveness', health.liveness) },
    readinessProbe: { ...action, ...probeTiming(component, 'readiness', health.readiness) },
  };
  if (health.startup) result.startupProbe = { ...action, ...probeTiming(component, 'startup', health.startup) };
  return result;
}

/** A sidecar's probes: its own checks with their timing as given (no parameters: one value everywhere). */
function sidecarProbes(sidecar: ExtraContainer): Record<string, Value> {
  const health = sidecar.health;
  if (!health) return {};
  const action = probeAction(sidecar.ports, health.check);
  const probe = (timing: ProbeTiming) => ({ ...action, ...timing });
  return {
    livenessProbe: probe(health.liveness),
    readinessProbe: probe(health.readiness),
    ...(health.startup ? { startupProbe: probe(health.startup) } : {}),
  };
}

function probeAction(ports: Component['ports'], check: HealthCheck): Record<string, Value> {
  // Name the port when it is a declared one, so the probe follows a port change.
  const port = (n: number): Value => ports.find((p) => p.port === n)?.name ?? n;
  switch (check.type) {
    case 'http':
      return { httpGet: { path: check.path, port: port(check.port), scheme: 'HTTP' } };
    case 'tcp':
      return { tcpSocket: { port: port(check.port) } };
    case 'grpc':
      return { grpc: { port: check.port, ...(check.service ? { service: check.service } : {}) } };
    case 'exec':
      return { exec: { command: [...check.command] } };
  }
}

function deploymentSources(spec: AppSpec, component: Component): Record<string, SourcePosition> {
  const at = (path: string) => {
    for (let parts = `components.${component.name}.${path}`.split('.'); parts.length > 1; parts = parts.slice(0, -1)) {
      const position = spec.positions.get(parts.join('.'));
      if (position) return position;
    }
    return spec.positions.get(`components.${component.name}`)!;
  };
  const container = 'spec.template.spec.containers[0]';
  return {
    '': at(''),
    'spec.replicas': at('replicas'),
    'spec.template.spec.securityContext': at('exceptions'),
    [`${container}.image`]: at('image'),
    [`${container}.imagePullPolicy`]: at('image'),
    [`${container}.resources`]: at('resources'),
    [`${container}.livenessProbe`]: at('health'),
    [`${container}.readinessProbe`]: at('health'),
    [`${container}.startupProbe`]: at('health'),
    [`${container}.env`]: at('env'),
    [`${container}.securityContext`]: at('exceptions'),
    [`${container}.ports`]: at('port'),
  };
}
