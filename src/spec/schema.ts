// The one definition of `berth.yaml`: validated here with zod, and published as berth.schema.json
// (see toJsonSchema) so editors complete and check the same rules the CLI enforces.
import { z } from 'zod';

const dnsLabel = z
  .string()
  .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS label: lowercase letters, digits and "-", starting with a letter')
  .max(40, 'must be at most 40 characters, so that derived object names stay within 63');

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

const build = z
  .strictObject({
    context: z.string().min(1).optional().describe('Build context, relative to the spec\'s directory (default `.`).'),
    dockerfile: z.string().min(1).optional().describe('Dockerfile, relative to the build context (default `Dockerfile`).'),
    target: z.string().min(1).optional().describe('Stage of a multi-stage Dockerfile to build.'),
    test: z.string().min(1).optional().describe('Shell command CI runs in the build context before building, e.g. `go test ./...`.'),
    lint: z.string().min(1).optional().describe('Shell command CI runs in the build context before building, e.g. `golangci-lint run`.'),
  })
  .describe('How CI builds this component\'s image (Buildx); such images get the delivery tag policy.');

const component = z
  .strictObject({
    image,
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
  })
  .describe('A long-running workload: Deployment, Service, ServiceAccount, ConfigMap, NetworkPolicy, and HPA/PDB when relevant.');

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
  before: z.literal('rollout').optional().describe('Run before the new version rolls out (the default and only mode).'),
  backoffLimit: z.int().min(0).max(20).optional(),
  activeDeadlineSeconds: positiveSeconds.optional(),
});

const ingress = z.strictObject({
  host: z.string().regex(/^(\*\.)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a DNS host name'),
  className: z.string().optional().describe('IngressClass name; unset uses the cluster default.'),
  tls: z
    .union([z.literal(false), z.strictObject({ secret: z.string().min(1).describe('Existing TLS Secret.') })])
    .optional(),
});

const componentOverride = z.strictObject({
  image: z.strictObject({ repository: z.string().min(1).optional(), tag: z.string().min(1).optional(), pullPolicy: z.enum(['IfNotPresent', 'Always', 'Never']).optional() }).optional(),
  replicas: z.int().min(0).optional(),
  resources: resources.optional(),
  autoscale: autoscale.optional(),
  env: z.record(envVarName, z.union([z.string(), z.number(), z.boolean()])).optional().describe('New values for literal variables the component declares.'),
  health: z.strictObject({ liveness: probeTiming.optional(), readiness: probeTiming.optional(), startup: probeTiming.optional() }).optional(),
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
  ingress: z.strictObject({ host: ingress.shape.host.optional(), className: z.string().optional(), tls: ingress.shape.tls }).optional(),
  components: z.record(dnsLabel, componentOverride).optional(),
  dependencies: z.record(dnsLabel, dependencyOverride).optional(),
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
    ingress: ingress.optional(),
    environments: z.record(dnsLabel, environment).optional(),
    delivery: delivery.optional(),
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

/** The JSON Schema published as berth.schema.json. */
export function toJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(specSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'berth.yaml' };
}
