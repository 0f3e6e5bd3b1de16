// The shape every stage agrees on for a Kubernetes object: plain JSON, as `kubectl get -o json` shows it.

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** `Deployment/todo-backend` — how berth names an object in messages. */
export function objectId(object: Pick<KubernetesObject, 'kind' | 'metadata'>): string {
  return `${object.kind}/${object.metadata.name}`;
}
