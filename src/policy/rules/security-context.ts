// Pod and container securityContext: the Pod Security Standards (baseline and restricted) plus
// read-only root filesystems. A container setting overrides the pod setting of the same name.
import { defineRule } from '../define-rule.ts';
import { joinPath } from '../field-path.ts';
import { asArray, asNumber, asRecord, asString, dig, showValue } from '../json-values.ts';
import { isWindowsPod, type ContainerRef, type PodTemplate } from '../rule-context.ts';

interface SettingFailure {
  readonly path: string;
  readonly value: unknown;
  /** `pod` when the value comes from the pod securityContext (set there or missing everywhere). */
  readonly level: 'pod' | 'container';
  /** For `pod`: the containers that inherit the value; for `container`: that container. */
  readonly containers: readonly string[];
}

/**
 * Where a field that both the pod and the containers can set is unacceptable: each container that sets
 * a bad value itself, and once for the pod when its value is bad (or missing while containers rely on it).
 */
function inheritedFailures(
  template: PodTemplate,
  field: string,
  acceptable: (value: unknown) => boolean,
): SettingFailure[] {
  const podValue = asRecord(template.spec.securityContext)?.[field];
  const failures: SettingFailure[] = [];
  const inheriting: string[] = [];
  for (const container of template.containers) {
    const own = asRecord(container.container.securityContext)?.[field];
    if (own !== undefined) {
      if (!acceptable(own)) {
        failures.push({
          path: joinPath(container.path, 'securityContext', field),
          value: own,
          level: 'container',
          containers: [container.name],
        });
      }
    } else if (!acceptable(podValue)) inheriting.push(container.name);
  }
  if (inheriting.length > 0 || (podValue !== undefined && !acceptable(podValue))) {
    failures.unshift({
      path: joinPath(template.specPath, 'securityContext', field),
      value: podValue,
      level: 'pod',
      containers: inheriting,
    });
  }
  return failures;
}

/** `pod securityContext.runAsUser is unset (containers app, init inherit it)` */
function describeFailure(failure: SettingFailure, field: string): string {
  const state = failure.value === undefined ? 'is not set' : `is ${showValue(failure.value)}`;
  if (failure.level === 'container') return `container "${failure.containers[0]}" securityContext.${field} ${state}`;
  const names = failure.containers.map((c) => `"${c}"`).join(', ');
  const who = failure.containers.length === 0 ? '' : failure.containers.length === 1 ? ` (container ${names} inherits it)` : ` (containers ${names} inherit it)`;
  return `pod securityContext.${field} ${state}${who}`;
}

function containerSetting(container: ContainerRef, field: string): unknown {
  return asRecord(container.container.securityContext)?.[field];
}

export const runAsNonRoot = defineRule({
  id: 'run-as-non-root',
  severity: 'error',
  summary: 'Containers run with runAsNonRoot: true (pod or container level).',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      for (const failure of inheritedFailures(template, 'runAsNonRoot', (v) => v === true)) {
        report({
          object: template.workload,
          path: failure.path,
          message: `${describeFailure(failure, 'runAsNonRoot')}: the container may run as root, so an escape from the process starts with root on the node's kernel`,
          hint: 'set securityContext.runAsNonRoot: true on the pod (and do not set it to false on a container); build the image with a numeric non-root USER',
        });
      }
    }
  },
});

export const runAsUserNonzero = defineRule({
  id: 'run-as-user-nonzero',
  severity: 'error',
  summary: 'Containers run with an explicit non-zero runAsUser.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      if (isWindowsPod(template)) continue;
      const valid = (v: unknown): boolean => (asNumber(v) ?? 0) > 0;
      for (const failure of inheritedFailures(template, 'runAsUser', valid)) {
        const unset = failure.value === undefined;
        report({
          object: template.workload,
          path: failure.path,
          severity: unset ? 'warning' : 'error',
          message: unset
            ? `${describeFailure(failure, 'runAsUser')}: the image decides the user, which may be root, and runAsNonRoot cannot verify a named USER`
            : `${describeFailure(failure, 'runAsUser')}: the container runs as root (UID 0)`,
          hint: 'set securityContext.runAsUser to a non-zero UID (e.g. 10001) on the pod; in berth.yaml: user: 10001',
        });
      }
    }
  },
});

export const runAsGroupNonzero = defineRule({
  id: 'run-as-group-nonzero',
  severity: 'warning',
  summary: 'Containers run with an explicit non-zero runAsGroup; fsGroup and supplementalGroups are not 0.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      if (isWindowsPod(template)) continue;
      const valid = (v: unknown): boolean => (asNumber(v) ?? 0) > 0;
      for (const failure of inheritedFailures(template, 'runAsGroup', valid)) {
        report({
          object: template.workload,
          path: failure.path,
          message: `${describeFailure(failure, 'runAsGroup')}: ${failure.value === undefined ? 'a numeric image USER then runs with group 0 (root)' : 'the process belongs to the root group'}, which can read and write files owned by root's group`,
          hint: 'set securityContext.runAsGroup to a non-zero GID on the pod; in berth.yaml: group: 10001',
        });
      }
      const podContext = asRecord(template.spec.securityContext);
      if (podContext?.fsGroup === 0) {
        report({
          object: template.workload,
          path: joinPath(template.specPath, 'securityContext', 'fsGroup'),
          message: 'pod securityContext.fsGroup is 0: volumes are made writable for the root group',
          hint: 'use the same non-zero GID as runAsGroup for fsGroup',
        });
      }
      asArray(podContext?.supplementalGroups).forEach((group, index) => {
        if (group !== 0) return;
        report({
          object: template.workload,
          path: joinPath(template.specPath, 'securityContext', 'supplementalGroups', index),
          message: 'pod securityContext.supplementalGroups contains 0: every container joins the root group',
          hint: 'remove 0 from supplementalGroups',
        });
      });
    }
  },
});

export const noPrivilegeEscalation = defineRule({
  id: 'no-privilege-escalation',
  severity: 'error',
  summary: 'Containers set allowPrivilegeEscalation: false.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      if (isWindowsPod(template)) continue;
      for (const container of template.containers) {
        const value = containerSetting(container, 'allowPrivilegeEscalation');
        if (value === false) continue;
        report({
          object: template.workload,
          path: joinPath(container.path, 'securityContext', 'allowPrivilegeEscalation'),
          message: `container "${container.name}" securityContext.allowPrivilegeEscalation is ${showValue(value)}: a setuid binary in the image can gain more privileges than the process started with`,
          hint: 'set securityContext.allowPrivilegeEscalation: false on every container',
        });
      }
    }
  },
});

export const notPrivileged = defineRule({
  id: 'not-privileged',
  severity: 'error',
  summary: 'No container runs privileged.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      for (const container of template.containers) {
        if (containerSetting(container, 'privileged') !== true) continue;
        report({
          object: template.workload,
          path: joinPath(container.path, 'securityContext', 'privileged'),
          message: `container "${container.name}" runs privileged: it has every capability and all host devices, which is root on the node`,
          hint: 'remove privileged: true (set it to false); grant only the capability the process needs, if any',
        });
      }
    }
  },
});

export const readonlyRootFilesystem = defineRule({
  id: 'readonly-root-filesystem',
  severity: 'warning',
  summary: 'Containers set readOnlyRootFilesystem: true.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      if (isWindowsPod(template)) continue;
      for (const container of template.containers) {
        const value = containerSetting(container, 'readOnlyRootFilesystem');
        if (value === true) continue;
        report({
          object: template.workload,
          path: joinPath(container.path, 'securityContext', 'readOnlyRootFilesystem'),
          message: `container "${container.name}" securityContext.readOnlyRootFilesystem is ${showValue(value)}: an attacker can write tools or change the app's files inside the container`,
          hint: 'set readOnlyRootFilesystem: true and mount an emptyDir where the app writes (e.g. /tmp); in berth.yaml: writable: [/var/cache/app]',
        });
      }
    }
  },
});

const SECCOMP_ANNOTATION_OK = /^(runtime\/default|docker\/default|localhost\/.+)$/;

export const seccompProfile = defineRule({
  id: 'seccomp-profile',
  severity: 'error',
  summary: 'Containers run with the RuntimeDefault or a Localhost seccomp profile.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      if (isWindowsPod(template)) continue;
      const podAnnotation = asString(template.annotations['seccomp.security.alpha.kubernetes.io/pod']);
      const acceptable = (value: unknown): boolean => {
        const type = asString(dig(value, 'type'));
        return type === 'RuntimeDefault' || (type === 'Localhost' && !!asString(dig(value, 'localhostProfile')));
      };
      const podFallback = podAnnotation !== undefined && SECCOMP_ANNOTATION_OK.test(podAnnotation);
      for (let failure of inheritedFailures(template, 'seccompProfile', acceptable)) {
        if (failure.level === 'pod' && failure.value === undefined) {
          // The legacy annotations still count where the field is absent.
          const uncovered = failure.containers.filter((name) => {
            const own = asString(template.annotations[`container.seccomp.security.alpha.kubernetes.io/${name}`]);
            return own !== undefined ? !SECCOMP_ANNOTATION_OK.test(own) : !podFallback;
          });
          if (uncovered.length === 0) continue;
          failure = { ...failure, containers: uncovered };
        }
        const type = asString(dig(failure.value, 'type'));
        report({
          object: template.workload,
          path: failure.path,
          message: `${describeFailure({ ...failure, value: failure.value === undefined ? undefined : (type ?? failure.value) }, 'seccompProfile.type')}: without a seccomp filter every system call of the kernel is reachable from the container`,
          hint: 'set securityContext.seccompProfile: { type: RuntimeDefault } on the pod',
        });
      }
    }
  },
});

export const procMount = defineRule({
  id: 'proc-mount',
  severity: 'error',
  summary: 'Containers keep the default /proc mount.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      for (const container of template.containers) {
        const value = containerSetting(container, 'procMount');
        if (value === undefined || value === 'Default') continue;
        report({
          object: template.workload,
          path: joinPath(container.path, 'securityContext', 'procMount'),
          message: `container "${container.name}" securityContext.procMount is ${showValue(value)}: an unmasked /proc exposes host kernel information and settings`,
          hint: 'remove procMount (or set it to Default)',
        });
      }
    }
  },
});

const SELINUX_TYPES = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

export const selinuxOptions = defineRule({
  id: 'selinux-options',
  severity: 'error',
  summary: 'SELinux options keep a container type and set no custom user or role.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      const places = [
        { path: joinPath(template.specPath, 'securityContext', 'seLinuxOptions'), who: 'pod', options: dig(template.spec, 'securityContext', 'seLinuxOptions') },
        ...template.containers.map((c) => ({
          path: joinPath(c.path, 'securityContext', 'seLinuxOptions'),
          who: `container "${c.name}"`,
          options: dig(c.container, 'securityContext', 'seLinuxOptions'),
        })),
      ];
      for (const place of places) {
        const options = asRecord(place.options);
        if (!options) continue;
        const type = asString(options.type);
        if (type && !SELINUX_TYPES.has(type)) {
          report({
            object: template.workload,
            path: joinPath(place.path, 'type'),
            message: `${place.who} sets seLinuxOptions.type to "${type}": only the container types (${[...SELINUX_TYPES].join(', ')}) keep SELinux confinement`,
            hint: 'remove seLinuxOptions.type or use container_t',
          });
        }
        for (const field of ['user', 'role'] as const) {
          const value = asString(options[field]);
          if (!value) continue;
          report({
            object: template.workload,
            path: joinPath(place.path, field),
            message: `${place.who} sets seLinuxOptions.${field} to "${value}": a custom SELinux ${field} can lift the confinement of the container`,
            hint: `remove seLinuxOptions.${field}`,
          });
        }
      }
    }
  },
});

const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

export const apparmorProfile = defineRule({
  id: 'apparmor-profile',
  severity: 'error',
  summary: 'No container runs with the AppArmor profile Unconfined.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      const places = [
        { path: joinPath(template.specPath, 'securityContext', 'appArmorProfile', 'type'), who: 'pod', type: dig(template.spec, 'securityContext', 'appArmorProfile', 'type') },
        ...template.containers.map((c) => ({
          path: joinPath(c.path, 'securityContext', 'appArmorProfile', 'type'),
          who: `container "${c.name}"`,
          type: dig(c.container, 'securityContext', 'appArmorProfile', 'type'),
        })),
      ];
      for (const place of places) {
        if (place.type !== 'Unconfined') continue;
        report({
          object: template.workload,
          path: place.path,
          message: `${place.who} sets appArmorProfile.type to Unconfined: the container runs without the AppArmor policy that limits file and mount access`,
          hint: 'remove appArmorProfile or use type RuntimeDefault (or Localhost with a profile)',
        });
      }
      for (const [key, value] of Object.entries(template.annotations)) {
        if (!key.startsWith(APPARMOR_ANNOTATION)) continue;
        const profile = asString(value) ?? '';
        if (profile === 'runtime/default' || profile.startsWith('localhost/')) continue;
        report({
          object: template.workload,
          path: joinPath(template.metadataPath, 'annotations', key),
          message: `annotation ${key} is ${showValue(value)}: the container runs without the AppArmor policy that limits file and mount access`,
          hint: 'use runtime/default (or localhost/<profile>), or the appArmorProfile field on Kubernetes 1.30 and later',
        });
      }
    }
  },
});

export const windowsHostProcess = defineRule({
  id: 'windows-host-process',
  severity: 'error',
  summary: 'No Windows HostProcess containers.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      const places = [
        { path: joinPath(template.specPath, 'securityContext', 'windowsOptions', 'hostProcess'), who: 'pod', value: dig(template.spec, 'securityContext', 'windowsOptions', 'hostProcess') },
        ...template.containers.map((c) => ({
          path: joinPath(c.path, 'securityContext', 'windowsOptions', 'hostProcess'),
          who: `container "${c.name}"`,
          value: dig(c.container, 'securityContext', 'windowsOptions', 'hostProcess'),
        })),
      ];
      for (const place of places) {
        if (place.value !== true) continue;
        report({
          object: template.workload,
          path: place.path,
          message: `${place.who} sets windowsOptions.hostProcess: true: the container runs directly on the Windows host with its privileges`,
          hint: 'remove hostProcess; run node management tools outside application namespaces',
        });
      }
    }
  },
});
