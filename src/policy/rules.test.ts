// One table per rule: cases that must pass (no finding of that rule) and cases that must fail (a
// finding of that rule, at the given path and severity). Every case starts from the hardened app and
// changes one thing, so a failure names exactly what the rule reacts to.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubernetesObject } from '../model/kubernetes-object.ts';
import {
  hardenedApp,
  hardenedCronJob,
  labelsFor,
  NAMESPACE,
  objectsOf,
  selectorFor,
  type Editable,
  type HardenedApp,
} from './fixtures/hardened-app.ts';
import { checkObjects, rules, severityAtLeast, type PolicyFinding, type Severity } from './index.ts';

type Part = keyof Omit<HardenedApp, 'extra'>;

interface Case {
  readonly name: string;
  readonly objects: () => KubernetesObject[];
  /** For failing cases: a finding must have this path (and severity, when given). */
  readonly path?: string;
  readonly severity?: Severity;
}

interface RuleCases {
  readonly rule: string;
  readonly pass: readonly Case[];
  readonly fail: readonly Case[];
}

/** The hardened app after `change`, without the parts in `omit`. */
function app(change: (a: HardenedApp) => void = () => {}, omit: readonly Part[] = []): () => KubernetesObject[] {
  return () => {
    const a = hardenedApp();
    change(a);
    return objectsOf(a, omit);
  };
}

const pod = (a: HardenedApp): Editable => a.deployment.spec.template.spec;
const container = (a: HardenedApp): Editable => pod(a).containers[0];
const podSc = (a: HardenedApp): Editable => pod(a).securityContext;
const containerSc = (a: HardenedApp): Editable => container(a).securityContext;

const C = 'spec.template.spec.containers[0]';
const P = 'spec.template.spec';

function ok(name: string, objects: () => KubernetesObject[]): Case {
  return { name, objects };
}

function bad(name: string, objects: () => KubernetesObject[], path?: string, severity?: Severity): Case {
  return { name, objects, ...(path ? { path } : {}), ...(severity ? { severity } : {}) };
}

function ingress(service: string, port: Editable): Editable {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'todo', namespace: NAMESPACE, labels: labelsFor('ingress') },
    spec: {
      rules: [{ host: 'todo.acme.io', http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: service, port } } }] } }],
    },
  };
}

function prometheusRule(labels: Editable, annotations: Editable): Editable {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'todo-alerts', namespace: NAMESPACE, labels: labelsFor('alerting') },
    spec: { groups: [{ name: 'todo', rules: [{ record: 'job:up:sum', expr: 'sum(up)' }, { alert: 'ApiFailing', expr: 'up == 0', labels, annotations }] }] },
  };
}

function serviceMonitor(port: string): Editable {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'todo-backend', namespace: NAMESPACE, labels: labelsFor('backend') },
    spec: { endpoints: [{ port }], namespaceSelector: { matchNames: [NAMESPACE] }, selector: { matchLabels: selectorFor('backend') } },
  };
}

function podMonitor(port: string): Editable {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: { name: 'todo-backend', namespace: NAMESPACE, labels: labelsFor('backend') },
    spec: { podMetricsEndpoints: [{ port }], namespaceSelector: { matchNames: [NAMESPACE] }, selector: { matchLabels: selectorFor('backend') } },
  };
}

const FROM_APP = { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'todo' } } }], ports: [{ port: 8000, protocol: 'TCP' }] };
const FROM_MONITORING = (port: number) => ({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port, protocol: 'TCP' }] });

function dashboardConfigMap(dashboard: unknown): Editable {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'todo-dashboard', namespace: NAMESPACE, labels: { ...labelsFor('dashboards'), grafana_dashboard: '1' } },
    data: { 'todo.json': typeof dashboard === 'string' ? dashboard : JSON.stringify(dashboard) },
  };
}

const DATASOURCE_VARIABLE = { templating: { list: [{ type: 'datasource', name: 'datasource', query: 'prometheus' }] } };
const panel = (uid: string) => ({ id: 1, type: 'timeseries', title: 'Requests', datasource: { type: 'prometheus', uid }, targets: [{ expr: 'sum(rate(http_requests_total[5m]))' }] });

function role(rules: Editable[]): Editable {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'todo', namespace: NAMESPACE }, rules };
}

function binding(kind: 'ClusterRoleBinding' | 'RoleBinding', roleName: string): Editable {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name: 'todo' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName },
    subjects: [{ kind: 'ServiceAccount', name: 'todo-backend', namespace: NAMESPACE }],
  };
}

function configMapWith(data: Record<string, string>): () => KubernetesObject[] {
  return app((a) => {
    a.configMap.data = { ...a.configMap.data, ...data };
  });
}

const cronJob = (change: (c: Editable) => void = () => {}): (() => KubernetesObject[]) =>
  app((a) => {
    const c = hardenedCronJob();
    change(c);
    a.extra.push(c);
  });


/**
 * The hardened app with its Deployment released by Argo Rollouts: the same pod template in a Rollout
 * (the HPA follows it), with `strategy`, plus the objects the strategy names.
 */
function rollout(strategy: Editable, extra: (a: HardenedApp) => Editable[] = () => []): () => KubernetesObject[] {
  return app((a) => {
    a.deployment.apiVersion = 'argoproj.io/v1alpha1';
    a.deployment.kind = 'Rollout';
    a.deployment.spec.strategy = strategy;
    a.hpa.spec.scaleTargetRef = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: a.deployment.metadata.name };
    a.extra.push(...extra(a));
  });
}

function analysisTemplate(name: string, interval: string): Editable {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name, namespace: NAMESPACE, labels: labelsFor('backend') },
    spec: {
      metrics: [{ name: 'error-rate', interval, successCondition: 'result[0] <= 1', provider: { prometheus: { address: 'http://prometheus:9090', query: 'sum(up)' } } }],
    },
  };
}

const canaryAnalysis = { templates: [{ templateName: 'todo-backend-canary' }] };
const steps = (...weights: number[]): Editable[] => weights.flatMap((w) => (w === 100 ? [{ setWeight: w }] : [{ setWeight: w }, { pause: { duration: '10m' } }]));
const previewService = (a: HardenedApp): Editable => ({ ...a.service, metadata: { ...a.service.metadata, name: 'todo-backend-preview' } });
const blueGreen = (extra: Editable = {}): Editable => ({ activeService: 'todo-backend', previewService: 'todo-backend-preview', ...extra });

const TABLE: readonly RuleCases[] = [
  {
    rule: 'anti-affinity-or-spread',
    pass: [
      ok('topology spread over hostnames', app()),
      ok('preferred pod anti-affinity instead', app((a) => {
        delete pod(a).topologySpreadConstraints;
        pod(a).affinity = {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: selectorFor('backend') } } },
            ],
          },
        };
      })),
      ok('a single replica needs no spreading', app((a) => delete pod(a).topologySpreadConstraints, ['hpa'])),
    ],
    fail: [
      bad('autoscaled without spreading', app((a) => delete pod(a).topologySpreadConstraints), `${P}.topologySpreadConstraints`),
      bad('spread selecting other pods', app((a) => {
        pod(a).topologySpreadConstraints[0].labelSelector = { matchLabels: selectorFor('frontend') };
      }), `${P}.topologySpreadConstraints`),
      bad('three fixed replicas without spreading', app((a) => {
        delete pod(a).topologySpreadConstraints;
        a.deployment.spec.replicas = 3;
      }, ['hpa'])),
    ],
  },
  {
    rule: 'apparmor-profile',
    pass: [
      ok('no AppArmor setting', app()),
      ok('RuntimeDefault profile', app((a) => (containerSc(a).appArmorProfile = { type: 'RuntimeDefault' }))),
      ok('runtime/default annotation', app((a) => {
        a.deployment.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/backend': 'runtime/default' };
      })),
    ],
    fail: [
      bad('Unconfined field', app((a) => (containerSc(a).appArmorProfile = { type: 'Unconfined' })), `${C}.securityContext.appArmorProfile.type`),
      bad('unconfined annotation', app((a) => {
        a.deployment.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/backend': 'unconfined' };
      }), 'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/backend"]'),
    ],
  },
  {
    rule: 'cpu-limits',
    pass: [
      ok('limit set', app()),
      ok('LimitRange default', app((a) => {
        delete container(a).resources.limits.cpu;
        a.extra.push({
          apiVersion: 'v1',
          kind: 'LimitRange',
          metadata: { name: 'defaults', namespace: NAMESPACE },
          spec: { limits: [{ type: 'Container', default: { cpu: '500m' } }] },
        });
      })),
    ],
    fail: [
      bad('no CPU limit', app((a) => delete container(a).resources.limits.cpu), `${C}.resources.limits.cpu`),
      bad('zero CPU limit', app((a) => (container(a).resources.limits.cpu = '0')), `${C}.resources.limits.cpu`),
      bad('Job container without limits', app((a) => delete a.job.spec.template.spec.containers[0].resources.limits), `${C}.resources.limits.cpu`),
    ],
  },
  {
    rule: 'cpu-requests',
    pass: [
      ok('request set', app()),
      ok('limit only (Kubernetes copies it)', app((a) => delete container(a).resources.requests.cpu)),
    ],
    fail: [
      bad('no request or limit', app((a) => {
        delete container(a).resources.requests.cpu;
        delete container(a).resources.limits.cpu;
      }), `${C}.resources.requests.cpu`),
      bad('init container without resources', app((a) => {
        pod(a).initContainers = [{ name: 'wait', image: 'busybox:1.36', securityContext: containerSc(a) }];
      }), `${P}.initContainers[0].resources.requests.cpu`),
    ],
  },
  {
    rule: 'cronjob-concurrency',
    pass: [ok('Forbid', cronJob()), ok('Replace', cronJob((c) => (c.spec.concurrencyPolicy = 'Replace')))],
    fail: [
      bad('unset', cronJob((c) => delete c.spec.concurrencyPolicy), 'spec.concurrencyPolicy'),
      bad('Allow', cronJob((c) => (c.spec.concurrencyPolicy = 'Allow')), 'spec.concurrencyPolicy'),
    ],
  },
  {
    rule: 'cronjob-deadline',
    pass: [ok('deadline set', cronJob())],
    fail: [bad('no deadline', cronJob((c) => delete c.spec.startingDeadlineSeconds), 'spec.startingDeadlineSeconds')],
  },
  {
    rule: 'deprecated-api-version',
    pass: [ok('current versions', app()), ok('autoscaling/v1 is still served', app((a) => (a.hpa.apiVersion = 'autoscaling/v1')))],
    fail: [
      bad('apps/v1beta2 Deployment', app((a) => (a.deployment.apiVersion = 'apps/v1beta2')), 'apiVersion'),
      bad('policy/v1beta1 PodDisruptionBudget', app((a) => (a.pdb.apiVersion = 'policy/v1beta1')), 'apiVersion'),
      bad('autoscaling/v2beta2 HPA', app((a) => (a.hpa.apiVersion = 'autoscaling/v2beta2')), 'apiVersion'),
      bad('extensions/v1beta1 Ingress', app((a) => a.extra.push({ ...ingress('todo-backend', { name: 'http' }), apiVersion: 'extensions/v1beta1' })), 'apiVersion'),
      bad('batch/v1beta1 CronJob', cronJob((c) => (c.apiVersion = 'batch/v1beta1')), 'apiVersion'),
    ],
  },
  {
    rule: 'deprecated-service-account-field',
    pass: [ok('serviceAccountName only', app())],
    fail: [bad('serviceAccount set', app((a) => (pod(a).serviceAccount = 'todo-backend')), `${P}.serviceAccount`)],
  },
  {
    rule: 'docker-socket',
    pass: [
      ok('no host path', app()),
      ok('an unrelated host path', app((a) => pod(a).volumes.push({ name: 'data', hostPath: { path: '/var/lib/data' } }))),
    ],
    fail: [
      bad('docker.sock', app((a) => pod(a).volumes.push({ name: 'sock', hostPath: { path: '/var/run/docker.sock' } })), `${P}.volumes[1].hostPath.path`),
      bad('containerd directory', app((a) => pod(a).volumes.push({ name: 'sock', hostPath: { path: '/run/containerd/' } })), `${P}.volumes[1].hostPath.path`),
    ],
  },
  {
    rule: 'drop-capabilities',
    pass: [
      ok('drop ALL', app()),
      ok('Windows pods are exempt', app((a) => {
        pod(a).os = { name: 'windows' };
        delete containerSc(a).capabilities;
      })),
    ],
    fail: [
      bad('nothing dropped', app((a) => delete containerSc(a).capabilities), `${C}.securityContext.capabilities.drop`, 'error'),
      bad('only NET_RAW dropped', app((a) => (containerSc(a).capabilities = { drop: ['NET_RAW'] })), `${C}.securityContext.capabilities.drop`, 'warning'),
    ],
  },
  {
    rule: 'alert-severity-summary',
    pass: [ok('no PrometheusRule', app()), ok('severity and summary', app((a) => a.extra.push(prometheusRule({ severity: 'warning' }, { summary: 'api fails' }))))],
    fail: [
      bad('no severity', app((a) => a.extra.push(prometheusRule({}, { summary: 'api fails' }))), 'spec.groups[0].rules[1].labels'),
      bad('no summary', app((a) => a.extra.push(prometheusRule({ severity: 'critical' }, { description: 'x' }))), 'spec.groups[0].rules[1].annotations'),
    ],
  },
  {
    rule: 'alert-runbook',
    pass: [ok('no PrometheusRule', app()), ok('a runbook link', app((a) => a.extra.push(prometheusRule({ severity: 'warning' }, { summary: 'api fails', runbook_url: 'https://runbooks.example.com/api' }))))],
    fail: [bad('no runbook_url', app((a) => a.extra.push(prometheusRule({ severity: 'warning' }, { summary: 'api fails' }))), 'spec.groups[0].rules[1].annotations', 'info')],
  },
  {
    rule: 'scrape-allowed',
    pass: [
      ok('no monitors', app((a) => (a.networkPolicy.spec.ingress = [FROM_APP]))),
      ok('a ServiceMonitor on a port open to every source', app((a) => a.extra.push(serviceMonitor('http')))),
      ok('the monitoring namespace may reach the port', app((a) => {
        a.networkPolicy.spec.ingress = [FROM_APP, FROM_MONITORING(8000)];
        a.extra.push(serviceMonitor('http'));
      })),
      ok('no NetworkPolicy selects the pods', app((a) => a.extra.push(podMonitor('http')), ['networkPolicy'])),
    ],
    fail: [
      bad('only pods of the app may connect', app((a) => {
        a.networkPolicy.spec.ingress = [FROM_APP];
        a.extra.push(serviceMonitor('http'));
      }), 'spec.endpoints[0].port'),
      bad('a PodMonitor, with the monitoring namespace let in on another port', app((a) => {
        a.networkPolicy.spec.ingress = [FROM_APP, FROM_MONITORING(9090)];
        a.extra.push(podMonitor('http'));
      }), 'spec.podMetricsEndpoints[0].port'),
    ],
  },
  {
    rule: 'dashboard-datasource-variable',
    pass: [
      ok('no dashboards', app()),
      ok('a datasource variable every panel uses', app((a) => a.extra.push(dashboardConfigMap({ ...DATASOURCE_VARIABLE, panels: [panel('${datasource}')] })))),
      ok('a ConfigMap without the dashboard label', app((a) => (a.configMap.data = { ...a.configMap.data, 'x.json': '{}' }))),
    ],
    fail: [
      bad('no datasource variable', app((a) => a.extra.push(dashboardConfigMap({ templating: { list: [] }, panels: [panel('P1809F7CD0C75ACF3')] }))), 'data["todo.json"]'),
      bad('a panel on a fixed data source', app((a) => a.extra.push(dashboardConfigMap({ ...DATASOURCE_VARIABLE, panels: [panel('P1809F7CD0C75ACF3')] }))), 'data["todo.json"]'),
      bad('not JSON', app((a) => a.extra.push(dashboardConfigMap('{"panels": ['))), 'data["todo.json"]'),
    ],
  },
  {
    rule: 'metrics-scraped',
    pass: [
      ok('a metrics port, no prometheus-operator objects in the set', app((a) => a.service.spec.ports.push({ name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' }))),
      ok('scraped by a ServiceMonitor', app((a) => {
        a.service.spec.ports.push({ name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' });
        a.extra.push(serviceMonitor('metrics'));
      })),
    ],
    fail: [
      bad('the ServiceMonitor scrapes another port', app((a) => {
        a.service.spec.ports.push({ name: 'http-metrics', port: 9090, targetPort: 9090, protocol: 'TCP' });
        a.extra.push(serviceMonitor('http'));
      }), 'spec.ports[1].name'),
      bad('alerts but no ServiceMonitor', app((a) => {
        a.service.spec.ports.push({ name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' });
        a.extra.push(prometheusRule({ severity: 'warning' }, { summary: 'api fails' }));
      }), 'spec.ports[1].name'),
    ],
  },
  {
    rule: 'duplicate-env-var',
    pass: [ok('unique names', app())],
    fail: [
      bad('DATABASE_URL twice', app((a) => container(a).env.push({ name: 'DATABASE_URL', value: 'postgres://db/todo' })), `${C}.env[1].name`),
    ],
  },
  {
    rule: 'host-ipc',
    pass: [ok('unset', app()), ok('false', app((a) => (pod(a).hostIPC = false)))],
    fail: [bad('hostIPC true', app((a) => (pod(a).hostIPC = true)), `${P}.hostIPC`)],
  },
  {
    rule: 'host-network',
    pass: [ok('unset', app())],
    fail: [bad('hostNetwork true', app((a) => (pod(a).hostNetwork = true)), `${P}.hostNetwork`)],
  },
  {
    rule: 'host-path-volumes',
    pass: [ok('emptyDir only', app())],
    fail: [bad('hostPath volume', app((a) => pod(a).volumes.push({ name: 'logs', hostPath: { path: '/var/log' } })), `${P}.volumes[1].hostPath.path`)],
  },
  {
    rule: 'host-pid',
    pass: [ok('unset', app())],
    fail: [bad('hostPID true', app((a) => (pod(a).hostPID = true)), `${P}.hostPID`)],
  },
  {
    rule: 'host-ports',
    pass: [ok('container port only', app()), ok('hostPort 0', app((a) => (container(a).ports[0].hostPort = 0)))],
    fail: [bad('hostPort 8000', app((a) => (container(a).ports[0].hostPort = 8000)), `${C}.ports[0].hostPort`)],
  },
  {
    rule: 'hpa-fixed-replicas',
    pass: [ok('no replicas under an HPA', app()), ok('replicas without an HPA', app((a) => (a.deployment.spec.replicas = 3), ['hpa']))],
    fail: [bad('replicas under an HPA', app((a) => (a.deployment.spec.replicas = 3)), 'spec.replicas')],
  },
  {
    rule: 'hpa-min-replicas',
    pass: [ok('minReplicas 2', app())],
    fail: [
      bad('minReplicas 1', app((a) => (a.hpa.spec.minReplicas = 1)), 'spec.minReplicas'),
      bad('minReplicas unset', app((a) => delete a.hpa.spec.minReplicas), 'spec.minReplicas'),
    ],
  },
  {
    rule: 'hpa-targets',
    pass: [
      ok('existing target with CPU requests', app()),
      ok('target kind absent from the set', app((a) => (a.hpa.spec.scaleTargetRef = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'elsewhere' }))),
      ok('autoscaling/v1 with a CPU target', app((a) => {
        a.hpa.apiVersion = 'autoscaling/v1';
        delete a.hpa.spec.metrics;
        a.hpa.spec.targetCPUUtilizationPercentage = 70;
      })),
    ],
    fail: [
      bad('missing target', app((a) => (a.hpa.spec.scaleTargetRef.name = 'todo-api')), 'spec.scaleTargetRef.name'),
      bad('minReplicas above maxReplicas', app((a) => (a.hpa.spec.minReplicas = 12)), 'spec.minReplicas'),
      bad('no metrics', app((a) => delete a.hpa.spec.metrics), 'spec.metrics', 'warning'),
      bad('CPU utilisation without CPU requests', app((a) => {
        delete container(a).resources.requests.cpu;
        delete container(a).resources.limits.cpu;
      }), 'spec.metrics[0].resource.target.averageUtilization', 'error'),
      bad('no scaleTargetRef', app((a) => delete a.hpa.spec.scaleTargetRef), 'spec.scaleTargetRef'),
    ],
  },
  {
    rule: 'image-pull-policy',
    pass: [
      ok('version tag with IfNotPresent', app()),
      ok('moving tag with Always', app((a) => {
        container(a).image = 'ghcr.io/acme/todo-backend:main';
        container(a).imagePullPolicy = 'Always';
      })),
      ok('digest with IfNotPresent', app((a) => (container(a).image = `ghcr.io/acme/todo-backend@sha256:${'a'.repeat(64)}`))),
    ],
    fail: [
      bad('moving tag with IfNotPresent', app((a) => (container(a).image = 'ghcr.io/acme/todo-backend:staging')), `${C}.imagePullPolicy`),
      bad('major-only tag by default', app((a) => {
        container(a).image = 'node:20';
        delete container(a).imagePullPolicy;
      }), `${C}.imagePullPolicy`),
      bad('Never', app((a) => (container(a).imagePullPolicy = 'Never')), `${C}.imagePullPolicy`),
    ],
  },
  {
    rule: 'image-tag-pinned',
    pass: [
      ok('version tag', app()),
      ok('digest', app((a) => (container(a).image = `ghcr.io/acme/todo-backend@sha256:${'b'.repeat(64)}`))),
      ok('registry with a port', app((a) => (container(a).image = 'registry.local:5000/todo-backend:1.4.0'))),
    ],
    fail: [
      bad('latest', app((a) => (container(a).image = 'ghcr.io/acme/todo-backend:latest')), `${C}.image`),
      bad('no tag', app((a) => (container(a).image = 'registry.local:5000/todo-backend')), `${C}.image`),
      bad('no image', app((a) => delete container(a).image), `${C}.image`),
    ],
  },
  {
    rule: 'ingress-backend-exists',
    pass: [
      ok('Service and port name exist', app((a) => a.extra.push(ingress('todo-backend', { name: 'http' })))),
      ok('Service and port number exist', app((a) => a.extra.push(ingress('todo-backend', { number: 80 })))),
      ok('no Services in the set', app((a) => a.extra.push(ingress('todo-api', { number: 80 })), ['service'])),
    ],
    fail: [
      bad('unknown Service', app((a) => a.extra.push(ingress('todo-api', { number: 80 }))), 'spec.rules[0].http.paths[0].backend.service.name'),
      bad('container port instead of Service port', app((a) => a.extra.push(ingress('todo-backend', { number: 8000 }))), 'spec.rules[0].http.paths[0].backend.service.port.number'),
      bad('v1beta1 backend', app((a) => a.extra.push({
        apiVersion: 'networking.k8s.io/v1beta1',
        kind: 'Ingress',
        metadata: { name: 'old', namespace: NAMESPACE },
        spec: { backend: { serviceName: 'todo-web', servicePort: 80 } },
      })), 'spec.backend.serviceName'),
    ],
  },
  {
    rule: 'job-ttl',
    pass: [
      ok('ttl set', app()),
      ok('owned by a CronJob', app((a) => {
        delete a.job.spec.ttlSecondsAfterFinished;
        a.job.metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'todo-cleanup', uid: '1' }];
      })),
      ok('Helm hook deleted by Helm', app((a) => {
        delete a.job.spec.ttlSecondsAfterFinished;
        a.job.metadata.annotations = { 'helm.sh/hook': 'pre-upgrade', 'helm.sh/hook-delete-policy': 'before-hook-creation' };
      })),
    ],
    fail: [bad('no ttl', app((a) => delete a.job.spec.ttlSecondsAfterFinished), 'spec.ttlSecondsAfterFinished')],
  },
  {
    rule: 'label-conventions',
    pass: [ok('recommended labels everywhere', app())],
    fail: [
      bad('workload without name label', app((a) => delete a.deployment.metadata.labels['app.kubernetes.io/name']), 'metadata.labels["app.kubernetes.io/name"]'),
      bad('pod template without instance label', app((a) => delete a.deployment.spec.template.metadata.labels['app.kubernetes.io/instance']), 'spec.template.metadata.labels["app.kubernetes.io/instance"]'),
    ],
  },
  {
    rule: 'label-syntax',
    pass: [ok('valid labels', app()), ok('empty value', app((a) => (a.service.metadata.labels.tier = '')))],
    fail: [
      bad('value with a space', app((a) => (a.service.metadata.labels.team = 'platform team')), 'metadata.labels.team'),
      bad('unquoted number', app((a) => (a.deployment.spec.template.metadata.labels.version = 1.4)), 'spec.template.metadata.labels.version'),
      bad('bad prefix', app((a) => (a.configMap.metadata.labels['Acme.io/team'] = 'web')), 'metadata.labels["Acme.io/team"]'),
    ],
  },
  {
    rule: 'liveness-probe',
    pass: [ok('Deployment has one, the Job needs none', app())],
    fail: [bad('no liveness probe', app((a) => delete container(a).livenessProbe), `${C}.livenessProbe`)],
  },
  {
    rule: 'memory-limits',
    pass: [ok('limit set', app())],
    fail: [bad('no memory limit', app((a) => delete container(a).resources.limits.memory), `${C}.resources.limits.memory`)],
  },
  {
    rule: 'memory-requests',
    pass: [ok('request set', app()), ok('limit only', app((a) => delete container(a).resources.requests.memory))],
    fail: [
      bad('no resources at all', app((a) => delete container(a).resources), `${C}.resources.requests.memory`),
    ],
  },
  {
    rule: 'network-policy-coverage',
    pass: [ok('ingress and egress covered', app())],
    fail: [
      bad('no policy for the Deployment', app(() => {}, ['networkPolicy']), 'spec.template.metadata.labels', 'warning'),
      bad('ingress only', app((a) => {
        a.networkPolicy.spec.policyTypes = ['Ingress'];
        delete a.networkPolicy.spec.egress;
      }), 'spec.template.metadata.labels', 'info'),
    ],
  },
  {
    rule: 'network-policy-targets-pod',
    pass: [ok('selects the Deployment', app()), ok('no workloads in the set', app(() => {}, ['deployment', 'job']))],
    fail: [
      bad('selects nothing', app((a) => (a.networkPolicy.spec.podSelector = { matchLabels: selectorFor('frontend') })), 'spec.podSelector'),
    ],
  },
  {
    rule: 'no-added-capabilities',
    pass: [ok('nothing added', app()), ok('NET_BIND_SERVICE', app((a) => (containerSc(a).capabilities.add = ['NET_BIND_SERVICE'])))],
    fail: [
      bad('SYS_ADMIN', app((a) => (containerSc(a).capabilities.add = ['NET_BIND_SERVICE', 'SYS_ADMIN'])), `${C}.securityContext.capabilities.add[1]`),
      bad('CAP_NET_RAW', app((a) => (containerSc(a).capabilities.add = ['CAP_NET_RAW'])), `${C}.securityContext.capabilities.add[0]`),
    ],
  },
  {
    rule: 'no-privilege-escalation',
    pass: [ok('false', app())],
    fail: [
      bad('true', app((a) => (containerSc(a).allowPrivilegeEscalation = true)), `${C}.securityContext.allowPrivilegeEscalation`),
      bad('unset', app((a) => delete containerSc(a).allowPrivilegeEscalation), `${C}.securityContext.allowPrivilegeEscalation`),
    ],
  },
  {
    rule: 'not-privileged',
    pass: [ok('false', app()), ok('unset', app((a) => delete containerSc(a).privileged))],
    fail: [bad('privileged', app((a) => (containerSc(a).privileged = true)), `${C}.securityContext.privileged`)],
  },
  {
    rule: 'pdb-for-replicated',
    pass: [ok('PDB selects the pods', app()), ok('single replica', app(() => {}, ['hpa', 'pdb']))],
    fail: [
      bad('autoscaled without PDB', app(() => {}, ['pdb']), 'metadata.name'),
      bad('PDB for other pods', app((a) => (a.pdb.spec.selector = { matchLabels: selectorFor('frontend') })), 'metadata.name'),
      bad('StatefulSet with 3 replicas', app((a) => {
        a.extra.push({ ...a.deployment, kind: 'StatefulSet', metadata: { ...a.deployment.metadata, name: 'todo-db' }, spec: { ...a.deployment.spec, replicas: 3, template: { ...a.deployment.spec.template, metadata: { labels: labelsFor('db') } }, selector: { matchLabels: selectorFor('db') } } });
      })),
    ],
  },
  {
    rule: 'pdb-policy',
    pass: [ok('maxUnavailable 1', app()), ok('minAvailable below the minimum', app((a) => (a.pdb.spec = { minAvailable: 1, selector: a.pdb.spec.selector })))],
    fail: [
      bad('maxUnavailable 0', app((a) => (a.pdb.spec.maxUnavailable = 0)), 'spec.maxUnavailable'),
      bad('minAvailable 100%', app((a) => (a.pdb.spec = { minAvailable: '100%', selector: a.pdb.spec.selector })), 'spec.minAvailable'),
      bad('minAvailable equals HPA minReplicas', app((a) => (a.pdb.spec = { minAvailable: 2, selector: a.pdb.spec.selector })), 'spec.minAvailable'),
      bad('no policy', app((a) => (a.pdb.spec = { selector: a.pdb.spec.selector })), 'spec'),
    ],
  },
  {
    rule: 'pdb-targets-pod',
    pass: [ok('selects the Deployment', app()), ok('no workloads in the set', app(() => {}, ['deployment', 'job']))],
    fail: [bad('selects nothing', app((a) => (a.pdb.spec.selector = { matchLabels: { app: 'todo' } })), 'spec.selector')],
  },
  {
    rule: 'probe-port-exposed',
    pass: [ok('named port exists', app()), ok('declared port number', app((a) => (container(a).livenessProbe.httpGet.port = 8000)))],
    fail: [
      bad('unknown port name', app((a) => (container(a).readinessProbe.httpGet.port = 'web')), `${C}.readinessProbe.httpGet.port`, 'error'),
      bad('undeclared port number', app((a) => (container(a).livenessProbe = { tcpSocket: { port: 9000 } })), `${C}.livenessProbe.tcpSocket.port`, 'warning'),
    ],
  },
  {
    rule: 'probes-not-identical',
    pass: [ok('same check, different timings', app())],
    fail: [
      bad('readiness copied from liveness', app((a) => (container(a).readinessProbe = structuredClone(container(a).livenessProbe))), `${C}.livenessProbe`),
    ],
  },
  {
    rule: 'proc-mount',
    pass: [ok('unset', app()), ok('Default', app((a) => (containerSc(a).procMount = 'Default')))],
    fail: [bad('Unmasked', app((a) => (containerSc(a).procMount = 'Unmasked')), `${C}.securityContext.procMount`)],
  },
  {
    rule: 'rbac-cluster-admin',
    pass: [ok('binding to view', app((a) => a.extra.push(binding('RoleBinding', 'view'))))],
    fail: [
      bad('ClusterRoleBinding to cluster-admin', app((a) => a.extra.push(binding('ClusterRoleBinding', 'cluster-admin'))), 'roleRef.name'),
      bad('RoleBinding to cluster-admin', app((a) => a.extra.push(binding('RoleBinding', 'cluster-admin'))), 'roleRef.name'),
    ],
  },
  {
    rule: 'rbac-pod-exec',
    pass: [ok('read pods', app((a) => a.extra.push(role([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]))))],
    fail: [
      bad('create pods/exec', app((a) => a.extra.push(role([{ apiGroups: [''], resources: ['pods', 'pods/exec'], verbs: ['create'] }]))), 'rules[0].resources'),
    ],
  },
  {
    rule: 'rbac-wildcard',
    pass: [ok('named verbs and resources', app((a) => a.extra.push(role([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }]))))],
    fail: [
      bad('all verbs', app((a) => a.extra.push(role([{ apiGroups: [''], resources: ['configmaps'], verbs: ['*'] }]))), 'rules[0].verbs'),
      bad('all resources', app((a) => a.extra.push(role([{ apiGroups: ['apps'], resources: ['*'], verbs: ['get'] }]))), 'rules[0].resources'),
    ],
  },
  {
    rule: 'readiness-probe',
    pass: [ok('probe set', app())],
    fail: [
      bad('no readiness probe', app((a) => delete container(a).readinessProbe), `${C}.readinessProbe`),
      bad('bare Pod without probe', app((a) => {
        a.extra.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: NAMESPACE }, spec: { containers: [{ name: 'debug', image: 'busybox:1.36' }] } });
      }), 'spec.containers[0].readinessProbe'),
    ],
  },
  {
    rule: 'readonly-root-filesystem',
    pass: [ok('true', app())],
    fail: [bad('false', app((a) => (containerSc(a).readOnlyRootFilesystem = false)), `${C}.securityContext.readOnlyRootFilesystem`)],
  },
  {
    rule: 'replicas-minimum',
    pass: [ok('autoscaled', app()), ok('two fixed replicas', app((a) => (a.deployment.spec.replicas = 2), ['hpa']))],
    fail: [
      bad('default single replica', app(() => {}, ['hpa']), 'spec.replicas'),
      bad('replicas 1', app((a) => (a.deployment.spec.replicas = 1), ['hpa']), 'spec.replicas'),
    ],
  },
  {
    rule: 'restart-policy',
    pass: [ok('Job Never, Deployment default', app()), ok('Job OnFailure', app((a) => (a.job.spec.template.spec.restartPolicy = 'OnFailure')))],
    fail: [
      bad('Job with Always', app((a) => (a.job.spec.template.spec.restartPolicy = 'Always')), `${P}.restartPolicy`),
      bad('Job with the default', app((a) => delete a.job.spec.template.spec.restartPolicy), `${P}.restartPolicy`),
      bad('Deployment with Never', app((a) => (pod(a).restartPolicy = 'Never')), `${P}.restartPolicy`),
      bad('CronJob with the default', cronJob((c) => delete c.spec.jobTemplate.spec.template.spec.restartPolicy), 'spec.jobTemplate.spec.template.spec.restartPolicy'),
    ],
  },
  {
    rule: 'run-as-group-nonzero',
    pass: [ok('10001', app())],
    fail: [
      bad('runAsGroup 0', app((a) => (podSc(a).runAsGroup = 0)), `${P}.securityContext.runAsGroup`),
      bad('runAsGroup unset', app((a) => delete podSc(a).runAsGroup), `${P}.securityContext.runAsGroup`),
      bad('fsGroup 0', app((a) => (podSc(a).fsGroup = 0)), `${P}.securityContext.fsGroup`),
      bad('container runAsGroup 0', app((a) => (containerSc(a).runAsGroup = 0)), `${C}.securityContext.runAsGroup`),
    ],
  },
  {
    rule: 'run-as-non-root',
    pass: [
      ok('pod and container', app()),
      ok('container level only', app((a) => delete podSc(a).runAsNonRoot)),
      ok('pod level only', app((a) => delete containerSc(a).runAsNonRoot)),
    ],
    fail: [
      bad('unset everywhere', app((a) => {
        delete podSc(a).runAsNonRoot;
        delete containerSc(a).runAsNonRoot;
      }), `${P}.securityContext.runAsNonRoot`),
      bad('container says false', app((a) => (containerSc(a).runAsNonRoot = false)), `${C}.securityContext.runAsNonRoot`),
      bad('init container inherits nothing', app((a) => {
        delete podSc(a).runAsNonRoot;
        pod(a).initContainers = [{ name: 'init', image: 'busybox:1.36' }];
      }), `${P}.securityContext.runAsNonRoot`),
    ],
  },
  {
    rule: 'run-as-user-nonzero',
    pass: [ok('pod level', app()), ok('container level', app((a) => {
      delete podSc(a).runAsUser;
      containerSc(a).runAsUser = 1001;
    }))],
    fail: [
      bad('root', app((a) => (podSc(a).runAsUser = 0)), `${P}.securityContext.runAsUser`, 'error'),
      bad('container root', app((a) => (containerSc(a).runAsUser = 0)), `${C}.securityContext.runAsUser`, 'error'),
      bad('unset', app((a) => delete podSc(a).runAsUser), `${P}.securityContext.runAsUser`, 'warning'),
    ],
  },
  {
    rule: 'seccomp-profile',
    pass: [
      ok('RuntimeDefault on the pod', app()),
      ok('Localhost profile', app((a) => (podSc(a).seccompProfile = { type: 'Localhost', localhostProfile: 'profiles/app.json' }))),
      ok('legacy pod annotation', app((a) => {
        delete podSc(a).seccompProfile;
        a.deployment.spec.template.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default' };
      })),
    ],
    fail: [
      bad('unset', app((a) => delete podSc(a).seccompProfile), `${P}.securityContext.seccompProfile`),
      bad('Unconfined pod', app((a) => (podSc(a).seccompProfile = { type: 'Unconfined' })), `${P}.securityContext.seccompProfile`),
      bad('Unconfined container', app((a) => (containerSc(a).seccompProfile = { type: 'Unconfined' })), `${C}.securityContext.seccompProfile`),
      bad('Localhost without a profile', app((a) => (podSc(a).seccompProfile = { type: 'Localhost' })), `${P}.securityContext.seccompProfile`),
    ],
  },
  {
    rule: 'secret-in-configmap',
    pass: [
      ok('plain settings', app()),
      ok('pointer to a secret file', configMapWith({ PASSWORD_FILE: '/run/secrets/db', TOKEN_URL: 'https://auth.acme.io/token' })),
      ok('placeholder value', configMapWith({ DB_PASSWORD: '${DB_PASSWORD}', REDIS_URL: 'redis://:$(REDIS_PASSWORD)@redis:6379' })),
      ok('URL without credentials', configMapWith({ DATABASE_HOST_URL: 'postgres://db.acme.io:5432/todo' })),
    ],
    fail: [
      bad('API key by name', configMapWith({ OPENAI_API_KEY: 'sk-proj-abcdef' }), 'data.OPENAI_API_KEY'),
      bad('camelCase password', configMapWith({ dbPassword: 'hunter2' }), 'data.dbPassword'),
      bad('URL with a password', configMapWith({ DATABASE_URL: 'postgres://todo:s3cret@db.acme.io/todo' }), 'data.DATABASE_URL'),
      bad('password inside a config file', configMapWith({ 'application.properties': 'server.port=8000\nspring.datasource.password=s3cret\n' }), 'data["application.properties"]'),
      bad('PEM private key', configMapWith({ 'tls.key': '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n' }), 'data["tls.key"]'),
    ],
  },
  {
    rule: 'secret-in-env',
    pass: [
      ok('secretKeyRef', app()),
      ok('non-secret literals', app((a) => container(a).env.push({ name: 'TOKEN_URL', value: 'https://auth.acme.io/token' }, { name: 'LOG_LEVEL', value: 'info' }))),
    ],
    fail: [
      bad('literal token', app((a) => container(a).env.push({ name: 'GITHUB_TOKEN', value: 'ghp_123456' })), `${C}.env[1].value`),
      bad('URL with a password', app((a) => container(a).env.push({ name: 'REDIS_URL', value: 'redis://default:pa55@redis:6379' })), `${C}.env[1].value`),
      bad('CronJob literal secret', cronJob((c) => c.spec.jobTemplate.spec.template.spec.containers[0].env.push({ name: 'AUTH_SECRET', value: 'abc12345' })), 'spec.jobTemplate.spec.template.spec.containers[0].env[1].value'),
    ],
  },
  {
    rule: 'selector-matches-template',
    pass: [ok('selector is a subset of the labels', app())],
    fail: [
      bad('selector for other pods', app((a) => (a.deployment.spec.selector = { matchLabels: selectorFor('frontend') })), 'spec.selector'),
      bad('no selector', app((a) => delete a.deployment.spec.selector), 'spec.selector'),
      bad('expression that excludes the pods', app((a) => {
        a.deployment.spec.selector = { matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'NotIn', values: ['backend'] }] };
      }), 'spec.selector'),
    ],
  },
  {
    rule: 'selinux-options',
    pass: [ok('unset', app()), ok('container_t with a level', app((a) => (podSc(a).seLinuxOptions = { type: 'container_t', level: 's0:c123,c456' })))],
    fail: [
      bad('spc_t', app((a) => (containerSc(a).seLinuxOptions = { type: 'spc_t' })), `${C}.securityContext.seLinuxOptions.type`),
      bad('custom user', app((a) => (podSc(a).seLinuxOptions = { user: 'system_u' })), `${P}.securityContext.seLinuxOptions.user`),
    ],
  },
  {
    rule: 'service-account-exists',
    pass: [ok('ServiceAccount present', app()), ok('no ServiceAccounts in the set', app((a) => (pod(a).serviceAccountName = 'other'), ['serviceAccount']))],
    fail: [bad('unknown ServiceAccount', app((a) => (pod(a).serviceAccountName = 'todo-api')), `${P}.serviceAccountName`)],
  },
  {
    rule: 'service-account-token-automount',
    pass: [
      ok('false on pod and ServiceAccount', app()),
      ok('pod relies on its ServiceAccount', app((a) => delete pod(a).automountServiceAccountToken)),
    ],
    fail: [
      bad('pod sets true', app((a) => (pod(a).automountServiceAccountToken = true)), `${P}.automountServiceAccountToken`),
      bad('nothing set', app((a) => {
        delete pod(a).automountServiceAccountToken;
        delete a.serviceAccount.automountServiceAccountToken;
      }), `${P}.automountServiceAccountToken`),
      bad('ServiceAccount allows it', app((a) => delete a.serviceAccount.automountServiceAccountToken), 'automountServiceAccountToken'),
    ],
  },
  {
    rule: 'load-balancer-source-ranges',
    pass: [
      ok('ClusterIP', app()),
      ok('LoadBalancer with ranges', app((a) => Object.assign(a.service.spec, { type: 'LoadBalancer', loadBalancerSourceRanges: ['203.0.113.0/24'] }))),
    ],
    fail: [bad('LoadBalancer open to all', app((a) => (a.service.spec.type = 'LoadBalancer')), 'spec.type')],
  },
  {
    rule: 'service-node-port',
    pass: [ok('ClusterIP', app()), ok('LoadBalancer', app((a) => (a.service.spec.type = 'LoadBalancer')))],
    fail: [bad('NodePort', app((a) => (a.service.spec.type = 'NodePort')), 'spec.type')],
  },
  {
    rule: 'service-selector-matches',
    pass: [
      ok('selects the Deployment', app()),
      ok('no workloads in the set', app(() => {}, ['deployment', 'job'])),
      ok('no selector (manual endpoints)', app((a) => delete a.service.spec.selector)),
    ],
    fail: [
      bad('selects nothing', app((a) => (a.service.spec.selector = { ...selectorFor('backend'), 'app.kubernetes.io/version': '1.4.0' })), 'spec.selector'),
    ],
  },
  {
    rule: 'service-target-port',
    pass: [ok('named target port', app()), ok('numeric target port', app((a) => (a.service.spec.ports[0].targetPort = 8000)))],
    fail: [
      bad('unknown port name', app((a) => (a.service.spec.ports[0].targetPort = 'web')), 'spec.ports[0].targetPort', 'error'),
      bad('undeclared number', app((a) => (a.service.spec.ports[0].targetPort = 9000)), 'spec.ports[0].targetPort', 'warning'),
      bad('port defaulted to an undeclared number', app((a) => delete a.service.spec.ports[0].targetPort), 'spec.ports[0].port', 'warning'),
      bad('invalid port name', app((a) => (a.service.spec.ports[0].targetPort = 'Http_Port')), 'spec.ports[0].targetPort', 'error'),
      bad('protocol mismatch', app((a) => (a.service.spec.ports[0].protocol = 'UDP')), 'spec.ports[0].targetPort'),
    ],
  },
  {
    rule: 'ssh-port',
    pass: [ok('http only', app())],
    fail: [bad('port 22', app((a) => container(a).ports.push({ name: 'ssh', containerPort: 22 })), `${C}.ports[1].containerPort`)],
  },
  {
    rule: 'topology-spread-valid',
    pass: [ok('complete constraint', app()), ok('no constraints', app((a) => delete pod(a).topologySpreadConstraints))],
    fail: [
      bad('maxSkew 0', app((a) => (pod(a).topologySpreadConstraints[0].maxSkew = 0)), `${P}.topologySpreadConstraints[0].maxSkew`),
      bad('misspelt whenUnsatisfiable', app((a) => (pod(a).topologySpreadConstraints[0].whenUnsatisfiable = 'ScheduleAnyWay')), `${P}.topologySpreadConstraints[0].whenUnsatisfiable`),
      bad('no labelSelector', app((a) => delete pod(a).topologySpreadConstraints[0].labelSelector), `${P}.topologySpreadConstraints[0].labelSelector`),
      bad('no topologyKey', app((a) => delete pod(a).topologySpreadConstraints[0].topologyKey), `${P}.topologySpreadConstraints[0].topologyKey`),
    ],
  },
  {
    rule: 'unsafe-sysctls',
    pass: [ok('none', app()), ok('safe sysctl', app((a) => (podSc(a).sysctls = [{ name: 'net.ipv4.tcp_syncookies', value: '1' }])))],
    fail: [bad('kernel.msgmax', app((a) => (podSc(a).sysctls = [{ name: 'kernel.msgmax', value: '65536' }])), `${P}.securityContext.sysctls[0].name`)],
  },
  {
    rule: 'volume-types',
    pass: [
      ok('emptyDir', app()),
      ok('claim, projected and secret', app((a) => pod(a).volumes.push(
        { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
        { name: 'token', projected: { sources: [] } },
        { name: 'tls', secret: { secretName: 'tls' } },
      ))),
    ],
    fail: [bad('nfs', app((a) => pod(a).volumes.push({ name: 'share', nfs: { server: 'nfs.local', path: '/export' } })), `${P}.volumes[1].nfs`)],
  },
  {
    rule: 'windows-host-process',
    pass: [ok('unset', app())],
    fail: [
      bad('pod HostProcess', app((a) => (podSc(a).windowsOptions = { hostProcess: true })), `${P}.securityContext.windowsOptions.hostProcess`),
      bad('container HostProcess', app((a) => (containerSc(a).windowsOptions = { hostProcess: true })), `${C}.securityContext.windowsOptions.hostProcess`),
    ],
  },
  {
    rule: 'rollout-analysis',
    pass: [
      ok('a Deployment needs none', app()),
      ok('canary with background analysis', rollout({ canary: { analysis: canaryAnalysis, steps: steps(5, 50, 100) } }, () => [analysisTemplate('todo-backend-canary', '30s')])),
      ok('canary with an analysis step', rollout({ canary: { steps: [{ setWeight: 20 }, { analysis: canaryAnalysis }, { setWeight: 100 }] } })),
      ok('blue-green with a smoke test', rollout({ blueGreen: blueGreen({ prePromotionAnalysis: { templates: [{ templateName: 'smoke' }] } }) }, (a) => [previewService(a)])),
    ],
    fail: [
      bad('canary without analysis', rollout({ canary: { steps: steps(5, 50, 100) } }), 'spec.strategy.canary.analysis'),
      bad('blue-green without analysis', rollout({ blueGreen: blueGreen() }, (a) => [previewService(a)]), 'spec.strategy.blueGreen.postPromotionAnalysis'),
    ],
  },
  {
    rule: 'canary-steps-full-traffic',
    pass: [
      ok('5, 25, 50, 100', rollout({ canary: { analysis: canaryAnalysis, steps: steps(5, 25, 50, 100) } })),
      ok('blue-green has no steps', rollout({ blueGreen: blueGreen({ postPromotionAnalysis: canaryAnalysis }) }, (a) => [previewService(a)])),
    ],
    fail: [
      bad('ends at 50', rollout({ canary: { analysis: canaryAnalysis, steps: steps(5, 25, 50) } }), 'spec.strategy.canary.steps[4].setWeight'),
      bad('goes down', rollout({ canary: { analysis: canaryAnalysis, steps: steps(5, 50, 25, 100) } }), 'spec.strategy.canary.steps[4].setWeight'),
      bad('only pauses', rollout({ canary: { analysis: canaryAnalysis, steps: [{ pause: {} }] } }), 'spec.strategy.canary.steps'),
    ],
  },
  {
    rule: 'canary-pause-covers-analysis',
    pass: [
      ok('10 minute pauses, 30 s interval', rollout({ canary: { analysis: canaryAnalysis, steps: steps(5, 50, 100) } }, () => [analysisTemplate('todo-backend-canary', '30s')])),
      ok('indefinite pause', rollout({ canary: { analysis: canaryAnalysis, steps: [{ setWeight: 5 }, { pause: {} }, { setWeight: 100 }] } }, () => [analysisTemplate('todo-backend-canary', '5m')])),
      ok('template not among the objects', rollout({ canary: { analysis: canaryAnalysis, steps: [{ setWeight: 5 }, { pause: { duration: '10s' } }, { setWeight: 100 }] } })),
    ],
    fail: [
      bad('20 s pause, 1 m interval', rollout({ canary: { analysis: canaryAnalysis, steps: [{ setWeight: 5 }, { pause: { duration: '20s' } }, { setWeight: 100 }] } }, () => [analysisTemplate('todo-backend-canary', '1m')]), 'spec.strategy.canary.steps[1].pause.duration'),
      bad('pause in seconds, as a number', rollout({ canary: { analysis: canaryAnalysis, steps: [{ setWeight: 5 }, { pause: { duration: 10 } }, { setWeight: 100 }] } }, () => [analysisTemplate('todo-backend-canary', '30s')]), 'spec.strategy.canary.steps[1].pause.duration'),
    ],
  },
  {
    rule: 'preview-service-not-exposed',
    pass: [
      ok('the Ingress routes to the active Service', rollout({ blueGreen: blueGreen({ postPromotionAnalysis: canaryAnalysis }) }, (a) => [previewService(a), ingress('todo-backend', { name: 'http' })])),
      ok('a Deployment has no preview', app((a) => a.extra.push(ingress('todo-backend', { name: 'http' })))),
    ],
    fail: [
      bad('the Ingress routes to the preview', rollout({ blueGreen: blueGreen({ postPromotionAnalysis: canaryAnalysis }) }, (a) => [previewService(a), ingress('todo-backend-preview', { name: 'http' })]), 'spec.rules[0].http.paths[0].backend.service.name'),
    ],
  },
];

function findingsOf(rule: string, objects: KubernetesObject[]): PolicyFinding[] {
  return checkObjects(objects).filter((f) => f.rule === rule);
}

function show(findings: readonly PolicyFinding[]): string {
  return findings.map((f) => `  ${f.severity} ${f.object} ${f.path}: ${f.message}`).join('\n') || '  (none)';
}

describe('rule table', () => {
  it('covers every rule with passing and failing cases', () => {
    const ids = rules.map((r) => r.id);
    assert.deepEqual(TABLE.map((t) => t.rule).sort(), [...ids].sort());
    for (const entry of TABLE) {
      assert.ok(entry.pass.length > 0, `${entry.rule} has no passing case`);
      assert.ok(entry.fail.length > 0, `${entry.rule} has no failing case`);
    }
  });
});

for (const entry of TABLE) {
  describe(entry.rule, () => {
    for (const c of entry.pass) {
      it(`passes: ${c.name}`, () => {
        const findings = findingsOf(entry.rule, c.objects());
        assert.equal(findings.length, 0, `expected no ${entry.rule} finding, got:\n${show(findings)}`);
      });
    }
    for (const c of entry.fail) {
      it(`fails: ${c.name}`, () => {
        const findings = findingsOf(entry.rule, c.objects());
        assert.ok(findings.length > 0, `expected a ${entry.rule} finding`);
        const rule = rules.find((r) => r.id === entry.rule);
        for (const f of findings) {
          assert.ok(f.message.length > 0 && f.hint.length > 0, 'message and hint are filled in');
          assert.equal(f.excepted, undefined);
          assert.ok(rule && severityAtLeast(rule.severity, f.severity), `${f.severity} is above the rule's ${rule?.severity}`);
        }
        if (c.path) {
          const atPath = findings.filter((f) => f.path === c.path);
          assert.ok(atPath.length > 0, `expected a finding at ${c.path}, got:\n${show(findings)}`);
          if (c.severity) assert.ok(atPath.some((f) => f.severity === c.severity), `expected severity ${c.severity}, got:\n${show(atPath)}`);
        }
      });
    }
  });
}

describe('Rollout pods are checked like Deployment pods', () => {
  const strategy = { canary: { analysis: canaryAnalysis, steps: steps(5, 50, 100) } };
  it('the hardened app as a Rollout has no findings', () => {
    const findings = checkObjects(rollout(strategy, () => [analysisTemplate('todo-backend-canary', '30s')])());
    assert.equal(findings.length, 0, show(findings));
  });
  for (const [rule, change, path] of [
    ['not-privileged', (a: HardenedApp) => (containerSc(a).privileged = true), `${C}.securityContext.privileged`],
    ['run-as-non-root', (a: HardenedApp) => ((podSc(a).runAsNonRoot = false), (containerSc(a).runAsNonRoot = false)), `${C}.securityContext.runAsNonRoot`],
    ['readiness-probe', (a: HardenedApp) => delete container(a).readinessProbe, `${C}.readinessProbe`],
    ['memory-limits', (a: HardenedApp) => delete container(a).resources.limits.memory, `${C}.resources.limits.memory`],
  ] as const) {
    it(`${rule} reports a Rollout's pod template`, () => {
      const objects = rollout(strategy, (a) => {
        change(a);
        return [];
      })();
      const findings = findingsOf(rule, objects).filter((f) => f.object.startsWith('Rollout/'));
      assert.ok(findings.some((f) => f.path === path), `expected ${rule} on the Rollout at ${path}, got:\n${show(findingsOf(rule, objects))}`);
    });
  }
});
