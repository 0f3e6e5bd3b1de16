// The normalised app model: every short form expanded, every default filled in. Resolve reads only this.
import type { SourcePosition } from '../diagnostics.ts';

export interface Quantities {
  readonly cpu: string;
  readonly memory: string;
}

export interface Resources {
  readonly requests: Quantities;
  readonly limits: Quantities;
}

export interface ProbeTiming {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
  readonly successThreshold: number;
}

export type HealthCheck =
  | { readonly type: 'http'; readonly path: string; readonly port: number }
  | { readonly type: 'tcp'; readonly port: number }
  | { readonly type: 'grpc'; readonly port: number; readonly service?: string }
  | { readonly type: 'exec'; readonly command: readonly string[] };

export interface Health {
  readonly check: HealthCheck;
  readonly liveness: ProbeTiming;
  readonly readiness: ProbeTiming;
  /** Absent when the spec turns the startup probe off. */
  readonly startup?: ProbeTiming;
}

export interface Autoscale {
  readonly enabled: boolean;
  readonly min: number;
  readonly max: number;
  /** 0 means "no CPU target". */
  readonly cpu: number;
  /** 0 means "no memory target". */
  readonly memory: number;
  readonly scaleDownStabilizationSeconds: number;
}

export type EnvVar =
  | { readonly name: string; readonly kind: 'literal'; readonly value: string }
  | { readonly name: string; readonly kind: 'secret'; readonly secret: string; readonly key: string }
  | { readonly name: string; readonly kind: 'field'; readonly field: string };

export interface Port {
  readonly name: string;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
}

export interface Route {
  readonly path: string;
  readonly pathType: 'Prefix' | 'Exact' | 'ImplementationSpecific';
  /** One of `Ingress.hosts`' names; undefined: the main host. */
  readonly host?: string;
}

export interface PersistentVolume {
  readonly name: string;
  readonly path: string;
  readonly size: string;
  readonly accessMode: string;
  readonly storageClass?: string;
}

export interface RuleException {
  readonly rule: string;
  readonly reason: string;
}

export interface Rollout {
  readonly maxSurge: number | string;
  readonly maxUnavailable: number | string;
  readonly minReadySeconds: number;
}

export interface Image {
  readonly repository: string;
  readonly tag: string;
  readonly pullPolicy: 'IfNotPresent' | 'Always' | 'Never';
}

/** Annotation keys and values of one object, sorted by key. */
export type Annotations = readonly (readonly [key: string, value: string])[];

export interface ComponentAnnotations {
  readonly pod: Annotations;
  readonly service: Annotations;
  readonly serviceAccount: Annotations;
}

/** A sidecar or init container: its own image and command, the component's secure defaults. */
export interface ExtraContainer {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  /** Sorted by name. */
  readonly env: readonly EnvVar[];
  readonly ports: readonly Port[];
  readonly resources: Resources;
  /** A sidecar that runs as an init container with `restartPolicy: Always`. */
  readonly native: boolean;
  /** A sidecar's own probes (none unless the spec gives them). */
  readonly health?: Health;
}

/** A JSON value of the spec (an affinity, as the pod spec writes it). */
export type SpecJson = null | string | number | boolean | readonly SpecJson[] | { readonly [key: string]: SpecJson };

/** A structured setting an environment can replace whole. */
export interface Variants<T> {
  /** The variant this view of the spec uses: `default`, or the environment that replaces the setting. */
  readonly selected: string;
  /** Every variant (the same in every view): `default` first, then each environment that replaces it; undefined: none. */
  readonly options: readonly (readonly [name: string, value: T | undefined])[];
}

export interface TopologySpread {
  readonly topologyKey: string;
  readonly maxSkew: number;
  readonly whenUnsatisfiable: 'ScheduleAnyway' | 'DoNotSchedule';
  readonly minDomains?: number;
}

export interface Placement {
  /** Sorted by key. */
  readonly nodeSelector: Annotations;
  /** The pod spec's affinity (set-like lists sorted). */
  readonly affinity: Variants<SpecJson>;
  /** Constraints of the long-running pods; undefined: none. */
  readonly topologySpread: Variants<readonly TopologySpread[]>;
  readonly tolerations: readonly Readonly<Record<string, string | number>>[];
  readonly priorityClassName?: string;
  readonly terminationGracePeriodSeconds?: number;
  readonly preStopSleepSeconds?: number;
}

/** A component that keeps state: a StatefulSet whose volumes are per-replica claims. */
export interface Stateful {
  readonly podManagementPolicy: 'OrderedReady' | 'Parallel';
}

export interface Component {
  readonly name: string;
  readonly image: Image;
  readonly stateful?: Stateful;
  readonly placement: Placement;
  /** Sorted by name. */
  readonly sidecars: readonly ExtraContainer[];
  /** Sorted by name: the order they run in. */
  readonly initContainers: readonly ExtraContainer[];
  /** App-wide and the component's own, sorted, without duplicates. */
  readonly imagePullSecrets: readonly string[];
  /** App-wide annotations merged under the component's own. */
  readonly annotations: ComponentAnnotations;
  /** Extra pod labels, sorted by key. */
  readonly podLabels: Annotations;
  readonly service: { readonly type: 'ClusterIP' | 'NodePort' | 'LoadBalancer'; readonly loadBalancerSourceRanges: readonly string[] };
  /** The main port first; empty for a worker without a Service. */
  readonly ports: readonly Port[];
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  /** Sorted by name. */
  readonly env: readonly EnvVar[];
  /** Sorted by mount path. */
  readonly files: readonly { readonly path: string; readonly content: string }[];
  readonly health?: Health;
  readonly resources: Resources;
  readonly replicas: number;
  readonly autoscale: Autoscale;
  readonly routes: readonly Route[];
  readonly volumes: readonly PersistentVolume[];
  /** Always includes /tmp; sorted. */
  readonly writable: readonly string[];
  readonly uses: readonly { readonly dependency: string; readonly env: string }[];
  readonly user: number;
  readonly group: number;
  readonly rollout: Rollout;
  readonly exceptions: readonly RuleException[];
  readonly egress: { readonly internet: boolean; readonly cidrs: readonly string[] };
  /** Present when CI builds the image. */
  readonly build?: Build;
  readonly metrics?: Metrics;
  /** Present when some environment (or the base) releases the component progressively. */
  readonly strategy?: DeliveryStrategy;
}

export type StrategyType = 'rolling' | 'canary' | 'blue-green';

/** Metric names the analysis asks Prometheus about. */
/** Metric names the spec gives the analysis; each one absent comes from the component's convention. */
export interface AnalysisMetrics {
  readonly requests?: string;
  readonly duration?: string;
  readonly codeLabel?: string;
  /** Regular expression of the codes that count as failures. */
  readonly errorCodes?: string;
  readonly restarts?: string;
}

/** Automatic rollback: thresholds on the new pods' metrics; an absent threshold is not checked. */
export interface Analysis {
  /** Where the analysis reads from; empty when the spec names no Prometheus (an error at load). */
  readonly prometheus: string;
  readonly interval: string;
  readonly window: string;
  readonly failureLimit: number;
  /** Percent of requests answered with a 5xx status. */
  readonly errorRate?: number;
  /** Seconds. */
  readonly latencyP99?: number;
  readonly restarts?: number;
  readonly metrics: AnalysisMetrics;
}

export interface CanaryStep {
  readonly weight: number;
  /** A Prometheus duration, `forever`, or none. */
  readonly pause?: string;
}

export interface DeliveryStrategy {
  /** The strategy of this view (environment) of the spec. */
  readonly type: StrategyType;
  readonly canary: {
    readonly steps: readonly CanaryStep[];
    readonly traffic: 'replicas' | 'istio' | 'gateway-api';
    readonly gateway?: { readonly name: string; readonly namespace?: string };
    readonly analysis?: Analysis;
  };
  readonly blueGreen: {
    readonly autoPromote: boolean;
    readonly autoPromotionSeconds?: number;
    readonly smokeTest?: { readonly path: string; readonly image: string };
    readonly analysis?: Analysis;
    /** How long the post-promotion analysis watches. */
    readonly watch: string;
    readonly scaleDownDelaySeconds: number;
  };
}

/** Where a component serves Prometheus metrics; `port` is the name of one of its ports. */
export type ConventionKind = 'http' | 'grpc' | 'istio';

/** The metric and label names a component's spec changes from its convention's (see model/metrics-convention.ts). */
export interface ConventionOverrides {
  readonly requests?: string;
  readonly duration?: string;
  readonly durationUnit?: 'seconds' | 'milliseconds';
  readonly connections?: string;
  readonly connectionsOpened?: string;
  readonly connectionsClosed?: string;
  readonly codeLabel?: string;
  readonly serverErrors?: string;
  readonly clientErrors?: string;
  readonly workloadLabel?: string;
  readonly namespaceLabel?: string;
}

export interface Metrics {
  /** The port's name: one of the component's ports, or `metrics` on a component without ports. */
  readonly port: string;
  /**
   * Set for a component without ports (a worker): the container port that serves the metrics. It
   * has no Service, so a PodMonitor scrapes the pods.
   */
  readonly containerPort?: number;
  readonly path: string;
  readonly interval: string;
  readonly convention: { readonly kind: ConventionKind; readonly overrides: ConventionOverrides };
}

export type Severity = 'critical' | 'warning' | 'info';

/** One default alert as this view of the spec sets it. */
export interface AlertSetting {
  readonly id: string;
  readonly enabled: boolean;
  readonly threshold: number;
  readonly for: string;
  readonly severity: Severity;
}

export interface CustomAlert {
  readonly name: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly description?: string;
  readonly runbook?: string;
}

export interface SecretKey {
  readonly secret: string;
  readonly key: string;
}

/** An Alertmanager receiver; its credentials stay in existing Secrets. */
export type Receiver =
  | { readonly name: string; readonly kind: 'slack'; readonly channel: string; readonly webhook: SecretKey }
  | { readonly name: string; readonly kind: 'pagerduty'; readonly routingKey: SecretKey }
  | { readonly name: string; readonly kind: 'email'; readonly to: string; readonly from: string; readonly smarthost: string; readonly username?: string; readonly password?: SecretKey };

/** Where the alerts of one severity, or of one default alert, are sent and how often again. */
export interface AlertRoute {
  /** A severity, or a default alert's id. */
  readonly key: string;
  /** Receiver names, sorted. */
  readonly receivers: readonly string[];
  readonly repeat: string;
}

export interface Alerting {
  readonly enabled: boolean;
  /** Sorted by name. */
  readonly receivers: readonly Receiver[];
  /** Default alerts' routes first (table order), then the severities' (critical, warning, info). */
  readonly routes: readonly AlertRoute[];
  /** Every default alert, in the table's order, on or off. */
  readonly alerts: readonly AlertSetting[];
  readonly custom: readonly CustomAlert[];
  readonly runbookBase?: string;
}

export interface Monitoring {
  /** Namespace Prometheus scrapes from. */
  readonly namespace: string;
  /** Labels by which Prometheus selects the ServiceMonitors and the PrometheusRule. */
  readonly labels: Annotations;
}

export interface Build {
  /** Relative to the spec's directory, POSIX separators, no trailing slash (`.` for the directory itself). */
  readonly context: string;
  /** Relative to the context. */
  readonly dockerfile: string;
  readonly target?: string;
  readonly test?: string;
  readonly lint?: string;
}

export type DeliveryEvent = 'main' | 'release' | 'approval';
/** Which tag of the policy an environment runs. */
export type DeliveryTag = 'main' | 'staging' | 'release';

export interface Cluster {
  readonly name: string;
  readonly server: string;
}

export interface DeliveryEnvironment {
  readonly name: string;
  readonly on: DeliveryEvent;
  readonly tag: DeliveryTag;
  /** The image tag the environment's objects carry (the release tag for the spec's version). */
  readonly imageTag: string;
  /** A moving tag (`latest`, `staging`): pods must be restarted to pull a new build. */
  readonly moving: boolean;
  /** For `approval`: the environment deployed just before. */
  readonly after?: string;
  /** Empty: the default cluster. */
  readonly clusters: readonly Cluster[];
  /** How Argo CD syncs it: automated follows Git; manual waits for the workflow (or a person). */
  readonly sync: 'automated' | 'manual';
}

export interface Delivery {
  readonly registry: string;
  readonly branch: string;
  /** Tag templates: `{version}` and `{commit}` are filled in by CI. */
  readonly tags: { readonly main: string; readonly release: string; readonly commit: string; readonly staging: string };
  readonly deploy: 'helm' | 'argocd';
  /** In the order the spec declares the environments. */
  readonly environments: readonly DeliveryEnvironment[];
  readonly argocd?: { readonly repoURL: string; readonly targetRevision: string; readonly namespace: string; readonly project: string };
  /** End-to-end tests after the deploys of `environments`. */
  readonly e2e?: { readonly command: string; readonly directory: string; readonly environments: readonly string[] };
}

export type SecretSourceKind = 'existing' | 'external-secrets' | 'sealed-secrets';

/** A SealedSecret file the user made with kubeseal: only its ciphertexts are used. */
export interface SealedFile {
  /** As shown in messages: relative to the working directory. */
  readonly file: string;
  readonly encryptedData: ReadonlyMap<string, string>;
}

export interface SecretSource {
  readonly from: SecretSourceKind;
  /** Empty name: no store given (only valid where nothing reads from External Secrets). */
  readonly store: { readonly name: string; readonly kind: 'SecretStore' | 'ClusterSecretStore' };
  readonly refreshInterval: string;
  /** The key in the store by Secret name, as this view names the Secrets; false: not from the store. */
  readonly remoteKeys: ReadonlyMap<string, string | false>;
  /** Some view of the spec reads from External Secrets: every view then has the same knobs. */
  readonly externalAnywhere: boolean;
  /** Some view of the spec reads from Sealed Secrets: every view then has the same knobs. */
  readonly sealedAnywhere: boolean;
  /** The sealed files read for this view, by Secret name (filled in by the command that reads them). */
  readonly sealed: ReadonlyMap<string, SealedFile>;
  /** Relative to the spec's directory, POSIX separators. */
  readonly sealedDirectory: string;
}

export type DependencyKind = 'redis' | 'postgres';

export interface Dependency {
  readonly name: string;
  readonly kind: DependencyKind;
  readonly inCluster: boolean;
  /** Secret holding the connection URL when not in cluster. */
  readonly external: { readonly secret: string; readonly key: string };
  readonly image: string;
  readonly port: number;
  readonly storage: string;
  /** Secret the user creates for the in-cluster instance. */
  readonly credentials: string;
}

export interface Job {
  readonly name: string;
  readonly component: string;
  readonly command: readonly string[];
  readonly args?: readonly string[];
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds: number;
}

export interface CronJob {
  readonly name: string;
  readonly component: string;
  readonly schedule: string;
  readonly timeZone?: string;
  readonly command: readonly string[];
  readonly args?: readonly string[];
  readonly concurrencyPolicy: 'Forbid' | 'Replace' | 'Allow';
  readonly startingDeadlineSeconds: number;
  readonly successfulJobsHistoryLimit: number;
  readonly failedJobsHistoryLimit: number;
  readonly suspend: boolean;
  readonly backoffLimit: number;
  readonly activeDeadlineSeconds: number;
}

export interface Ingress {
  readonly host: string;
  /** Empty: the cluster's default IngressClass. */
  readonly className: string;
  /** Empty: no TLS. */
  readonly tlsSecret: string;
  /** More hosts by name, sorted by name. */
  readonly hosts: readonly { readonly name: string; readonly host: string; readonly tlsSecret: string }[];
}

export interface JsonPatchOperation {
  readonly op: 'add' | 'replace' | 'remove';
  readonly path: string;
  readonly value?: unknown;
}

/** One `patches:` entry, with where it was written. */
export interface ObjectPatch {
  /** Where berth.yaml writes it: `patches.0`, `environments.prod.patches.1`. */
  readonly path: string;
  readonly kind: string;
  /** The owning component, dependency or job; undefined: every object of the kind. */
  readonly name?: string;
  readonly merge?: Readonly<Record<string, unknown>>;
  readonly ops: readonly JsonPatchOperation[];
}

export interface AppSpec {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly namespace: string;
  /** Sorted by name. */
  readonly components: readonly Component[];
  readonly dependencies: readonly Dependency[];
  readonly jobs: readonly Job[];
  /** Scheduled tasks, sorted by name. */
  readonly cronJobs: readonly CronJob[];
  /** Present when any component has routes. */
  readonly ingress?: Ingress;
  readonly ingressAnnotations: Annotations;
  /** `patches:`, in the order written. */
  readonly patches: readonly ObjectPatch[];
  /** Per-environment patches: every environment that has some, in spec order (the same in every view). */
  readonly environmentPatches: Variants<readonly ObjectPatch[]>;
  /** PersistentVolumeClaims of components survive uninstall/destroy. */
  readonly keepVolumes: boolean;
  /** Environment names in the order the spec declares them. */
  readonly environments: readonly string[];
  /** Policy exceptions that apply to this view only (set on an environment's view). */
  readonly environmentExceptions: readonly RuleException[];
  /** Present when the spec has a `delivery` section. */
  readonly delivery?: Delivery;
  readonly monitoring: Monitoring;
  readonly alerting?: Alerting;
  /** Where the Secrets the app reads come from in this view. */
  readonly secrets: SecretSource;
  /** Present when any component declares metrics. */
  readonly dashboards?: { readonly enabled: boolean };
  /** Where each spec path (dotted, e.g. `components.backend.image`) was written. */
  readonly positions: ReadonlyMap<string, SourcePosition>;
  readonly file: string;
}
