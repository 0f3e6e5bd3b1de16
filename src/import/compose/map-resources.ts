// deploy.resources (and the older mem_limit, mem_reservation, cpus) → berth resources in
// `request..limit` form; deploy.replicas / scale → replicas; deploy.placement → placement; the rest of `deploy` is warned about.
import { DEFAULTS } from '../../spec/normalize.ts';
import { parseQuantity } from '../../spec/quantity.ts';
import { isMapNode, isSeqNode, scalarText, valueOf, type MapEntry } from './compose-node.ts';
import { KeyTracker } from './key-tracker.ts';
import { warnLabels } from './kompose-labels.ts';
import type { Reporter } from './reporter.ts';
import { reportLeftovers } from './unsupported-keys.ts';
import { cpusToQuantity, parseBytes, sizeToQuantity } from './units.ts';

const TOO_LITTLE_MEMORY = 4 * 2 ** 20;

export interface ResourcesResult {
  readonly resources?: { cpu?: string; memory?: string };
  readonly replicas?: number;
  /** Why the request was made up, for a comment. */
  readonly notes: string[];
  /** deploy.placement as berth.yaml's `placement`. */
  readonly placement?: Record<string, unknown>;
}

interface Amounts {
  request?: string;
  limit?: string;
}

const DEPLOY_ADVICE = {
  mode: { why: 'global mode (one per node) needs a DaemonSet, which berth does not emit', hint: 'Remove it; berth runs a Deployment with `replicas`.' },
  endpoint_mode: { why: 'Kubernetes Services always balance over the ready Pods', hint: 'Remove it.' },
  restart_policy: { why: 'Deployments always restart failed containers', hint: 'For a one-off task, make it a `job` of a component instead.' },
  update_config: { why: 'berth rolls out one extra Pod at a time and never goes below the desired replicas', hint: 'Tune `rollout:` (maxSurge, maxUnavailable, minReadySeconds) on the component.' },
  rollback_config: { why: 'Kubernetes keeps previous ReplicaSets for rollback', hint: 'Roll back with `kubectl rollout undo` or by deploying the previous version.' },
  labels: { why: 'berth sets its own labels', hint: 'Remove it.' },
};

export function mapResources(service: KeyTracker, reporter: Reporter): ResourcesResult {
  const cpu: Amounts = {};
  const memory: Amounts = {};
  let replicas: number | undefined;
  let placement: Record<string, unknown> | undefined;

  const deployEntry = service.take('deploy');
  if (deployEntry) {
    const deploy = new KeyTracker(deployEntry.value, service.child('deploy'));
    const replicasEntry = deploy.take('replicas');
    if (replicasEntry) replicas = readCount(replicasEntry, deploy.child('replicas'), reporter);
    const mode = deploy.peek('mode');
    if (mode && scalarText(mode.value) === 'replicated') deploy.take('mode');
    const labels = deploy.take('labels');
    if (labels) warnLabels(labels.value, deploy.child('labels'), reporter, 'berth sets its own labels');
    const resourcesEntry = deploy.take('resources');
    if (resourcesEntry) {
      const resources = new KeyTracker(resourcesEntry.value, deploy.child('resources'));
      for (const [side, field] of [['limits', 'limit'], ['reservations', 'request']] as const) {
        const sideEntry = resources.take(side);
        if (!sideEntry) continue;
        const tracker = new KeyTracker(sideEntry.value, resources.child(side));
        readCpu(tracker.take('cpus'), tracker.child('cpus'), cpu, field, reporter);
        readMemory(tracker.take('memory'), tracker.child('memory'), memory, field, reporter);
        reportLeftovers(tracker, reporter, {
          pids: { why: 'berth does not limit process counts', hint: 'Remove it.' },
          devices: { why: 'berth does not request devices (GPUs...)', hint: 'Request the device resource (e.g. nvidia.com/gpu) in the generated packaging by hand.' },
          generic_resources: { why: 'berth does not request extended resources', hint: 'Request it in the generated packaging by hand.' },
        }, ['cpus', 'memory', 'pids', 'devices', 'generic_resources']);
      }
      reportLeftovers(resources, reporter, {}, ['limits', 'reservations']);
    }
    const placementEntry = deploy.take('placement');
    if (placementEntry) placement = mapPlacement(new KeyTracker(placementEntry.value, deploy.child('placement')), reporter);
    reportLeftovers(deploy, reporter, DEPLOY_ADVICE, ['mode', 'replicas', 'labels', 'resources', 'endpoint_mode', 'placement', 'restart_policy', 'update_config', 'rollback_config']);
  }
  const scale = service.take('scale');
  if (scale && replicas === undefined) replicas = readCount(scale, service.child('scale'), reporter);
  readMemory(service.take('mem_limit'), service.child('mem_limit'), memory, 'limit', reporter);
  readMemory(service.take('mem_reservation'), service.child('mem_reservation'), memory, 'request', reporter);
  readCpu(service.take('cpus'), service.child('cpus'), cpu, 'limit', reporter);

  const notes: string[] = [];
  const resources: { cpu?: string; memory?: string } = {};
  const cpuRange = completeRange(cpu, DEFAULTS.resources.requests.cpu, DEFAULTS.resources.limits.cpu, 'cpu', notes);
  const memoryRange = completeRange(memory, DEFAULTS.resources.requests.memory, DEFAULTS.resources.limits.memory, 'memory', notes);
  if (cpuRange) resources.cpu = cpuRange;
  if (memoryRange) resources.memory = memoryRange;
  return { ...(Object.keys(resources).length > 0 ? { resources } : {}), ...(replicas !== undefined ? { replicas } : {}), notes, ...(placement ? { placement } : {}) };
}

/** Swarm node attributes → the Kubernetes node labels that say the same. */
const NODE_LABELS: Readonly<Record<string, string>> = {
  'node.hostname': 'kubernetes.io/hostname',
  'node.platform.os': 'kubernetes.io/os',
  'node.platform.arch': 'kubernetes.io/arch',
};
/** Swarm reports the kernel's architecture names; Kubernetes uses Go's. */
const ARCHITECTURES: Readonly<Record<string, string>> = { x86_64: 'amd64', aarch64: 'arm64', armv7l: 'arm', i386: '386', i686: '386' };
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/**
 * deploy.placement → berth placement: `==` constraints on node labels become the node selector, `!=`
 * a required node affinity (NotIn), and `spread` preferences topology spread constraints.
 */
function mapPlacement(placement: KeyTracker, reporter: Reporter): Record<string, unknown> | undefined {
  const nodeSelector: Record<string, string> = {};
  const notIn: { key: string; operator: 'NotIn'; values: string[] }[] = [];
  const constraints = placement.take('constraints');
  const constraintItems = constraints && isSeqNode(constraints.value) ? constraints.value.items : [];
  constraintItems.forEach((item, index) => {
    const where = `${placement.child('constraints')}[${index}]`;
    const text = scalarText(item) ?? '';
    const match = /^\s*([^=!\s]+)\s*(==|!=)\s*(.*?)\s*$/.exec(text);
    const attribute = match?.[1] ?? '';
    const key = attribute.startsWith('node.labels.') ? attribute.slice('node.labels.'.length) : NODE_LABELS[attribute];
    if (!match || !key) {
      reporter.warn('compose-placement-not-carried', `${where} "${text}" is not carried over: Kubernetes places pods by node labels only`, item.pos, where, 'Label the nodes (kubectl label node ...) and constrain on node.labels.<key> instead.');
      return;
    }
    const written = match[3].replace(/^(["'])(.*)\1$/, '$2');
    const value = attribute === 'node.platform.arch' ? (ARCHITECTURES[written] ?? written) : written;
    if (!LABEL_VALUE.test(value)) {
      reporter.warn('compose-placement-not-carried', `${where} "${text}": ${JSON.stringify(value)} is not a Kubernetes label value, so it is not carried over`, item.pos, where, 'Use at most 63 letters, digits, "-", "_" or ".".');
      return;
    }
    if (match[2] === '==') nodeSelector[key] = value;
    else notIn.push({ key, operator: 'NotIn', values: [value] });
  });
  const spread: { topologyKey: string }[] = [];
  const preferences = placement.take('preferences');
  const preferenceItems = preferences && isSeqNode(preferences.value) ? preferences.value.items : [];
  preferenceItems.forEach((item, index) => {
    const where = `${placement.child('preferences')}[${index}]`;
    const target = isMapNode(item) ? scalarText(valueOf(item, 'spread')) ?? '' : '';
    if (!target.startsWith('node.labels.')) {
      reporter.warn('compose-placement-not-carried', `${where} spreads over "${target}", which is not a node label; it is not carried over`, item.pos, where, 'Spread over node.labels.<key>, e.g. node.labels.zone.');
      return;
    }
    spread.push({ topologyKey: target.slice('node.labels.'.length) });
  });
  reportLeftovers(placement, reporter, {
    max_replicas_per_node: { why: 'berth spreads replicas with topology spread constraints instead', hint: 'Tune placement.topologySpread (maxSkew) on the component.' },
  }, ['constraints', 'preferences', 'max_replicas_per_node']);
  const result: Record<string, unknown> = {
    ...(Object.keys(nodeSelector).length > 0 ? { nodeSelector } : {}),
    ...(notIn.length > 0 ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: notIn }] } } } } : {}),
    ...(spread.length > 0 ? { topologySpread: spread } : {}),
  };
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * Compose limits alone leave the request to the scheduler's guess; berth always writes both:
 * the missing request is the smaller of berth's default and the limit, the missing limit the larger.
 */
function completeRange(amounts: Amounts, defaultRequest: string, defaultLimit: string, what: string, notes: string[]): string | undefined {
  let { request, limit } = amounts;
  if (request === undefined && limit === undefined) return undefined;
  if (request === undefined) {
    request = smaller(defaultRequest, limit!);
    notes.push(`${what} request ${request} is berth's default (capped at the limit); Compose set only the limit`);
  } else if (limit === undefined) {
    limit = larger(defaultLimit, request);
    notes.push(`${what} limit ${limit} is berth's default (at least the reservation); Compose set only the reservation`);
  } else if ((parseQuantity(request) ?? 0) > (parseQuantity(limit) ?? 0)) {
    notes.push(`${what} reservation ${request} was above the limit ${limit}; the request is lowered to the limit`);
    request = limit;
  }
  return `${request}..${limit}`;
}

function smaller(a: string, b: string): string {
  return (parseQuantity(a) ?? 0) <= (parseQuantity(b) ?? 0) ? a : b;
}

function larger(a: string, b: string): string {
  return (parseQuantity(a) ?? 0) >= (parseQuantity(b) ?? 0) ? a : b;
}

function readCpu(entry: MapEntry | undefined, path: string, amounts: Amounts, field: keyof Amounts, reporter: Reporter): void {
  if (!entry) return;
  const converted = cpusToQuantity(scalarText(entry.value) ?? '');
  if (!converted) {
    reporter.warn('compose-cpus', `${path} is not a number of CPUs; it is not carried over`, entry.keyPos, path, 'Write a number such as 0.5 or 2.');
    return;
  }
  if (converted.rounded) reporter.info('compose-cpus-rounded', `${path} rounds to ${converted.quantity} (Kubernetes counts CPU in millicores)`, entry.keyPos, path);
  amounts[field] = converted.quantity;
}

function readMemory(entry: MapEntry | undefined, path: string, amounts: Amounts, field: keyof Amounts, reporter: Reporter): void {
  if (!entry) return;
  const text = scalarText(entry.value) ?? '';
  const converted = sizeToQuantity(text);
  if (!converted) {
    reporter.warn('compose-memory', `${path} is not a memory size; it is not carried over`, entry.keyPos, path, 'Write a size such as 512M or 1.5G.');
    return;
  }
  if ((parseBytes(text) ?? 0) < TOO_LITTLE_MEMORY) {
    reporter.warn('compose-memory-tiny', `${path} is ${converted} bytes (a number without unit counts bytes); no container starts with that little memory`, entry.keyPos, path, 'Add the unit you meant, e.g. 512M.');
  }
  amounts[field] = converted;
}

function readCount(entry: MapEntry, path: string, reporter: Reporter): number | undefined {
  const value = Number(scalarText(entry.value));
  if (Number.isInteger(value) && value >= 0) return value;
  reporter.warn('compose-replicas', `${path} is not a whole number; berth keeps its default replicas`, entry.keyPos, path, 'Write a count such as 2.');
  return undefined;
}
