// Access to the node: host namespaces, host ports, host paths, runtime sockets, kernel settings and
// volume types outside the restricted profile.
import { defineRule } from '../define-rule.ts';
import { joinPath } from '../field-path.ts';
import { asArray, asNumber, asRecord, asString, dig, showValue } from '../json-values.ts';
import type { PolicyRule } from '../types.ts';

function hostNamespaceRule(id: string, field: 'hostNetwork' | 'hostPID' | 'hostIPC', what: string): PolicyRule {
  return defineRule({
    id,
    severity: 'error',
    summary: `Pods do not set ${field}.`,
    scope: 'object',
    run(context, report) {
      for (const template of context.podTemplates) {
        if (template.spec[field] !== true) continue;
        report({
          object: template.workload,
          path: joinPath(template.specPath, field),
          message: `pod sets ${field}: true: ${what}`,
          hint: `remove ${field} (or set it to false)`,
        });
      }
    },
  });
}

export const hostNetwork = hostNamespaceRule(
  'host-network',
  'hostNetwork',
  "it shares the node's network stack, can listen on any node port, sniff node traffic and bypass NetworkPolicies",
);
export const hostPid = hostNamespaceRule(
  'host-pid',
  'hostPID',
  'it sees every process on the node, and can signal or inspect those running as the same user',
);
export const hostIpc = hostNamespaceRule(
  'host-ipc',
  'hostIPC',
  "it shares the node's IPC namespace and can read other processes' shared memory",
);

export const hostPorts = defineRule({
  id: 'host-ports',
  severity: 'error',
  summary: 'Containers do not bind host ports.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      for (const container of template.containers) {
        asArray(container.container.ports).forEach((item, index) => {
          const hostPort = asNumber(asRecord(item)?.hostPort);
          if (!hostPort) return;
          report({
            object: template.workload,
            path: joinPath(container.path, 'ports', index, 'hostPort'),
            message: `container "${container.name}" binds host port ${hostPort}: it is reachable on the node's address outside any Service or NetworkPolicy, and only one such pod fits per node`,
            hint: 'remove hostPort and expose the port through a Service',
          });
        });
      }
    }
  },
});

export const hostPathVolumes = defineRule({
  id: 'host-path-volumes',
  severity: 'error',
  summary: 'Pods do not mount hostPath volumes.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      asArray(template.spec.volumes).forEach((item, index) => {
        const volume = asRecord(item);
        const hostPath = asRecord(volume?.hostPath);
        if (!hostPath) return;
        report({
          object: template.workload,
          path: joinPath(template.specPath, 'volumes', index, 'hostPath', 'path'),
          message: `volume "${asString(volume?.name) ?? index}" mounts host path ${showValue(hostPath.path)}: the pod reads (or writes) the node's files, a common way out of the container`,
          hint: 'use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead',
        });
      });
    }
  },
});

const RUNTIME_SOCKETS = [
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/run/containerd/containerd.sock',
  '/run/containerd/containerd.sock',
  '/var/run/crio/crio.sock',
  '/run/crio/crio.sock',
  '/var/run/cri-dockerd.sock',
  '/run/cri-dockerd.sock',
];

function normalizeHostPath(path: string): string {
  const trimmed = path.replace(/\/+/g, '/').replace(/\/$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** The socket itself, or a directory that contains one (mounting `/var/run` exposes docker.sock too). */
function exposedSocket(path: string): string | undefined {
  const normalized = normalizeHostPath(path);
  return RUNTIME_SOCKETS.find((socket) => socket === normalized || socket.startsWith(normalized === '/' ? '/' : `${normalized}/`));
}

export const dockerSocket = defineRule({
  id: 'docker-socket',
  severity: 'error',
  summary: 'Pods do not mount the container runtime socket.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      asArray(template.spec.volumes).forEach((item, index) => {
        const path = asString(dig(item, 'hostPath', 'path'));
        const socket = path && exposedSocket(path);
        if (!socket) return;
        report({
          object: template.workload,
          path: joinPath(template.specPath, 'volumes', index, 'hostPath', 'path'),
          message: `volume mounts host path "${path}", which exposes the container runtime socket ${socket}: whoever talks to it can start privileged containers on the node`,
          hint: 'do not mount the runtime socket; build images with a daemonless builder (BuildKit rootless, kaniko) instead',
        });
      });
    }
  },
});

/** Sysctls the baseline profile allows: namespaced, and harmless to other pods. */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

export const unsafeSysctls = defineRule({
  id: 'unsafe-sysctls',
  severity: 'error',
  summary: 'Pods set only the safe sysctls.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      asArray(dig(template.spec, 'securityContext', 'sysctls')).forEach((item, index) => {
        const name = asString(asRecord(item)?.name);
        if (name !== undefined && SAFE_SYSCTLS.has(name.replace(/\//g, '.'))) return;
        report({
          object: template.workload,
          path: joinPath(template.specPath, 'securityContext', 'sysctls', index, 'name'),
          message: `pod sets sysctl ${showValue(name)}, which is not in the safe set: it can affect other pods on the node or the node itself`,
          hint: `remove it, or use one of: ${[...SAFE_SYSCTLS].join(', ')}`,
        });
      });
    }
  },
});

/** Volume types the restricted profile allows; hostPath has its own rule. */
const ALLOWED_VOLUME_TYPES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
  'hostPath',
]);

export const volumeTypes = defineRule({
  id: 'volume-types',
  severity: 'error',
  summary: 'Pods use only the volume types of the restricted profile.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      asArray(template.spec.volumes).forEach((item, index) => {
        const volume = asRecord(item);
        if (!volume) return;
        for (const type of Object.keys(volume).sort()) {
          if (type === 'name' || ALLOWED_VOLUME_TYPES.has(type) || volume[type] === undefined || volume[type] === null) continue;
          report({
            object: template.workload,
            path: joinPath(template.specPath, 'volumes', index, type),
            message: `volume "${asString(volume.name) ?? index}" is of type ${type}, which the restricted profile does not allow: it reaches storage directly with node-level access instead of through a claim`,
            hint: 'use a persistentVolumeClaim (with a PersistentVolume or StorageClass for that storage), or configMap, secret, emptyDir, projected, downwardAPI, csi or ephemeral',
          });
        }
      });
    }
  },
});
