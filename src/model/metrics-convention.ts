// The one definition of which metrics a berth component exposes and which labels identify it, so
// alerts (and later canary analysis and dashboards) all ask Prometheus the same question.
import { concat, param, type Value } from './template.ts';
import { FULLNAME, NAMESPACE } from './template-object.ts';

/** The HTTP metrics a component with `metrics:` serves (the Prometheus client libraries' names). */
export const HTTP_METRICS = {
  /** Counter of served requests, with the status code in `code`. */
  requests: 'http_requests_total',
  /** Histogram of request durations in seconds (`_bucket`, `_sum`, `_count`). */
  duration: 'http_request_duration_seconds',
  /** The label holding the HTTP status code. */
  codeLabel: 'code',
} as const;

/** Metrics of the cluster's own exporters (kube-state-metrics, cAdvisor, kubelet, cert-manager). */
export const CLUSTER_METRICS = {
  restarts: 'kube_pod_container_status_restarts_total',
  cpuUsage: 'container_cpu_usage_seconds_total',
  cpuLimit: 'kube_pod_container_resource_limits',
  volumeUsed: 'kubelet_volume_stats_used_bytes',
  volumeCapacity: 'kubelet_volume_stats_capacity_bytes',
  certificateExpiry: 'certmanager_certificate_expiration_timestamp_seconds',
} as const;

/**
 * The selector of a component's scraped series: a ServiceMonitor target carries the namespace and the
 * Service's name in `namespace` and `service`.
 */
export function serviceSelector(component: string): Value {
  return concat('namespace="', param(NAMESPACE), '",service="', param(FULLNAME), `-${component}"`);
}

/** The selector of a component's containers in cluster metrics: its pods are `<fullname>-<component>-…`. */
export function containerSelector(component: string): Value {
  return concat('namespace="', param(NAMESPACE), '",pod=~"', param(FULLNAME), `-${component}-.*",container="${component}"`);
}

/** The selector of a component's persistent volume claims (`<fullname>-<component>-<volume>`). */
export function volumeSelector(component: string): Value {
  return concat('namespace="', param(NAMESPACE), '",persistentvolumeclaim=~"', param(FULLNAME), `-${component}-.*"`);
}

export function namespaceSelector(): Value {
  return concat('namespace="', param(NAMESPACE), '"');
}
