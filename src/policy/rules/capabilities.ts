// Linux capabilities: drop them all, add back at most NET_BIND_SERVICE (the restricted profile).
import { defineRule } from '../define-rule.ts';
import { joinPath } from '../field-path.ts';
import { asArray, asStringArray, dig, showValue } from '../json-values.ts';
import { isWindowsPod } from '../rule-context.ts';

/** `CAP_NET_RAW` and `net_raw` name the same capability as `NET_RAW`. */
function normalizeCapability(name: string): string {
  return name.toUpperCase().replace(/^CAP_/, '');
}

export const dropCapabilities = defineRule({
  id: 'drop-capabilities',
  severity: 'error',
  summary: 'Containers drop ALL capabilities (at the very least NET_RAW).',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      if (isWindowsPod(template)) continue;
      for (const container of template.containers) {
        const dropped = asStringArray(dig(container.container, 'securityContext', 'capabilities', 'drop')).map(normalizeCapability);
        if (dropped.includes('ALL')) continue;
        const dropsNetRaw = dropped.includes('NET_RAW');
        report({
          object: template.workload,
          path: joinPath(container.path, 'securityContext', 'capabilities', 'drop'),
          severity: dropsNetRaw ? 'warning' : 'error',
          message: dropsNetRaw
            ? `container "${container.name}" drops NET_RAW but keeps the other default capabilities (drop: ${showValue(dropped)}): the restricted profile requires dropping ALL`
            : `container "${container.name}" keeps the default capabilities, NET_RAW included (drop: ${showValue(dropped)}): it can forge packets and spoof other pods on the node`,
          hint: 'set securityContext.capabilities.drop: [ALL] and add back only what the process needs',
        });
      }
    }
  },
});

const ALLOWED_ADDED = new Set(['NET_BIND_SERVICE']);

export const noAddedCapabilities = defineRule({
  id: 'no-added-capabilities',
  severity: 'error',
  summary: 'Containers add no capability other than NET_BIND_SERVICE.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      for (const container of template.containers) {
        asArray(dig(container.container, 'securityContext', 'capabilities', 'add')).forEach((capability, index) => {
          if (typeof capability === 'string' && ALLOWED_ADDED.has(normalizeCapability(capability))) return;
          report({
            object: template.workload,
            path: joinPath(container.path, 'securityContext', 'capabilities', 'add', index),
            message: `container "${container.name}" adds capability ${showValue(capability)}: only NET_BIND_SERVICE is allowed by the restricted profile`,
            hint: 'remove the capability; to listen below port 1024 use NET_BIND_SERVICE, or listen on a high port',
          });
        });
      }
    }
  },
});
