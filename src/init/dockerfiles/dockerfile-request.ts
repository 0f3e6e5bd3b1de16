// What a Dockerfile generator is given and what it gives back.
import type { DetectedService } from '../detection.ts';

export interface DockerfileRequest {
  readonly service: DetectedService;
  /** Repo-relative path the Dockerfile is written to. */
  readonly path: string;
  /** `docker build ...` command that builds it from the repository root. */
  readonly buildCommand: string;
}

export interface GeneratedDockerfile {
  readonly content: string;
  /** The numeric USER of the final stage: berth.yaml's `user:`. */
  readonly user: number;
  /** Entries for the build context's .dockerignore. */
  readonly ignore: readonly string[];
  /** What the generated file had to assume. */
  readonly todo: readonly string[];
}
