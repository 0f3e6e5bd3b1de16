// The one definition of `berth.yaml`: validated here with zod, and published as berth.schema.json
// (see toJsonSchema) so editors complete and check the same rules the CLI enforces.
import * as z from 'zod';
import { secretsSettings } from './secrets-schema.ts';

// zod would generate and compile a parser function per object schema on first use; berth parses one
// spec per run, which the plain parser reads faster than the compiler can build the fast one.
z.config({ jitless: true });

const dnsLabel = z
  .string()
  .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS label: lowercase letters, digits and "-", starting with a letter')
  .max(40, 'must be at most 40 characters');

const envVarName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name: letters, digits and "_", not starting with a digit');

const quantityPattern = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const quantity = z
  .union([z.string().regex(quantityPattern, 'must be a Kubernetes quantity such as 250m, 1, 512Mi or 2Gi'), z.number().positive()])
  .describe('A Kubernetes quantity: `250m`, `0.5`, `512Mi`, `1Gi`.');

const port = z.int().min(1).max(65535);
const seconds = z.int().min(0);
const positiveSeconds = z.int().min(1);

/** `250m..500m` (request..limit) or `{ request, limit }`. */
const resourceRange = z
  .union([
    z
      .string()
      .regex(/^[^.]+(\.\d+)?[A-Za-z]*\.\.[^.]+(\.\d+)?[A-Za-z]*$/, 'must be `request..limit`, e.g. `250m..500m`'),
    quantity,
    z.strictObject({ request: quantity.optional(), limit: quantity.optional() }),
  ])
  .describe('Request and limit: `250m..500m` (short form), a single quantity (request = limit), or `{ request, limit }`.');

const resources = z
  .strictObject({ cpu: resourceRange.optional(), memory: resourceRange.optional() })
  .describe('CPU and memory requests and limits. Defaults: cpu 100m..500m, memory 128Mi..512Mi.');

const secretRef = z
  .strictObject({
    secret: z.string().min(1).describe('Name of an existing Secret (berth never writes secret values).'),
    key: z.string().min(1).describe('Key inside the Secret.'),
  })
  .describe('A value read from an existing Secret through `secretKeyRef`.');

const fieldRef = z
  .strictObject({ field: z.enum(['metadata.name', 'metadata.namespace', 'status.podIP', 'spec.nodeName', 'spec.serviceAccountName']) })
  .describe('A value from the Pod itself (downward API).');

const envValue = z
  .union([z.string(), z.number(), z.boolean(), secretRef, fieldRef])
  .describe('A literal (goes into the component ConfigMap), `{ secret, key }` (a secretKeyRef) or `{ field }` (downward API).');

const probeTiming = z
  .strictObject({
    initialDelaySeconds: seconds.optional(),
    periodSeconds: positiveSeconds.optional(),
    timeoutSeconds: positiveSeconds.optional(),
    failureThreshold: positiveSeconds.optional(),
    successThreshold: positiveSeconds.optional(),
  })
  .describe('Probe timings. Defaults (seed 001): liveness 10s/5s/3, readiness 5s/3s/2, startup 5s/3s/12.');

const httpCheck = z.union([
  z.string().startsWith('/', 'an HTTP health path starts with "/"'),
  z.strictObject({ path: z.string().startsWith('/'), port: port.optional() }),
]);

const health = z
  .union([
    z.literal(false),
    z.strictObject({
      http: httpCheck.optional().describe('HTTP GET path (`/health`) or `{ path, port }`.'),
      tcp: z.union([z.literal(true), port]).optional().describe('TCP socket check on the main port (`true`) or a given port.'),
      grpc: z
        .union([z.literal(true), z.strictObject({ port: port.optional(), service: z.string().optional() })])
        .optional()
        .describe('gRPC health checking protocol on the main port.'),
      exec: z.array(z.string()).min(1).optional().describe('Command run in the container; exit 0 means healthy.'),
      liveness: probeTiming.optional(),
      readiness: probeTiming.optional(),
      startup: z.union([probeTiming, z.literal(false)]).optional(),
    }),
  ])
  .describe('Health checks: exactly one of http, tcp, grpc or exec; `false` for none (needs an exception for the probe rules).');

const autoscale = z
  .union([
    z.literal(false),
    z.strictObject({
      enabled: z.boolean().optional().describe('Long form of `autoscale: false` that keeps the bounds (default true).'),
      min: z.int().min(1).optional().describe('Minimum replicas (default 2).'),
      max: z.int().min(1).optional().describe('Maximum replicas (default 10).'),
      cpu: z.int().min(1).max(1000).optional().describe('Target average CPU utilisation in percent of the request (default 80 when no memory target is set).'),
      memory: z.int().min(1).max(1000).optional().describe('Target average memory utilisation in percent of the request.'),
      scaleDownStabilizationSeconds: z.int().min(0).max(3600).optional().describe('Scale-down stabilisation window (default 300).'),
    }),
  ])
  .describe('HorizontalPodAutoscaler (autoscaling/v2). When set, the Deployment has no `replicas` field.');

const route = z.union([
  z.string().startsWith('/', 'a route path starts with "/"'),
  z.strictObject({
    path: z.string().startsWith('/'),
    pathType: z.enum(['Prefix', 'Exact', 'ImplementationSpecific']).optional(),
    host: dnsLabel.optional().describe('Name of one of `ingress.hosts` (default: the main `ingress.host`).'),
  }),
]);

const persistentVolume = z.strictObject({
  path: z.string().startsWith('/'),
  size: quantity.describe('Requested storage, e.g. 1Gi.'),
  accessMode: z.enum(['ReadWriteOnce', 'ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOncePod']).optional(),
  storageClass: z.string().optional(),
});

const ruleException = z
  .strictObject({
    rule: z.string().regex(/^[a-z0-9-]+$/, 'must be a rule id such as readonly-root-filesystem'),
    reason: z.string().min(10, 'must say why (at least 10 characters)'),
  })
  .describe('Accepts one policy rule for this component, with the reason. Relaxes the matching secure default.');

const rollout = z.strictObject({
  maxSurge: z.union([z.int().min(0), z.string().regex(/^\d+%$/)]).optional(),
  maxUnavailable: z.union([z.int().min(0), z.string().regex(/^\d+%$/)]).optional(),
  minReadySeconds: seconds.optional(),
});

const image = z.union([
  z.string().min(1).describe('`repository` or `repository:tag`; the tag defaults to the app version.'),
  z.strictObject({
    repository: z.string().min(1),
    tag: z.string().min(1).optional(),
    pullPolicy: z.enum(['IfNotPresent', 'Always', 'Never']).optional(),
  }),
]);

const namedPort = z.strictObject({
  name: z.string().regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/).max(15),
  port,
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
});

const uses = z.union([
  dnsLabel,
  z.strictObject({ dependency: dnsLabel, env: envVarName.describe('Name of the connection URL variable (default REDIS_URL / DATABASE_URL).') }),
]);

const annotationMap = z.record(
  z.string().regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, 'must be an annotation or label key such as prometheus.io/scrape or eks.amazonaws.com/role-arn'),
  z.string(),
);

/** Annotations of the objects berth writes for a component, by object. */
const componentAnnotations = z
  .strictObject({
    pod: annotationMap.optional().describe('On the pod template (e.g. prometheus.io/scrape, sidecar injection).'),
    service: annotationMap.optional().describe('On the Service (e.g. load balancer settings).'),
    serviceAccount: annotationMap.optional().describe('On the ServiceAccount (e.g. eks.amazonaws.com/role-arn, iam.gke.io/gcp-service-account).'),
  })
  .describe('Annotations per object; values can be changed per environment (keys are declared here).');

const podLabels = z
  .record(
    z.string().regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, 'must be a label key such as team or example.com/tier'),
    z.string().regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/, 'must be a label value: at most 63 letters, digits, "-", "_" or "."'),
  )
  .describe('Extra labels on the pods (not on the selector); app.kubernetes.io/* and berth.dev/* are berth\'s own.');

const pullSecrets = z.array(dnsLabel.or(z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/))).describe('Existing Secrets of type kubernetes.io/dockerconfigjson for a private registry (berth never writes them).');

const serviceSettings = z
  .strictObject({
    type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer']).optional().describe('Service type (default ClusterIP); overridable per environment.'),
    loadBalancerSourceRanges: z.array(z.string().regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, 'must be a CIDR such as 203.0.113.0/24')).optional().describe('Client ranges a LoadBalancer accepts (default: any).'),
  })
  .describe('How the component\'s Service is exposed.');

const nodeExpression = z.strictObject({
  key: z.string().min(1),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']),
  values: z.array(z.string()).optional(),
});
const nodeSelectorTerm = z.strictObject({ matchExpressions: z.array(nodeExpression).optional(), matchFields: z.array(nodeExpression).optional() });
const labelSelector = z.strictObject({
  matchLabels: z.record(z.string().min(1), z.string()).optional(),
  matchExpressions: z.array(z.strictObject({ key: z.string().min(1), operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']), values: z.array(z.string()).optional() })).optional(),
});
const podAffinityTerm = z.strictObject({
  labelSelector: labelSelector.optional(),
  namespaceSelector: labelSelector.optional(),
  namespaces: z.array(z.string().min(1)).optional(),
  topologyKey: z.string().min(1).describe('Node label that defines "together", e.g. kubernetes.io/hostname or topology.kubernetes.io/zone.'),
});
const podAffinity = z.strictObject({
  requiredDuringSchedulingIgnoredDuringExecution: z.array(podAffinityTerm).optional(),
  preferredDuringSchedulingIgnoredDuringExecution: z.array(z.strictObject({ weight: z.int().min(1).max(100), podAffinityTerm })).optional(),
});
const affinity = z
  .strictObject({
    nodeAffinity: z
      .strictObject({
        requiredDuringSchedulingIgnoredDuringExecution: z.strictObject({ nodeSelectorTerms: z.array(nodeSelectorTerm).min(1) }).optional(),
        preferredDuringSchedulingIgnoredDuringExecution: z.array(z.strictObject({ weight: z.int().min(1).max(100), preference: nodeSelectorTerm })).optional(),
      })
      .optional()
      .describe('Nodes the pods must or should run on (also the pods of its Jobs and CronJobs).'),
    podAffinity: podAffinity.optional().describe('Pods these pods must or should run beside (long-running pods only).'),
    podAntiAffinity: podAffinity.optional().describe('Pods these pods must or should keep away from (long-running pods only).'),
  })
  .describe('Kubernetes affinity of the pods, as in the pod spec; an environment can replace it whole.');
const topologySpread = z
  .union([
    z.literal(false),
    z.array(
      z.strictObject({
        topologyKey: z.string().min(1).describe('Node label to spread over, e.g. topology.kubernetes.io/zone.'),
        maxSkew: z.int().min(1).optional().describe('Most pods one domain may have over another (default 1).'),
        whenUnsatisfiable: z.enum(['ScheduleAnyway', 'DoNotSchedule']).optional().describe('Default ScheduleAnyway.'),
        minDomains: z.int().min(1).optional().describe('Domains to count even when empty (only with DoNotSchedule).'),
      }),
    ),
  ])
  .describe('How the pods spread over nodes or zones; `false` for none. Default: at most one more pod per node than another (kubernetes.io/hostname, ScheduleAnyway). An environment can replace it whole.');

const placement = z
  .strictObject({
    nodeSelector: z.record(z.string().min(1), z.string()).optional().describe('Node labels the pods must run on (values overridable per environment).'),
    tolerations: z
      .array(
        z.strictObject({
          key: z.string().optional(),
          operator: z.enum(['Equal', 'Exists']).optional(),
          value: z.string().optional(),
          effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
          tolerationSeconds: z.int().min(0).optional(),
        }),
      )
      .optional()
      .describe('Taints the pods tolerate.'),
    priorityClassName: z.string().min(1).optional().describe('PriorityClass of the pods (overridable per environment).'),
    terminationGracePeriodSeconds: z.int().min(0).max(3600).optional().describe('Seconds a pod has to stop after SIGTERM (overridable per environment).'),
    preStopSleepSeconds: z.int().min(1).max(300).optional().describe('A preStop hook that waits this long before SIGTERM, so load balancers stop sending traffic first.'),
    affinity: affinity.optional(),
    topologySpread: topologySpread.optional(),
  })
  .describe('Where and how the pods run: node placement, priority and graceful shutdown.');

const extraContainer = z.strictObject({
  image: z.string().min(1).describe('`repository:tag` of the container (pinned: it does not follow the app version).'),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  env: z.record(envVarName, envValue).optional().describe('Literals or `{ secret, key }` / `{ field }` references.'),
  ports: z.array(namedPort).optional().describe('Ports it listens on (sidecars only; not in the Service).'),
  resources: resources.optional(),
  health: health
    .optional()
    .describe('Sidecars only: the sidecar\'s own liveness, readiness and startup checks (exactly one of http, tcp, grpc or exec; a port defaults to the sidecar\'s first `ports` entry). Without it the sidecar has no probes.'),
  native: z
    .boolean()
    .optional()
    .describe('Sidecars only: run it as a native sidecar (an init container with `restartPolicy: Always`, Kubernetes 1.29 or later) that starts before the init containers and the main one, and also runs beside Jobs and CronJobs. The Terraform provider 2.38 cannot write it.'),
});

const build = z
  .strictObject({
    context: z.string().min(1).optional().describe('Build context, relative to the spec\'s directory (default `.`).'),
    dockerfile: z.string().min(1).optional().describe('Dockerfile, relative to the build context (default `Dockerfile`).'),
    target: z.string().min(1).optional().describe('Stage of a multi-stage Dockerfile to build.'),
    test: z.string().min(1).optional().describe('Shell command CI runs in the build context before building, e.g. `go test ./...`.'),
    lint: z.string().min(1).optional().describe('Shell command CI runs in the build context before building, e.g. `golangci-lint run`.'),
  })
  .describe('How CI builds this component\'s image (Buildx); such images get the delivery tag policy.');

const duration = z.string().regex(/^([0-9]+(ms|s|m|h|d|w|y))+$/, 'must be a Prometheus duration such as 30s, 5m or 1h');

const metricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'must be a Prometheus metric name: letters, digits, "_" and ":"');
const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name: letters, digits and "_"');
const conventionKind = z.enum(['http', 'grpc', 'istio']);
const convention = z
  .union([
    conventionKind,
    z.strictObject({
      kind: conventionKind.optional().describe('The convention the names start from (default `http`).'),
      requests: metricName.optional().describe('Counter of handled requests (http: `http_requests_total`, grpc: `grpc_server_handled_total`, istio: `istio_requests_total`).'),
      duration: metricName.optional().describe('Histogram of request durations, without `_bucket` (http: `http_request_duration_seconds`, grpc: `grpc_server_handling_seconds`, istio: `istio_request_duration_milliseconds`).'),
      durationUnit: z.enum(['seconds', 'milliseconds']).optional().describe('Unit of the histogram (istio: milliseconds, otherwise seconds).'),
      connections: metricName.optional().describe('Gauge of open connections or in-flight requests, for the throughput dashboard (http: `http_server_active_requests`).'),
      connectionsOpened: metricName.optional().describe('Counter of opened connections or started requests, when there is no gauge (grpc: `grpc_server_started_total`, istio: `istio_tcp_connections_opened_total`).'),
      connectionsClosed: metricName.optional().describe('Counter of closed connections or finished requests (grpc: `grpc_server_handled_total`, istio: `istio_tcp_connections_closed_total`).'),
      codeLabel: labelName.optional().describe('Label of the status code (http: `code`, grpc: `grpc_code`, istio: `response_code`).'),
      serverErrors: z.string().min(1).optional().describe('Regular expression of the codes counted as server errors (http and istio: `5..`; grpc: Unknown, DeadlineExceeded, Unimplemented, Internal, Unavailable, DataLoss).'),
      clientErrors: z.string().min(1).optional().describe('Regular expression of the codes counted as client errors (http and istio: `4..`; grpc: InvalidArgument, NotFound, AlreadyExists, PermissionDenied, Unauthenticated, ResourceExhausted, FailedPrecondition, OutOfRange).'),
      workloadLabel: labelName.optional().describe('Label naming the component\'s Service or workload (http and grpc: `service`, set by the ServiceMonitor; istio: `destination_workload`).'),
      namespaceLabel: labelName.optional().describe('Label naming its namespace (http and grpc: `namespace`; istio: `destination_workload_namespace`).'),
    }),
  ])
  .describe('Which metrics the component serves: `http` (Prometheus client libraries), `grpc` (go-grpc-prometheus / grpc-ecosystem), `istio` (the sidecar\'s standard telemetry), each name overridable. Alerts and dashboards query these names.');

const metrics = z
  .strictObject({
    port: z.union([z.string().min(1), port]).describe('The port (its name, or its number) that serves the metrics; one of the component\'s ports.'),
    path: z.string().startsWith('/').optional().describe('HTTP path of the metrics (default `/metrics`).'),
    interval: duration.optional().describe('Scrape interval (default `30s`).'),
    convention: convention.optional(),
  })
  .describe('Where the component exposes Prometheus metrics: berth writes a ServiceMonitor and lets the monitoring namespace scrape the port.');

const severity = z.enum(['critical', 'warning', 'info']);
const alertIds = ['pod-crash-looping', 'error-rate-critical', 'error-rate-warning', 'latency-p95', 'cpu-high', 'disk-high', 'certificate-expiring'] as const;
const alertSetting = z
  .union([
    z.literal(false),
    z.strictObject({
      threshold: z.int().min(0).optional().describe('The alert\'s threshold, in the unit of its table row (restarts, %, ms or days).'),
      for: duration.optional().describe('How long the condition must hold before the alert fires.'),
      severity: severity.optional(),
    }),
  ])
  .describe('`false` turns the default alert off; an object changes its threshold, duration or severity.');
const alertSettings = z
  .partialRecord(z.enum(alertIds), alertSetting)
  .describe('Changes to the default alerts, by id (see docs/observability.md).');
const customAlert = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an alert name: letters, digits and "_"').describe('Alert name, e.g. `QueueBacklogHigh`.'),
  expr: z.string().min(1).describe('PromQL expression; the alert fires while it returns series.'),
  for: duration.optional().describe('How long it must hold (default `5m`).'),
  severity,
  summary: z.string().min(1),
  description: z.string().min(1).optional(),
  runbook: z.string().url().optional().describe('Runbook URL.'),
});
const receiverName = z
  .string()
  .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, 'must be a lowercase name: letters, digits and "-"')
  .refine((name) => name !== 'none', '`none` is the receiver of alerts no route takes');
const receiver = z
  .union([
    z.strictObject({
      slack: z.strictObject({
        channel: z.string().min(1).describe('Channel the messages go to, e.g. `#platform-alerts`.'),
        webhook: secretRef.describe('Secret key holding the Slack incoming-webhook URL.'),
      }),
    }),
    z.strictObject({
      pagerduty: z.strictObject({ routingKey: secretRef.describe('Secret key holding the PagerDuty Events API v2 routing key.') }),
    }),
    z.strictObject({
      email: z.strictObject({
        to: z.string().email().describe('Address the alerts are mailed to.'),
        from: z.string().email().describe('Sender address.'),
        smarthost: z.string().regex(/^[^\s:]+:[0-9]+$/, 'must be host:port, e.g. smtp.example.com:587').describe('SMTP server, `host:port`.'),
        username: z.string().min(1).optional().describe('SMTP user name (default: no authentication).'),
        password: secretRef.optional().describe('Secret key holding the SMTP password.'),
      }),
    }),
  ])
  .describe('Where alerts are sent: `slack`, `pagerduty` or `email`. Webhook URLs, routing keys and passwords are read from existing Secrets, never written.');
const alertRoute = z
  .strictObject({
    receivers: z.array(receiverName).describe('Receivers the alerts go to (all of them).'),
    repeat: duration.optional().describe('How often a firing alert is sent again: the response time. Default: the seed\'s (critical 5m, warning 15m, info 24h; per alert, see docs/observability.md).'),
  })
  .describe('Who is told, and how often.');
const alertRoutes = z
  .partialRecord(z.enum(['critical', 'warning', 'info', ...alertIds]), alertRoute)
  .describe('Routes by severity (`critical`, `warning`, `info`) or by default alert id (which takes the alert before its severity\'s route).');
const alerting = z
  .strictObject({
    enabled: z.boolean().optional().describe('Write the PrometheusRule (default true once `alerting` is given).'),
    alerts: alertSettings.optional(),
    custom: z.array(customAlert).optional().describe('Alerts of your own, added to the defaults.'),
    runbookBase: z.string().url().optional().describe('Base URL of the runbooks; each alert links to `<base>/<alert id>`.'),
    receivers: z.record(receiverName, receiver).optional().describe('Alertmanager receivers by name; with them berth writes an AlertmanagerConfig and a plain alertmanager.yml.'),
    routes: alertRoutes.optional(),
  })
  .describe('Prometheus alerts: the default table (crash looping, 5xx rate, p95 latency, CPU, disk, certificate expiry) on the components, as a PrometheusRule.');
const dashboards = z
  .strictObject({
    enabled: z.boolean().optional().describe('Write the dashboards (default true: on whenever a component declares `metrics`).'),
  })
  .describe('Grafana dashboards (deployment status, service health, error rates, latency, throughput) as ConfigMaps the Grafana sidecar loads (label `grafana_dashboard: "1"`).');
const monitoring = z
  .strictObject({
    namespace: dnsLabel.optional().describe('Namespace Prometheus runs in; its pods may scrape the metrics ports (default `monitoring`).'),
    labels: z.record(z.string().min(1), z.string()).optional().describe('Labels on the ServiceMonitors and the PrometheusRule so your Prometheus selects them, e.g. `release: kube-prometheus-stack`.'),
  })
  .describe('Which Prometheus scrapes the app and picks up its rules.');

const strategyType = z
  .enum(['rolling', 'canary', 'blue-green'])
  .describe('`rolling`: a Deployment with a rolling update (the default); `canary` or `blue-green`: an Argo Rollouts Rollout.');

const analysis = z
  .union([
    z.literal(true),
    z.strictObject({
      interval: duration.optional().describe('How often each metric is measured (default `30s`).'),
      window: duration.optional().describe('The range of the rates and quantiles measured (default `1m`).'),
      failureLimit: z.int().min(0).optional().describe('Failed measurements tolerated before the release is aborted (default 0: the first one aborts).'),
      errorRate: z.union([z.number().min(0).max(100), z.literal(false)]).optional().describe('Abort when more than this percentage of requests to the new pods fail with a 5xx status (default 1).'),
      latencyP99: z.union([duration, z.literal(false)]).optional().describe('Abort when the p99 latency of the new pods is above this (default `1s`).'),
      restarts: z.union([z.int().min(0), z.literal(false)]).optional().describe('Abort when the new pods\' containers restarted more often than this (default 0: any restart aborts).'),
      metrics: z
        .strictObject({
          requests: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/).optional().describe('Counter of served requests (default: the component\'s `metrics.convention`, else `http_requests_total`).'),
          duration: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/).optional().describe('Histogram of request durations, without `_bucket`, in the unit of the component\'s convention (default: the convention\'s, else `http_request_duration_seconds`).'),
          codeLabel: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/).optional().describe('Label holding the status code (default: the convention\'s, else `code`).'),
          errorCodes: z.string().min(1).optional().describe('Regular expression of the status codes that count as failures (default: the convention\'s server errors — `5..` for HTTP and Istio, `Unknown|DeadlineExceeded|Unimplemented|Internal|Unavailable|DataLoss` for gRPC).'),
          restarts: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/).optional().describe('Restart counter of kube-state-metrics (default `kube_pod_container_status_restarts_total`).'),
        })
        .optional()
        .describe('Metric names the analysis reads, when they differ from the component\'s `metrics.convention` (the one definition alerts and dashboards use too).'),
    }),
  ])
  .describe('Automatic rollback: Argo Rollouts asks Prometheus about the new pods and aborts when a threshold is crossed. `true` uses seed 004\'s thresholds: 5xx > 1 %, p99 > 1 s, any restart.');

const canaryStep = z.union([
  z.int().min(1).max(100).describe('A traffic weight in percent; the canary\'s `pause` follows it (none after 100).'),
  z.strictObject({
    weight: z.int().min(1).max(100).describe('Share of the traffic (or of the replicas) the new version gets, in percent.'),
    pause: z.union([duration, z.literal('forever')]).optional().describe('How long to watch before the next step; `forever` waits for `kubectl argo rollouts promote`.'),
  }),
]);

const canary = z
  .strictObject({
    steps: z.array(canaryStep).min(1).optional().describe('Traffic weights in order, ending at 100 (default seed 004: 5, 25, 50, 100).'),
    pause: z.union([duration, z.literal('forever')]).optional().describe('Pause after each step given as a bare weight (default `10m`).'),
    traffic: z
      .enum(['replicas', 'istio', 'gateway-api'])
      .optional()
      .describe('How traffic is split: by the share of replicas (no router, the default), by Istio (VirtualService + DestinationRule subsets) or by a Gateway API HTTPRoute.'),
    gateway: z
      .strictObject({ name: z.string().min(1), namespace: dnsLabel.optional() })
      .optional()
      .describe('For `traffic: gateway-api`: the Gateway the HTTPRoute attaches to (default: the component\'s Service, as a mesh route).'),
    analysis: analysis.optional(),
  })
  .describe('Canary releases: the new version takes a growing share of traffic while the analysis watches it.');

const blueGreen = z
  .strictObject({
    autoPromote: z.boolean().optional().describe('Switch traffic to the new version by itself once the smoke test passes (default true); `false` waits for `kubectl argo rollouts promote`.'),
    autoPromotionSeconds: positiveSeconds.optional().describe('With autoPromote: wait this long on the preview first.'),
    smokeTest: z
      .union([
        z.literal(false),
        z.strictObject({
          path: z.string().startsWith('/').optional().describe('HTTP path the test requests from the preview Service (default: the health path, else `/`).'),
          image: z.string().min(1).optional().describe('Image with curl that runs the test (default `curlimages/curl:8.11.1`).'),
        }),
      ])
      .optional()
      .describe('Pre-promotion check: a Job that calls the preview Service before any traffic is switched (default on).'),
    analysis: analysis.optional().describe('Post-promotion watch: the analysis runs on the new version after the switch and switches back on failure.'),
    watch: duration.optional().describe('How long the post-promotion analysis watches (default `10m`, seed 004).'),
    scaleDownDelaySeconds: seconds.optional().describe('How long the old version stays scaled up after the switch, so switching back is instant (default 600).'),
  })
  .describe('Blue-green releases: the new version starts behind a preview Service, then the active Service switches to it at once.');

const strategySettings = {
  type: strategyType.optional(),
  canary: canary.optional(),
  blueGreen: blueGreen.optional(),
};

const componentStrategy = z
  .union([strategyType, z.strictObject(strategySettings)])
  .describe('Delivery strategy of this component: `rolling`, `canary` or `blue-green` (short form) or `{ type, canary, blueGreen }`. Default: the app\'s `strategy`.');

const appStrategy = z
  .union([
    strategyType,
    z.strictObject({
      ...strategySettings,
      prometheus: z.string().regex(/^https?:\/\/[^\s/]+/, 'must be a URL such as http://prometheus-operated.monitoring:9090').optional().describe('Prometheus the analysis reads from, e.g. http://prometheus-operated.monitoring:9090.'),
    }),
  ])
  .describe('Progressive delivery for every component (each can say otherwise): the strategy, canary steps and analysis, blue-green promotion, and where the analysis reads metrics.');

const component = z
  .strictObject({
    image,
    sidecars: z
      .record(dnsLabel, extraContainer)
      .optional()
      .describe('Containers that run beside the main one in every pod (a proxy, a log shipper), with the same secure defaults.'),
    initContainers: z
      .record(dnsLabel, extraContainer)
      .optional()
      .describe('Containers that run to completion, in name order, before the main one starts.'),
    imagePullSecrets: pullSecrets.optional(),
    annotations: componentAnnotations.optional(),
    labels: podLabels.optional(),
    service: serviceSettings.optional(),
    placement: placement.optional(),
    stateful: z
      .union([
        z.literal(true),
        z.strictObject({
          podManagementPolicy: z.enum(['OrderedReady', 'Parallel']).optional().describe('`OrderedReady` (default): pods start and stop one at a time, in order; `Parallel`: all at once.'),
        }),
      ])
      .optional()
      .describe('Run it as a StatefulSet: stable pod names behind a headless Service, and every entry of `volumes` a claim of its own per replica (volumeClaimTemplates).'),
    port: port.optional().describe('The main container port (also the Service port).'),
    ports: z.array(namedPort).optional().describe('Additional named ports.'),
    command: z.array(z.string()).optional(),
    args: z.array(z.string()).optional(),
    env: z.record(envVarName, envValue).optional(),
    files: z
      .record(z.string().startsWith('/'), z.string())
      .optional()
      .describe('Config files mounted read-only at the given absolute paths (content inline).'),
    health: health.optional(),
    metrics: metrics.optional(),
    resources: resources.optional(),
    replicas: z.int().min(0).optional().describe('Replicas when not autoscaled (default 2).'),
    autoscale: autoscale.optional(),
    routes: z.array(route).optional().describe('Paths of the app ingress that lead to this component.'),
    volumes: z.record(dnsLabel, persistentVolume).optional().describe('Persistent volumes (one PersistentVolumeClaim each).'),
    writable: z.array(z.string().startsWith('/')).optional().describe('Writable paths (emptyDir) under the read-only root filesystem; /tmp is always writable.'),
    uses: z.array(uses).optional().describe('Dependencies this component connects to; their connection URL is injected.'),
    user: z.int().min(1).optional().describe('UID the container runs as (default 10001).'),
    group: z.int().min(1).optional().describe('GID the container runs as (default: the UID).'),
    rollout: rollout.optional(),
    egress: z
      .strictObject({
        internet: z.boolean().optional().describe('Reach public addresses (default true). Private ranges stay blocked.'),
        cidrs: z.array(z.string().regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, 'must be a CIDR such as 10.20.0.0/16')).optional().describe('Extra address ranges the component may reach, e.g. a managed database in your VPC.'),
      })
      .optional()
      .describe('Outbound traffic: DNS and the app\'s own pods are always allowed; by default also the public internet, not private networks.'),
    exceptions: z.array(ruleException).optional(),
    build: build.optional(),
    strategy: componentStrategy.optional(),
  })
  .describe('A long-running workload: Deployment (StatefulSet when `stateful`), Service, ServiceAccount, ConfigMap, NetworkPolicy, and HPA/PDB when relevant.');

const dependency = z.strictObject({
  kind: z.enum(['redis', 'postgres']),
  inCluster: z.boolean().optional().describe('Run it in the cluster (StatefulSet with storage). Default: true unless `external` is set.'),
  external: secretRef.optional().describe('An existing Secret holding the connection URL, used when not in cluster.'),
  image: z.string().optional().describe('Image for the in-cluster instance (default redis:7.4.2-alpine / postgres:16.6-alpine).'),
  storage: quantity.optional().describe('Persistent volume size of the in-cluster instance (default 1Gi).'),
  credentials: z
    .string()
    .optional()
    .describe('Name of the Secret you create for the in-cluster instance (default `<app>-<dependency>`); berth never writes it.'),
});

const job = z.strictObject({
  component: dnsLabel.describe('Component whose image, env and security settings the Job uses.'),
  command: z.array(z.string()).min(1),
  args: z.array(z.string()).optional(),
  before: z.literal('rollout').optional().describe('`rollout`: run before the new version rolls out (the default and only value).'),
  backoffLimit: z.int().min(0).max(20).optional(),
  activeDeadlineSeconds: positiveSeconds.optional(),
});

const cronJob = z.strictObject({
  component: dnsLabel.describe('Component whose image, env, files and security settings the task uses.'),
  schedule: z.string().regex(/^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\S+\s+){4}\S+)$/, 'must be a cron schedule such as "0 3 * * *" or @daily').describe('Cron schedule, e.g. `0 3 * * *`; overridable per environment.'),
  timeZone: z.string().regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, 'must be an IANA time zone such as Europe/Berlin').optional().describe('IANA time zone of the schedule (default: the controller\'s, usually UTC).'),
  command: z.array(z.string()).min(1),
  args: z.array(z.string()).optional(),
  concurrencyPolicy: z.enum(['Forbid', 'Replace', 'Allow']).optional().describe('What happens when a run is still going at the next time (default Forbid).'),
  startingDeadlineSeconds: z.int().min(1).optional().describe('How late a missed run may still start (default 300).'),
  successfulJobsHistoryLimit: z.int().min(0).max(100).optional().describe('Finished runs kept (default 3).'),
  failedJobsHistoryLimit: z.int().min(0).max(100).optional().describe('Failed runs kept for their logs (default 1).'),
  suspend: z.boolean().optional().describe('Create it but do not run it (default false); overridable per environment.'),
  backoffLimit: z.int().min(0).max(20).optional(),
  activeDeadlineSeconds: positiveSeconds.optional(),
});

const hostName = z.string().regex(/^(\*\.)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a DNS host name');
const hostTls = z
  .union([z.literal(false), z.strictObject({ secret: z.string().min(1).describe('Existing TLS Secret.') })])
  .optional()
  .describe('`false` (no TLS) or `{ secret: <name of an existing TLS Secret> }`.');

const ingress = z.strictObject({
  host: hostName,
  hosts: z
    .record(dnsLabel, z.strictObject({ host: hostName, tls: hostTls }))
    .optional()
    .describe('More hosts, by name; a route picks one with `host: <name>` (e.g. a gRPC API on its own host).'),
  className: z.string().optional().describe('IngressClass name; unset uses the cluster default.'),
  tls: z
    .union([z.literal(false), z.strictObject({ secret: z.string().min(1).describe('Existing TLS Secret.') })])
    .optional()
    .describe('`false` (no TLS) or `{ secret: <name of an existing TLS Secret> }`.'),
});

const jsonValue: z.ZodType<unknown> = z.unknown();

const patch = z
  .strictObject({
    target: z
      .strictObject({
        kind: z.string().regex(/^[A-Z][A-Za-z]+$/, 'must be a Kubernetes kind such as Deployment or Service').describe('Kind of the objects to change.'),
        name: dnsLabel.optional().describe('The component, dependency or job whose object it is; omit for every object of the kind (or the app\'s own, e.g. the Ingress).'),
      })
      .describe('Which of berth\'s objects the patch changes.'),
    merge: z.record(z.string(), jsonValue).optional().describe('A JSON merge patch (RFC 7386): mappings merge, lists and values replace, `null` removes.'),
    ops: z
      .array(
        z.strictObject({
          op: z.enum(['add', 'replace', 'remove']),
          path: z.string().regex(/^(\/[^/]*)+$/, 'must be a JSON pointer such as /spec/template/spec/tolerations/-'),
          value: jsonValue.optional(),
        }),
      )
      .optional()
      .describe('JSON patch (RFC 6902) operations: add (`-` appends to a list), replace, remove.'),
  })
  .describe('A change to rendered objects for what berth has no key for; applied to the canonical model, so every format carries it and `berth verify` proves it.');

const componentOverride = z.strictObject({
  annotations: componentAnnotations.optional(),
  service: z.strictObject({ type: serviceSettings.shape.type }).optional(),
  placement: z
    .strictObject({
      nodeSelector: z.record(z.string().min(1), z.string()).optional(),
      priorityClassName: z.string().min(1).optional(),
      terminationGracePeriodSeconds: z.int().min(0).max(3600).optional(),
      affinity: affinity.nullable().optional().describe('Replaces the component\'s affinity in this environment; `null` for none.'),
      topologySpread: topologySpread.optional().describe('Replaces the component\'s topology spread in this environment.'),
    })
    .optional(),
  image: z.strictObject({ repository: z.string().min(1).optional(), tag: z.string().min(1).optional(), pullPolicy: z.enum(['IfNotPresent', 'Always', 'Never']).optional() }).optional(),
  replicas: z.int().min(0).optional(),
  resources: resources.optional(),
  autoscale: autoscale.optional(),
  env: z.record(envVarName, z.union([z.string(), z.number(), z.boolean()])).optional().describe('New values for literal variables the component declares.'),
  health: z.strictObject({ liveness: probeTiming.optional(), readiness: probeTiming.optional(), startup: probeTiming.optional() }).optional(),
  strategy: strategyType.optional().describe('The component\'s delivery strategy in this environment.'),
});

const dependencyOverride = z.strictObject({
  inCluster: z.boolean().optional(),
  external: secretRef.optional(),
  storage: quantity.optional(),
});

const environment = z.strictObject({
  namespace: dnsLabel.describe('Namespace the environment deploys to.'),
  replicas: z.int().min(0).optional().describe('Replicas for every component that does not say otherwise.'),
  resources: resources.optional().describe('Resources for every component that does not say otherwise in this environment.'),
  autoscale: autoscale.optional().describe('Autoscaling for every component that does not say otherwise in this environment.'),
  strategy: strategyType.optional().describe('Delivery strategy for every component that does not say otherwise in this environment (e.g. `canary` in production).'),
  image: z
    .strictObject({ tag: z.string().min(1).optional(), pullPolicy: z.enum(['IfNotPresent', 'Always', 'Never']).optional() })
    .optional()
    .describe('Image tag and pull policy for every component that does not say otherwise in this environment, e.g. `{ tag: latest, pullPolicy: Always }` for dev.'),
  ingress: z
    .strictObject({
      host: ingress.shape.host.optional(),
      hosts: z.record(dnsLabel, z.strictObject({ host: hostName.optional(), tls: hostTls })).optional(),
      className: z.string().optional(),
      tls: ingress.shape.tls,
    })
    .optional(),
  components: z.record(dnsLabel, componentOverride).optional(),
  dependencies: z.record(dnsLabel, dependencyOverride).optional(),
  cronjobs: z.record(dnsLabel, z.strictObject({ schedule: cronJob.shape.schedule.optional(), suspend: z.boolean().optional() })).optional(),
  keepVolumes: z.boolean().optional().describe('Keep component volumes (PersistentVolumeClaims) on uninstall or destroy in this environment; `false` for throwaway environments.'),
  patches: z.array(patch).optional().describe('Patches for this environment only, applied after the app-wide `patches`.'),
  alerting: z
    .strictObject({ enabled: z.boolean().optional(), alerts: alertSettings.optional(), routes: alertRoutes.optional() })
    .optional()
    .describe('Alerting in this environment: turn it off, change default alerts (e.g. warning only in dev), or route the app\'s routes to other receivers.'),
  dashboards: dashboards.optional().describe('Dashboards in this environment: `{ enabled: false }` leaves them out.'),
  secrets: secretsSettings.optional().describe('Where this environment\'s Secrets come from, over the app-wide `secrets:` (e.g. `{ from: external-secrets }` in prod).'),
  exceptions: z
    .array(ruleException)
    .optional()
    .describe('Policy rules accepted for every component in this environment only, with the reason (e.g. one replica in dev). They change what `berth check` reports, not the objects.'),
});

const fixedTag = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, 'must be an image tag: letters, digits, "_", "." and "-"');
const deliveryEvent = z
  .enum(['main', 'release', 'approval'])
  .describe('`main`: every push to the main branch; `release`: a `v*.*.*` tag; `approval`: a release, after the environment before it, once a reviewer approves.');
const cluster = z.strictObject({
  name: dnsLabel.describe('Short name, e.g. the region (`kr`, `us`).'),
  server: z.string().regex(/^https?:\/\/[^\s/]+/, 'must be the API server URL, e.g. https://kr.k8s.example.com').describe('Kubernetes API server URL as Argo CD knows the cluster.'),
});
const deliveryEnvironment = z.union([
  deliveryEvent,
  z.strictObject({
    on: deliveryEvent,
    tag: z
      .enum(['main', 'staging', 'release'])
      .optional()
      .describe('Which tag of the policy the environment runs (default: `main` for main, `staging` for release, `release` for approval).'),
    after: dnsLabel.optional().describe('For `approval`: the environment that must have deployed first (default: the one before it).'),
    clusters: z.array(cluster).min(1).optional().describe('Clusters the environment runs in (several: one per region). Default: the cluster Argo CD or the deploy job runs against.'),
    sync: z
      .enum(['automated', 'manual'])
      .optional()
      .describe('With Argo CD: `automated` (prune, self-heal: Git is the truth) or `manual` (the workflow syncs it to the release). Default: manual for `approval`, automated otherwise.'),
  }),
]);

const delivery = z
  .strictObject({
    registry: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d+)?$/, 'must be a registry host such as ghcr.io').optional().describe('Registry the built images are pushed to (default: the host of their repositories).'),
    branch: z.string().min(1).optional().describe('The main branch (default `main`).'),
    tags: z
      .strictObject({
        main: fixedTag.optional().describe('Pushed on every push to the main branch (default `latest`).'),
        release: z.string().regex(/^[A-Za-z0-9_.-]*\{version\}[A-Za-z0-9_.-]*$/, 'must contain {version}, e.g. v{version}').optional().describe('Pushed for a release tag; `{version}` is the tag without its `v` (default `v{version}`).'),
        commit: z.string().regex(/^[A-Za-z0-9_.-]*\{commit\}[A-Za-z0-9_.-]*$/, 'must contain {commit}, e.g. sha-{commit}').optional().describe('Pushed on every push, for tracing; `{commit}` is the short commit (default `sha-{commit}`).'),
        staging: fixedTag.optional().describe('Pushed for a release tag, for the environments deployed on release (default `staging`).'),
      })
      .optional()
      .describe('The image tag policy. Defaults: `latest` on main, `v{version}` and `staging` on a release tag, `sha-{commit}` on every push.'),
    deploy: z.enum(['helm', 'argocd']).optional().describe('`helm`: a CI job runs `helm upgrade`; `argocd`: Argo CD syncs each environment from Git (default `helm`).'),
    environments: z
      .record(dnsLabel, deliveryEnvironment)
      .optional()
      .describe('Which event deploys which environment. Default by name: dev → main, staging → release, prod/production → approval.'),
    e2e: z
      .union([
        z.string().min(1),
        z.strictObject({
          command: z.string().min(1).describe('Shell command that runs the end-to-end tests, e.g. `npx playwright test`.'),
          directory: z.string().min(1).optional().describe('Where it runs, relative to berth.yaml (default: the directory of berth.yaml).'),
          environments: z.array(dnsLabel).min(1).optional().describe('Environments tested after their deploy (default: those deployed on a release tag).'),
        }),
      ])
      .optional()
      .describe('End-to-end tests CI runs once an environment is deployed, with `BASE_URL` set to its address; a failure stops the release before the next environment.'),
    argocd: z
      .strictObject({
        repoURL: z.string().min(1).describe('Git repository Argo CD reads, e.g. https://github.com/acme/platform.git.'),
        targetRevision: z.string().min(1).optional().describe('Revision the automated environments track (default: the main branch).'),
        namespace: dnsLabel.optional().describe('Namespace Argo CD runs in (default `argocd`).'),
        project: dnsLabel.optional().describe('AppProject name (default: the app name).'),
      })
      .optional(),
  })
  .describe('From commit to production: image tags, which event deploys which environment, and how (Helm from CI or Argo CD).');

export const specSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: dnsLabel.describe('App name: prefix of every object name and the Helm release name.'),
    version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+_-]*$/, 'must be a version such as 1.4.0').describe('App version; default image tag.'),
    description: z.string().optional(),
    namespace: dnsLabel.optional().describe('Namespace of the base (no environment). Default: the app name.'),
    defaults: z
      .strictObject({
        replicas: z.int().min(0).optional(),
        resources: resources.optional(),
        autoscale: autoscale.optional(),
        rollout: rollout.optional(),
        user: z.int().min(1).optional(),
      })
      .optional()
      .describe('Values every component starts from (each component can still say otherwise).'),
    components: z.record(dnsLabel, component).refine((c) => Object.keys(c).length > 0, 'needs at least one component'),
    dependencies: z.record(dnsLabel, dependency).optional(),
    jobs: z.record(dnsLabel, job).optional(),
    cronjobs: z.record(dnsLabel, cronJob).optional().describe('Scheduled tasks: a CronJob each, running a component\'s image with its own command.'),
    ingress: ingress.optional(),
    imagePullSecrets: pullSecrets.optional().describe('Pull secrets every component uses (added to its own); existing Secrets of type kubernetes.io/dockerconfigjson.'),
    annotations: z
      .strictObject({
        pod: annotationMap.optional(),
        service: annotationMap.optional(),
        serviceAccount: annotationMap.optional(),
        ingress: annotationMap.optional().describe('On the Ingress (e.g. cert-manager.io/cluster-issuer, nginx.ingress.kubernetes.io/*).'),
      })
      .optional()
      .describe('Annotations every component\'s objects get (a component\'s own win), and the Ingress\'s.'),
    patches: z.array(patch).optional().describe('The escape hatch: merge or JSON patches to berth\'s objects, in order. They hold in every environment.'),
    keepVolumes: z
      .boolean()
      .optional()
      .describe('Keep component volumes (PersistentVolumeClaims) when the release is uninstalled or destroyed (default true): Helm resource policy `keep`, Terraform `prevent_destroy`, Pulumi `retainOnDelete`. Set `false` per environment for throwaway ones.'),
    environments: z.record(dnsLabel, environment).optional(),
    delivery: delivery.optional(),
    secrets: secretsSettings.optional(),
    monitoring: monitoring.optional(),
    alerting: alerting.optional(),
    strategy: appStrategy.optional(),
    dashboards: dashboards.optional(),
  })
  .describe('berth.yaml: one declarative description of an app, from which berth generates Kubernetes packaging.');

export type SpecInput = z.input<typeof specSchema>;
export type ComponentInput = z.input<typeof component>;
export type DependencyInput = z.input<typeof dependency>;
export type EnvironmentInput = z.input<typeof environment>;
export type ComponentOverrideInput = z.input<typeof componentOverride>;
export type ResourcesInput = z.input<typeof resources>;
export type AutoscaleInput = z.input<typeof autoscale>;
export type HealthInput = z.input<typeof health>;
export type ProbeTimingInput = z.input<typeof probeTiming>;
export type DeliveryInput = z.input<typeof delivery>;
export type BuildInput = z.input<typeof build>;
export type AlertingInput = z.input<typeof alerting>;
export type AnalysisInput = z.input<typeof analysis>;
export type CanaryInput = z.input<typeof canary>;
export type BlueGreenInput = z.input<typeof blueGreen>;
export type AppStrategyInput = z.input<typeof appStrategy>;
export type ComponentStrategyInput = z.input<typeof componentStrategy>;
export type ConventionInput = z.input<typeof convention>;

/** The JSON Schema published as berth.schema.json. */
export function toJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(specSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'berth.yaml' };
}
