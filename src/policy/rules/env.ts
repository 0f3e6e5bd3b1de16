// Environment variable lists: Kubernetes keeps the last of two entries with the same name, silently.
import { defineRule } from '../define-rule.ts';
import { joinPath } from '../field-path.ts';
import { asArray, asRecord, asString } from '../json-values.ts';

export const duplicateEnvVar = defineRule({
  id: 'duplicate-env-var',
  severity: 'warning',
  summary: 'A container defines each environment variable once.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      for (const container of template.containers) {
        const first = new Map<string, number>();
        asArray(container.container.env).forEach((item, index) => {
          const name = asString(asRecord(item)?.name);
          if (name === undefined) return;
          const earlier = first.get(name);
          if (earlier === undefined) {
            first.set(name, index);
            return;
          }
          report({
            object: template.workload,
            path: joinPath(container.path, 'env', index, 'name'),
            message: `container "${container.name}" defines ${name} again (first at env[${earlier}]): only the last value takes effect, which hides mistakes in overrides`,
            hint: `keep one entry for ${name}`,
          });
        });
      }
    }
  },
});
