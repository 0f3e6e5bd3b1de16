// What every output format provides: an emitter (model → files) and, where an engine can render
// it, a renderer that turns the files on disk back into objects for `berth verify`.
import type { AppModel } from '../model/resolve.ts';
import type { KubernetesObject } from '../model/kubernetes-object.ts';

/** A file relative to the target's own directory (`deploy/<target>/`). */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
  /**
   * For a YAML file whose writer knows what it reads back as: the digest of each top-level value, as
   * topLevelDigests would read them from the text (null: not a mapping), so it need not be parsed again.
   */
  readonly keyDigests?: Readonly<Record<string, string>> | null;
}

export interface RenderContext {
  /** The target's directory on disk (`deploy/helm`, `deploy/kustomize`...). */
  readonly directory: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** One environment as the target's engine renders it, or why it could not. */
export type RenderResult =
  | { readonly ok: true; readonly objects: KubernetesObject[]; readonly engine: string }
  | { readonly ok: false; readonly missing: string }
  | { readonly ok: false; readonly failure: string };

/** A canonical field a target leaves out on purpose (a lifecycle its tool manages its own way). */
export interface OmittedField {
  readonly kind: string;
  /** Dotted path inside the object, e.g. `spec.ttlSecondsAfterFinished`. */
  readonly path: string;
  readonly reason: string;
}


/** Where the packaging sits in the repository, for targets whose files name paths (CI, GitOps). */
export interface EmitContext {
  /** The spec file, relative to the repository root (POSIX separators). */
  readonly specFile: string;
  /** The output directory (`--out`), relative to the repository root. */
  readonly outDirectory: string;
  /** The berth release that wrote the files; CI installs the same one. */
  readonly berthVersion: string;
}

export const DEFAULT_EMIT_CONTEXT: EmitContext = { specFile: 'berth.yaml', outDirectory: 'deploy', berthVersion: '0.1.0' };

export interface Target {
  readonly name: string;
  readonly description: string;
  /** Fields verify does not expect from this target; each is documented in the target's README. */
  readonly omittedFields?: readonly OmittedField[];
  emit(model: AppModel, context?: EmitContext): GeneratedFile[];
  /** Set when the files belong at a fixed place in the repository (`.github/workflows`), not in `<out>/<name>`. */
  readonly repositoryDirectory?: string;
  /** Whether `--target all` includes it: only when the spec has what it needs (default: always). */
  applies?(model: AppModel): boolean;
  /** Renders environment `environment` (undefined: the base) from the files in `context.directory`. */
  render?(model: AppModel, environment: string | undefined, context: RenderContext): Promise<RenderResult>;
}

/** Environments a target writes: the declared ones, or the base as `default` when there are none. */
export function targetEnvironments(model: AppModel): { name: string; environment: string | undefined }[] {
  const names = model.registry.environments;
  return names.length > 0 ? names.map((name) => ({ name, environment: name })) : [{ name: 'default', environment: undefined }];
}
