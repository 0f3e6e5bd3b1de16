// Collects the import's warnings: each names where the key was written, what happened to it and
// what the user should do. Sorted and de-duplicated so the output is the same on every run.
import type { Diagnostic, Severity, SourcePosition } from '../../diagnostics.ts';

export class Reporter {
  private readonly found: Diagnostic[] = [];

  warn(code: string, message: string, position: SourcePosition | undefined, path: string | undefined, hint?: string): void {
    this.add('warning', code, message, position, path, hint);
  }

  info(code: string, message: string, position: SourcePosition | undefined, path: string | undefined, hint?: string): void {
    this.add('info', code, message, position, path, hint);
  }

  private add(severity: Severity, code: string, message: string, position: SourcePosition | undefined, path: string | undefined, hint?: string): void {
    this.found.push({ code, severity, message, ...(position ? { position } : {}), ...(path ? { path } : {}), ...(hint ? { hint } : {}) });
  }

  /** Does any diagnostic mention `text` (in its message or path)? */
  mentions(text: string): boolean {
    return this.found.some((d) => d.message.includes(text) || d.path?.includes(text));
  }

  diagnostics(fileOrder: readonly string[]): Diagnostic[] {
    const rank = (file: string | undefined) => {
      const index = file === undefined ? -1 : fileOrder.indexOf(file);
      return index === -1 ? fileOrder.length : index;
    };
    const seen = new Set<string>();
    return this.found
      .filter((d) => {
        const key = `${d.position?.file}:${d.position?.line}:${d.position?.column}:${d.code}:${d.message}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .sort(
        (a, b) =>
          rank(a.position?.file) - rank(b.position?.file) ||
          compareText(a.position?.file ?? '', b.position?.file ?? '') ||
          (a.position?.line ?? 0) - (b.position?.line ?? 0) ||
          (a.position?.column ?? 0) - (b.position?.column ?? 0) ||
          compareText(a.code, b.code) ||
          compareText(a.message, b.message),
      );
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
