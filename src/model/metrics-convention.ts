// The one definition of which metrics a berth component exposes and which labels identify it, so
// alerts, dashboards and canary analysis all ask Prometheus the same question. A component's
// `metrics.convention` picks HTTP, gRPC or Istio names and may override each one.
import type { Component, ConventionKind } from '../spec/app-spec.ts';
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

/** The gRPC server metrics of go-grpc-prometheus and the grpc-ecosystem middleware. */
export const GRPC_METRICS = {
  /** Counter of completed RPCs, with the status in `grpc_code` (also `grpc_service`, `grpc_method`). */
  requests: 'grpc_server_handled_total',
  /** Histogram of RPC durations in seconds (when handling-time histograms are enabled). */
  duration: 'grpc_server_handling_seconds',
  codeLabel: 'grpc_code',
} as const;

/** Istio's standard telemetry, reported by the sidecars (`reporter="destination"`: the server's view). */
export const ISTIO_METRICS = {
  requests: 'istio_requests_total',
  /** Histogram in milliseconds. */
  duration: 'istio_request_duration_milliseconds',
  codeLabel: 'response_code',
  workloadLabel: 'destination_workload',
  namespaceLabel: 'destination_workload_namespace',
} as const;

/** gRPC codes that mean the server failed, and those that mean the caller did (the 5xx and 4xx of gRPC). */
const GRPC_SERVER_ERRORS = 'Unknown|DeadlineExceeded|Unimplemented|Internal|Unavailable|DataLoss';
const GRPC_CLIENT_ERRORS = 'InvalidArgument|NotFound|AlreadyExists|PermissionDenied|Unauthenticated|ResourceExhausted|FailedPrecondition|OutOfRange';

/** Everything a query needs to know about one component's request metrics. */
export interface MetricsConvention {
  readonly kind: ConventionKind;
  /** Counter of handled requests. */
  readonly requests: string;
  /** Histogram base name (`_bucket`, `_sum`, `_count` follow). */
  readonly duration: string;
  readonly durationUnit: 'seconds' | 'milliseconds';
  /**
   * Open connections or in-flight requests: a gauge, or (when empty) the difference of two
   * counters, opened minus closed.
   */
  readonly connections: string;
  readonly connectionsOpened: string;
  readonly connectionsClosed: string;
  readonly codeLabel: string;
  /** Regular expressions of the codes that count as server and as client errors. */
  readonly serverErrors: string;
  readonly clientErrors: string;
  /** The label holding `<fullname>-<component>` and the one holding the namespace. */
  readonly workloadLabel: string;
  readonly namespaceLabel: string;
  /** Matchers every query adds (Istio: only the server side's reports). */
  readonly extraMatchers: string;
}

const CONVENTIONS: Readonly<Record<ConventionKind, MetricsConvention>> = {
  http: {
    kind: 'http',
    requests: HTTP_METRICS.requests,
    duration: HTTP_METRICS.duration,
    durationUnit: 'seconds',
    connections: 'http_server_active_requests',
    connectionsOpened: '',
    connectionsClosed: '',
    codeLabel: HTTP_METRICS.codeLabel,
    serverErrors: '5..',
    clientErrors: '4..',
    workloadLabel: 'service',
    namespaceLabel: 'namespace',
    extraMatchers: '',
  },
  grpc: {
    kind: 'grpc',
    requests: GRPC_METRICS.requests,
    duration: GRPC_METRICS.duration,
    durationUnit: 'seconds',
    connections: '',
    connectionsOpened: 'grpc_server_started_total',
    connectionsClosed: GRPC_METRICS.requests,
    codeLabel: GRPC_METRICS.codeLabel,
    serverErrors: GRPC_SERVER_ERRORS,
    clientErrors: GRPC_CLIENT_ERRORS,
    workloadLabel: 'service',
    namespaceLabel: 'namespace',
    extraMatchers: '',
  },
  istio: {
    kind: 'istio',
    requests: ISTIO_METRICS.requests,
    duration: ISTIO_METRICS.duration,
    durationUnit: 'milliseconds',
    connections: '',
    connectionsOpened: 'istio_tcp_connections_opened_total',
    connectionsClosed: 'istio_tcp_connections_closed_total',
    codeLabel: ISTIO_METRICS.codeLabel,
    serverErrors: '5..',
    clientErrors: '4..',
    workloadLabel: ISTIO_METRICS.workloadLabel,
    namespaceLabel: ISTIO_METRICS.namespaceLabel,
    extraMatchers: 'reporter="destination"',
  },
};

/** The defaults of one convention. */
export function conventionDefaults(kind: ConventionKind): MetricsConvention {
  return CONVENTIONS[kind];
}

/** A component's convention with its spec's overrides applied; undefined when it declares no metrics. */
export function componentConvention(component: Component): MetricsConvention | undefined {
  const convention = component.metrics?.convention;
  if (!convention) return undefined;
  const { connections, ...rest } = convention.overrides;
  // A gauge given in the spec replaces the counter pair.
  const gauge = connections === undefined ? {} : { connections, connectionsOpened: '', connectionsClosed: '' };
  return { ...CONVENTIONS[convention.kind], ...rest, ...gauge };
}

/**
 * The selector of a component's request series under its convention: its namespace and
 * `<fullname>-<component>` (the Service for HTTP and gRPC, the workload for Istio).
 */
export function requestSelector(component: string, convention: MetricsConvention): Value {
  return concat(
    convention.extraMatchers ? `${convention.extraMatchers},` : '',
    `${convention.namespaceLabel}="`,
    param(NAMESPACE),
    `",${convention.workloadLabel}="`,
    param(FULLNAME),
    `-${component}"`,
  );
}

/** `* 1000` when the histogram is in seconds: alert thresholds and panels speak milliseconds. */
export function toMilliseconds(convention: MetricsConvention): string {
  return convention.durationUnit === 'seconds' ? ' * 1000' : '';
}

/** Metrics of the cluster's own exporters (kube-state-metrics, cAdvisor, kubelet, cert-manager). */
export const CLUSTER_METRICS = {
  restarts: 'kube_pod_container_status_restarts_total',
  cpuUsage: 'container_cpu_usage_seconds_total',
  cpuLimit: 'kube_pod_container_resource_limits',
  volumeUsed: 'kubelet_volume_stats_used_bytes',
  volumeCapacity: 'kubelet_volume_stats_capacity_bytes',
  certificateExpiry: 'certmanager_certificate_expiration_timestamp_seconds',
  memoryUsage: 'container_memory_working_set_bytes',
  podInfo: 'kube_pod_info',
  containerInfo: 'kube_pod_container_info',
  replicaSetCreated: 'kube_replicaset_created',
  replicaSetOwner: 'kube_replicaset_owner',
  deploymentGeneration: 'kube_deployment_status_observed_generation',
  deploymentAvailable: 'kube_deployment_status_replicas_available',
  deploymentDesired: 'kube_deployment_spec_replicas',
  // The Argo Rollouts controller's own series, for components that run as Rollouts.
  rolloutAvailable: 'rollout_info_replicas_available',
  rolloutDesired: 'rollout_info_replicas_desired',
  rolloutEvents: 'rollout_events_total',
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
