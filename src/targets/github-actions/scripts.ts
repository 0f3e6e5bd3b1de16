// The shell scripts of the workflows' `run:` steps. Values reach them only through `env:`, never
// through `${{ }}` inside the script, so no secret or event text is ever pasted into a command line.
import type { Delivery } from '../../spec/app-spec.ts';

/** Shell for a tag template: `sha-{commit}` → `sha-${commit}` (templates hold only [A-Za-z0-9_.-{}]). */
function shellTemplate(template: string): string {
  return template.replace('{version}', '${version}').replace('{commit}', '${commit}');
}

/**
 * Computes the tags one image is pushed with, from the event: the commit tag always, the main tag on
 * the main branch, the release and staging tags on a release tag (which must be the spec's version,
 * so that what is pushed is what berth proved). Reads IMAGE, SPEC_VERSION, MAIN_BRANCH.
 */
export function imageTagsScript(delivery: Delivery): string {
  return [
    'commit="${GITHUB_SHA:0:7}"',
    `tags="\${IMAGE}:${shellTemplate(delivery.tags.commit)}"`,
    'if [ "${GITHUB_REF_TYPE}" = "tag" ]; then',
    '  version="${GITHUB_REF_NAME#v}"',
    '  if [ "${version}" != "${SPEC_VERSION}" ]; then',
    '    echo "::error::release tag ${GITHUB_REF_NAME} does not match version ${SPEC_VERSION} in berth.yaml: bump the version, run berth generate, commit, then tag"',
    '    exit 1',
    '  fi',
    `  tags="\${tags},\${IMAGE}:${shellTemplate(delivery.tags.release)},\${IMAGE}:${delivery.tags.staging}"`,
    'elif [ "${GITHUB_REF_NAME}" = "${MAIN_BRANCH}" ]; then',
    `  tags="\${tags},\${IMAGE}:${delivery.tags.main}"`,
    'fi',
    'echo "Pushing ${tags}"',
    'echo "tags=${tags}" >> "${GITHUB_OUTPUT}"',
    '',
  ].join('\n');
}

/** Writes the kubeconfig held in KUBECONFIG_DATA (a secret) to a private file and points kubectl/helm at it. */
export function clusterAccessScript(secretName: string): string {
  return [
    'if [ -z "${KUBECONFIG_DATA}" ]; then',
    `  echo "::error::the repository secret ${secretName} (a kubeconfig for this cluster) is not set"`,
    '  exit 1',
    'fi',
    'kubeconfig="${RUNNER_TEMP}/kubeconfig"',
    'umask 077',
    "printf '%s\\n' \"${KUBECONFIG_DATA}\" > \"${kubeconfig}\"",
    'echo "KUBECONFIG=${kubeconfig}" >> "${GITHUB_ENV}"',
    '',
  ].join('\n');
}

/** The release's git tag must be the spec's version before a release is deployed. */
export function releaseGuardScript(): string {
  return [
    'if [ "${GITHUB_REF_NAME#v}" != "${SPEC_VERSION}" ]; then',
    '  echo "::error::release tag ${GITHUB_REF_NAME} is not version ${SPEC_VERSION} of berth.yaml"',
    '  exit 1',
    'fi',
    '',
  ].join('\n');
}

export interface HelmRelease {
  readonly release: string;
  readonly chart: string;
  readonly valuesFile: string;
  readonly namespace: string;
}

/** One command: the chart's pre-upgrade hook runs the migration Job, then the rollout; failure rolls back. */
export function helmUpgradeScript(r: HelmRelease): string {
  return [
    `helm upgrade --install ${r.release} ${r.chart} \\`,
    `  --namespace ${r.namespace} --create-namespace \\`,
    `  --values ${r.valuesFile} \\`,
    '  --atomic --wait --timeout 15m',
    '',
  ].join('\n');
}

/**
 * A moving tag (latest, staging) names new images without changing the objects: restart to pull them.
 * Argo Rollouts restart when `spec.restartAt` moves (what `kubectl argo rollouts restart` sets).
 */
export function restartScript(namespace: string, app: string, rollouts = false): string {
  const selector = `--namespace ${namespace} --selector app.kubernetes.io/part-of=${app}`;
  return [
    `kubectl rollout restart deployment ${selector}`,
    `kubectl rollout status deployment ${selector} --timeout 10m`,
    ...(rollouts
      ? [
          'restart_at="$(date -u +%Y-%m-%dT%H:%M:%SZ)"',
          `for rollout in $(kubectl get rollouts.argoproj.io ${selector} --output name); do`,
          `  kubectl patch "$rollout" --namespace ${namespace} --type merge --patch "{\\"spec\\":{\\"restartAt\\":\\"$restart_at\\"}}"`,
          'done',
        ]
      : []),
    '',
  ].join('\n');
}

export function helmTestScript(r: HelmRelease): string {
  return `helm test ${r.release} --namespace ${r.namespace} --logs --timeout 5m\n`;
}

export function helmRollbackScript(r: HelmRelease): string {
  return [
    `echo "::warning::rolling ${r.release} in ${r.namespace} back to the previous release"`,
    `helm rollback ${r.release} --namespace ${r.namespace} --wait --timeout 10m`,
    '',
  ].join('\n');
}

/**
 * Asks Argo CD to sync the Applications (one after the other: region by region) and waits until
 * each sync succeeded and the app is healthy. Reads APPLICATIONS (space-separated), ARGOCD_NAMESPACE
 * and REVISION (empty: the Application's own target revision). Records the revisions it replaced.
 */
export function argocdSyncScript(): string {
  return [
    ': > "${RUNNER_TEMP}/previous-revisions"',
    'read -r -a names <<< "${APPLICATIONS}"',
    'for app in "${names[@]}"; do',
    '  previous="$(kubectl --namespace "${ARGOCD_NAMESPACE}" get application "${app}" --output "jsonpath={.status.sync.revision}")"',
    '  echo "${app} ${previous}" >> "${RUNNER_TEMP}/previous-revisions"',
    '  if [ -n "${REVISION}" ]; then',
    '    operation="{\\"operation\\":{\\"initiatedBy\\":{\\"username\\":\\"github-actions\\"},\\"sync\\":{\\"revision\\":\\"${REVISION}\\"}}}"',
    '  else',
    '    operation="{\\"operation\\":{\\"initiatedBy\\":{\\"username\\":\\"github-actions\\"},\\"sync\\":{}}}"',
    '  fi',
    '  kubectl --namespace "${ARGOCD_NAMESPACE}" patch application "${app}" --type merge --patch "${operation}"',
    '  # The operation field disappears once the controller has finished it.',
    '  phase=""',
    '  for _ in $(seq 1 90); do',
    '    pending="$(kubectl --namespace "${ARGOCD_NAMESPACE}" get application "${app}" --output "jsonpath={.operation.initiatedBy.username}")"',
    '    phase="$(kubectl --namespace "${ARGOCD_NAMESPACE}" get application "${app}" --output "jsonpath={.status.operationState.phase}")"',
    '    if [ -z "${pending}" ] && [ "${phase}" != "Running" ]; then break; fi',
    '    sleep 10',
    '  done',
    '  if [ "${phase}" != "Succeeded" ]; then',
    '    echo "::error::Argo CD sync of ${app} ended ${phase:-without finishing}"',
    '    exit 1',
    '  fi',
    '  kubectl --namespace "${ARGOCD_NAMESPACE}" wait application "${app}" --for "jsonpath={.status.health.status}=Healthy" --timeout 15m',
    'done',
    '',
  ].join('\n');
}

/** Syncs each Application back to the revision it ran before this job (manual-sync environments). */
export function argocdRollbackScript(): string {
  return [
    'if [ ! -s "${RUNNER_TEMP}/previous-revisions" ]; then exit 0; fi',
    'while read -r app previous; do',
    '  if [ -z "${previous}" ]; then continue; fi',
    '  echo "::warning::rolling ${app} back to ${previous}"',
    '  operation="{\\"operation\\":{\\"initiatedBy\\":{\\"username\\":\\"github-actions\\"},\\"sync\\":{\\"revision\\":\\"${previous}\\"}}}"',
    '  kubectl --namespace "${ARGOCD_NAMESPACE}" patch application "${app}" --type merge --patch "${operation}"',
    'done < "${RUNNER_TEMP}/previous-revisions"',
    '',
  ].join('\n');
}

/** Installs the Pulumi program's dependencies when it is in the repository, so `berth verify` can run it. */
export function pulumiInstallScript(directory: string): string {
  return [`if [ -f ${directory}/package.json ]; then`, `  npm install --prefix ${directory} --no-audit --no-fund`, 'fi', ''].join('\n');
}
