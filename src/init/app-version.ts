// The version the repository releases, best source first: the latest release tag, then the version
// the existing packaging deploys (chart appVersion), then the package manifests of the services.
import type { Inferred } from './detection.ts';
import type { PackagedWorkload } from './existing-packaging.ts';
import type { RepositoryFiles } from './repository-files.ts';
import { lineOf, parseJson } from './source-scan.ts';
import { parseToml, tableAt } from './toml.ts';

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([\w.-]+))?$/;

export function chooseAppVersion(
  files: RepositoryFiles,
  serviceDirectories: readonly { directory: string; context: string }[],
  workloads: readonly PackagedWorkload[],
  gitTags: readonly string[],
): Inferred<string> | undefined {
  const tag = highest(gitTags.filter((t) => SEMVER.test(t)).map((t) => ({ value: t.replace(/^v/, ''), evidence: { file: '.git', line: 0, note: `latest release tag ${t}` } })));
  if (tag) return tag;
  const deployed = highest(workloads.flatMap((w) => (w.appVersion && SEMVER.test(w.appVersion.value) ? [{ value: w.appVersion.value.replace(/^v/, ''), evidence: w.appVersion.evidence }] : [])));
  if (deployed) return deployed;
  const manifests: Inferred<string>[] = [];
  for (const { directory, context } of serviceDirectories) manifests.push(...readManifestVersions(files, directory, context));
  return highest(manifests.filter((v) => v.value !== '0.0.0'));
}

function readManifestVersions(files: RepositoryFiles, directory: string, context: string): Inferred<string>[] {
  const path = (name: string, dir = directory) => (dir ? `${dir}/${name}` : name);
  const versions: Inferred<string>[] = [];
  const add = (value: unknown, file: string, text: string, needle: string | RegExp, what: string) => {
    if (typeof value === 'string' && SEMVER.test(value)) versions.push({ value: value.replace(/^v/, ''), evidence: { file, line: lineOf(text, needle), note: `${what} ${value}` } });
  };
  const pkgText = files.read(path('package.json'));
  add(parseJson(pkgText)?.version, path('package.json'), pkgText ?? '', /"version"\s*:/, 'package.json version');
  const cargoText = files.read(path('Cargo.toml'));
  if (cargoText !== undefined) {
    const pkg = tableAt(parseToml(cargoText).package);
    add(pkg?.version, path('Cargo.toml'), cargoText, /^version\s*=/m, 'crate version');
    // A workspace releases as one: its [workspace.package] version counts even for a crate that pins its own.
    const workspaceText = files.read(path('Cargo.toml', context));
    const workspaceVersion = tableAt(tableAt(parseToml(workspaceText ?? '').workspace)?.package)?.version;
    add(workspaceVersion, path('Cargo.toml', context), workspaceText ?? '', /^version\s*=/m, 'workspace version');
  }
  const pyText = files.read(path('pyproject.toml'));
  if (pyText !== undefined) {
    const py = parseToml(pyText);
    add(tableAt(py.project)?.version ?? tableAt(tableAt(py.tool)?.poetry)?.version, path('pyproject.toml'), pyText, /^version\s*=/m, 'project version');
  }
  const pomText = files.read(path('pom.xml'));
  if (pomText !== undefined) {
    const withoutParent = pomText.replace(/<parent>[\s\S]*?<\/parent>/, '').replace(/<dependencies>[\s\S]*<\/dependencies>/, '').replace(/<build>[\s\S]*<\/build>/, '');
    const version = /<version>([^<$]+)<\/version>/.exec(withoutParent)?.[1];
    if (version) add(version.replace(/-SNAPSHOT$/, ''), path('pom.xml'), pomText, `<version>${version}`, 'pom version');
  }
  for (const csproj of files.list().filter((p) => p.endsWith('.csproj') && (directory === '' ? !p.includes('/') : p.startsWith(`${directory}/`) && !p.slice(directory.length + 1).includes('/')))) {
    const text = files.read(csproj) ?? '';
    const version = /<(?:Version|VersionPrefix)>([^<]+)</.exec(text)?.[1];
    add(version, csproj, text, /<(?:Version|VersionPrefix)>/, 'project Version');
  }
  return versions;
}

function highest(versions: readonly Inferred<string>[]): Inferred<string> | undefined {
  return [...versions].sort((a, b) => compareVersions(b.value, a.value) || (a.evidence.file < b.evidence.file ? -1 : a.evidence.file > b.evidence.file ? 1 : 0))[0];
}

export function compareVersions(a: string, b: string): number {
  const pa = SEMVER.exec(a);
  const pb = SEMVER.exec(b);
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 1; i <= 3; i++) if (Number(pa[i]) !== Number(pb[i])) return Number(pa[i]) - Number(pb[i]);
  // A release outranks its pre-releases.
  if (!pa[4] !== !pb[4]) return pa[4] ? -1 : 1;
  return (pa[4] ?? '') < (pb[4] ?? '') ? -1 : (pa[4] ?? '') > (pb[4] ?? '') ? 1 : 0;
}
