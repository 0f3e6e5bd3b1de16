// Errors and findings are data: every stage returns them with a position, and only the CLI
// decides how to print them and which exit code they mean.

export type Severity = 'error' | 'warning' | 'info';

/** A position in a source file (1-based line and column). */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface Diagnostic {
  /** Stable kebab-case identifier, e.g. `unknown-key`, `replicas-min`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** Where the offending value was written, when known. */
  readonly position?: SourcePosition;
  /** Dotted path inside the document, e.g. `components.backend.port`. */
  readonly path?: string;
  /** How to fix it. */
  readonly hint?: string;
}

/** Input the user can fix (bad spec, bad flag): exit code 2. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** A result that is not what it should be (drift, findings, refused overwrite): exit code 1. */
export class FailedCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FailedCheckError';
  }
}

/** A broken promise inside berth itself: a bug to report. */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}

export function formatPosition(position: SourcePosition | undefined): string {
  return position ? `${position.file}:${position.line}:${position.column}` : '';
}

/** `berth.yaml:12:5 error replicas-min: replicas must be >= 1 (got 0)` plus an indented hint. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = formatPosition(d.position);
  const head = `${where ? `${where} ` : ''}${d.severity} ${d.code}: ${d.message}`;
  return d.hint ? `${head}\n    hint: ${d.hint}` : head;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
