// An in-cluster dependency (Redis, PostgreSQL) → StatefulSet with storage, headless Service,
// ServiceAccount and NetworkPolicy, all present only while its `inCluster` toggle is on.
// Credentials come from a Secret the user creates; berth never writes a password.
import type { AppSpec, Dependency } from '../../spec/app-spec.ts';
import { objectName, NAMESPACE, type TemplateObject } from '../template-object.ts';
import { param, toString, type Value } from '../template.ts';
import {
  appPodSelector,
  containerSecurityContext,
  egressRules,
  databaseName,
  dependencyParam,
  labels,
  passwordVariable,
  podSecurityContext,
  selectorLabels,
} from './pod.ts';

/** UIDs the official alpine images run their server as. */
const IMAGE_USER = { redis: 999, postgres: 70 } as const;

export function dependencyObjects(spec: AppSpec, dependency: Dependency): TemplateObject[] {
  const condition = dependencyParam(dependency, 'inCluster');
  const sources = { '': spec.positions.get(`dependencies.${dependency.name}`)! };
  const meta = () => ({ labels: labels(spec.name, spec.version, dependency.name), name: objectName(dependency.name), namespace: param(NAMESPACE) });
  const object = (kind: string, suffix: string, body: Value): TemplateObject => ({
    id: `${dependency.name}-${suffix}`,
    owner: dependency.name,
    ownerKind: 'dependency',
    kind,
    condition,
    body,
    sources,
  });
  const port = { containerPort: dependency.port, name: dependency.kind, protocol: 'TCP' };
  const password = passwordVariable(dependency);
  const user = IMAGE_USER[dependency.kind];
  const dataPath = dependency.kind === 'redis' ? '/data' : '/var/lib/postgresql/data';
  const server =
    dependency.kind === 'redis'
      ? {
          args: ['--requirepass', `$(${password})`, '--appendonly', 'yes', '--dir', '/data'],
          command: ['redis-server'],
          env: [secretEnv(password, dependency)],
          // The ping goes through redis-cli so a wrong password fails readiness, not just a closed port.
          readiness: ['sh', '-c', `redis-cli -a "$${password}" --no-auth-warning ping | grep -q PONG`],
          writable: ['/tmp'],
        }
      : {
          args: undefined,
          command: undefined,
          env: [
            { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
            { name: 'POSTGRES_DB', value: databaseName(spec.name) },
            secretEnv('POSTGRES_PASSWORD', dependency),
            { name: 'POSTGRES_USER', value: 'postgres' },
          ],
          readiness: ['pg_isready', '-U', 'postgres', '-h', '127.0.0.1'],
          writable: ['/tmp', '/var/run/postgresql'],
        };
  const timing = (period: number, timeout: number, failures: number) => ({
    failureThreshold: failures,
    initialDelaySeconds: 0,
    periodSeconds: period,
    successThreshold: 1,
    timeoutSeconds: timeout,
  });
  const container: Record<string, Value> = {
    ...(server.args ? { args: server.args } : {}),
    ...(server.command ? { command: server.command } : {}),
    env: server.env,
    image: toString(dependencyParam(dependency, 'image')),
    imagePullPolicy: 'IfNotPresent',
    livenessProbe: { tcpSocket: { port: dependency.kind }, ...timing(10, 5, 3) },
    name: dependency.kind,
    ports: [port],
    readinessProbe: { exec: { command: server.readiness }, ...timing(5, 3, 2) },
    resources: { limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
    securityContext: containerSecurityContext({ readOnlyRootFilesystem: true, runAsNonRoot: true }),
    startupProbe: { tcpSocket: { port: dependency.kind }, ...timing(5, 3, 24) },
    volumeMounts: [
      { mountPath: dataPath, name: 'data' },
      ...server.writable.map((path, index) => ({ mountPath: path, name: `writable-${index}` })),
    ].sort((a, b) => (a.mountPath < b.mountPath ? -1 : 1)),
  };
  return [
    object('ServiceAccount', 'serviceaccount', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(),
      automountServiceAccountToken: false,
    }),
    object('Service', 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(),
      spec: {
        clusterIP: 'None',
        ports: [{ name: dependency.kind, port: dependency.port, protocol: 'TCP', targetPort: dependency.kind }],
        selector: selectorLabels(spec.name, dependency.name),
        type: 'ClusterIP',
      },
    }),
    object('StatefulSet', 'statefulset', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta(),
      spec: {
        podManagementPolicy: 'OrderedReady',
        replicas: 1,
        revisionHistoryLimit: 10,
        selector: { matchLabels: selectorLabels(spec.name, dependency.name) },
        serviceName: objectName(dependency.name),
        template: {
          metadata: { labels: labels(spec.name, spec.version, dependency.name) },
          spec: {
            automountServiceAccountToken: false,
            containers: [container],
            enableServiceLinks: false,
            securityContext: podSecurityContext(user, user),
            serviceAccountName: objectName(dependency.name),
            volumes: server.writable.map((_, index) => ({ emptyDir: {}, name: `writable-${index}` })),
          },
        },
        updateStrategy: { type: 'RollingUpdate' },
        volumeClaimTemplates: [
          {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: { labels: selectorLabels(spec.name, dependency.name), name: 'data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: toString(dependencyParam(dependency, 'storage', 'size')) } },
            },
          },
        ],
      },
    }),
    object('NetworkPolicy', 'networkpolicy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(),
      spec: {
        // A database talks to nobody: DNS only.
        egress: egressRules(spec.name, undefined).slice(0, 1),
        ingress: [{ from: [{ podSelector: { matchLabels: appPodSelector(spec.name) } }], ports: [{ port: dependency.port, protocol: 'TCP' }] }],
        podSelector: { matchLabels: selectorLabels(spec.name, dependency.name) },
        policyTypes: ['Ingress', 'Egress'],
      },
    }),
  ];
}

function secretEnv(name: string, dependency: Dependency): Value {
  return { name, valueFrom: { secretKeyRef: { key: 'password', name: toString(dependencyParam(dependency, 'credentialsSecret')) } } };
}
