// `berth init` as a library: repository files in (RepositoryFiles), a Detection out (services, ports,
// health routes, env, evidence), then berth.yaml + Dockerfiles + .dockerignore files and warnings out.
export type {
  BuildRecipe,
  DependencyKind,
  DependencyUse,
  DetectedService,
  Detection,
  EnvVariable,
  Evidence,
  ExistingDockerfile,
  Finding,
  Framework,
  Inferred,
  Language,
  SkippedProject,
} from './detection.ts';
export { formatEvidence } from './detection.ts';
export { createMemoryRepository, IGNORED_DIRECTORIES, isIgnoredPath, type RepositoryFiles } from './repository-files.ts';
export { readRepository, readRepositoryHistory } from './read-repository.ts';
export { detectRepository, sanitizeName, type RepositoryHistory } from './detect-repository.ts';
export { applyReviewAnswers, listReviewQuestions, runInitReview, type ReviewAnswers, type ReviewQuestion } from './init-review.ts';
export { initSpec, planInitWrites, SPEC_FILE, type InitFile, type InitOptions, type InitResult, type WritePlan } from './init-spec.ts';
