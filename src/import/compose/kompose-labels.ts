// Service labels → the few settings berth can carry (kompose's conventions for pull policy, fsGroup,
// autoscaling, ingress, probes and volume size); every other label gets a warning.
import type { SourcePosition } from '../../diagnostics.ts';
import { scalarText, type ComposeNode } from './compose-node.ts';
import { toDictionary } from './merge-compose.ts';
import type { Reporter } from './reporter.ts';

export interface LabelValue {
  readonly value: string;
  readonly position: SourcePosition;
  readonly path: string;
}

export interface LabelSettings {
  readonly pullPolicy?: LabelValue;
  readonly fsGroup?: LabelValue;
  readonly autoscale: Partial<Record<'cpu' | 'memory' | 'min' | 'max', LabelValue>>;
  readonly expose?: LabelValue;
  readonly exposeTlsSecret?: LabelValue;
  readonly exposeClassName?: LabelValue;
  /** `kompose.service.healthcheck.<probe>.<field>` by probe, then field. */
  readonly health: Readonly<Record<'liveness' | 'readiness', ReadonlyMap<string, LabelValue>>>;
  readonly volumeSize?: LabelValue;
  readonly storageClass?: LabelValue;
  /** `kompose.init.containers.{name,image,command}`: one init container. */
  readonly initContainer: Partial<Record<'name' | 'image' | 'command', LabelValue>>;
  /** `kompose.controller.type`: `statefulset` makes a stateful component. */
  readonly controllerType?: LabelValue;
  /** Other labels, by key: metadata for tools, which pod annotations carry in Kubernetes. */
  readonly annotations: ReadonlyMap<string, LabelValue>;
}

/** Labels only Docker-side tools read (a reverse proxy or updater watching the Docker socket). */
const DOCKER_TOOL_LABELS = /^(traefik|com\.docker|com\.centurylinklabs\.watchtower|caddy|virtual\.host|diun|autoheal)(\.|$)/;
/** What berth.yaml accepts as an annotation key. */
const ANNOTATION_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

const KOMPOSE_HINTS: Readonly<Record<string, string>> = {
  'kompose.service.type': 'berth Services are ClusterIP; expose HTTP through `routes` and the app `ingress`, or change the Service type in the generated packaging.',
  'kompose.service.nodeport.port': 'berth Services are ClusterIP; expose HTTP through `routes` and the app `ingress`.',
  'kompose.service.external-traffic-policy': 'berth Services are ClusterIP, so the policy does not apply.',
  'kompose.service.group': 'berth runs each component in its own Pod; they talk over their Services.',
  'kompose.controller.type': 'berth runs components as Deployments, or StatefulSets with `statefulset`; a DaemonSet or a bare Pod has no berth equivalent.',
  'kompose.volume.type': 'berth mounts named volumes as PersistentVolumeClaims and single files as config files (ConfigMap).',
  'kompose.volume.subpath': 'berth mounts each volume at its root.',
  'kompose.cronjob.schedule': 'berth runs scheduled tasks with a component\'s image: declare cronjobs: { <name>: { component, schedule, command } } in berth.yaml.',
  'kompose.cronjob.concurrency_policy': 'berth runs scheduled tasks with a component\'s image: declare cronjobs: { <name>: { component, schedule, command } } in berth.yaml.',
  'kompose.cronjob.backoff_limit': 'berth runs scheduled tasks with a component\'s image: declare cronjobs: { <name>: { component, schedule, command } } in berth.yaml.',
  'kompose.init.containers.name': 'Only read together with kompose.init.containers.image.',
  'kompose.init.containers.command': 'Only read together with kompose.init.containers.image.',
  'kompose.ephemeral-storage.request': 'berth sets cpu and memory only.',
  'kompose.ephemeral-storage.limit': 'berth sets cpu and memory only.',
  'kompose.service.expose.ingress-class-name': 'Only read together with kompose.service.expose.',
};

export function readLabels(node: ComposeNode | undefined, path: string, reporter: Reporter): LabelSettings {
  const settings: {
    -readonly [K in keyof LabelSettings]: LabelSettings[K];
  } = { autoscale: {}, health: { liveness: new Map(), readiness: new Map() }, annotations: new Map(), initContainer: {} };
  const dictionary = node ? toDictionary(node) : undefined;
  for (const entry of dictionary?.entries ?? []) {
    const label: LabelValue = { value: scalarText(entry.value) ?? '', position: entry.keyPos, path: `${path}.${entry.key}` };
    const key = entry.key;
    const init = /^kompose\.init\.containers\.(name|image|command)$/.exec(key);
    if (init) {
      settings.initContainer[init[1] as 'name' | 'image' | 'command'] = label;
      continue;
    }
    const health = /^kompose\.service\.healthcheck\.(liveness|readiness)\.(.+)$/.exec(key);
    if (health) {
      (settings.health[health[1] as 'liveness' | 'readiness'] as Map<string, LabelValue>).set(health[2], label);
      continue;
    }
    switch (key) {
      case 'kompose.image-pull-policy':
        settings.pullPolicy = label;
        continue;
      case 'kompose.security-context.fsgroup':
        settings.fsGroup = label;
        continue;
      case 'kompose.hpa.cpu':
        settings.autoscale.cpu = label;
        continue;
      case 'kompose.hpa.memory':
        settings.autoscale.memory = label;
        continue;
      case 'kompose.hpa.replicas.min':
        settings.autoscale.min = label;
        continue;
      case 'kompose.hpa.replicas.max':
        settings.autoscale.max = label;
        continue;
      case 'kompose.service.expose':
        settings.expose = label;
        continue;
      case 'kompose.service.expose.tls-secret':
        settings.exposeTlsSecret = label;
        continue;
      case 'kompose.service.expose.ingress-class-name':
        settings.exposeClassName = label;
        continue;
      case 'kompose.volume.size':
        settings.volumeSize = label;
        continue;
      case 'kompose.volume.storage-class-name':
        settings.storageClass = label;
        continue;
      case 'kompose.controller.type':
        if (label.value.toLowerCase() === 'statefulset') {
          settings.controllerType = label;
          continue;
        }
        break;
    }
    if (key.startsWith('kompose.')) {
      reporter.warn('compose-label-not-carried', `label ${key} is not carried over`, entry.keyPos, label.path, KOMPOSE_HINTS[key] ?? 'It is a kompose convention berth does not read; express the intent in berth.yaml.');
    } else if (DOCKER_TOOL_LABELS.test(key)) {
      reporter.warn('compose-label-not-carried', `label ${key} is not carried over: it configures a tool that watches Docker, which does not run in the cluster`, entry.keyPos, label.path, 'Express the intent in berth.yaml (routes and ingress for a reverse proxy), or add the annotation your cluster\'s tool reads.');
    } else if (!ANNOTATION_KEY.test(key)) {
      reporter.warn('compose-label-not-carried', `label ${key} is not carried over: it is not a valid Kubernetes annotation key`, entry.keyPos, label.path, 'Use a key such as example.com/team or team.');
    } else {
      (settings.annotations as Map<string, LabelValue>).set(key, label);
    }
  }
  return settings;
}

/** Labels berth never reads (deploy.labels): one warning each. */
export function warnLabels(node: ComposeNode | undefined, path: string, reporter: Reporter, why: string): void {
  for (const entry of (node ? toDictionary(node) : undefined)?.entries ?? []) {
    reporter.warn('compose-label-not-carried', `label ${entry.key} is not carried over: ${why}`, entry.keyPos, `${path}.${entry.key}`, 'Add it to the generated packaging by hand if a tool reads it.');
  }
}
