// Rules for `secrets:` that the schema alone cannot state: a store where External Secrets is used,
// remote keys only for Secrets the app reads, and one source per Secret name.
import type { Diagnostic } from '../diagnostics.ts';
import type { AppSpec } from './app-spec.ts';
import { closestMatch } from './did-you-mean.ts';
import type { SpecInput } from './schema.ts';
import { secretsRead, type SecretRead } from './secrets.ts';
import type { SourceLocator } from './source-map.ts';

function dedupeByMessage(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => !seen.has(`${d.position?.line}:${d.position?.column}:${d.code}`) && seen.add(`${d.position?.line}:${d.position?.column}:${d.code}`));
}

/** Where the spec names the Secret of a second use (the dependency or Ingress that reads it). */
function writtenAt(read: SecretRead): (string | number)[] {
  switch (read.source) {
    case 'dependency-url':
      return ['dependencies', read.owner!, 'external', 'secret'];
    case 'dependency-credentials':
      return ['dependencies', read.owner!];
    case 'tls':
      return read.owner ? ['ingress', 'hosts', read.owner, 'tls', 'secret'] : ['ingress', 'tls', 'secret'];
    default:
      return ['components'];
  }
}

export function checkSecrets(input: SpecInput, base: AppSpec, environments: ReadonlyMap<string, AppSpec>, locator: SourceLocator): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const error = (code: string, message: string, path: (string | number)[], hint: string, position = locator.valueAt(path)) =>
    diagnostics.push({ code, severity: 'error', message, position, path: path.join('.'), hint });

  const views: [string | undefined, AppSpec][] = [[undefined, base], ...environments];
  const readAnywhere = new Set(views.flatMap(([, view]) => secretsRead(view).map((r) => r.name)));
  const check = (environment: string | undefined, view: AppSpec) => {
    const at = environment === undefined ? ['secrets'] : ['environments', environment, 'secrets'];
    const own = environment === undefined ? input.secrets : input.environments?.[environment]?.secrets;
    const where = environment === undefined ? 'the app' : `environment ${environment}`;
    const read = secretsRead(view);
    if (view.secrets.from === 'external-secrets' && view.secrets.store.name === '') {
      const path = own?.from ? [...at, 'from'] : input.secrets?.from ? ['secrets', 'from'] : at;
      error(
        'secrets-store-missing',
        `${where} reads its Secrets from External Secrets but names no store`,
        path,
        'Add `store: { name: <SecretStore or ClusterSecretStore>, kind: ClusterSecretStore }` under secrets (app-wide or for this environment).',
      );
    }
    // An environment's remote keys name its own Secrets; the app-wide ones may name any view's.
    const known = environment === undefined ? [...readAnywhere].sort() : [...new Set(read.map((r) => r.name))];
    for (const name of Object.keys(own?.remoteKeys ?? {})) {
      if (known.includes(name)) continue;
      const suggestion = closestMatch(name, known);
      error(
        'secrets-unknown-remote-key',
        `secrets.remoteKeys names Secret "${name}", which ${where} does not read${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
        [...at, 'remoteKeys', name],
        known.length > 0 ? `Secrets ${where} reads: ${known.join(', ')}.` : `${where} reads no Secret.`,
        locator.keyAt([...at, 'remoteKeys'], name),
      );
    }
    // Every view carries the objects once any view uses them, so their names must be apart everywhere.
    if (view.secrets.externalAnywhere || view.secrets.sealedAnywhere) {
      const seen = new Map<string, string>();
      for (const r of read.filter((r) => r.active)) {
        const first = seen.get(r.name);
        if (first === undefined) seen.set(r.name, r.purpose);
        else if (r.source !== 'env' || first !== r.purpose) {
          error(
            'secrets-one-source',
            `${where} reads Secret "${r.name}" for the ${first} and for the ${r.purpose}; from a store or sealed files, each Secret has one source`,
            writtenAt(r),
            'Give the two uses Secrets of their own names.',
          );
        }
      }
    }
  };
  if (!input.secrets && !Object.values(input.environments ?? {}).some((e) => e.secrets)) return diagnostics;
  for (const [name, view] of views) check(name, view);
  if (!base.secrets.externalAnywhere && !base.secrets.sealedAnywhere) return diagnostics;
  // Both Secrets of a dependency get an object of their own, so they need names of their own.
  for (const [environment, view] of views) {
    for (const d of view.dependencies) {
      if (d.external.secret !== d.credentials) continue;
      const own = environment !== undefined && input.environments?.[environment]?.dependencies?.[d.name]?.external;
      error(
        'secrets-dependency-names',
        `dependency ${d.name} names its external URL Secret and its in-cluster password Secret both "${d.credentials}"${environment ? ` in environment ${environment}` : ''}; with Secrets from a store or sealed files each needs its own name`,
        own ? ['environments', environment!, 'dependencies', d.name, 'external', 'secret'] : ['dependencies', d.name, 'external', 'secret'],
        `Name the URL Secret e.g. ${d.credentials}-url.`,
      );
    }
  }
  // Sealed ciphertexts are stored by key: the key of a dependency's URL stays what the app says.
  if (base.secrets.sealedAnywhere) {
    for (const [environment, view] of environments) {
      for (const d of view.dependencies) {
        const baseKey = base.dependencies.find((b) => b.name === d.name)!.external.key;
        if (d.external.key === baseKey) continue;
        error(
          'secrets-sealed-key-changed',
          `environment ${environment} reads the URL of ${d.name} from key "${d.external.key}", the app from "${baseKey}"; with sealed files the key is the same everywhere`,
          ['environments', environment, 'dependencies', d.name, 'external', 'key'],
          `Use key ${baseKey} in this environment's Secret too.`,
        );
      }
    }
  }
  return dedupeByMessage(diagnostics);
}
