// One environment's canonical objects (plus the spec's view of that environment, for names and
// `uses`) → an architecture graph: ingress hosts and paths → Services → workloads → dependencies
// and jobs, with the Secrets each pod reads and what the NetworkPolicies allow. Mermaid and SVG
// are two spellings of this one graph.
import type { KubernetesObject } from '../model/kubernetes-object.ts';
import { readLabels, type Labels } from '../policy/label-selector.ts';
import { indexSelectors } from '../policy/selector-index.ts';
import type { AppSpec } from '../spec/app-spec.ts';
import { analyseNetworkPaths, type NetworkPaths, type NetworkPod } from './network-paths.ts';

export type NodeKind = 'host' | 'service' | 'workload' | 'job' | 'dependency' | 'external' | 'secret' | 'peer';

export interface DiagramNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly group: string;
  /** First line: what it is called; the others: how it runs. */
  readonly title: string;
  readonly lines: readonly string[];
}

/**
 * traffic: requests the app sends (ingress → Service → pods, pod → dependency);
 * reads: a pod reads a Secret; order: a Job runs before a rollout;
 * allowed / blocked: what the NetworkPolicies let through beyond the declared traffic, or stop.
 */
export type EdgeStyle = 'traffic' | 'reads' | 'order' | 'allowed' | 'blocked';

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly style: EdgeStyle;
  readonly label?: string;
}

export interface DiagramGroup {
  readonly id: string;
  readonly title: string;
  readonly parent?: string;
}

export interface ArchitectureDiagram {
  readonly environment: string;
  readonly namespace: string;
  readonly groups: readonly DiagramGroup[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  /** Every component, dependency and job the picture names (collapsed nodes list their members). */
  readonly names: readonly string[];
}

export interface DiagramOptions {
  /** Components whose shapes are identical collapse into one node from this many on. */
  readonly collapseFrom?: number;
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Rollout'];
const COMPONENT_LABEL = 'app.kubernetes.io/component';

interface Pod extends NetworkPod {
  readonly object: KubernetesObject;
  readonly owner: string;
  readonly secrets: readonly string[];
}

/** Which pods a pod may connect to: all of them, or these; and whether it may reach the internet. */
type ReachSummary = { readonly all: true; readonly internet: boolean } | { readonly all: false; readonly reachable: readonly Pod[]; readonly internet: boolean };

interface Unit {
  readonly name: string;
  readonly pod: Pod;
  readonly service?: KubernetesObject;
  readonly routes: readonly RouteLine[];
  readonly uses: readonly string[];
  readonly lines: readonly string[];
  readonly serviceLine?: string;
}

export function buildArchitectureDiagram(view: AppSpec, objects: readonly KubernetesObject[], environment: string, options: DiagramOptions = {}): ArchitectureDiagram {
  const collapseFrom = options.collapseFrom ?? 3;
  const network = analyseNetworkPaths(objects);
  const pods = objects.flatMap((o) => (WORKLOAD_KINDS.includes(o.kind) || o.kind === 'Job' ? [readPod(o)] : []));
  const services = objects.filter((o) => o.kind === 'Service');
  const serviceSelectors = services.flatMap((service) => {
    const selector = readLabels((service.spec as { selector?: unknown })?.selector);
    return Object.keys(selector).length > 0 ? [{ service, selector }] : [];
  });
  const servicesSelecting = indexSelectors(serviceSelectors, ({ selector }) => selector, 'map');
  const serviceFor = (pod: Pod) => servicesSelecting(pod.labels)[0]?.service;
  // Each owner's workload pod (the first, as in the objects' order), and its Job's pod.
  const workloadPods = new Map<string, Pod>();
  const jobPodsByOwner = new Map<string, Pod>();
  for (const pod of pods) {
    const byOwner = pod.object.kind === 'Job' ? jobPodsByOwner : workloadPods;
    if (!byOwner.has(pod.owner)) byOwner.set(pod.owner, pod);
  }
  const autoscalers = new Map(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((h) => [String((h.spec as { scaleTargetRef?: { name?: string } }).scaleTargetRef?.name), h]));
  const routes = readRoutes(objects);
  const routesByService = new Map<string, RouteLine[]>();
  for (const route of routes) {
    const list = routesByService.get(route.service);
    if (list) list.push(route);
    else routesByService.set(route.service, [route]);
  }

  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const groups: DiagramGroup[] = [{ id: 'ns', title: `namespace ${view.namespace}` }];
  const addGroup = (group: DiagramGroup) => {
    if (!groups.some((g) => g.id === group.id)) groups.push(group);
  };

  const units: Unit[] = view.components.flatMap((component) => {
    const pod = workloadPods.get(component.name);
    if (!pod) return [];
    const service = serviceFor(pod);
    return [
      {
        name: component.name,
        pod,
        service,
        routes: service ? (routesByService.get(service.metadata.name) ?? []) : [],
        uses: component.uses.map((u) => u.dependency).sort(),
        lines: describeWorkload(pod.object, autoscalers.get(pod.object.metadata.name)),
        serviceLine: service ? describeService(service) : undefined,
      },
    ];
  });
  const dependencyPods = new Map(view.dependencies.flatMap((d) => {
    const pod = workloadPods.get(d.name);
    return d.inCluster && pod ? [[d.name, pod] as const] : [];
  }));
  const jobPods = view.jobs.flatMap((job) => {
    const pod = jobPodsByOwner.get(job.name);
    return pod ? [{ job, pod }] : [];
  });
  const appPods: Pod[] = [...units.map((u) => u.pod), ...dependencyPods.values()];

  // Declared traffic: a component's `uses`, its Service port; the same for the jobs.
  const dependencyTarget = (name: string) => {
    const dependency = view.dependencies.find((d) => d.name === name)!;
    const pod = dependencyPods.get(name);
    return { dependency, pod, id: pod ? `dep_${slug(name)}` : `ext_${slug(name)}` };
  };
  const pathVerdict = (from: Pod, dependencyName: string) => {
    const { dependency, pod } = dependencyTarget(dependencyName);
    return pod ? network.allows(from, pod, dependency.port) : network.allowsToInternet(from, dependency.port);
  };

  // What each pod may reach beyond its declared traffic, as one summary.
  // Asked for each pod by the collapsing and again by the edges: every pair is evaluated once.
  const reachTargets = appPods.filter((p) => p.ports.length > 0);
  const isReachTarget = new Set(reachTargets);
  const reachableFrom = network.reachableAmong(reachTargets);
  const reachSummaries = new Map<Pod, ReachSummary>();
  const reachSummary = (pod: Pod) => {
    let summary = reachSummaries.get(pod);
    if (!summary) {
      const others = reachTargets.length - (isReachTarget.has(pod) ? 1 : 0);
      const reach = reachableFrom(pod);
      const internet = network.allowsToInternet(pod);
      // Reaching every pod is drawn as one edge: the list itself is not needed.
      summary = others > 1 && reach.count === others ? { all: true, internet } : { all: false, reachable: reach.pods() as Pod[], internet };
      reachSummaries.set(pod, summary);
    }
    return summary;
  };

  // Collapse: components that would draw exactly the same shape become one node.
  const jobComponents = new Set(view.jobs.map((j) => j.component));
  const signature = (unit: Unit) => {
    if (unit.routes.length > 0 || jobComponents.has(unit.name)) return `single:${unit.name}`;
    const reach = reachSummary(unit.pod);
    return JSON.stringify({
      kind: unit.pod.object.kind,
      lines: unit.lines,
      service: unit.serviceLine,
      secrets: unit.pod.secrets,
      uses: unit.uses.map((u) => [u, pathVerdict(unit.pod, u)]),
      reach: reach.all ? 'all' : reach.reachable.map((p) => p.owner),
      internet: reach.internet,
      outside: unit.service ? servicePorts(unit.service).map((port) => network.allowsFromOutside(unit.pod, port)) : [],
    });
  };
  const bySignature = new Map<string, Unit[]>();
  for (const unit of units) {
    const key = signature(unit);
    const members = bySignature.get(key);
    if (members) members.push(unit);
    else bySignature.set(key, [unit]);
  }
  const clusters = [...bySignature.values()].flatMap((members) => (members.length >= collapseFrom ? [members] : members.map((m) => [m])));
  const nodeOfComponent = new Map<string, string>();

  addGroup({ id: 'tier_public', title: 'public: reached through the ingress', parent: 'ns' });
  addGroup({ id: 'tier_internal', title: 'internal: reached inside the cluster', parent: 'ns' });
  for (const members of clusters) {
    const first = members[0];
    const id = members.length === 1 ? `wl_${slug(first.name)}` : `wl_group_${slug(first.name)}`;
    const group = first.routes.length > 0 ? 'tier_public' : 'tier_internal';
    for (const m of members) nodeOfComponent.set(m.name, id);
    const names = members.map((m) => m.name);
    const title = members.length === 1 ? first.name : `${members.length} components`;
    const memberLines = members.length === 1 ? [] : wrapNames(names);
    nodes.push({ id, kind: 'workload', group, title, lines: [...memberLines, ...first.lines] });
    if (first.service) {
      const serviceId = `svc_${id.slice(3)}`;
      nodes.push({ id: serviceId, kind: 'service', group, title: members.length === 1 ? `Service ${first.service.metadata.name}` : `${members.length} Services`, lines: [first.serviceLine!] });
      edges.push({ from: serviceId, to: id, style: 'traffic' });
    }
  }

  // Ingress: one node per host, an edge per path to the Service it routes to.
  const unitOfService = new Map<string, Unit>();
  for (const unit of units) if (unit.service && !unitOfService.has(unit.service.metadata.name)) unitOfService.set(unit.service.metadata.name, unit);
  const hosts = [...new Set(routes.map((r) => r.host))].sort();
  if (hosts.length > 0) addGroup({ id: 'edge', title: 'ingress', parent: 'ns' });
  for (const host of hosts) {
    const tls = routes.find((r) => r.host === host)?.tlsSecret;
    nodes.push({ id: `host_${slug(host)}`, kind: 'host', group: 'edge', title: host, lines: [tls ? `HTTPS, certificate from Secret ${tls}` : 'plain HTTP (no TLS)'] });
  }
  for (const route of routes) {
    const unit = unitOfService.get(route.service);
    if (!unit) continue;
    const allowed = servicePorts(unit.service!).every((port) => network.allowsFromOutside(unit.pod, port));
    edges.push({ from: `host_${slug(route.host)}`, to: `svc_${nodeOfComponent.get(unit.name)!.slice(3)}`, style: allowed ? 'traffic' : 'blocked', label: allowed ? route.path : `${route.path} blocked by NetworkPolicy` });
  }

  // Dependencies: in the cluster (a workload of the app) or external (reached with a URL from a Secret).
  for (const dependency of view.dependencies) {
    const { pod, id } = dependencyTarget(dependency.name);
    if (pod) {
      addGroup({ id: 'tier_data', title: 'data: in-cluster dependencies', parent: 'ns' });
      const autoscaler = autoscalers.get(pod.object.metadata.name);
      nodes.push({ id, kind: 'dependency', group: 'tier_data', title: dependencyTitle(dependency), lines: [...describeWorkload(pod.object, autoscaler), `in the cluster, port ${dependency.port}`] });
    } else {
      addGroup({ id: 'outside', title: 'outside the cluster' });
      nodes.push({ id, kind: 'external', group: 'outside', title: dependencyTitle(dependency), lines: [`external, URL from Secret ${dependency.external.secret}`] });
    }
  }

  // Jobs: run with their component's image, before the rollout.
  for (const { job, pod } of jobPods) {
    addGroup({ id: 'tier_jobs', title: 'jobs', parent: 'ns' });
    const id = `job_${slug(job.name)}`;
    nodes.push({ id, kind: 'job', group: 'tier_jobs', title: `${job.name} (Job)`, lines: [`${job.component}'s image, runs before its rollout`, `backoffLimit ${job.backoffLimit}, deadline ${job.activeDeadlineSeconds}s`] });
    const target = nodeOfComponent.get(job.component);
    if (target) edges.push({ from: id, to: target, style: 'order', label: 'before rollout' });
  }

  // Traffic to dependencies, then Secrets, then the network paths beyond the declared traffic.
  const sources: { id: string; pod: Pod; uses: readonly string[] }[] = [
    ...clusters.map((members) => ({ id: nodeOfComponent.get(members[0].name)!, pod: members[0].pod, uses: members[0].uses })),
    ...jobPods.map(({ job, pod }) => ({ id: `job_${slug(job.name)}`, pod, uses: view.components.find((c) => c.name === job.component)?.uses.map((u) => u.dependency).sort() ?? [] })),
    ...[...dependencyPods].map(([name, pod]) => ({ id: `dep_${slug(name)}`, pod, uses: [] as string[] })),
  ];
  const secretIds = new Map<string, string>();
  for (const source of sources) {
    for (const dependency of source.uses) {
      const allowed = pathVerdict(source.pod, dependency);
      edges.push({ from: source.id, to: dependencyTarget(dependency).id, style: allowed ? 'traffic' : 'blocked', label: allowed ? undefined : 'blocked by NetworkPolicy' });
    }
    for (const secret of source.pod.secrets) {
      if (!secretIds.has(secret)) secretIds.set(secret, `secret_${slug(secret)}`);
      edges.push({ from: source.id, to: secretIds.get(secret)!, style: 'reads', label: 'reads' });
    }
  }
  const madeBy = secretMakers(objects);
  const title = madeBy.size === 0 ? 'Secrets (created by you, never by berth)' : 'Secrets (berth never writes their values)';
  if (secretIds.size > 0) addGroup({ id: 'tier_secrets', title, parent: 'ns' });
  for (const [secret, id] of [...secretIds].sort((a, b) => compare(a[0], b[0]))) nodes.push({ id, kind: 'secret', group: 'tier_secrets', title: secret, lines: ['Secret', ...(madeBy.has(secret) ? [madeBy.get(secret)!] : [])] });

  const declared = new Set(edges.map((e) => `${e.from}>${e.to}`));
  const nodeOfPod = (p: Pod) => nodeOfComponent.get(p.owner) ?? (dependencyPods.get(p.owner) === p ? `dep_${slug(p.owner)}` : undefined);
  let anyPodNode = false;
  let internetNode = false;
  for (const source of sources) {
    const reach = reachSummary(source.pod);
    if (reach.all) {
      anyPodNode = true;
      edges.push({ from: source.id, to: 'peer_app', style: 'allowed', label: 'may connect' });
    } else {
      const targets = [...new Set(reach.reachable.map(nodeOfPod).filter((t): t is string => t !== undefined && t !== source.id))];
      for (const target of targets.sort()) if (!declared.has(`${source.id}>${target}`)) edges.push({ from: source.id, to: target, style: 'allowed', label: 'may connect' });
    }
    if (reach.internet) {
      internetNode = true;
      edges.push({ from: source.id, to: 'peer_internet', style: 'allowed', label: 'may connect' });
    }
  }
  if (anyPodNode) nodes.push({ id: 'peer_app', kind: 'peer', group: 'ns', title: `any pod of ${view.name}`, lines: ['on its Service ports (NetworkPolicy)'] });
  if (internetNode) {
    addGroup({ id: 'outside', title: 'outside the cluster' });
    nodes.push({ id: 'peer_internet', kind: 'peer', group: 'outside', title: 'Internet', lines: ['public addresses (NetworkPolicy egress)'] });
  }

  const usedGroups = new Set(nodes.map((n) => n.group));
  const keptGroups = groups.filter((g) => usedGroups.has(g.id) || groups.some((child) => child.parent === g.id && usedGroups.has(child.id)));
  return {
    environment,
    namespace: view.namespace,
    groups: keptGroups,
    nodes,
    edges,
    names: [...view.components.map((c) => c.name), ...view.dependencies.map((d) => d.name), ...view.jobs.map((j) => j.name)].sort(),
  };
}

function readPod(object: KubernetesObject): Pod {
  const template = ((object.spec as Record<string, unknown>)?.template ?? {}) as { metadata?: { labels?: unknown }; spec?: Record<string, unknown> };
  const podSpec = template.spec ?? {};
  const containers = [...asList(podSpec.initContainers), ...asList(podSpec.containers)] as Record<string, unknown>[];
  const secrets = new Set<string>();
  for (const container of containers) {
    for (const env of asList(container.env) as { valueFrom?: { secretKeyRef?: { name?: string } } }[]) if (env.valueFrom?.secretKeyRef?.name) secrets.add(env.valueFrom.secretKeyRef.name);
    for (const from of asList(container.envFrom) as { secretRef?: { name?: string } }[]) if (from.secretRef?.name) secrets.add(from.secretRef.name);
  }
  for (const volume of asList(podSpec.volumes) as { secret?: { secretName?: string }; projected?: { sources?: { secret?: { name?: string } }[] } }[]) {
    if (volume.secret?.secretName) secrets.add(volume.secret.secretName);
    for (const source of volume.projected?.sources ?? []) if (source.secret?.name) secrets.add(source.secret.name);
  }
  const labels: Labels = readLabels(template.metadata?.labels);
  const owner = object.kind === 'Job' ? (labels['berth.dev/job'] ?? object.metadata.labels?.['berth.dev/job'] ?? labels[COMPONENT_LABEL] ?? object.metadata.name) : (object.metadata.labels?.[COMPONENT_LABEL] ?? labels[COMPONENT_LABEL] ?? object.metadata.name);
  return {
    object,
    owner,
    namespace: object.metadata.namespace ?? '',
    labels,
    ports: containers.flatMap((c) => (asList(c.ports) as { containerPort: number; name?: string; protocol?: string }[]).map((p) => ({ port: p.containerPort, name: p.name, protocol: p.protocol ?? 'TCP' }))),
    secrets: [...secrets].sort(),
  };
}

interface RouteLine {
  readonly host: string;
  readonly path: string;
  readonly service: string;
  readonly tlsSecret?: string;
}

/** Secret name → what makes it: an ExternalSecret (from which store) or a SealedSecret. */
function secretMakers(objects: readonly KubernetesObject[]): Map<string, string> {
  const makers = new Map<string, string>();
  for (const object of objects) {
    const spec = object.spec as { target?: { name?: string }; secretStoreRef?: { kind?: string; name?: string } } | undefined;
    if (object.kind === 'ExternalSecret') makers.set(String(spec?.target?.name), `from ${spec?.secretStoreRef?.kind} ${spec?.secretStoreRef?.name} (ExternalSecret)`);
    if (object.kind === 'SealedSecret') makers.set(object.metadata.name, 'unsealed from its SealedSecret');
  }
  return makers;
}

function readRoutes(objects: readonly KubernetesObject[]): RouteLine[] {
  const lines: RouteLine[] = [];
  for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
    const spec = (ingress.spec ?? {}) as { rules?: { host?: string; http?: { paths?: { path?: string; backend?: { service?: { name?: string } } }[] } }[]; tls?: { hosts?: string[]; secretName?: string }[] };
    for (const rule of spec.rules ?? []) {
      const host = rule.host ?? '*';
      const tlsSecret = spec.tls?.find((t) => (t.hosts ?? []).includes(host))?.secretName;
      for (const path of rule.http?.paths ?? []) {
        if (path.backend?.service?.name) lines.push({ host, path: path.path ?? '/', service: path.backend.service.name, tlsSecret });
      }
    }
  }
  return lines;
}

/** `Deployment · 3 replicas`, `Deployment · HPA 3–20 (CPU 70%)`, then the delivery strategy. */
export function describeWorkload(workload: KubernetesObject, autoscaler?: KubernetesObject): string[] {
  const spec = (workload.spec ?? {}) as Record<string, unknown>;
  let scale: string;
  if (autoscaler) {
    const h = autoscaler.spec as { minReplicas?: number; maxReplicas?: number; metrics?: { resource?: { name?: string; target?: { averageUtilization?: number } } }[] };
    const metrics = (h.metrics ?? []).flatMap((m) => (m.resource?.target?.averageUtilization !== undefined ? [`${m.resource.name === 'cpu' ? 'CPU' : m.resource.name} ${m.resource.target.averageUtilization}%`] : []));
    scale = `HPA ${h.minReplicas ?? 1}–${h.maxReplicas}${metrics.length ? ` (${metrics.join(', ')})` : ''}`;
  } else {
    const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
    scale = `${replicas} replica${replicas === 1 ? '' : 's'}`;
  }
  return [`${workload.kind} · ${scale}`, describeStrategy(workload)];
}

function describeStrategy(workload: KubernetesObject): string {
  const spec = (workload.spec ?? {}) as Record<string, unknown>;
  if (workload.kind === 'Rollout') {
    const strategy = (spec.strategy ?? {}) as { canary?: { steps?: { setWeight?: number }[] }; blueGreen?: { autoPromotionEnabled?: boolean } };
    if (strategy.canary) {
      const weights = (strategy.canary.steps ?? []).flatMap((s) => (s.setWeight !== undefined ? [`${s.setWeight}%`] : []));
      return `canary${weights.length ? ` ${weights.join(' → ')}` : ''}`;
    }
    if (strategy.blueGreen) return `blue-green${strategy.blueGreen.autoPromotionEnabled === false ? ', manual promotion' : ''}`;
    return 'Rollout';
  }
  const strategy = ((workload.kind === 'Deployment' ? spec.strategy : spec.updateStrategy) ?? {}) as { type?: string; rollingUpdate?: { maxSurge?: unknown; maxUnavailable?: unknown } };
  const type = strategy.type ?? 'RollingUpdate';
  if (type === 'RollingUpdate' && strategy.rollingUpdate && (strategy.rollingUpdate.maxSurge !== undefined || strategy.rollingUpdate.maxUnavailable !== undefined)) {
    return `rolling update (surge ${strategy.rollingUpdate.maxSurge ?? '25%'}, unavailable ${strategy.rollingUpdate.maxUnavailable ?? '25%'})`;
  }
  return type === 'RollingUpdate' ? 'rolling update' : type === 'Recreate' ? 'recreate' : type;
}

function describeService(service: KubernetesObject): string {
  const spec = (service.spec ?? {}) as { ports?: { port: number; name?: string }[]; clusterIP?: string; type?: string };
  const ports = (spec.ports ?? []).map((p) => `:${p.port}${p.name ? ` ${p.name}` : ''}`).join(', ');
  return `${spec.clusterIP === 'None' ? 'headless' : (spec.type ?? 'ClusterIP')} ${ports}`;
}

function servicePorts(service: KubernetesObject): number[] {
  const spec = (service.spec ?? {}) as { ports?: { port: number; targetPort?: number | string }[] };
  return (spec.ports ?? []).map((p) => (typeof p.targetPort === 'number' ? p.targetPort : p.port));
}

function dependencyTitle(dependency: { readonly name: string; readonly kind: string }): string {
  return dependency.name === dependency.kind ? dependency.name : `${dependency.name} (${dependency.kind})`;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Three names a line keeps a collapsed node narrow enough to read. */
function wrapNames(names: readonly string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < names.length; i += 3) lines.push(names.slice(i, i + 3).join(', '));
  return lines;
}

export function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '_');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
