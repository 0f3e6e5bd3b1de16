// One Kubernetes object in the intermediate form, with what owns it and where its values came from.
import type { SourcePosition } from '../diagnostics.ts';
import { param, concat, type Value } from './template.ts';

export interface TemplateObject {
  /** Stable identity across environments, also the emitters' file name: `backend-deployment`. */
  readonly id: string;
  /** The component, dependency or job it belongs to; `app` for app-wide objects. */
  readonly owner: string;
  readonly ownerKind: 'component' | 'dependency' | 'job' | 'cronjob' | 'app';
  readonly kind: string;
  /** The object exists only when this holds (a toggle parameter). */
  readonly condition?: Value;
  /** The whole object: apiVersion, kind, metadata, spec... */
  readonly body: Value;
  /** Field path inside the object → where the spec wrote the value that produced it. */
  readonly sources: Readonly<Record<string, SourcePosition>>;
}

/** The fixed kind order of berth's output (dependencies before dependents, like Helm's install order). */
export const KIND_ORDER = [
  'ServiceAccount',
  'ExternalSecret',
  'SealedSecret',
  'Secret',
  'ConfigMap',
  'PersistentVolumeClaim',
  'Service',
  'DestinationRule',
  'VirtualService',
  'HTTPRoute',
  'AnalysisTemplate',
  'Job',
  'CronJob',
  'StatefulSet',
  'Deployment',
  'Rollout',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'NetworkPolicy',
  'Ingress',
  'ServiceMonitor',
  'PodMonitor',
  'PrometheusRule',
  'AlertmanagerConfig',
] as const;

export function kindRank(kind: string): number {
  const index = (KIND_ORDER as readonly string[]).indexOf(kind);
  return index === -1 ? KIND_ORDER.length : index;
}

/** Builtin parameters: Helm takes them from the release, not from values. */
export const FULLNAME = 'fullname';
export const RELEASE = 'release';
export const NAMESPACE = 'namespace';

/** `<fullname>-<suffix>`: the naming rule of every object berth makes. */
export function objectName(suffix?: string): Value {
  return suffix ? concat(param(FULLNAME), `-${suffix}`) : param(FULLNAME);
}
