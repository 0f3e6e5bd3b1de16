// The PromQL of the canary and blue-green analysis: what Argo Rollouts asks Prometheus about the
// pods of the new version, and the condition a measurement must meet. Metric names come from the
// spec's analysis (whose defaults are metrics-convention.ts's), so alerts and analysis agree.
import type { Analysis } from '../spec/app-spec.ts';
import { CLUSTER_METRICS, HTTP_METRICS } from './metrics-convention.ts';
import { FULLNAME, NAMESPACE } from './template-object.ts';
import { concat, param, type Value } from './template.ts';

/** The AnalysisTemplate argument that carries the new version's pod-template hash. */
export const POD_HASH_ARG = 'pod-template-hash';

export interface AnalysisQuery {
  /** The metric's name in the AnalysisTemplate. */
  readonly name: 'error-rate' | 'latency-p99' | 'restarts';
  readonly query: Value;
  /** The bound the measured value must not pass. */
  readonly threshold: number;
  /** What the threshold means, for READMEs and docs. */
  readonly meaning: string;
}

/**
 * The new version's pods: a Rollout names them `<rollout>-<pod-template-hash>-<suffix>`, and
 * Prometheus's targets carry the pod's name in `pod` (kube-state-metrics series too).
 */
export function newPodsSelector(component: string): Value {
  return concat('namespace="', param(NAMESPACE), '",pod=~"', param(FULLNAME), `-${component}-{{args.${POD_HASH_ARG}}}-.*"`);
}

/** HTTP status codes that count as failures: the server's own errors. */
export const SERVER_ERROR_CODES = '5..';

/** The metric names the analysis asks about: the spec's own, else the metrics convention's. */
export function analysisMetricNames(analysis: Analysis) {
  const given = analysis.metrics;
  return {
    requests: given.requests ?? HTTP_METRICS.requests,
    duration: given.duration ?? HTTP_METRICS.duration,
    codeLabel: given.codeLabel ?? HTTP_METRICS.codeLabel,
    errorCodes: given.errorCodes ?? SERVER_ERROR_CODES,
    restarts: given.restarts ?? CLUSTER_METRICS.restarts,
  };
}

/** Every query the analysis of `component` runs, in a fixed order. */
export function analysisQueries(component: string, analysis: Analysis): AnalysisQuery[] {
  const pods = newPodsSelector(component);
  const { window } = analysis;
  const metrics = analysisMetricNames(analysis);
  const queries: AnalysisQuery[] = [];
  if (analysis.errorRate !== undefined) {
    queries.push({
      name: 'error-rate',
      query: concat(
        `sum(rate(${metrics.requests}{`, pods, `,${metrics.codeLabel}=~"${metrics.errorCodes}"}[${window}])) / sum(rate(${metrics.requests}{`, pods, `}[${window}])) * 100`,
      ),
      threshold: analysis.errorRate,
      meaning: `at most ${analysis.errorRate} % of the requests fail (${metrics.codeLabel} matching ${metrics.errorCodes})`,
    });
  }
  if (analysis.latencyP99 !== undefined) {
    queries.push({
      name: 'latency-p99',
      query: concat(`histogram_quantile(0.99, sum by (le) (rate(${metrics.duration}_bucket{`, pods, `}[${window}])))`),
      threshold: analysis.latencyP99,
      meaning: `99 % of the requests finish within ${analysis.latencyP99} s`,
    });
  }
  if (analysis.restarts !== undefined) {
    queries.push({
      name: 'restarts',
      // The new pods are new: every restart they have counted happened during this release.
      query: concat(`sum(${metrics.restarts}{`, pods, `,container="${component}"})`),
      threshold: analysis.restarts,
      meaning: analysis.restarts === 0 ? 'no container of the new pods restarts' : `the new pods' containers restart at most ${analysis.restarts} times`,
    });
  }
  return queries;
}

/**
 * Argo Rollouts' condition (expr language): no data yet (no traffic, no 5xx at all) is a pass, as is
 * NaN (no requests in the window); anything above the threshold is a failure.
 */
export function successCondition(threshold: number): string {
  return `len(result) == 0 || isNaN(result[0]) || result[0] <= ${threshold}`;
}
