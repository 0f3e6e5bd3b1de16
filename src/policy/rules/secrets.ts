// Secret values written in plain sight: in ConfigMaps (readable by anyone who can read config) and as
// literal environment values in pod templates (visible in the manifest, in `kubectl describe`, in Git).
import { defineRule } from '../define-rule.ts';
import { joinPath } from '../field-path.ts';
import { asArray, asRecord, asString } from '../json-values.ts';
import { isPlaceholder, isSecretLikeName, redact, secretAssignment, secretContent } from './secret-patterns.ts';

export const secretInConfigmap = defineRule({
  id: 'secret-in-configmap',
  severity: 'error',
  summary: 'ConfigMaps hold no passwords, tokens, keys or URLs with credentials.',
  scope: 'object',
  run(context, report) {
    for (const configMap of context.ofKind('ConfigMap')) {
      const data = asRecord(configMap.data) ?? {};
      for (const key of Object.keys(data).sort()) {
        const value = data[key] === null || data[key] === undefined ? '' : String(data[key]);
        const problem = describeConfigValue(key, value);
        if (!problem) continue;
        report({
          object: configMap,
          path: joinPath('data', key),
          message: `ConfigMap key "${key}" ${problem}: ConfigMaps are not encrypted at rest or access-controlled like Secrets`,
          hint: 'move the value into a Secret and reference it (secretKeyRef or a secret volume); in berth.yaml: env: { NAME: { secret: <name>, key: <key> } }',
        });
      }
    }
  },
});

function describeConfigValue(key: string, value: string): string | undefined {
  if (isSecretLikeName(key) && !isPlaceholder(value)) return `looks like a secret by its name and holds a value (${redact(value)})`;
  const content = secretContent(value);
  if (content) return `holds ${content}`;
  const assignment = secretAssignment(value);
  if (assignment) return `sets "${assignment.key}" on line ${assignment.line} of the file it holds`;
  return undefined;
}

export const secretInEnv = defineRule({
  id: 'secret-in-env',
  severity: 'error',
  summary: 'Environment variables that carry secrets read them from a Secret, not a literal value.',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      for (const container of template.containers) {
        asArray(container.container.env).forEach((item, index) => {
          const variable = asRecord(item);
          const name = asString(variable?.name) ?? '';
          const value = variable?.value;
          if (value === undefined || value === null) return;
          const text = String(value);
          let problem: string | undefined;
          if (isSecretLikeName(name) && !isPlaceholder(text)) problem = `looks like a secret by its name and has a literal value (${redact(text)})`;
          else {
            const content = secretContent(text);
            if (content) problem = `has a literal value with ${content}`;
          }
          if (!problem) return;
          report({
            object: template.workload,
            path: joinPath(container.path, 'env', index, 'value'),
            message: `variable ${name} of container "${container.name}" ${problem}: it is stored in the manifest, in Git and shown by kubectl describe`,
            hint: `use valueFrom.secretKeyRef instead of value; in berth.yaml: env: { ${name || 'NAME'}: { secret: <name>, key: <key> } }`,
          });
        });
      }
    }
  },
});
