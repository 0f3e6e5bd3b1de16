// Dockerfile linting for `berth check` and `berth init`: Dockerfile text in, diagnostics out
// (root user, unpinned bases, single-stage builds, ADD, secrets in ENV/ARG, EXPOSE vs port, package caches).
export type { DockerfileRule, LintOptions } from './dockerfile-rule.ts';
export { DOCKERFILE_RULES_DOC, lintDockerfile } from './lint-dockerfile.ts';
export { dockerfileRules } from './rules/index.ts';
export { classifyPinning, parseImageReference, type ImageReference, type Pinning } from './image-reference.ts';
export { findEffectiveUser, type EffectiveUser } from './effective-user.ts';
export { parseDockerfile, type DockerInstruction, type DockerStage, type ParsedDockerfile } from './parse-dockerfile.ts';
export { looksLikeSecretName } from './rules/secret-in-build.ts';
