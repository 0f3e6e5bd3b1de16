// Which @pulumi/kubernetes class creates an object of a given apiVersion and kind, and back: which
// apiVersion a Pulumi type token (`kubernetes:apps/v1:Deployment`) stands for. Kinds without a typed
// class (custom resources) use `k8s.apiextensions.CustomResource`, which sends the object as written.

/** The stable built-in kinds @pulumi/kubernetes 4.x has typed classes for, by apiVersion. */
export const TYPED_KINDS: Readonly<Record<string, readonly string[]>> = {
  v1: [
    'ConfigMap', 'Endpoints', 'LimitRange', 'Namespace', 'PersistentVolume', 'PersistentVolumeClaim', 'Pod',
    'PodTemplate', 'ReplicationController', 'ResourceQuota', 'Secret', 'Service', 'ServiceAccount',
  ],
  'admissionregistration.k8s.io/v1': ['MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration'],
  'apiextensions.k8s.io/v1': ['CustomResourceDefinition'],
  'apps/v1': ['DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  'autoscaling/v1': ['HorizontalPodAutoscaler'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'batch/v1': ['CronJob', 'Job'],
  'coordination.k8s.io/v1': ['Lease'],
  'discovery.k8s.io/v1': ['EndpointSlice'],
  'networking.k8s.io/v1': ['Ingress', 'IngressClass', 'NetworkPolicy'],
  'node.k8s.io/v1': ['RuntimeClass'],
  'policy/v1': ['PodDisruptionBudget'],
  'rbac.authorization.k8s.io/v1': ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  'scheduling.k8s.io/v1': ['PriorityClass'],
  'storage.k8s.io/v1': ['CSIDriver', 'StorageClass', 'VolumeAttachment'],
};

export interface ResourceClass {
  /** `k8s.apps.v1.Deployment` or `k8s.apiextensions.CustomResource`. */
  readonly expression: string;
  /** Typed classes set apiVersion and kind themselves; a CustomResource needs them in its arguments. */
  readonly typed: boolean;
}

export function findResourceClass(apiVersion: string, kind: string): ResourceClass {
  if (!TYPED_KINDS[apiVersion]?.includes(kind)) return { expression: 'k8s.apiextensions.CustomResource', typed: false };
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['core', apiVersion];
  // `rbac.authorization.k8s.io` → the module `rbac`: the SDK names modules by the group's first label.
  return { expression: `k8s.${group.split('.')[0]}.${version}.${kind}`, typed: true };
}

/** `kubernetes:core/v1:Service` → { apiVersion: 'v1', kind: 'Service' }; undefined for other packages. */
export function parseTypeToken(type: string): { apiVersion: string; kind: string } | undefined {
  const match = /^kubernetes:(.+):([^:]+)$/.exec(type);
  if (!match) return undefined;
  return { apiVersion: match[1] === 'core/v1' ? 'v1' : match[1], kind: match[2] };
}
