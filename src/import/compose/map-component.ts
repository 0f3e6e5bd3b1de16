// One Compose service → one berth component: image (or the image its build makes), ports, command,
// env, files and volumes, health, resources, replicas, uses; every key not carried is warned about.
import { DEFAULTS, splitImage } from '../../spec/normalize.ts';
import { isMapNode, isSeqNode, scalarText, type MapEntry } from './compose-node.ts';
import { planOf, type ImportContext } from './import-context.ts';
import { isRemoteContext } from './resolve-paths.ts';
import { KeyTracker } from './key-tracker.ts';
import { readLabels, type LabelSettings, type LabelValue } from './kompose-labels.ts';
import { mapEnvironment, type EnvValue } from './map-environment.ts';
import { mapHealth } from './map-health.ts';
import { mapResources } from './map-resources.ts';
import { mapVolumes } from './map-volumes.ts';
import { toDictionary } from './merge-compose.ts';
import { parsePortEntry, type ContainerPort } from './parse-ports.ts';
import type { ServicePlan } from './plan-services.ts';
import { toDnsLabel } from './names.ts';
import { readCommand } from './read-command.ts';
import { splitShellWords } from './shell-words.ts';
import { reportLeftovers } from './unsupported-keys.ts';
import { readImageTag } from './well-known-images.ts';

export interface ComponentResult {
  readonly name: string;
  readonly value: Record<string, unknown>;
  /** kompose.service.expose, for the app ingress. */
  readonly expose?: { readonly value: LabelValue; readonly tlsSecret?: LabelValue; readonly className?: LabelValue };
  readonly hasPort: boolean;
}

const PORT_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export function mapComponent(plan: ServicePlan, context: ImportContext): ComponentResult {
  const { reporter } = context;
  const path = `services.${plan.composeName}`;
  const service = new KeyTracker(plan.entry.value, path);
  const note = (keys: string[], text: string) => context.comments.push({ path: ['components', plan.name, ...keys], text });
  const value: Record<string, unknown> = {};

  const labels = readLabels(service.value('labels'), service.child('labels'), reporter);
  value.image = mapImage(plan, service, labels, context, note);
  // How CI builds it; paths stay relative to the Compose file's directory, where berth.yaml goes by default.
  const build = plan.build;
  if (build && !build.inline && !isRemoteContext(build.context)) {
    value.build = { context: build.context, ...(build.dockerfile ? { dockerfile: build.dockerfile } : {}), ...(build.target ? { target: build.target } : {}) };
  }

  const ports = collectPorts(service, plan, context);
  // berth's main port is TCP: the first TCP port leads, the others follow in declaration order.
  const mainIndex = ports.findIndex((p) => p.protocol === 'TCP');
  const main = mainIndex === -1 ? undefined : ports[mainIndex];
  const extra = ports.filter((_, index) => index !== mainIndex);
  if (main) value.port = main.port;
  if (extra.length > 0) {
    const used = new Set(['http', 'grpc']);
    value.ports = extra.map((p) => {
      const name = p.name && PORT_NAME.test(p.name) && p.name.length <= 15 && !used.has(p.name) ? p.name : `${p.protocol.toLowerCase()}-${p.port}`;
      used.add(name);
      return { name, port: p.port, ...(p.protocol !== 'TCP' ? { protocol: p.protocol } : {}) };
    });
  }
  if (ports.length > 0 && ports.every((p) => p.fromImage)) note(['port'], `the port the ${plan.known?.title} image listens on (the Compose file declares none)`);

  const entrypoint = readCommand(service.take('entrypoint'), service.child('entrypoint'), context);
  const command = readCommand(service.take('command'), service.child('command'), context);
  if (entrypoint !== undefined && entrypoint.length === 0) {
    reporter.warn('compose-entrypoint-empty', `${service.child('entrypoint')} is empty: it clears the image ENTRYPOINT, which Kubernetes cannot express`, service.peek('entrypoint')?.keyPos, service.child('entrypoint'), 'Write the full command to run as `command:` in berth.yaml.');
  }
  if (entrypoint && entrypoint.length > 0) value.command = entrypoint;
  if (command && command.length > 0) value.args = command;

  const environment = mapEnvironment({ tracker: service, app: context.app, component: plan.name, environment: context.project.environment, readFile: context.readFile, hosts: context.hosts, reporter });
  const env: Record<string, EnvValue> = {};
  for (const variable of environment.variables) {
    env[variable.name] = variable.value;
    if (variable.note) note(['env', variable.name], variable.note);
  }

  const volumes = mapVolumes({ tracker: service, root: context.project.root, app: context.app, component: plan.name, labels, environment: context.project.environment, readFile: context.readFile, reporter, sharedVolumes: context.sharedVolumes });
  removeDuplicateMounts(volumes, service.path, plan, context);
  if (volumes.files.size > 0) {
    value.files = Object.fromEntries(volumes.files);
    for (const [target, text] of volumes.fileNotes) note(['files', target], text);
  }

  const healthcheckEntry = service.take('healthcheck');
  const health = mapHealth({ healthcheck: healthcheckEntry ? new KeyTracker(healthcheckEntry.value, service.child('healthcheck')) : undefined, labels, mainPort: main?.port, reporter });
  const resources = mapResources(service, reporter);

  const uses = mapUses(plan, service, environment.urlUses, env, context);
  if (Object.keys(env).length > 0) value.env = env;
  if (health) {
    value.health = health;
    declareHealthPort(value, health);
  } else if (ports.length === 0 && !healthcheckEntry) {
    // A worker (a queue consumer, a scheduler): nothing to probe over the network.
    value.health = false;
    value.exceptions = [
      { rule: 'liveness-probe', reason: 'imported from Compose: a worker without a port or healthcheck' },
      { rule: 'readiness-probe', reason: 'imported from Compose: a worker without a port or healthcheck takes no traffic' },
    ];
    note(['health'], 'a worker: no port and no healthcheck in Compose; add `health: { exec: [...] }` if it can report its health');
    reporter.info('compose-worker', `${path} has no port and no healthcheck: it becomes a worker (no Service, no probes, the probe rules excepted)`, plan.entry.keyPos, path, 'Give it `health: { exec: [...] }` when it has a command that tells whether it works.');
  }
  if (resources.placement) value.placement = resources.placement;
  const init = mapInitContainer(labels, reporter);
  if (init) value.initContainers = init;
  if (labels.annotations.size > 0) {
    value.annotations = { pod: Object.fromEntries([...labels.annotations].map(([key, label]) => [key, label.value])) };
    reporter.info('compose-labels-annotations', `${service.child('labels')}: ${[...labels.annotations.keys()].join(', ')} become annotations on the pods of ${plan.name}`, [...labels.annotations.values()][0].position, service.child('labels'), 'Move an annotation to annotations.service or annotations.serviceAccount in berth.yaml if the tool that reads it looks there.');
  }
  if (resources.resources) {
    value.resources = resources.resources;
    if (resources.notes.length > 0) note(['resources'], resources.notes.join('; '));
  }

  const autoscale = mapAutoscale(labels, reporter);
  const replicas = chooseReplicas(plan, resources.replicas, volumes.volumes.size > 0, autoscale !== undefined, service, context, note);
  if (replicas !== undefined) value.replicas = replicas;
  if (autoscale) value.autoscale = autoscale;
  // A data store keeps its data per replica: a StatefulSet gives each replica its own claim.
  const statefulLabel = labels.controllerType?.value.toLowerCase() === 'statefulset';
  if ((plan.known?.stateful && volumes.volumes.size > 0) || statefulLabel) {
    value.stateful = true;
    note(['stateful'], statefulLabel ? 'kompose.controller.type: statefulset' : `${plan.known!.title} keeps state: a StatefulSet, each replica with its own claim per volume`);
  }
  if (volumes.volumes.size > 0) {
    value.volumes = Object.fromEntries(
      [...volumes.volumes].map(([name, v]) => [name, { path: v.path, size: v.size, ...(v.storageClass ? { storageClass: v.storageClass } : {}) }]),
    );
    for (const [name, v] of volumes.volumes) if (v.note) note(['volumes', name], v.note);
  }
  const writable = volumes.writable.filter((p) => p !== '/tmp');
  if (writable.length > 0) value.writable = writable;
  if (uses.length > 0) value.uses = uses;

  mapUser(service, value, labels, reporter);
  mapRuntimeFlags(service, plan, context, value.stateful === true);
  reportLeftovers(service, reporter);

  const expose = labels.expose ? { value: labels.expose, ...(labels.exposeTlsSecret ? { tlsSecret: labels.exposeTlsSecret } : {}), ...(labels.exposeClassName ? { className: labels.exposeClassName } : {}) } : undefined;
  return { name: plan.name, value, ...(expose ? { expose } : {}), hasPort: main !== undefined };
}

function mapImage(plan: ServicePlan, service: KeyTracker, labels: LabelSettings, context: ImportContext, note: (keys: string[], text: string) => void): unknown {
  const { reporter } = context;
  service.take('image');
  const buildEntry = service.take('build');
  if (buildEntry && plan.build) {
    const build = new KeyTracker(buildEntry.value, service.child('build'));
    for (const key of ['context', 'dockerfile', 'target']) build.take(key);
    const details = [plan.build.dockerfile ? `Dockerfile: ${plan.build.dockerfile}` : 'Dockerfile', plan.build.target ? `target: ${plan.build.target}` : undefined].filter(Boolean).join(', ');
    const inline = build.take('dockerfile_inline');
    if (inline) reporter.warn('compose-build-inline', `${build.child('dockerfile_inline')}: the inline Dockerfile is not carried over`, inline.keyPos, build.child('dockerfile_inline'), 'Save it as a Dockerfile in the build context and build the image from it.');
    reportLeftovers(build, reporter, {}, ['context', 'dockerfile', 'dockerfile_inline'], { why: 'berth runs images, it does not build them', hint: 'Pass it to your image build (docker build / CI) instead.' });
    note(
      ['image'],
      plan.imageNamed
        ? `built from ${plan.build.context} (${details}): build and push it, then set the repository; the tag is the app version`
        : `built from ${plan.build.context} (${details}) by Compose: push it to a registry the cluster can pull from`,
    );
    if (plan.imageNamed) {
      reporter.warn('compose-build', `${service.child('build')}: berth does not build images; the component runs ${plan.image}:<app version>, built from ${plan.build.context}`, buildEntry.keyPos, service.child('build'), `Build and push it (docker build -t <registry>/${plan.image}:<version> ${plan.build.context}${plan.build.target ? ` --target ${plan.build.target}` : ''}), then set components.${plan.name}.image to the pushed repository.`);
    }
  }
  const pullPolicy = readPullPolicy(service, labels, reporter);
  const reference = plan.image;
  let image: { repository: string; tag?: string } = splitImage(reference);
  if (reference.includes('@')) {
    // berth joins repository and tag with ":"; a digest rides in the tag so the reference stays exact.
    const [name, digest] = reference.split('@');
    const tag = readImageTag(name);
    const repository = tag ? name.slice(0, name.length - tag.length - 1) : name;
    image = { repository, tag: `${tag ?? 'latest'}@${digest}` };
  } else if (!plan.imageNamed && image.tag === undefined) {
    image = { repository: image.repository, tag: 'latest' };
    note(['image'], 'Compose gave no tag (latest): pin a version');
    reporter.warn('compose-image-latest', `${service.child('image')}: ${reference} has no tag, so it runs latest; berth writes ${reference}:latest`, service.peek('image')?.keyPos, service.child('image'), 'Pin a version (e.g. nginx:1.27.3) so every rollout and rollback runs the same build.');
  } else if (image.tag === 'latest') {
    note(['image'], 'pin a version instead of latest');
    reporter.warn('compose-image-latest', `${service.child('image')}: ${reference} runs the latest tag`, service.peek('image')?.keyPos, service.child('image'), 'Pin a version so every rollout and rollback runs the same build.');
  }
  if (!pullPolicy && image.tag === undefined) return image.repository;
  if (!pullPolicy && !reference.includes('@')) return `${image.repository}:${image.tag}`;
  return { repository: image.repository, ...(image.tag ? { tag: image.tag } : {}), ...(pullPolicy ? { pullPolicy } : {}) };
}

function readPullPolicy(service: KeyTracker, labels: LabelSettings, reporter: ImportContext['reporter']): string | undefined {
  const entry = service.take('pull_policy');
  const policies: Record<string, string> = { always: 'Always', never: 'Never', missing: 'IfNotPresent', if_not_present: 'IfNotPresent', ifnotpresent: 'IfNotPresent' };
  if (labels.pullPolicy) {
    const mapped = policies[labels.pullPolicy.value.toLowerCase()];
    if (mapped) return mapped;
    reporter.warn('compose-pull-policy', `label kompose.image-pull-policy "${labels.pullPolicy.value}" is not a pull policy; berth keeps IfNotPresent`, labels.pullPolicy.position, labels.pullPolicy.path, 'Use Always, IfNotPresent or Never.');
  }
  if (!entry) return undefined;
  const text = (scalarText(entry.value) ?? '').toLowerCase();
  if (policies[text]) return policies[text];
  reporter.warn('compose-pull-policy', `${service.child('pull_policy')} "${text}" has no Kubernetes equivalent; berth keeps IfNotPresent`, entry.keyPos, service.child('pull_policy'), text === 'build' ? 'Build and push the image before deploying.' : 'Pin a tag and bump it to deploy a new build.');
  return undefined;
}

interface CollectedPort extends ContainerPort {
  readonly fromImage?: boolean;
}

function collectPorts(service: KeyTracker, plan: ServicePlan, context: ImportContext): CollectedPort[] {
  const { reporter } = context;
  const collected: CollectedPort[] = [];
  const published: string[] = [];
  let firstPublished: MapEntry | undefined;
  for (const key of ['ports', 'expose'] as const) {
    const entry = service.take(key);
    if (!entry) continue;
    const items = isSeqNode(entry.value) ? entry.value.items : [entry.value];
    items.forEach((item, index) => {
      const where = `${service.child(key)}[${index}]`;
      const { ports, truncated } = parsePortEntry(item, where, key === 'expose');
      if (truncated) reporter.warn('compose-port-range', `${where}: the range is longer than 100 ports; only the first 100 are carried over`, item.pos, where, 'List the ports the app really uses.');
      for (const port of ports) {
        if (port.published) {
          published.push(`${port.published}→${port.port}`);
          firstPublished ??= entry;
        }
        const same = collected.find((p) => p.port === port.port);
        if (!same) collected.push(port);
        else if (same.protocol !== port.protocol) {
          reporter.warn('compose-port-protocol', `${where}: port ${port.port}/${port.protocol.toLowerCase()} is not carried over: berth declares each port number once (${port.port}/${same.protocol.toLowerCase()} is kept)`, item.pos, where, 'Serve both protocols on different port numbers, or add the second protocol in the generated packaging by hand.');
        }
      }
    });
  }
  if (published.length > 0 && firstPublished) {
    reporter.warn(
      'compose-published-ports',
      `${service.path}: host ports are not carried over (${published.join(', ')}); in the cluster the Service ${context.app}-${plan.name} listens on the container ports`,
      firstPublished.keyPos,
      `${service.path}.ports`,
      `Reach it with kubectl port-forward svc/${context.app}-${plan.name} <local>:<port>, or add routes and an ingress for HTTP; \`berth generate --target compose\` publishes them on localhost.`,
    );
  }
  if (collected.length === 0 && plan.known) return plan.known.ports.map((port) => ({ port, protocol: 'TCP', position: plan.entry.keyPos, path: service.path, fromImage: true }));
  return collected;
}

function mapUses(plan: ServicePlan, service: KeyTracker, urlUses: readonly { dependency: string; env: string }[], env: Record<string, EnvValue>, context: ImportContext): unknown[] {
  const { reporter } = context;
  const targets: { name: string; position: MapEntry['keyPos']; condition?: string; via: string }[] = [];
  const dependsOn = service.take('depends_on');
  if (dependsOn) {
    for (const entry of toDictionary(dependsOn.value)?.entries ?? []) {
      targets.push({ name: entry.key, position: entry.keyPos, condition: isMapNode(entry.value) ? scalarText(entry.value.entries.find((e) => e.key === 'condition')?.value) : undefined, via: service.child('depends_on') });
    }
  }
  const links = service.take('links');
  if (links && isSeqNode(links.value)) {
    for (const item of links.value.items) targets.push({ name: (scalarText(item) ?? '').split(':')[0], position: item.pos, via: service.child('links') });
  }
  const uses = new Map<string, { dependency: string; env?: string }>();
  for (const use of urlUses) uses.set(use.dependency, { dependency: use.dependency, env: use.env });
  const orderOnly: string[] = [];
  for (const target of targets) {
    const other = planOf(context, target.name);
    if (!other) {
      if (context.project.services.some((s) => s.key === target.name) || definedButInactive(context, target.name)) {
        reporter.warn('compose-depends-inactive', `${target.via}: ${target.name} is not imported (its profile is not active)`, target.position, target.via, `Pass --profile for ${target.name}, or remove the dependency.`);
        continue;
      }
      reporter.warn('compose-undefined-service', `${target.via}: ${target.name} is not a service of this project; docker compose refuses this, berth ignores the reference`, target.position, target.via, 'Define the service, or remove the reference.');
      continue;
    }
    if (other.role === 'dependency') {
      if (!uses.has(other.name)) uses.set(other.name, { dependency: other.name });
    } else if (other.role === 'component' && target.via.endsWith('depends_on') && other !== plan) {
      orderOnly.push(target.name);
    }
  }
  if (orderOnly.length > 0) {
    reporter.warn(
      'compose-depends-on-order',
      `${service.child('depends_on')}: start-up order (${[...new Set(orderOnly)].join(', ')}) is not carried over: Kubernetes starts components independently`,
      dependsOn?.keyPos,
      service.child('depends_on'),
      'Make the app retry until what it needs answers; its readiness probe keeps it out of the Service until then.',
    );
  }
  const result: unknown[] = [];
  for (const use of uses.values()) {
    const dependency = context.plans.find((p) => p.name === use.dependency)!;
    const kind = dependency.known!.dependency!;
    const defaultVariable = DEFAULTS.dependencies[kind].urlVariable;
    if (use.env) {
      result.push({ dependency: use.dependency, env: use.env });
      continue;
    }
    const variable = env[defaultVariable] !== undefined || result.some((r) => typeof r === 'object' && (r as { env?: string }).env === defaultVariable) ? `${use.dependency.toUpperCase().replace(/-/g, '_')}_URL` : defaultVariable;
    result.push(variable === defaultVariable ? use.dependency : { dependency: use.dependency, env: variable });
    reporter.warn(
      'compose-uses',
      `${plan.composeName} uses ${dependency.composeName}, which becomes berth's ${kind} dependency; berth injects its connection URL (with the password) as ${variable}`,
      dependsOn?.keyPos ?? links?.keyPos,
      `${service.path}.depends_on`,
      `Make sure the app reads ${variable}, or name the variable it reads: uses: [{ dependency: ${use.dependency}, env: NAME }]. The in-cluster ${kind === 'redis' ? 'Redis' : 'PostgreSQL'} requires a password, which is in the URL.`,
    );
  }
  return result;
}

function definedButInactive(context: ImportContext, name: string): boolean {
  const services = context.project.root.entries.find((e) => e.key === 'services')?.value;
  return isMapNode(services) && services.entries.some((e) => e.key === name);
}

function mapAutoscale(labels: LabelSettings, reporter: ImportContext['reporter']): Record<string, number> | undefined {
  const entries = Object.entries(labels.autoscale) as [keyof LabelSettings['autoscale'], LabelValue][];
  if (entries.length === 0) return undefined;
  const autoscale: Record<string, number> = {};
  for (const [field, label] of entries) {
    const number = Number(label.value);
    const limits = field === 'min' || field === 'max' ? [1, 10_000] : [1, 1000];
    if (!Number.isInteger(number) || number < limits[0] || number > limits[1]) {
      reporter.warn('compose-autoscale', `label ${label.path.split('.').slice(-3).join('.')} "${label.value}" is out of range; it is not carried over`, label.position, label.path, `Write a whole number from ${limits[0]} to ${limits[1]}.`);
      continue;
    }
    autoscale[field] = number;
  }
  if (autoscale.min !== undefined && autoscale.max !== undefined && autoscale.min > autoscale.max) {
    autoscale.max = autoscale.min;
  }
  return Object.keys(autoscale).length > 0 ? Object.fromEntries(['min', 'max', 'cpu', 'memory'].filter((k) => autoscale[k] !== undefined).map((k) => [k, autoscale[k]])) : undefined;
}

function chooseReplicas(
  plan: ServicePlan,
  declared: number | undefined,
  hasVolumes: boolean,
  autoscaled: boolean,
  service: KeyTracker,
  context: ImportContext,
  note: (keys: string[], text: string) => void,
): number | undefined {
  if (autoscaled) return undefined;
  if (declared !== undefined) {
    if (declared > 1 && hasVolumes) {
      context.reporter.warn('compose-replicas-volume', `${service.path}: ${declared} replicas share ReadWriteOnce volumes, which only Pods on one node can mount`, service.node.pos, service.path, 'Run one replica, or use ReadWriteMany storage (accessMode) for the volume.');
    }
    return declared;
  }
  if (hasVolumes || plan.known?.stateful) {
    note(['replicas'], hasVolumes ? 'one replica: its volumes are ReadWriteOnce' : `one replica: ${plan.known!.title} keeps state`);
    return 1;
  }
  return undefined;
}

function mapUser(service: KeyTracker, value: Record<string, unknown>, labels: LabelSettings, reporter: ImportContext['reporter']): void {
  const entry = service.take('user');
  if (entry) {
    const text = scalarText(entry.value) ?? '';
    const match = /^(\d+)(?::(\d+))?$/.exec(text);
    if (match && Number(match[1]) >= 1 && (match[2] === undefined || Number(match[2]) >= 1)) {
      value.user = Number(match[1]);
      if (match[2] !== undefined) value.group = Number(match[2]);
    } else if (match && Number(match[1]) >= 1) {
      // `50000:0` (Airflow, OpenShift-style images): a non-root user in the root group.
      value.user = Number(match[1]);
      reporter.warn('compose-group-root', `${service.child('user')} "${text}" runs UID ${match[1]} in the root group (GID 0); berth keeps UID ${match[1]} and runs it in group ${match[1]}`, entry.keyPos, service.child('user'), 'If the image\'s files belong to group 0 (images built for arbitrary UIDs), set `group:` to a GID that owns them, or make them group-writable in the Dockerfile for another group.');
    } else if (match || text === 'root' || text.startsWith('root:')) {
      reporter.warn('compose-user-root', `${service.child('user')} "${text}" runs as root; berth never runs containers as root and keeps UID ${DEFAULTS.user}`, entry.keyPos, service.child('user'), 'Change the image to run as an unprivileged user, then set `user:` to its UID.');
    } else {
      reporter.warn('compose-user-name', `${service.child('user')} "${text}" is a user name; Kubernetes needs a numeric UID, so berth keeps UID ${DEFAULTS.user}`, entry.keyPos, service.child('user'), 'Set `user:` (and `group:`) to the numeric IDs of that user in the image (id -u / id -g).');
    }
  }
  if (labels.fsGroup) {
    const group = Number(labels.fsGroup.value);
    if (Number.isInteger(group) && group >= 1) value.group = group;
    else reporter.warn('compose-fsgroup', `label kompose.security-context.fsgroup "${labels.fsGroup.value}" is not a GID of 1 or more; it is not carried over`, labels.fsGroup.position, labels.fsGroup.path, 'Write a numeric GID.');
  }
}

function mapRuntimeFlags(service: KeyTracker, plan: ServicePlan, context: ImportContext, stateful: boolean): void {
  const { reporter } = context;
  service.take('profiles');
  service.take('cap_drop');
  const restart = service.take('restart');
  if (restart) {
    const policy = scalarText(restart.value) ?? '';
    if (policy === 'no' || policy.startsWith('on-failure')) {
      reporter.warn(
        'compose-restart',
        `${service.child('restart')} "${policy}" is not carried over: a component is a Deployment, whose containers always restart`,
        restart.keyPos,
        service.child('restart'),
        policy === 'no' ? `If ${plan.composeName} is a one-off task, make it a job of a component (jobs: { name: { component, command } }).` : 'Make the app exit only on fatal errors.',
      );
    }
  }
  const readOnly = service.take('read_only');
  if (readOnly && !['true', 'yes'].includes((scalarText(readOnly.value) ?? '').toLowerCase())) {
    reporter.warn('compose-read-only', `${service.child('read_only')} is false; berth always runs containers with a read-only root filesystem`, readOnly.keyPos, service.child('read_only'), 'List the directories the app writes to under `writable:` (each becomes an emptyDir).');
  }
  const privileged = service.take('privileged');
  if (privileged && ['true', 'yes'].includes((scalarText(privileged.value) ?? '').toLowerCase())) {
    reporter.warn('compose-privileged', `${service.child('privileged')} is not carried over: berth never runs privileged containers`, privileged.keyPos, service.child('privileged'), 'Find what the container needs (a device, a capability, a host path) and do without it; privileged containers can take over the node.');
  }
  if (plan.known && !plan.known.dependency && plan.known.stateful) {
    reporter.warn(
      'compose-stateful-image',
      `${service.path} runs ${plan.known.title} (${plan.image}); berth has no ${plan.known.title} dependency, so it becomes a component (one replica${stateful ? ', a stateful component: a StatefulSet with a claim per named volume' : ''})`,
      plan.entry.keyPos,
      service.path,
      `Consider a managed ${plan.known.title} (pass its URL as a secret env variable) or an operator. Official images usually start as root and write outside their volumes: set \`user:\` to the image's UID and list \`writable:\` paths, or use an image built to run unprivileged.`,
    );
  } else if (plan.demoted) {
    reporter.warn('compose-dependency-kept', `${service.path} runs ${plan.known!.title}; it stays a component because berth needs at least one component and the Compose file has no other service`, plan.entry.keyPos, service.path, `Add your app as a component and turn this into dependencies: { ${plan.name}: { kind: ${plan.known!.dependency} } } with uses: [${plan.name}].`);
  } else if (plan.known?.dependency) {
    reporter.warn('compose-dependency-kept', `${service.path} runs ${plan.known.title} with its own command or entrypoint, so it stays a component instead of berth's ${plan.known.dependency} dependency`, plan.entry.keyPos, service.path, `Remove the custom command to let berth run it as a dependency, or keep it as a component and check its user and writable paths.`);
  }
}

/** kompose's init container labels → one entry of `initContainers` (berth's secure defaults apply to it). */
function mapInitContainer(labels: LabelSettings, reporter: ImportContext['reporter']): Record<string, unknown> | undefined {
  const { name, image, command } = labels.initContainer;
  if (!image) {
    for (const label of [name, command]) if (label) reporter.warn('compose-label-not-carried', `label ${label.path.split('.labels.')[1]} is not carried over: it needs kompose.init.containers.image`, label.position, label.path, 'Add kompose.init.containers.image, or declare initContainers in berth.yaml.');
    return undefined;
  }
  let words: string[] | undefined;
  if (command) {
    try {
      const parsed: unknown = JSON.parse(command.value);
      words = Array.isArray(parsed) && parsed.every((w) => typeof w === 'string') ? parsed : undefined;
    } catch {
      words = splitShellWords(command.value);
    }
    if (!words) reporter.warn('compose-label-not-carried', `label kompose.init.containers.command is not a command berth can read`, command.position, command.path, 'Write it as a JSON list of words, e.g. ["sh", "-c", "..."].');
  }
  const containerName = toDnsLabel(name?.value || 'init', 63);
  reporter.info('compose-init-container', `kompose.init.containers.* labels become the init container ${containerName}, with berth's secure defaults (non-root, read-only root filesystem)`, image.position, image.path, 'Check that the image runs as a non-root user.');
  return { [containerName]: { image: image.value, ...(words && words.length > 0 ? { command: words } : {}) } };
}

function removeDuplicateMounts(volumes: ReturnType<typeof mapVolumes>, path: string, plan: ServicePlan, context: ImportContext): void {
  const taken = new Set<string>([...volumes.volumes.values()].map((v) => v.path));
  for (const target of [...volumes.files.keys()]) {
    if (taken.has(target)) {
      volumes.files.delete(target);
      volumes.fileNotes.delete(target);
      context.reporter.warn('compose-mount-twice', `${path}: ${target} is mounted twice; the file is not carried over, the volume is`, plan.entry.keyPos, `${path}.volumes`, 'Mount one thing per path.');
    }
    taken.add(target);
  }
  for (const target of [...volumes.writable]) {
    if (taken.has(target)) {
      volumes.writable.splice(volumes.writable.indexOf(target), 1);
      context.reporter.warn('compose-mount-twice', `${path}: ${target} is mounted twice; the scratch directory is not carried over`, plan.entry.keyPos, `${path}.volumes`, 'Mount one thing per path.');
    }
  }
}

/** A probe may only target a declared port (berth refuses others): declare the one a healthcheck uses. */
function declareHealthPort(value: Record<string, unknown>, health: Record<string, unknown>): void {
  const check = (health.http ?? health.tcp ?? health.grpc) as unknown;
  const port = typeof check === 'number' ? check : typeof check === 'object' && check !== null ? (check as { port?: number }).port : undefined;
  if (port === undefined || port === value.port) return;
  const extra = (value.ports ?? []) as { name: string; port: number }[];
  if (extra.some((p) => p.port === port)) return;
  const name = extra.some((p) => p.name === 'health') ? `health-${port}` : 'health';
  value.ports = [...extra, { name, port }];
}
