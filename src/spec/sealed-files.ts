// The SealedSecret files the user made with kubeseal → their ciphertexts, in the views that read
// them. Pure: the command reads the files berth asks for and hands their text in. A file is checked
// against the Sealed Secrets CRD model and against the Secret berth expects (name, namespace, keys).
import { posix } from 'node:path';
import { SealedSecret } from '@kubernetes-models/sealed-secrets/bitnami.com/v1alpha1/SealedSecret';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { Diagnostic, SourcePosition } from '../diagnostics.ts';
import type { AppSpec, SealedFile } from './app-spec.ts';
import type { LoadedSpec } from './load.ts';
import { secretsRead, type SecretRead } from './secrets.ts';

const SCOPE_ANNOTATIONS = ['sealedsecrets.bitnami.com/namespace-wide', 'sealedsecrets.bitnami.com/cluster-wide'];

function views(loaded: LoadedSpec): [string | undefined, AppSpec][] {
  return [[undefined, loaded.base], ...loaded.environments];
}

/** Where a view's sealed file for one Secret is, relative to the spec's directory. */
export function sealedFilePath(view: AppSpec, secret: string): string {
  return posix.join(view.secrets.sealedDirectory, `${secret}.yaml`);
}

function sealedReads(view: AppSpec): SecretRead[] {
  const seen = new Set<string>();
  return secretsRead(view).filter((r) => r.active && !seen.has(r.name) && seen.add(r.name));
}

/** The files (relative to the spec's directory) the views reading from Sealed Secrets need. */
export function wantedSealedFiles(loaded: LoadedSpec): string[] {
  const wanted = new Set<string>();
  for (const [, view] of views(loaded)) {
    if (view.secrets.from !== 'sealed-secrets') continue;
    for (const r of sealedReads(view)) wanted.add(sealedFilePath(view, r.name));
  }
  return [...wanted].sort();
}

/** The keys the app reads from a Secret in a view (a dependency's URL key is the view's own). */
function neededKeys(view: AppSpec, read: SecretRead): string[] {
  if (read.source !== 'dependency-url') return [...read.keys];
  return [view.dependencies.find((d) => d.name === read.owner)!.external.key];
}

/**
 * Each view reading from Sealed Secrets gets the ciphertexts of its files. A missing file is a
 * warning (its Secret is then not made, and the message says how to seal it); a file that cannot
 * be the Secret berth expects is an error at its line and column.
 */
export function attachSealedFiles(loaded: LoadedSpec, files: ReadonlyMap<string, string>, shownDirectory: string): { spec: LoadedSpec; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const withFiles = (name: string | undefined, view: AppSpec): AppSpec => {
    if (view.secrets.from !== 'sealed-secrets') return view;
    const sealed = new Map<string, SealedFile>();
    const where = name === undefined ? 'the app' : `environment ${name}`;
    for (const read of sealedReads(view)) {
      const relativePath = sealedFilePath(view, read.name);
      const shown = shownDirectory === '' || shownDirectory === '.' ? relativePath : posix.join(shownDirectory, relativePath);
      const text = files.get(relativePath);
      if (text === undefined) {
        diagnostics.push({
          code: 'sealed-file-missing',
          severity: 'warning',
          message: `${where} reads Secret ${read.name} (${read.purpose}), but ${shown} does not exist: berth makes no SealedSecret for it`,
          position: view.positions.get(name === undefined ? 'secrets' : `environments.${name}.secrets`) ?? view.positions.get('secrets'),
          hint: `Seal it from the directory of berth.yaml: kubectl -n ${view.namespace} create secret ${read.source === 'tls' ? 'tls' : 'generic'} ${read.name} ... --dry-run=client -o yaml | kubeseal --format yaml > ${relativePath}`,
        });
        continue;
      }
      const checked = readSealedFile(text, shown, read, neededKeys(view, read), view.namespace, diagnostics);
      if (checked) sealed.set(read.name, checked);
    }
    return { ...view, secrets: { ...view.secrets, sealed } };
  };
  const base = withFiles(undefined, loaded.base);
  const environments = new Map([...loaded.environments].map(([name, view]) => [name, withFiles(name, view)]));
  return { spec: { ...loaded, base, environments }, diagnostics };
}

function readSealedFile(text: string, file: string, read: SecretRead, keys: readonly string[], namespace: string, diagnostics: Diagnostic[]): SealedFile | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (path: (string | number)[]): SourcePosition => positionOf(document, lineCounter, file, path);
  const error = (code: string, message: string, path: (string | number)[], hint: string) => {
    diagnostics.push({ code, severity: 'error', message, position: at(path), path: path.join('.'), hint });
    return undefined;
  };
  if (document.errors.length > 0) return error('sealed-file-invalid', `${file} is not YAML: ${document.errors[0].message.split('\n')[0]}`, [], 'Write it with `kubeseal --format yaml`.');
  const object = document.toJS() as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown; annotations?: Record<string, unknown> }; spec?: { encryptedData?: Record<string, unknown> } } | null;
  if (!object || object.kind !== 'SealedSecret' || object.apiVersion !== 'bitnami.com/v1alpha1') {
    return error('sealed-file-invalid', `${file} is not a SealedSecret (bitnami.com/v1alpha1)`, object && object.kind !== undefined ? ['kind'] : [], 'Write it with `kubeseal --format yaml` from a Secret made with `kubectl create secret ... --dry-run=client -o yaml`.');
  }
  try {
    new SealedSecret(object as never).validate();
  } catch (cause) {
    return error('sealed-file-invalid', `${file} is not a valid SealedSecret: ${(cause as Error).message}`, ['spec'], 'Seal the Secret again with kubeseal.');
  }
  if (object.metadata?.name !== read.name) {
    return error('sealed-file-name', `${file} seals Secret "${String(object.metadata?.name)}", not ${read.name}`, ['metadata', 'name'], `Seal the Secret named ${read.name}: its name is part of what kubeseal encrypts.`);
  }
  if (object.metadata?.namespace !== undefined && object.metadata.namespace !== namespace) {
    return error('sealed-file-namespace', `${file} is sealed for namespace ${String(object.metadata.namespace)}, not ${namespace}`, ['metadata', 'namespace'], `Seal it again with \`kubectl -n ${namespace} create secret ...\`: the namespace is part of what kubeseal encrypts.`);
  }
  const scope = SCOPE_ANNOTATIONS.find((a) => object.metadata?.annotations?.[a] === 'true');
  if (scope) {
    return error('sealed-file-scope', `${file} is sealed with a wider scope (${scope}); berth makes strict SealedSecrets`, ['metadata', 'annotations', scope], 'Seal it again without `--scope` (strict: bound to its name and namespace).');
  }
  const data = object.spec?.encryptedData ?? {};
  const missing = keys.filter((key) => typeof data[key] !== 'string' || data[key] === '');
  if (missing.length > 0) {
    return error('sealed-file-keys', `${file} lacks ${missing.map((k) => `"${k}"`).join(', ')}, which the app reads (${read.purpose})`, ['spec', 'encryptedData'], `Seal a Secret with the keys ${keys.join(', ')}.`);
  }
  return { file, encryptedData: new Map(keys.map((key) => [key, data[key] as string])) };
}

function positionOf(document: Document, lineCounter: LineCounter, file: string, path: (string | number)[]): SourcePosition {
  for (let p = path; ; p = p.slice(0, -1)) {
    const node = p.length === 0 ? document.contents : document.getIn(p, true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) {
      const { line, col } = lineCounter.linePos(range[0]);
      return { file, line, column: col };
    }
    if (p.length === 0) return { file, line: 1, column: 1 };
  }
}
