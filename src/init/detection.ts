// What `berth init` found in a repository: services with every inference tied to the file and line
// that says it, and `todo` notes for what the code does not say.
import type { Diagnostic } from '../diagnostics.ts';

/** Where an inference comes from: `file:line` and what was seen there. */
export interface Evidence {
  readonly file: string;
  /** 1-based; 0 when the file as a whole is the evidence (it exists). */
  readonly line: number;
  /** What was concluded, e.g. `uvicorn --port 8000`. */
  readonly note: string;
}

export interface Inferred<T> {
  readonly value: T;
  readonly evidence: Evidence;
}

export type Language = 'node' | 'python' | 'go' | 'rust' | 'java' | 'dotnet' | 'unknown';

export type Framework =
  | 'nextjs'
  | 'nestjs'
  | 'express'
  | 'fastify'
  | 'koa'
  | 'hono'
  | 'node-http'
  | 'vite-static'
  | 'fastapi'
  | 'django'
  | 'flask'
  | 'go-http'
  | 'axum'
  | 'actix-web'
  | 'warp'
  | 'rocket'
  | 'tonic'
  | 'rust-tcp'
  | 'spring-boot'
  | 'aspnetcore'
  | 'dockerfile';

export interface EnvVariable {
  readonly name: string;
  /** The default the code falls back to, when it names one. */
  readonly fallback?: string;
  /** The value berth.yaml sets (PORT to the port, HOST to 0.0.0.0), when init knows it. */
  readonly value?: string;
  /** The name says it holds a credential: it becomes a Secret reference, never a value. */
  readonly secret: boolean;
}

export type DependencyKind = 'postgres' | 'redis';

export interface DependencyUse {
  readonly kind: DependencyKind;
  /** The variable the code reads the connection URL from. */
  readonly env: string;
}

export interface ExistingDockerfile {
  readonly path: string;
  /** Numeric UID of the final stage's USER, when it is numeric (or the base image's known non-root UID). */
  readonly user?: number;
  /** The USER as written when it is not numeric. */
  readonly userName?: string;
  readonly exposes: readonly number[];
  /** lintDockerfile's findings, with the service's port as the expected port. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Everything the Dockerfile generator needs; `context` is the repo-relative build context. */
export type BuildRecipe =
  | {
      readonly kind: 'node';
      readonly context: string;
      readonly mode: 'next-standalone' | 'next' | 'static' | 'server';
      readonly packageManager: 'npm' | 'pnpm' | 'yarn';
      /** Lock file inside the context, when there is one. */
      readonly lockfile?: string;
      readonly nodeMajor: number;
      readonly buildScript: boolean;
      /** The command the runtime stage starts (server mode). */
      readonly start: readonly string[];
      /** Where the static build lands (static mode) or which folders the server needs (next mode). */
      readonly outputDirectory: string;
      readonly hasPublicDirectory: boolean;
    }
  | {
      readonly kind: 'python';
      readonly context: string;
      readonly pythonMinor: number;
      readonly install: { readonly kind: 'requirements'; readonly file: string } | { readonly kind: 'uv' } | { readonly kind: 'pyproject' };
      /** Pinned servers installed beside the project's own dependencies (gunicorn, uvicorn). */
      readonly extraPackages: readonly string[];
      readonly command: readonly string[];
      readonly collectStatic: boolean;
      /** Source root added to PYTHONPATH (`src` layouts), relative to the context. */
      readonly pythonPath?: string;
    }
  | {
      readonly kind: 'go';
      readonly context: string;
      readonly goMinor: number;
      /** Package path relative to the context, `.` or `./cmd/api`. */
      readonly packagePath: string;
      readonly binary: string;
      readonly hasGoSum: boolean;
      readonly cgo: boolean;
    }
  | {
      readonly kind: 'rust';
      readonly context: string;
      readonly packageName: string;
      readonly binary: string;
      readonly locked: boolean;
      readonly needsOpenssl: boolean;
    }
  | {
      readonly kind: 'java';
      readonly context: string;
      readonly tool: 'maven' | 'gradle';
      readonly wrapper: boolean;
      readonly javaMajor: number;
      /** Module path relative to the context in a multi-module build. */
      readonly module?: string;
    }
  | {
      readonly kind: 'dotnet';
      readonly context: string;
      /** Project file relative to the context. */
      readonly project: string;
      readonly assembly: string;
      readonly dotnetMajor: number;
    }
  | { readonly kind: 'none'; readonly context: string };

export interface DetectedService {
  /** DNS label, unique in the repository: the component name in berth.yaml. */
  readonly name: string;
  /** Repo-relative directory of the service's project (`` for the repository root). */
  readonly directory: string;
  readonly language: Language;
  readonly framework: Inferred<Framework>;
  readonly port?: Inferred<number>;
  /** The variable the process reads its port from, when it reads one (PORT, SERVER_PORT...). */
  readonly portVariable?: string;
  /** HTTP health path; without one the component gets a TCP check. */
  readonly health?: Inferred<string>;
  /** Port of the health endpoint when it is not the main port (a separate management port). */
  readonly healthPort?: Inferred<number>;
  /** The address the process binds when nothing tells it otherwise. */
  readonly bindHost?: Inferred<string>;
  /** The variable that sets the bind address, when the code reads one (HOST, HOSTNAME...). */
  readonly hostVariable?: string;
  readonly env: readonly Inferred<EnvVariable>[];
  readonly uses: readonly Inferred<DependencyUse>[];
  /** Paths the process writes to under a read-only root filesystem. */
  readonly writable: readonly Inferred<string>[];
  /** GET routes with a fixed path: where a probe can go when there is no health route. */
  readonly routes?: readonly Inferred<string>[];
  /** The image the repository already builds for this service (CI workflow, chart, manifests). */
  readonly image?: Inferred<string>;
  readonly dockerfile?: ExistingDockerfile;
  readonly build: BuildRecipe;
  /** What init could not infer: each is written into berth.yaml as a comment and returned as a warning. */
  readonly todo: readonly string[];
  /** Notes that matter only when init writes the Dockerfile (it had to assume a command or a lock file). */
  readonly buildTodo: readonly string[];
}

/** A project that was found but is not a service (a CLI binary, a library), and why. */
export interface SkippedProject {
  readonly name: string;
  readonly directory: string;
  readonly reason: string;
  readonly evidence: Evidence;
}

export interface Detection {
  readonly services: readonly DetectedService[];
  readonly skipped: readonly SkippedProject[];
  /** Compose files: when there are any, the command imports them instead (importCompose). */
  readonly composeFiles: readonly string[];
  /** Every Dockerfile in the repository. */
  readonly dockerfiles: readonly string[];
  /** Every .dockerignore in the repository. */
  readonly dockerignores: readonly string[];
  /** An existing berth.yaml, which init must not overwrite. */
  readonly specFile?: string;
  /** Repository-wide notes (nothing found, a Dockerfile no service claims...). */
  readonly todo: readonly string[];
  /** The version the repository releases (latest tag, package manifest), when it says one. */
  readonly version?: Inferred<string>;
  /** Where the repository disagrees with itself: examples vs code, hand-written packaging vs code. */
  readonly findings?: readonly Finding[];
}

/** A disagreement init found, reported as information or a warning; never changes what it writes. */
export interface Finding {
  readonly code: 'init-example-disagrees' | 'init-packaging-disagrees';
  readonly severity: 'warning' | 'info';
  readonly message: string;
  readonly evidence: Evidence;
}

export function formatEvidence(evidence: Evidence): string {
  return evidence.line > 0 ? `${evidence.file}:${evidence.line}` : evidence.file;
}
