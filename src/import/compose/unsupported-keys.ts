// What to tell the user about each Compose key berth does not carry over: why, and what to do.
// Keys not listed here and not in the Compose specification are reported as unknown.
import { closestMatch } from '../../spec/did-you-mean.ts';
import type { KeyTracker } from './key-tracker.ts';
import type { Reporter } from './reporter.ts';

interface Advice {
  readonly why: string;
  readonly hint: string;
}

const KUBERNETES_DNS: Advice = { why: 'Kubernetes gives each Pod its own DNS and host name', hint: 'Reach other components through their Service, named <app>-<component>.' };
const NODE_LEVEL: Advice = { why: 'it tunes the container runtime on the node, which a Deployment does not control', hint: 'Remove it, or ask the cluster administrators if the app truly needs it.' };
const NO_EQUIVALENT: Advice = { why: 'berth has no equivalent', hint: 'Remove it, or change the generated packaging by hand if the app depends on it.' };

export const SERVICE_ADVICE: Readonly<Record<string, Advice>> = {
  annotations: { why: 'berth sets its own metadata', hint: 'Add annotations to the generated packaging if a tool needs them.' },
  attach: { why: 'it only affects `docker compose up` output', hint: 'Remove it.' },
  blkio_config: NODE_LEVEL,
  cap_add: { why: 'berth drops every Linux capability and adds none', hint: 'Change the image so it runs without the capability (e.g. listen on a port above 1024 instead of NET_BIND_SERVICE).' },
  cgroup: NODE_LEVEL,
  cgroup_parent: NODE_LEVEL,
  container_name: { why: 'berth names every object <app>-<component>', hint: 'Other components reach this one at the Service <app>-<component>; update host names that used the container name.' },
  cpu_count: { why: 'berth sets CPU as requests and limits', hint: 'Use deploy.resources (cpus), which becomes resources.cpu.' },
  cpu_percent: { why: 'berth sets CPU as requests and limits', hint: 'Use deploy.resources (cpus), which becomes resources.cpu.' },
  cpu_period: NODE_LEVEL,
  cpu_quota: { why: 'berth sets CPU as requests and limits', hint: 'Use deploy.resources.limits.cpus, which becomes resources.cpu.' },
  cpu_rt_period: NODE_LEVEL,
  cpu_rt_runtime: NODE_LEVEL,
  cpu_shares: { why: 'berth sets CPU as requests and limits', hint: 'Use deploy.resources.reservations.cpus, which becomes the CPU request.' },
  cpuset: NODE_LEVEL,
  credential_spec: { why: 'it only applies to Windows containers', hint: 'Remove it.' },
  develop: { why: '`docker compose watch` is a local development loop', hint: 'Keep it in your own Compose file; `berth generate --target compose` writes one for local runs.' },
  device_cgroup_rules: NODE_LEVEL,
  devices: { why: 'host devices are not available to ordinary Pods', hint: 'Use a device plugin in the cluster and request the device as a resource, outside berth.' },
  dns: KUBERNETES_DNS,
  dns_opt: KUBERNETES_DNS,
  dns_search: KUBERNETES_DNS,
  domainname: KUBERNETES_DNS,
  external_links: { why: 'containers outside the app do not exist in the cluster', hint: 'Point the app at the external service by URL (an env variable).' },
  extra_hosts: { why: 'berth does not edit /etc/hosts of Pods', hint: 'Use DNS names, or a Service of type ExternalName, for those hosts.' },
  gpus: { why: 'berth does not request GPUs', hint: 'Request nvidia.com/gpu in the generated packaging by hand.' },
  group_add: { why: 'berth sets one group (`group:`), not supplemental groups', hint: 'Set `group:` on the component if the process needs a particular GID.' },
  hostname: KUBERNETES_DNS,
  init: { why: 'Pods run no init process for you', hint: 'Add tini or dumb-init as the image ENTRYPOINT so signals reach the app and zombies are reaped.' },
  ipc: { why: 'sharing IPC namespaces breaks the isolation berth keeps', hint: 'Talk over the network instead.' },
  isolation: { why: 'it only applies to Windows containers', hint: 'Remove it.' },
  label_file: { why: 'berth sets its own labels', hint: 'Remove it.' },
  logging: { why: 'Kubernetes collects stdout and stderr on each node', hint: 'Log to stdout and configure log shipping in the cluster.' },
  mac_address: { why: 'Pods get their network from the cluster', hint: 'Remove it.' },
  mem_swappiness: NODE_LEVEL,
  memswap_limit: NODE_LEVEL,
  models: { why: 'Docker model runner models do not exist in the cluster', hint: 'Run the model as its own component, or call a hosted model API.' },
  network_mode: { why: 'every Pod has its own network namespace in Kubernetes', hint: 'Reach other components through their Service (<app>-<component>).' },
  networks: { why: 'every component can reach every other through its Service; berth adds NetworkPolicies from `uses`', hint: 'Remove it; list the dependencies a component talks to under `uses`.' },
  oom_kill_disable: NODE_LEVEL,
  oom_score_adj: NODE_LEVEL,
  pid: { why: 'sharing the PID namespace breaks the isolation berth keeps', hint: 'Remove it.' },
  pids_limit: NODE_LEVEL,
  platform: { why: 'the cluster nodes decide the platform', hint: 'Build a multi-platform image, or schedule onto matching nodes by hand.' },
  post_start: { why: 'berth does not emit lifecycle hooks', hint: 'Run the command from the image ENTRYPOINT before the app starts.' },
  pre_stop: { why: 'berth does not emit lifecycle hooks', hint: 'Handle SIGTERM in the app so it shuts down cleanly.' },
  provider: { why: 'provider services are managed outside Compose', hint: 'Create the external resource yourself and pass its address in an env variable.' },
  pull_refresh_after: { why: 'Kubernetes pulls by pull policy only', hint: 'Pin an image tag and bump it to deploy a new build.' },
  runtime: NODE_LEVEL,
  security_opt: { why: 'berth applies its own restricted security context (RuntimeDefault seccomp, no privilege escalation)', hint: 'Remove it; relax a rule with `exceptions:` only if the app truly needs it.' },
  shm_size: { why: 'berth does not mount a sized /dev/shm', hint: 'Add a memory-backed emptyDir at /dev/shm in the generated packaging by hand if the app needs more than 64Mi.' },
  stdin_open: { why: 'a Deployment has no interactive input', hint: 'Remove it.' },
  stop_grace_period: { why: 'berth keeps the default 30 s termination grace period', hint: 'Make the app stop within 30 s of SIGTERM.' },
  stop_signal: { why: 'Kubernetes always sends SIGTERM', hint: 'Set STOPSIGNAL in the Dockerfile, or handle SIGTERM.' },
  storage_opt: NODE_LEVEL,
  sysctls: { why: 'sysctls need cluster-level permission', hint: 'Remove it, or ask the cluster administrators.' },
  tty: { why: 'a Deployment has no terminal', hint: 'Remove it.' },
  ulimits: NODE_LEVEL,
  use_api_socket: { why: 'the Docker API does not exist in the cluster', hint: 'Use the Kubernetes API through a ServiceAccount instead.' },
  userns_mode: NODE_LEVEL,
  uts: NODE_LEVEL,
  volume_driver: { why: 'it is a version 1 key; storage comes from the cluster StorageClass', hint: 'Remove it.' },
  volumes_from: { why: 'each component has its own volumes', hint: 'Give the component its own volume, or share the data through a service.' },
  working_dir: { why: 'berth runs the image as built', hint: 'Set WORKDIR in the Dockerfile.' },
};

/** Every key the Compose specification allows on a service (besides x-*). */
export const SERVICE_KEYS = [
  'annotations', 'attach', 'blkio_config', 'build', 'cap_add', 'cap_drop', 'cgroup', 'cgroup_parent', 'command', 'configs',
  'container_name', 'cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime', 'cpu_shares', 'cpus',
  'cpuset', 'credential_spec', 'depends_on', 'deploy', 'develop', 'device_cgroup_rules', 'devices', 'dns', 'dns_opt', 'dns_search',
  'domainname', 'entrypoint', 'env_file', 'environment', 'expose', 'extends', 'external_links', 'extra_hosts', 'gpus', 'group_add',
  'healthcheck', 'hostname', 'image', 'init', 'ipc', 'isolation', 'label_file', 'labels', 'links', 'logging', 'mac_address', 'mem_limit',
  'mem_reservation', 'mem_swappiness', 'memswap_limit', 'models', 'network_mode', 'networks', 'oom_kill_disable', 'oom_score_adj', 'pid',
  'pids_limit', 'platform', 'ports', 'post_start', 'pre_stop', 'privileged', 'profiles', 'provider', 'pull_policy', 'pull_refresh_after',
  'read_only', 'restart', 'runtime', 'scale', 'secrets', 'security_opt', 'shm_size', 'stdin_open', 'stop_grace_period', 'stop_signal',
  'storage_opt', 'sysctls', 'tmpfs', 'tty', 'ulimits', 'use_api_socket', 'user', 'userns_mode', 'uts', 'volumes', 'volumes_from',
  'working_dir',
];

/** Warns about every key of `tracker` the mapping did not take. */
export function reportLeftovers(
  tracker: KeyTracker,
  reporter: Reporter,
  advice: Readonly<Record<string, Advice>> = SERVICE_ADVICE,
  known: readonly string[] = SERVICE_KEYS,
  fallback: Advice = NO_EQUIVALENT,
): void {
  for (const entry of tracker.leftovers()) {
    const path = tracker.child(entry.key);
    const given = advice[entry.key];
    if (!given && !known.includes(entry.key)) {
      const suggestion = closestMatch(entry.key, known);
      reporter.warn(
        'compose-unknown-key',
        `${path} is not a Compose key${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; docker compose refuses it and it is not carried over`,
        entry.keyPos,
        path,
        suggestion ? `Rename it to ${suggestion} if that is what you meant, or remove it.` : 'Remove it.',
      );
      continue;
    }
    const { why, hint } = given ?? fallback;
    reporter.warn('compose-key-not-carried', `${path} is not carried over: ${why}`, entry.keyPos, path, hint);
  }
}
