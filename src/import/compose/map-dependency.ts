// A plain Redis or PostgreSQL service → a berth dependency (in-cluster StatefulSet with its password
// in a Secret the user creates). Its data volume becomes the dependency's storage; everything else
// the service sets is berth's to decide, and each such key is warned about.
import { DEFAULTS } from '../../spec/normalize.ts';
import { isSeqNode, scalarText, type ComposeNode } from './compose-node.ts';
import type { ImportContext } from './import-context.ts';
import { KeyTracker } from './key-tracker.ts';
import { readLabels } from './kompose-labels.ts';
import { toDictionary } from './merge-compose.ts';
import { parsePortEntry } from './parse-ports.ts';
import { parseMount } from './parse-volume.ts';
import type { ServicePlan } from './plan-services.ts';
import { DEFAULT_VOLUME_SIZE } from './map-volumes.ts';
import { reportLeftovers } from './unsupported-keys.ts';
import { readImageTag } from './well-known-images.ts';

const DATA_PATHS = { redis: ['/data'], postgres: ['/var/lib/postgresql/data', '/var/lib/postgresql'] } as const;

export function mapDependency(plan: ServicePlan, context: ImportContext): Record<string, unknown> {
  const { reporter, app } = context;
  const kind = plan.known!.dependency!;
  const title = plan.known!.title;
  const path = `services.${plan.composeName}`;
  const service = new KeyTracker(plan.entry.value, path);
  const value: Record<string, unknown> = { kind };
  const note = (keys: string[], text: string) => context.comments.push({ path: ['dependencies', plan.name, ...keys], text });
  const secret = `${app}-${plan.name}`;

  reporter.warn(
    'compose-dependency',
    `${path} (${plan.image}) becomes berth's ${kind} dependency: an in-cluster ${title} with storage, whose password comes from Secret ${secret}`,
    plan.entry.keyPos,
    path,
    `Create the Secret before deploying: kubectl create secret generic ${secret} --from-literal=password="$(openssl rand -hex 24)". For production, point it at a managed ${title} with external: { secret, key }.`,
  );

  const imageEntry = service.take('image');
  const tag = readImageTag(plan.image);
  if (tag && /alpine/.test(tag) && !plan.image.includes('@')) {
    value.image = plan.image;
  } else {
    note(['kind'], `Compose ran ${plan.image}; berth runs ${DEFAULTS.dependencies[kind].image}`);
    reporter.warn(
      'compose-dependency-image',
      `${service.child('image')}: ${plan.image} is replaced by berth's ${DEFAULTS.dependencies[kind].image}, which runs unprivileged with a read-only root filesystem`,
      imageEntry?.keyPos,
      service.child('image'),
      `To keep your ${title} version, set dependencies.${plan.name}.image to its -alpine variant (e.g. ${kind === 'redis' ? 'redis:7.2-alpine' : 'postgres:15-alpine'}); data written by another major version cannot be read.`,
    );
  }

  const labels = readLabels(service.value('labels'), service.child('labels'), reporter);
  for (const [what, label] of [['autoscaling', labels.autoscale.cpu ?? labels.autoscale.min ?? labels.autoscale.max ?? labels.autoscale.memory], ['probes', labels.health.liveness.values().next().value ?? labels.health.readiness.values().next().value], ['ingress', labels.expose], ['pull policy', labels.pullPolicy]] as const) {
    if (label) reporter.warn('compose-label-not-carried', `${label.path}: ${what} labels do not apply to berth's ${kind} dependency`, label.position, label.path, 'Remove it.');
  }

  for (const key of ['ports', 'expose']) {
    const entry = service.take(key);
    if (!entry) continue;
    const items: readonly ComposeNode[] = isSeqNode(entry.value) ? entry.value.items : [entry.value];
    items.forEach((item, index) => {
      const where = `${service.child(key)}[${index}]`;
      for (const port of parsePortEntry(item, where, key === 'expose').ports) {
        if (port.port !== DEFAULTS.dependencies[kind].port) {
          reporter.warn('compose-dependency-port', `${where}: port ${port.port} is not carried over: berth's ${kind} listens on ${DEFAULTS.dependencies[kind].port}`, item.pos, where, 'Connect to the default port (the injected URL has it).');
        } else if (port.published) {
          reporter.warn('compose-published-ports', `${where}: host port ${port.published} is not carried over; in the cluster ${title} is reached at ${secret}:${port.port}`, item.pos, where, `Reach it with kubectl port-forward svc/${secret} ${port.port}:${port.port}.`);
        }
      }
    });
  }

  const environment = service.take('environment');
  for (const entry of (environment ? toDictionary(environment.value) : undefined)?.entries ?? []) {
    const where = `${service.child('environment')}.${entry.key}`;
    reporter.warn('compose-dependency-env', `${where} is not carried over: berth configures its ${kind} itself`, entry.keyPos, where, dependencyEnvHint(kind, entry.key, secret, app));
  }
  const envFile = service.take('env_file');
  if (envFile) reporter.warn('compose-dependency-env', `${service.child('env_file')} is not carried over: berth configures its ${kind} itself`, envFile.keyPos, service.child('env_file'), dependencyEnvHint(kind, '', secret, app));

  const volumes = service.take('volumes');
  if (volumes && isSeqNode(volumes.value)) {
    volumes.value.items.forEach((item, index) => {
      const where = `${service.child('volumes')}[${index}]`;
      const mount = parseMount(item);
      const dataPath = mount && (DATA_PATHS[kind] as readonly string[]).includes(mount.target.replace(/\/+$/, ''));
      if (mount?.type === 'volume' && mount.source && dataPath && value.storage === undefined) {
        const size = labels.volumeSize?.value;
        value.storage = size && /^[0-9.]+([KMGTPE]i?)?$/.test(size) ? size : DEFAULT_VOLUME_SIZE;
        note(['storage'], `Compose volume ${mount.source}`);
        if (!size) reporter.warn('compose-volume-size', `${where}: volume ${mount.source} becomes ${DEFAULT_VOLUME_SIZE} of storage for ${plan.name} (Compose volumes have no size)`, item.pos, where, `Set dependencies.${plan.name}.storage to the size you need.`);
        return;
      }
      reporter.warn('compose-dependency-volume', `${where} (${mount?.target ?? 'a mount'}) is not carried over: berth's ${kind} keeps its data in its own volume (${DATA_PATHS[kind][0]})`, item.pos, where, kind === 'postgres' && mount?.target.startsWith('/docker-entrypoint-initdb.d') ? 'Run initialisation SQL from a migration job of a component instead.' : 'Configure it through the connection instead, or keep it as a component.');
    });
  }

  const command = service.take('command');
  if (command) reporter.warn('compose-dependency-command', `${service.child('command')} is not carried over: berth starts ${kind} with its own settings (password, persistence)`, command.keyPos, service.child('command'), `Keep it as a component if the flags matter, or tune ${title} by hand in the generated packaging.`);
  const healthcheck = service.take('healthcheck');
  if (healthcheck) reporter.info('compose-dependency-health', `${service.child('healthcheck')} is replaced by berth's own ${kind} probes`, healthcheck.keyPos, service.child('healthcheck'));
  const deploy = service.take('deploy');
  if (deploy) reporter.warn('compose-dependency-deploy', `${service.child('deploy')} is not carried over: berth runs one ${kind} replica with fixed resources (100m..500m CPU, 128Mi..512Mi memory)`, deploy.keyPos, service.child('deploy'), 'Use a managed instance (external) for high availability or more capacity.');
  for (const key of ['restart', 'profiles', 'read_only', 'cap_drop']) service.take(key);
  const dependsOn = service.take('depends_on');
  if (dependsOn) reporter.warn('compose-depends-on-order', `${service.child('depends_on')} is not carried over: berth starts its ${kind} independently`, dependsOn.keyPos, service.child('depends_on'), 'Remove it.');
  reportLeftovers(service, reporter);
  return value;
}

function dependencyEnvHint(kind: 'redis' | 'postgres', name: string, secret: string, app: string): string {
  if (/PASSWORD|REQUIREPASS/i.test(name)) return `The password is read from Secret ${secret} (key password): kubectl create secret generic ${secret} --from-literal=password=<value>.`;
  if (kind === 'postgres' && /^POSTGRES_(USER|DB)$/.test(name)) return `berth's PostgreSQL has user postgres and database ${app.replace(/-/g, '_')}; the URL it injects into the components that use it says so.`;
  return 'Use a managed instance (external: { secret, key }) if the server needs other settings.';
}
