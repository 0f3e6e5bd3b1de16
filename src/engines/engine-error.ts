/**
 * An external engine could not be prepared or run (corrupt bundled archive, spawn failure, timeout,
 * unreadable version). A missing engine is not an error: `locateEngine` returns it as data.
 */
export class EngineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineError';
  }
}
