// deploy.resources (and the older mem_limit, mem_reservation, cpus) → berth resources in
// `request..limit` form; deploy.replicas / scale → replicas; the rest of `deploy` is warned about.
import { DEFAULTS } from '../../spec/normalize.ts';
import { parseQuantity } from '../../spec/quantity.ts';
import { scalarText, type MapEntry } from './compose-node.ts';
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
}

interface Amounts {
  request?: string;
  limit?: string;
}

const DEPLOY_ADVICE = {
  mode: { why: 'global mode (one per node) needs a DaemonSet, which berth does not emit', hint: 'Remove it; berth runs a Deployment with `replicas`.' },
  endpoint_mode: { why: 'Kubernetes Services always balance over the ready Pods', hint: 'Remove it.' },
  placement: { why: 'berth does not pin Pods to nodes (it spreads replicas across nodes and zones)', hint: 'Add node affinity in the generated packaging by hand if the app needs particular nodes.' },
  restart_policy: { why: 'Deployments always restart failed containers', hint: 'For a one-off task, make it a `job` of a component instead.' },
  update_config: { why: 'berth rolls out one extra Pod at a time and never goes below the desired replicas', hint: 'Tune `rollout:` (maxSurge, maxUnavailable, minReadySeconds) on the component.' },
  rollback_config: { why: 'Kubernetes keeps previous ReplicaSets for rollback', hint: 'Roll back with `kubectl rollout undo` or by deploying the previous version.' },
  labels: { why: 'berth sets its own labels', hint: 'Remove it.' },
};

export function mapResources(service: KeyTracker, reporter: Reporter): ResourcesResult {
  const cpu: Amounts = {};
  const memory: Amounts = {};
  let replicas: number | undefined;

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
  return { ...(Object.keys(resources).length > 0 ? { resources } : {}), ...(replicas !== undefined ? { replicas } : {}), notes };
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
