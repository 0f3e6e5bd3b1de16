// The Helm chart target. In: the AppModel (registry + intermediate form). Out: deploy/helm/<app>/,
// a chart whose `helm template` equals the canonical objects, and the renderer `berth verify` uses.
import type { Target } from '../target.ts';
import { emitHelmChart } from './emit-chart.ts';

export { emitHelmChart } from './emit-chart.ts';

export const helmTarget: Target = {
  name: 'helm',
  description: 'a Helm chart (values per environment, schema, tests, migration hooks)',
  emit: emitHelmChart,
  // Loaded when verify renders: generating a chart needs no Helm.
  render: async (model, environment, context) => (await import('./render-chart.ts')).renderChart(model, environment, context),
};
