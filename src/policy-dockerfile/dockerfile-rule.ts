// What a Dockerfile rule is: an id with a doc anchor, a severity, and a check over the parsed stages.
import type { Severity } from '../diagnostics.ts';
import type { DockerInstruction, ParsedDockerfile } from './parse-dockerfile.ts';

export interface LintOptions {
  /** The port the component listens on (berth.yaml `port`); EXPOSE must name it. */
  readonly expectedPort?: number;
}

export interface DockerfileFinding {
  /** The instruction the finding points at. */
  readonly at: DockerInstruction;
  readonly message: string;
  readonly hint: string;
  /** Only for the documented milder variants of a rule's problem. */
  readonly severity?: Severity;
}

export interface DockerfileRule {
  /** Stable kebab-case id; documented in docs/dockerfile-rules.md#<id>. */
  readonly id: string;
  readonly severity: Severity;
  /** One line: what the rule requires. */
  readonly summary: string;
  check(dockerfile: ParsedDockerfile, options: LintOptions): DockerfileFinding[];
}
