// What every mapping step of the import shares: the merged project, the plan of every service,
// host names, the warning collector, and the comments the written spec will carry.
import type { ComposeProject } from './load-project.ts';
import type { ServicePlan } from './plan-services.ts';
import type { Reporter } from './reporter.ts';
import type { ServiceHosts } from './service-hosts.ts';

export interface SpecComment {
  /** Path of the key the comment goes above, e.g. ['components', 'web', 'image']. */
  readonly path: readonly string[];
  readonly text: string;
}

export interface ImportContext {
  readonly project: ComposeProject;
  readonly app: string;
  readonly plans: readonly ServicePlan[];
  readonly hosts: ServiceHosts;
  readonly reporter: Reporter;
  readonly readFile: (path: string) => string | undefined;
  /** Named volume → the berth names of the services mounting it. */
  readonly sharedVolumes: ReadonlyMap<string, readonly string[]>;
  readonly comments: SpecComment[];
}

export function planOf(context: ImportContext, composeName: string): ServicePlan | undefined {
  return context.plans.find((p) => p.composeName === composeName);
}
