// What the Kubernetes provider (v2.38) sends for an attribute the module leaves unset, read from its
// schema defaults and expand functions, and how berth's comparison treats each one:
// - `api-default`: the value the API server would use anyway for an absent field (accepted, and left
//   out of the rendered object because the canonical object leaves it out too);
// - `ignored`: a value Kubernetes does not use (left out the same way);
// - `kept`: anything else. It stays in the rendered object, so it must equal the canonical object's
//   value or the comparison reports it: the module then has to set that field explicitly.
import type { Json } from '../../../model/template.ts';

export type Disposition = 'api-default' | 'ignored' | 'kept';

export interface ProviderDefault {
  /** The provider block it applies to: a pattern over the Terraform path (no indices). */
  readonly block: RegExp;
  /** Only for these resource types. */
  readonly resource?: RegExp;
  /** The Terraform attribute left unset. */
  readonly attribute: string;
  /** The field the provider fills. */
  readonly field: string;
  readonly value: Json;
  readonly disposition: Disposition;
  readonly why: string;
}

const POD = /(?:^|\.)template\.spec$/;
const CONTAINER = /template\.spec\.(?:init_)?container$/;
const PROBE = /template\.spec\.(?:init_)?container\.(?:liveness|readiness|startup)_probe$/;
const WORKLOADS = /^kubernetes_(?:deployment|stateful_set|daemon_set)_v1$/;

export const PROVIDER_DEFAULTS: readonly ProviderDefault[] = [
  // metadata
  { block: /^metadata$/, resource: /^(?!kubernetes_namespace_v1$)/, attribute: 'namespace', field: 'namespace', value: 'default', disposition: 'kept', why: 'the provider uses "default", not the kubeconfig namespace' },
  { block: /^spec\.volume_claim_template\.metadata$/, attribute: 'namespace', field: 'namespace', value: 'default', disposition: 'ignored', why: 'the StatefulSet controller creates claims in the set\'s own namespace' },
  // pod spec
  { block: POD, attribute: 'automount_service_account_token', field: 'automountServiceAccountToken', value: true, disposition: 'kept', why: 'the API leaves it to the ServiceAccount when absent' },
  { block: POD, attribute: 'enable_service_links', field: 'enableServiceLinks', value: true, disposition: 'api-default', why: 'the API server defaults it to true' },
  { block: POD, attribute: 'dns_policy', field: 'dnsPolicy', value: 'ClusterFirst', disposition: 'api-default', why: 'the API server defaults it to ClusterFirst' },
  { block: POD, resource: WORKLOADS, attribute: 'restart_policy', field: 'restartPolicy', value: 'Always', disposition: 'api-default', why: 'the API server defaults it to Always' },
  { block: POD, attribute: 'termination_grace_period_seconds', field: 'terminationGracePeriodSeconds', value: 30, disposition: 'api-default', why: 'the API server defaults it to 30' },
  { block: POD, attribute: 'share_process_namespace', field: 'shareProcessNamespace', value: false, disposition: 'api-default', why: 'absent means false' },
  { block: /template\.spec\.security_context$/, attribute: 'run_as_non_root', field: 'runAsNonRoot', value: false, disposition: 'kept', why: 'absent means "not enforced", which false states explicitly' },
  // containers
  { block: CONTAINER, attribute: 'termination_message_path', field: 'terminationMessagePath', value: '/dev/termination-log', disposition: 'api-default', why: 'the API server defaults it to /dev/termination-log' },
  { block: /container\.security_context$/, attribute: 'allow_privilege_escalation', field: 'allowPrivilegeEscalation', value: true, disposition: 'kept', why: 'the schema default is true' },
  { block: /container\.security_context$/, attribute: 'privileged', field: 'privileged', value: false, disposition: 'api-default', why: 'absent means false' },
  { block: /container\.security_context$/, attribute: 'read_only_root_filesystem', field: 'readOnlyRootFilesystem', value: false, disposition: 'api-default', why: 'absent means false' },
  { block: /container\.security_context$/, attribute: 'run_as_non_root', field: 'runAsNonRoot', value: false, disposition: 'kept', why: 'false overrides a pod-level true' },
  { block: /container\.volume_mount$/, attribute: 'mount_propagation', field: 'mountPropagation', value: 'None', disposition: 'api-default', why: 'absent means None' },
  { block: /value_from\.(?:secret_key_ref|config_map_key_ref)$/, attribute: 'optional', field: 'optional', value: false, disposition: 'api-default', why: 'absent means the key must exist' },
  { block: /env_from\.(?:secret_ref|config_map_ref)$/, attribute: 'optional', field: 'optional', value: false, disposition: 'api-default', why: 'absent means the source must exist' },
  { block: PROBE, attribute: 'failure_threshold', field: 'failureThreshold', value: 3, disposition: 'api-default', why: 'the API server defaults it to 3' },
  { block: PROBE, attribute: 'period_seconds', field: 'periodSeconds', value: 10, disposition: 'api-default', why: 'the API server defaults it to 10' },
  { block: PROBE, attribute: 'success_threshold', field: 'successThreshold', value: 1, disposition: 'api-default', why: 'the API server defaults it to 1' },
  { block: PROBE, attribute: 'timeout_seconds', field: 'timeoutSeconds', value: 1, disposition: 'api-default', why: 'the API server defaults it to 1' },
  { block: /_probe\.http_get$/, attribute: 'scheme', field: 'scheme', value: 'HTTP', disposition: 'api-default', why: 'the API server defaults it to HTTP' },
  // volumes
  { block: /template\.spec\.volume\.(?:config_map|secret)$/, attribute: 'default_mode', field: 'defaultMode', value: 420, disposition: 'api-default', why: 'the API server defaults it to 0644' },
  { block: /template\.spec\.volume\.(?:config_map|secret)$/, attribute: 'optional', field: 'optional', value: false, disposition: 'api-default', why: 'absent means the source must exist' },
  // workload specs
  { block: /^spec$/, resource: /^kubernetes_deployment_v1$/, attribute: 'progress_deadline_seconds', field: 'progressDeadlineSeconds', value: 600, disposition: 'api-default', why: 'the API server defaults it to 600' },
  { block: /^spec$/, resource: /^kubernetes_(?:deployment|stateful_set)_v1$/, attribute: 'revision_history_limit', field: 'revisionHistoryLimit', value: 10, disposition: 'api-default', why: 'the API server defaults it to 10' },
  { block: /^spec\.strategy\.rolling_update$/, resource: /^kubernetes_deployment_v1$/, attribute: 'max_surge', field: 'maxSurge', value: '25%', disposition: 'api-default', why: 'the API server defaults it to 25%' },
  { block: /^spec\.strategy\.rolling_update$/, resource: /^kubernetes_deployment_v1$/, attribute: 'max_unavailable', field: 'maxUnavailable', value: '25%', disposition: 'api-default', why: 'the API server defaults it to 25%' },
  { block: /^spec$/, resource: /^kubernetes_stateful_set_v1$/, attribute: 'pod_management_policy', field: 'podManagementPolicy', value: 'OrderedReady', disposition: 'api-default', why: 'the API server defaults it to OrderedReady' },
  { block: /^spec$/, resource: /^kubernetes_job_v1$/, attribute: 'backoff_limit', field: 'backoffLimit', value: 6, disposition: 'api-default', why: 'the API server defaults it to 6' },
  { block: /^spec$/, resource: /^kubernetes_job_v1$/, attribute: 'completions', field: 'completions', value: 1, disposition: 'api-default', why: 'the API server defaults it to 1' },
  { block: /^spec$/, resource: /^kubernetes_job_v1$/, attribute: 'parallelism', field: 'parallelism', value: 1, disposition: 'api-default', why: 'the API server defaults it to 1' },
  // services and accounts
  { block: /^spec$/, resource: /^kubernetes_service_v1$/, attribute: 'type', field: 'type', value: 'ClusterIP', disposition: 'api-default', why: 'the API server defaults it to ClusterIP' },
  { block: /^spec$/, resource: /^kubernetes_service_v1$/, attribute: 'session_affinity', field: 'sessionAffinity', value: 'None', disposition: 'api-default', why: 'the API server defaults it to None' },
  { block: /^spec\.port$/, resource: /^kubernetes_service_v1$/, attribute: 'protocol', field: 'protocol', value: 'TCP', disposition: 'api-default', why: 'the API server defaults it to TCP' },
  { block: /^spec\.port$/, resource: /^kubernetes_service_v1$/, attribute: 'target_port', field: 'targetPort', value: '', disposition: 'kept', why: 'the provider sends an empty target port' },
  { block: /^$/, resource: /^kubernetes_service_account_v1$/, attribute: 'automount_service_account_token', field: 'automountServiceAccountToken', value: true, disposition: 'kept', why: 'the schema default is true' },
  // autoscaler
  { block: /^spec$/, resource: /^kubernetes_horizontal_pod_autoscaler_v2$/, attribute: 'behavior', field: 'behavior', value: {}, disposition: 'kept', why: 'the provider always sends a behavior' },
  { block: /^spec\.behavior\.scale_(?:up|down)$/, resource: /^kubernetes_horizontal_pod_autoscaler_v2$/, attribute: 'select_policy', field: 'selectPolicy', value: '', disposition: 'kept', why: 'an unset select_policy is sent as ""' },
];

/**
 * Fields the API server fills that the provider has no attribute for; the rendered object carries
 * them so it matches what the cluster stores.
 */
export const SERVER_FILLED: readonly { readonly resource: RegExp; readonly arrayPath: readonly string[]; readonly fields: Readonly<Record<string, Json>>; readonly why: string }[] = [
  {
    resource: /^kubernetes_stateful_set_v1$/,
    arrayPath: ['spec', 'volumeClaimTemplates'],
    fields: { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
    why: 'the API server sets the type of each claim template',
  },
];
