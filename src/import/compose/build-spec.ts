// The merged Compose project → the berth.yaml content (as data) and the comments it carries:
// components, dependencies, jobs and, when kompose's expose label asks for one, the ingress.
import { posix } from 'node:path';
import type { SourcePosition } from '../../diagnostics.ts';
import { DEFAULTS } from '../../spec/normalize.ts';
import { entryOf, isMapNode, isSeqNode, valueOf } from './compose-node.ts';
import type { ImportContext, SpecComment } from './import-context.ts';
import type { ComposeProject } from './load-project.ts';
import { mapComponent, type ComponentResult } from './map-component.ts';
import { mapDependency } from './map-dependency.ts';
import { mapJob } from './map-job.ts';
import { toDnsLabel } from './names.ts';
import { parseMount } from './parse-volume.ts';
import { planServices, type ServicePlan } from './plan-services.ts';
import type { Reporter } from './reporter.ts';
import { ServiceHosts } from './service-hosts.ts';

export const IMPORTED_VERSION = '0.1.0';

export interface SpecDraft {
  readonly spec: Record<string, unknown>;
  readonly comments: SpecComment[];
}

export function buildSpec(project: ComposeProject, readFile: (path: string) => string | undefined, reporter: Reporter): SpecDraft {
  const app = toDnsLabel(project.name);
  const firstFile = project.files[0];
  const top: SourcePosition = { file: firstFile, line: 1, column: 1 };
  if (app !== project.name) reporter.info('compose-app-name', `the app is named ${app} (from the project name ${JSON.stringify(project.name)}; berth names are DNS labels)`, top, 'name', 'Change `name:` in berth.yaml if you prefer another.');
  const plans = planServices(project, app);
  for (const plan of plans) {
    if (plan.name !== plan.composeName) reporter.info('compose-service-name', `service ${plan.composeName} is named ${plan.name} in berth.yaml (names are DNS labels)`, plan.entry.keyPos, `services.${plan.composeName}`);
  }
  const context: ImportContext = {
    project,
    app,
    plans,
    hosts: new ServiceHosts(plans, app),
    reporter,
    readFile,
    sharedVolumes: sharedVolumes(plans),
    comments: [],
  };

  const components: Record<string, unknown> = {};
  const results: ComponentResult[] = [];
  for (const plan of plans.filter((p) => p.role === 'component')) {
    const result = mapComponent(plan, context);
    results.push(result);
    components[plan.name] = result.value;
  }
  const dependencies: Record<string, unknown> = {};
  for (const plan of plans.filter((p) => p.role === 'dependency')) dependencies[plan.name] = mapDependency(plan, context);
  const jobs: Record<string, unknown> = {};
  for (const plan of plans.filter((p) => p.role === 'job')) jobs[plan.name] = mapJob(plan, context);
  const ingress = mapIngress(results, components, context);
  warnTopLevel(project, plans, reporter);
  reporter.warn(
    'compose-secure-defaults',
    `berth runs every component as UID ${DEFAULTS.user} (not root), with a read-only root filesystem, no Linux capabilities and ${DEFAULTS.replicas} replicas unless the Compose file says otherwise`,
    top,
    undefined,
    'Images that start as root or write outside /tmp fail until you set `user:` (the UID the image expects) and `writable:` (the directories it writes) on the component.',
  );

  const spec: Record<string, unknown> = {
    name: app,
    version: IMPORTED_VERSION,
    description: `Imported from Docker Compose (${project.files.map((f) => posix.basename(f)).join(', ')})`,
    components,
    ...(Object.keys(dependencies).length > 0 ? { dependencies } : {}),
    ...(Object.keys(jobs).length > 0 ? { jobs } : {}),
    ...(ingress ? { ingress } : {}),
  };
  context.comments.push({ path: ['version'], text: 'the version of your app; built images are tagged with it' });
  return { spec, comments: context.comments };
}

/** Named volume → the berth names of the components mounting it. */
function sharedVolumes(plans: readonly ServicePlan[]): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const plan of plans) {
    if (plan.role !== 'component') continue;
    const volumes = valueOf(plan.entry.value, 'volumes');
    if (!isSeqNode(volumes)) continue;
    for (const item of volumes.items) {
      const mount = parseMount(item);
      if (mount?.type !== 'volume' || !mount.source) continue;
      const list = users.get(mount.source) ?? [];
      if (!list.includes(plan.name)) list.push(plan.name);
      users.set(mount.source, list);
    }
  }
  return users;
}

/** kompose's `kompose.service.expose` label: the first host becomes the app ingress, its paths the routes. */
function mapIngress(results: readonly ComponentResult[], components: Record<string, unknown>, context: ImportContext): Record<string, unknown> | undefined {
  const { reporter } = context;
  let ingress: { host: string; className?: string; tls?: { secret: string } } | undefined;
  const taken = new Set<string>();
  for (const result of results) {
    if (!result.expose) continue;
    const label = result.expose.value;
    const entries = label.value.split(',').map((e) => e.trim()).filter(Boolean);
    const routes: string[] = [];
    for (const entry of entries) {
      const slash = entry.indexOf('/');
      const host = slash === -1 ? entry : entry.slice(0, slash);
      const path = slash === -1 ? '/' : entry.slice(slash);
      const isHost = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(host) && host.includes('.');
      if (!isHost) {
        if (!ingress) {
          reporter.warn('compose-expose-host', `label kompose.service.expose "${entry}" names no host; berth's ingress needs one, so ${result.name} gets no route`, label.position, label.path, `Add ingress: { host: app.example.com } to berth.yaml and routes: [/] to ${result.name}.`);
          continue;
        }
      } else if (!ingress) {
        ingress = { host };
      } else if (ingress.host !== host) {
        reporter.warn('compose-expose-host', `label kompose.service.expose: host ${host} is not carried over; berth's ingress serves one host (${ingress.host})`, label.position, label.path, 'Serve the app on one host, or add another Ingress by hand.');
        continue;
      }
      if (!result.hasPort) {
        reporter.warn('compose-expose-port', `label kompose.service.expose: ${result.name} has no port to route to`, label.position, label.path, 'Declare the port the component listens on.');
        break;
      }
      if (taken.has(path)) {
        reporter.warn('compose-expose-path', `label kompose.service.expose: path ${path} already leads to another component`, label.position, label.path, 'Give each component its own path.');
        continue;
      }
      taken.add(path);
      routes.push(path);
    }
    if (routes.length > 0) (components[result.name] as Record<string, unknown>).routes = routes;
    if (ingress && result.expose.tlsSecret) ingress.tls = { secret: result.expose.tlsSecret.value };
    if (ingress && result.expose.className) ingress.className = result.expose.className.value;
  }
  if (!ingress) return undefined;
  return { host: ingress.host, ...(ingress.className ? { className: ingress.className } : {}), ...(ingress.tls ? { tls: ingress.tls } : {}) };
}

function warnTopLevel(project: ComposeProject, plans: readonly ServicePlan[], reporter: Reporter): void {
  const networks = entryOf(project.root, 'networks');
  if (networks && isMapNode(networks.value) && networks.value.entries.length > 0) {
    reporter.warn('compose-networks', 'top-level networks are not carried over: in the cluster every component reaches the others through their Services, and berth adds NetworkPolicies from `uses`', networks.keyPos, 'networks', 'Remove them; list what each component talks to under `uses`.');
  }
  const used = (section: 'volumes' | 'secrets' | 'configs') => {
    const names = new Set<string>();
    for (const plan of plans) {
      const node = valueOf(plan.entry.value, section);
      if (!isSeqNode(node)) continue;
      for (const item of node.items) {
        if (section === 'volumes') {
          const mount = parseMount(item);
          if (mount?.type === 'volume' && mount.source) names.add(mount.source);
        } else {
          const source = isMapNode(item) ? valueOf(item, 'source') : item;
          if (source?.kind === 'scalar') names.add(String(source.value));
        }
      }
    }
    return names;
  };
  for (const section of ['volumes', 'secrets', 'configs'] as const) {
    const node = valueOf(project.root, section);
    if (!isMapNode(node)) continue;
    const names = used(section);
    for (const entry of node.entries) {
      if (!names.has(entry.key) && !entry.key.startsWith('x-')) {
        reporter.info('compose-unused', `${section}.${entry.key} is not used by any imported service; it is not carried over`, entry.keyPos, `${section}.${entry.key}`);
      }
    }
  }
}
