// What one ecosystem detector returns for a project: a service before it is named and matched with
// an existing Dockerfile, or the reason the project is not a service.
import type { DetectedService, SkippedProject } from './detection.ts';

export type ServiceCandidate = Omit<DetectedService, 'name' | 'dockerfile'> & {
  /** Preferred component name (package or binary name); made a unique DNS label later. */
  readonly nameHint: string;
};

export type SkippedCandidate = Omit<SkippedProject, 'name'> & { readonly nameHint: string };

export interface DetectorResult {
  readonly services: ServiceCandidate[];
  readonly skipped: SkippedCandidate[];
}
