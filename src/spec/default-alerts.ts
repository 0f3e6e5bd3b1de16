// The alerts a platform team needs on day one, with the thresholds they usually start from. Each
// row is what `alerting:` turns on; the PromQL lives with the model (src/model/resources/monitoring.ts).
import type { Severity } from './app-spec.ts';

export interface DefaultAlert {
  readonly id: string;
  /** The alert's name in Prometheus. */
  readonly name: string;
  readonly threshold: number;
  /** What the threshold counts. */
  readonly unit: 'restarts' | 'percent' | 'milliseconds' | 'days';
  readonly for: string;
  readonly severity: Severity;
  /** How soon someone must react: the repeat interval of the alert's own route. */
  readonly response: string;
}

export const DEFAULT_ALERTS: readonly DefaultAlert[] = [
  { id: 'pod-crash-looping', name: 'PodCrashLooping', threshold: 3, unit: 'restarts', for: '0m', severity: 'critical', response: '5m' },
  { id: 'error-rate-critical', name: 'HighErrorRate', threshold: 5, unit: 'percent', for: '5m', severity: 'critical', response: '5m' },
  { id: 'error-rate-warning', name: 'ElevatedErrorRate', threshold: 1, unit: 'percent', for: '5m', severity: 'warning', response: '15m' },
  { id: 'latency-p95', name: 'HighLatencyP95', threshold: 500, unit: 'milliseconds', for: '5m', severity: 'warning', response: '30m' },
  { id: 'cpu-high', name: 'HighCPUUsage', threshold: 80, unit: 'percent', for: '5m', severity: 'warning', response: '30m' },
  { id: 'disk-high', name: 'DiskAlmostFull', threshold: 85, unit: 'percent', for: '5m', severity: 'warning', response: '1h' },
  { id: 'certificate-expiring', name: 'CertificateExpiringSoon', threshold: 7, unit: 'days', for: '1h', severity: 'info', response: '24h' },
];

/** The response time of each severity, the repeat interval of its route (the seed's fastest per severity). */
export const SEVERITY_RESPONSE: Readonly<Record<Severity, string>> = { critical: '5m', warning: '15m', info: '24h' };
