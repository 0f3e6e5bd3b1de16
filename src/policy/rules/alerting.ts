// Alerting rules (prometheus-operator PrometheusRules): an alert that pages someone says how urgent
// it is and what is wrong, or the receiver cannot route it and the person woken cannot act on it.
import { defineRule } from '../define-rule.ts';
import { asArray, asRecord, asString, dig } from '../json-values.ts';

export const alertSeveritySummary = defineRule({
  id: 'alert-severity-summary',
  severity: 'warning',
  summary: 'Every alert of a PrometheusRule has a severity label and a summary annotation.',
  scope: 'object',
  run(context, report) {
    for (const object of context.ofKind('PrometheusRule')) {
      asArray(dig(object, 'spec', 'groups')).forEach((group, g) => {
        asArray(asRecord(group)?.rules).forEach((item, r) => {
          const rule = asRecord(item);
          const alert = asString(rule?.alert);
          if (!rule || alert === undefined) return;
          const path = `spec.groups[${g}].rules[${r}]`;
          if (!asString(asRecord(rule.labels)?.severity)) {
            report({
              object,
              path: `${path}.labels`,
              message: `alert ${alert} has no severity label: Alertmanager routes by severity, so it reaches no receiver or the wrong one`,
              hint: 'add labels.severity: critical, warning or info (berth\'s alerts always carry one)',
            });
          }
          if (!asString(asRecord(rule.annotations)?.summary)) {
            report({
              object,
              path: `${path}.annotations`,
              message: `alert ${alert} has no summary annotation: the notification says only its name, not what is wrong or where`,
              hint: 'add annotations.summary naming the component and the environment, e.g. "5xx rate of api in prod above 5%"',
            });
          }
        });
      });
    }
  },
});
