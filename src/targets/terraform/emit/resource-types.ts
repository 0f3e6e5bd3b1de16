// Which typed provider resource expresses each Kubernetes kind berth emits. Anything else (custom
// resources) goes through kubernetes_manifest, which needs the cluster's CRDs at plan time.

export interface TypedResource {
  readonly resourceType: string;
  readonly apiVersion: string;
  /** Attributes that steer Terraform, not the object (never sent to the API). */
  readonly providerOnly?: 'job' | 'pvc';
}

const TYPED: Readonly<Record<string, TypedResource>> = {
  ConfigMap: { resourceType: 'kubernetes_config_map_v1', apiVersion: 'v1' },
  CronJob: { resourceType: 'kubernetes_cron_job_v1', apiVersion: 'batch/v1' },
  DaemonSet: { resourceType: 'kubernetes_daemon_set_v1', apiVersion: 'apps/v1' },
  Deployment: { resourceType: 'kubernetes_deployment_v1', apiVersion: 'apps/v1' },
  HorizontalPodAutoscaler: { resourceType: 'kubernetes_horizontal_pod_autoscaler_v2', apiVersion: 'autoscaling/v2' },
  Ingress: { resourceType: 'kubernetes_ingress_v1', apiVersion: 'networking.k8s.io/v1' },
  Job: { resourceType: 'kubernetes_job_v1', apiVersion: 'batch/v1', providerOnly: 'job' },
  NetworkPolicy: { resourceType: 'kubernetes_network_policy_v1', apiVersion: 'networking.k8s.io/v1' },
  PersistentVolumeClaim: { resourceType: 'kubernetes_persistent_volume_claim_v1', apiVersion: 'v1', providerOnly: 'pvc' },
  PodDisruptionBudget: { resourceType: 'kubernetes_pod_disruption_budget_v1', apiVersion: 'policy/v1' },
  Secret: { resourceType: 'kubernetes_secret_v1', apiVersion: 'v1' },
  Service: { resourceType: 'kubernetes_service_v1', apiVersion: 'v1' },
  ServiceAccount: { resourceType: 'kubernetes_service_account_v1', apiVersion: 'v1' },
  StatefulSet: { resourceType: 'kubernetes_stateful_set_v1', apiVersion: 'apps/v1' },
};

export const MANIFEST_RESOURCE = 'kubernetes_manifest';

/** The typed resource for an object, or undefined when only kubernetes_manifest can express it. */
export function typedResource(kind: string, apiVersion: unknown): TypedResource | undefined {
  const typed = TYPED[kind];
  return typed && typed.apiVersion === apiVersion ? typed : undefined;
}
