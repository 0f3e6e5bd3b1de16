// An evaluated resource instance → the Kubernetes object the provider would send, modelled on its
// expand functions (v2.38): snake_case attributes become camelCase fields (hostIP, clusterIP...),
// repeated blocks become arrays under their plural names (container → containers), int-or-string
// and numeric-string fields are parsed, quantities canonicalised, octal modes read, and the defaults
// the provider fills in for unset attributes are added and recorded (see provider-defaults.ts).
import type { KubernetesObject } from '../../../model/kubernetes-object.ts';
import type { Json } from '../../../model/template.ts';
import { resourceSchema, type BlockSchema } from '../provider-schema.ts';
import type { Body, ResourceInstance } from './evaluate-module.ts';
import { PROVIDER_DEFAULTS, type ProviderDefault } from './provider-defaults.ts';
import { canonicalQuantity } from '../../../spec/quantity.ts';
import { EvaluationError, isObjectValue, type TfValue } from './values.ts';

interface ResourceKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

/** What each typed resource creates (fixed by the provider). */
export const RESOURCE_KINDS: Readonly<Record<string, ResourceKind>> = {
  kubernetes_config_map_v1: { apiVersion: 'v1', kind: 'ConfigMap', namespaced: true },
  kubernetes_cron_job_v1: { apiVersion: 'batch/v1', kind: 'CronJob', namespaced: true },
  kubernetes_daemon_set_v1: { apiVersion: 'apps/v1', kind: 'DaemonSet', namespaced: true },
  kubernetes_deployment_v1: { apiVersion: 'apps/v1', kind: 'Deployment', namespaced: true },
  kubernetes_horizontal_pod_autoscaler_v2: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespaced: true },
  kubernetes_ingress_v1: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespaced: true },
  kubernetes_job_v1: { apiVersion: 'batch/v1', kind: 'Job', namespaced: true },
  kubernetes_namespace_v1: { apiVersion: 'v1', kind: 'Namespace', namespaced: false },
  kubernetes_network_policy_v1: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespaced: true },
  kubernetes_persistent_volume_claim_v1: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespaced: true },
  kubernetes_pod_disruption_budget_v1: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', namespaced: true },
  kubernetes_secret_v1: { apiVersion: 'v1', kind: 'Secret', namespaced: true },
  kubernetes_service_account_v1: { apiVersion: 'v1', kind: 'ServiceAccount', namespaced: true },
  kubernetes_service_v1: { apiVersion: 'v1', kind: 'Service', namespaced: true },
  kubernetes_stateful_set_v1: { apiVersion: 'apps/v1', kind: 'StatefulSet', namespaced: true },
};

/** Attributes and blocks that steer Terraform or the provider and are never sent. */
const PROVIDER_ONLY = new Set([
  'id',
  'timeouts',
  'wait_for_rollout',
  'wait_for_completion',
  'wait_until_bound',
  'wait_for_load_balancer',
  'wait_for_default_service_account',
  'wait_for_service_account_token',
]);

/** Attribute names whose camelCase is not the mechanical one. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  cluster_ip: 'clusterIP',
  cluster_ips: 'clusterIPs',
  external_ips: 'externalIPs',
  host_ip: 'hostIP',
  host_ipc: 'hostIPC',
  host_pid: 'hostPID',
  load_balancer_ip: 'loadBalancerIP',
  pod_ip: 'podIP',
  target_cpu_utilization_percentage: 'targetCPUUtilizationPercentage',
  downward_api: 'downwardAPI',
};

/** Repeated blocks → the array field they fill. */
const ARRAY_BLOCKS: Readonly<Record<string, string>> = {
  container: 'containers',
  egress: 'egress',
  env: 'env',
  env_from: 'envFrom',
  from: 'from',
  host_aliases: 'hostAliases',
  http_header: 'httpHeaders',
  image_pull_secret: 'imagePullSecrets',
  image_pull_secrets: 'imagePullSecrets',
  ingress: 'ingress',
  init_container: 'initContainers',
  items: 'items',
  match_expressions: 'matchExpressions',
  match_fields: 'matchFields',
  node_selector_term: 'nodeSelectorTerms',
  // A list of terms under pod (anti-)affinity; under node affinity the schema nests one object.
  preferred_during_scheduling_ignored_during_execution: 'preferredDuringSchedulingIgnoredDuringExecution',
  required_during_scheduling_ignored_during_execution: 'requiredDuringSchedulingIgnoredDuringExecution',
  metric: 'metrics',
  option: 'options',
  path: 'paths',
  policy: 'policies',
  port: 'ports',
  ports: 'ports',
  readiness_gate: 'readinessGates',
  rule: 'rules',
  secret: 'secrets',
  sysctl: 'sysctls',
  tls: 'tls',
  to: 'to',
  toleration: 'tolerations',
  topology_spread_constraint: 'topologySpreadConstraints',
  volume: 'volumes',
  volume_claim_template: 'volumeClaimTemplates',
  volume_device: 'volumeDevices',
  volume_mount: 'volumeMounts',
};

/** Blocks the schema lists without a limit that the provider expands into one object (it reads [0]). */
const OBJECT_LIST_BLOCKS = new Set(['scale_down', 'scale_up', 'update_strategy', 'rolling_update', 'persistent_volume_claim_retention_policy', 'post_start', 'pre_stop', 'grpc', 'tcp_socket', 'selector', 'label_selector', 'namespace_selector', 'pod_selector']);

/** Fields the provider parses with intstr.Parse: a number when the string is one, else the string. */
const INT_OR_STRING = [/\.target_port$/, /(?:http_get|tcp_socket)\.port$/, /rolling_update\.max_(?:surge|unavailable)$/, /^spec\.(?:min_available|max_unavailable)$/, /(?:ingress|egress)\.ports\.port$/];
/** Whole numbers the schema types as strings (to tell 0 from unset). */
const INT_FROM_STRING = [/^spec\.replicas$/, /\.ttl_seconds_after_finished$/, /security_context\.(?:fs_group|run_as_group|run_as_user)$/, /\.toleration_seconds$/];
const QUANTITY_MAPS = [/resources\.(?:limits|requests)$/];
const QUANTITIES = [/\.size_limit$/];
const OCTAL_MODES = [/\.default_mode$/, /\.items\.mode$/];

export interface MappedObject {
  /** What the provider sends, with every default it fills in. */
  readonly sent: KubernetesObject;
  /** The defaults the provider filled for attributes the module leaves unset. */
  readonly defaults: readonly AppliedDefault[];
}

export interface AppliedDefault extends ProviderDefault {
  /** Where in the object, e.g. `spec.template.spec.dnsPolicy`. */
  readonly path: string;
}

interface Walk {
  readonly resourceType: string;
  readonly defaults: AppliedDefault[];
}

export function camelField(name: string): string {
  return FIELD_NAMES[name] ?? name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function mapResource(instance: ResourceInstance): MappedObject {
  const { type, body } = instance;
  if (type === 'kubernetes_manifest') return { sent: manifestObject(body, instance.address), defaults: [] };
  const kind = RESOURCE_KINDS[type];
  if (!kind) throw new EvaluationError(`${instance.address}: berth's evaluation does not model ${type}`);
  const walk: Walk = { resourceType: type, defaults: [] };
  const fields = mapBlock(body, resourceSchema(type), '', '', walk);
  if (type === 'kubernetes_secret_v1' && 'data' in fields) {
    // The provider sends `data` as plaintext stringData; only binary_data becomes base64 data.
    fields.stringData = fields.data;
    delete fields.data;
  }
  if (type === 'kubernetes_daemon_set_v1' && isObjectValue(fields.spec as TfValue) && 'strategy' in (fields.spec as Record<string, Json>)) {
    const spec = fields.spec as Record<string, Json>;
    spec.updateStrategy = spec.strategy;
    delete spec.strategy;
  }
  const sent = { apiVersion: kind.apiVersion, kind: kind.kind, ...fields } as unknown as KubernetesObject;
  return { sent, defaults: walk.defaults };
}

function mapBlock(body: Body, schema: BlockSchema, tfPath: string, k8sPath: string, walk: Walk): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const name of Object.keys(body).sort()) {
    if (PROVIDER_ONLY.has(name) && tfPath === '') continue;
    if (name === 'timeouts') continue;
    const value = body[name];
    const childTf = tfPath ? `${tfPath}.${name}` : name;
    const nested = schema.blocks[name];
    if (nested) {
      const items = value as Body[];
      const asArray = nested.nesting !== 'single' && !OBJECT_LIST_BLOCKS.has(name);
      const key = asArray ? ARRAY_BLOCKS[name] : camelField(name);
      if (!key) throw new EvaluationError(`${childTf}: berth's evaluation does not model the provider's repeated "${name}" block`);
      const mapped = items.map((item, i) => mapBlock(item, nested.block, childTf, `${k8sPath ? `${k8sPath}.` : ''}${key}${asArray ? `[${i}]` : ''}`, walk));
      out[key] = asArray ? mapped : (mapped[0] ?? {});
      continue;
    }
    const attribute = schema.attributes[name];
    if (!attribute) throw new EvaluationError(`${childTf}: not in the provider schema`);
    const converted = convertAttribute(value, childTf);
    if (converted !== undefined) out[camelField(name)] = converted;
  }
  applyDefaults(out, body, schema, tfPath, k8sPath, walk);
  return out;
}

function matches(patterns: readonly RegExp[], path: string): boolean {
  return patterns.some((p) => p.test(path));
}

/** intstr.Parse: an integer when the whole string is one. */
function intOrString(value: string): Json {
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

/** The value the provider puts in the object, or undefined when Go's omitempty drops it. */
function convertAttribute(value: TfValue, tfPath: string): Json | undefined {
  if (value === null) return undefined;
  if (matches(INT_OR_STRING, tfPath)) return value === '' ? undefined : intOrString(String(value));
  if (matches(INT_FROM_STRING, tfPath)) {
    if (value === '') return undefined;
    if (!/^-?\d+$/.test(String(value))) throw new EvaluationError(`${tfPath}: the provider parses "${String(value)}" as a whole number and fails`);
    return Number(value);
  }
  if (matches(QUANTITY_MAPS, tfPath)) {
    if (!isObjectValue(value)) throw new EvaluationError(`${tfPath}: a map of quantities is required`);
    const entries = Object.entries(value).map(([k, v]) => [k, quantity(v, `${tfPath}.${k}`)] as const);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  if (matches(QUANTITIES, tfPath)) return value === '' ? undefined : quantity(value, tfPath);
  if (matches(OCTAL_MODES, tfPath)) return value === '' ? undefined : parseInt(String(value), 8);
  if (Array.isArray(value)) return value.length === 0 ? undefined : (value as Json[]);
  if (isObjectValue(value)) return Object.keys(value).length === 0 ? undefined : (value as Json);
  return value;
}

function quantity(value: TfValue, where: string): string {
  if (typeof value !== 'string' && typeof value !== 'number') throw new EvaluationError(`${where}: a quantity is required`);
  try {
    return canonicalQuantity(String(value));
  } catch (error) {
    throw new EvaluationError(`${where}: ${(error as Error).message}`);
  }
}

function applyDefaults(out: Record<string, Json>, body: Body, schema: BlockSchema, tfPath: string, k8sPath: string, walk: Walk): void {
  for (const rule of PROVIDER_DEFAULTS) {
    if (!rule.block.test(tfPath)) continue;
    if (rule.resource && !rule.resource.test(walk.resourceType)) continue;
    if (rule.attribute in body) continue;
    if (!schema.attributes[rule.attribute] && !schema.blocks[rule.attribute]) continue;
    if (rule.field in out) continue;
    out[rule.field] = structuredClone(rule.value);
    walk.defaults.push({ ...rule, path: k8sPath ? `${k8sPath}.${rule.field}` : rule.field });
  }
}

/** kubernetes_manifest sends its `manifest` object as written, without the nulls. */
function manifestObject(body: Body, address: string): KubernetesObject {
  const manifest = body.manifest;
  if (!isObjectValue(manifest)) throw new EvaluationError(`${address}: manifest must be an object`);
  const strip = (v: TfValue): Json =>
    Array.isArray(v)
      ? v.map(strip)
      : isObjectValue(v)
        ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, strip(x)]))
        : (v as Json);
  return strip(manifest) as unknown as KubernetesObject;
}
