// Every third-party action the workflows use, pinned to the full commit of a release: a tag can be
// moved to other code, a commit cannot. The version is written beside each pin for the reader (and
// for tools such as Dependabot that update pins).
export interface PinnedAction {
  readonly repository: string;
  readonly commit: string;
  readonly version: string;
}

const pin = (repository: string, commit: string, version: string): PinnedAction => ({ repository, commit, version });

export const ACTIONS = {
  checkout: pin('actions/checkout', '11bd71901bbe5b1630ceea73d27597364c9af683', 'v4.2.2'),
  setupNode: pin('actions/setup-node', '49933ea5288caeca8642d1e84afbd3f7d6820020', 'v4.4.0'),
  setupHelm: pin('azure/setup-helm', 'b9e51907a09c216f16ebe8536097933489208112', 'v4.3.0'),
  setupBuildx: pin('docker/setup-buildx-action', 'e468171a9de216ec08956ac3ada2f0791b6bd435', 'v3.11.1'),
  login: pin('docker/login-action', '74a5d142397b4f367a81961eba4e8cd7edddf772', 'v3.4.0'),
  buildPush: pin('docker/build-push-action', '263435318d21b8e681c14492fe198d362a7d2c83', 'v6.18.0'),
  trivy: pin('aquasecurity/trivy-action', 'ed142fd0673e97e23eac54620cfb913e5ce36c25', 'v0.36.0'),
  uploadSarif: pin('github/codeql-action/upload-sarif', '48ab28a6f5dbc2a99bf1e0131198dd8f1df78169', 'v3.28.0'),
} as const;

/** The Helm release CI installs, the one berth's own tests render with. */
export const HELM_VERSION = 'v3.18.0';

export function usesOf(action: PinnedAction): string {
  return `${action.repository}@${action.commit}`;
}

/** `owner/repo@<sha>` → `owner/repo@<sha> # v1.2.3`, for every pinned action in a YAML text. */
export function annotatePins(yaml: string): string {
  const versions = new Map(Object.values(ACTIONS).map((a) => [usesOf(a), a.version]));
  return yaml.replace(/^(\s*(?:- )?uses: )(\S+)$/gm, (line, prefix: string, uses: string) => {
    const version = versions.get(uses);
    return version ? `${prefix}${uses} # ${version}` : line;
  });
}
