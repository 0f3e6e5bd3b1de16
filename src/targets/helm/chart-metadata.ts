// Chart.yaml (name, SemVer chart version, appVersion) and .helmignore.
import type { AppSpec } from '../../spec/app-spec.ts';
import { yamlString } from './yaml-scalar.ts';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function isSemVer(version: string): boolean {
  return SEMVER.test(version);
}

/**
 * Helm requires a SemVer 2 chart version; the app version may be anything. A SemVer app version is
 * used as it is. Otherwise: a leading `v` is dropped, up to three leading numbers become
 * MAJOR.MINOR.PATCH (missing ones are 0), a fourth number becomes build metadata, and the rest
 * becomes pre-release identifiers; a version without a leading number becomes `0.0.0-<version>`.
 * `v1.2` → `1.2.0`, `2024.05` → `2024.5.0`, `1.2.3.4` → `1.2.3+4`, `1.4-rc1` → `1.4.0-rc1`,
 * `latest` → `0.0.0-latest`.
 */
export function chartVersion(version: string): string {
  if (isSemVer(version)) return version;
  const match = /^[vV]?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(.*)$/.exec(version);
  const numbers = match ? [match[1], match[2] ?? '0', match[3] ?? '0'].map(trimZeros) : ['0', '0', '0'];
  const build = match?.[4] === undefined ? [] : [trimZeros(match[4])];
  const rest = (match ? match[5] : version).replace(/^[-._]+/, '');
  const plus = rest.indexOf('+');
  const pre = identifiers(plus === -1 ? rest : rest.slice(0, plus)).map(trimZeros);
  build.push(...(plus === -1 ? [] : identifiers(rest.slice(plus + 1))));
  const result = `${numbers.join('.')}${pre.length > 0 ? `-${pre.join('.')}` : ''}${build.length > 0 ? `+${build.join('.')}` : ''}`;
  return isSemVer(result) ? result : `0.0.0-${identifiers(version).join('.') || 'unversioned'}`;
}

const trimZeros = (id: string) => (/^\d+$/.test(id) ? id.replace(/^0+(?=\d)/, '') : id);
const identifiers = (text: string) => text.split(/[^0-9A-Za-z-]+/).filter((id) => id !== '' && id !== '-');

export function formatChartYaml(spec: AppSpec): string {
  const version = chartVersion(spec.version);
  const description = spec.description ?? `${spec.name}, packaged by berth`;
  return [
    'apiVersion: v2',
    `name: ${yamlString(spec.name)}`,
    `description: ${JSON.stringify(description)}`,
    'type: application',
    ...(version === spec.version ? [] : [`# ${JSON.stringify(spec.version)} is not SemVer: the chart version is derived from it.`]),
    // SemVer always reads back as a string: it has two dots and no spaces.
    `version: ${version}`,
    `appVersion: ${JSON.stringify(spec.version)}`,
    // Native sidecars (init containers with restartPolicy: Always) need Kubernetes 1.29: refuse older clusters.
    ...(spec.components.some((c) => c.sidecars.some((s) => s.native)) ? ['kubeVersion: ">=1.29.0-0"'] : []),
    '',
  ].join('\n');
}

export const HELMIGNORE = `# Files helm package leaves out of the chart archive.
.DS_Store
.git/
.gitignore
.bzr/
.bzrignore
.hg/
.hgignore
.svn/
*.swp
*.bak
*.tmp
*.orig
*~
.project
.idea/
*.tmproj
.vscode/
*.berth-new
.berth-generated.json
`;
