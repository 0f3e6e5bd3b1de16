// Every policy rule, ordered by id. A new rule is added here and gets a page in docs/rules/.
import type { PolicyRule } from '../types.ts';
import { alertRunbook, alertSeveritySummary, metricsScraped } from './alerting.ts';
import { antiAffinityOrSpread, pdbForReplicated, pdbPolicy, pdbTargetsPod, replicasMinimum, topologySpreadValid } from './availability.ts';
import { hpaFixedReplicas, hpaMinReplicas, hpaTargets } from './autoscaling.ts';
import { dropCapabilities, noAddedCapabilities } from './capabilities.ts';
import { canaryPauseCoversAnalysis, canaryStepsFullTraffic, previewServiceNotExposed, rolloutAnalysis } from './delivery.ts';
import { duplicateEnvVar } from './env.ts';
import { dockerSocket, hostIpc, hostNetwork, hostPathVolumes, hostPid, hostPorts, unsafeSysctls, volumeTypes } from './host-access.ts';
import { imagePullPolicy, imageTagPinned } from './images.ts';
import { cronjobConcurrency, cronjobDeadline, jobTtl, restartPolicy } from './jobs.ts';
import { deprecatedApiVersion, labelConventions, labelSyntax, selectorMatchesTemplate } from './metadata.ts';
import {
  ingressBackendExists,
  loadBalancerSourceRanges,
  networkPolicyCoverage,
  networkPolicyTargetsPod,
  serviceNodePort,
  serviceSelectorMatches,
  serviceTargetPort,
  sshPort,
} from './networking.ts';
import { dashboardDatasourceVariable, scrapeAllowed } from './monitoring.ts';
import { livenessProbe, probePortExposed, probesNotIdentical, readinessProbe } from './probes.ts';
import { rbacClusterAdmin, rbacPodExec, rbacWildcard } from './rbac.ts';
import { cpuLimits, cpuRequests, memoryLimits, memoryRequests } from './resources.ts';
import { secretInConfigmap, secretInEnv } from './secrets.ts';
import {
  apparmorProfile,
  noPrivilegeEscalation,
  notPrivileged,
  procMount,
  readonlyRootFilesystem,
  runAsGroupNonzero,
  runAsNonRoot,
  runAsUserNonzero,
  seccompProfile,
  selinuxOptions,
  windowsHostProcess,
} from './security-context.ts';
import { deprecatedServiceAccountField, serviceAccountExists, serviceAccountTokenAutomount } from './service-accounts.ts';

export const rules: readonly PolicyRule[] = [
  alertRunbook,
  alertSeveritySummary,
  antiAffinityOrSpread,
  apparmorProfile,
  canaryPauseCoversAnalysis,
  canaryStepsFullTraffic,
  cpuLimits,
  cpuRequests,
  cronjobConcurrency,
  cronjobDeadline,
  dashboardDatasourceVariable,
  deprecatedApiVersion,
  deprecatedServiceAccountField,
  dockerSocket,
  dropCapabilities,
  duplicateEnvVar,
  hostIpc,
  hostNetwork,
  hostPathVolumes,
  hostPid,
  hostPorts,
  hpaFixedReplicas,
  hpaMinReplicas,
  hpaTargets,
  imagePullPolicy,
  imageTagPinned,
  ingressBackendExists,
  jobTtl,
  labelConventions,
  labelSyntax,
  livenessProbe,
  loadBalancerSourceRanges,
  memoryLimits,
  memoryRequests,
  metricsScraped,
  networkPolicyCoverage,
  networkPolicyTargetsPod,
  noAddedCapabilities,
  noPrivilegeEscalation,
  notPrivileged,
  pdbForReplicated,
  pdbPolicy,
  pdbTargetsPod,
  previewServiceNotExposed,
  probePortExposed,
  probesNotIdentical,
  procMount,
  rbacClusterAdmin,
  rbacPodExec,
  rbacWildcard,
  readinessProbe,
  readonlyRootFilesystem,
  replicasMinimum,
  restartPolicy,
  rolloutAnalysis,
  runAsGroupNonzero,
  runAsNonRoot,
  runAsUserNonzero,
  scrapeAllowed,
  seccompProfile,
  secretInConfigmap,
  secretInEnv,
  selectorMatchesTemplate,
  selinuxOptions,
  serviceAccountExists,
  serviceAccountTokenAutomount,
  serviceNodePort,
  serviceSelectorMatches,
  serviceTargetPort,
  sshPort,
  topologySpreadValid,
  unsafeSysctls,
  volumeTypes,
  windowsHostProcess,
];

export function findRule(id: string): PolicyRule | undefined {
  return rules.find((rule) => rule.id === id);
}
