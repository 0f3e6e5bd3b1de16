// Decides what each active Compose service becomes in berth.yaml: a dependency (plain Redis or
// PostgreSQL), a job (a one-off that another service waits for and that runs a component's image),
// or a component; and its berth name and image.
import { InputError } from '../../diagnostics.ts';
import { entryOf, isMapNode, isSeqNode, scalarText, valueOf, type ComposeNode, type MapEntry } from './compose-node.ts';
import type { ComposeProject } from './load-project.ts';
import { checkServiceShapes } from './check-shapes.ts';
import { toDictionary } from './merge-compose.ts';
import { assignLabels } from './names.ts';
import { isRemoteContext } from './resolve-paths.ts';
import { splitShellWords } from './shell-words.ts';
import { recogniseImage, type KnownImage } from './well-known-images.ts';
import { posix } from 'node:path';

export type Role = 'component' | 'dependency' | 'job';

export interface BuildInfo {
  /** The context as the user should read it: relative to the project directory (`./web`) or a URL. */
  readonly context: string;
  readonly dockerfile?: string;
  readonly target?: string;
  readonly inline: boolean;
}

export interface ServicePlan {
  readonly composeName: string;
  readonly name: string;
  readonly entry: MapEntry;
  readonly role: Role;
  /** The image berth runs: the Compose image, or `<app>-<service>` for a built one without a name. */
  readonly image: string;
  /** True when the image name was made up from the app and service names. */
  readonly imageNamed: boolean;
  readonly build?: BuildInfo;
  readonly known?: KnownImage;
  /** For a job: the Compose name of the component whose image it runs. */
  readonly jobComponent?: string;
  /** For a job: why it is one (another service waits for it to complete, or `restart: "no"`). */
  readonly jobReason?: 'waited-for' | 'one-shot';
  /** A Redis/PostgreSQL kept as a component because nothing else would be one. */
  readonly demoted?: boolean;
  /** Names other services may use as a host name for it: its name, container_name, hostname, link aliases. */
  readonly hostNames: readonly string[];
}

export function planServices(project: ComposeProject, app: string): ServicePlan[] {
  const names = assignLabels(project.services.map((s) => s.key));
  const drafts = project.services.map((entry) => {
    checkServiceShapes(entry);
    const name = names.get(entry.key)!;
    const imageText = scalarText(valueOf(entry.value, 'image'))?.trim();
    const buildNode = valueOf(entry.value, 'build');
    if (!imageText && !buildNode) {
      const message = `service ${entry.key} has neither an image nor a build`;
      throw new InputError(message, [{ code: 'compose-no-image', severity: 'error', message, position: entry.keyPos, path: `services.${entry.key}`, hint: 'Add `image:` (e.g. nginx:1.27) or `build:` with the directory holding the Dockerfile.' }]);
    }
    const build = buildNode ? readBuild(buildNode, project.directory) : undefined;
    const image = imageText || `${app}-${name}`;
    const known = build ? undefined : recogniseImage(imageText);
    const identity = imageText || `build:${build?.context}|${build?.dockerfile ?? ''}|${build?.target ?? ''}`;
    return { entry, name, image, imageNamed: !imageText, build, known, identity };
  });

  const waitedFor = completionWaits(project.services);
  // A one-shot service (`restart: "no"`) that runs a component's image is a task of that component.
  const oneShot = new Set(project.services.filter((s) => isOneShot(s.value)).map((s) => s.key));
  for (const key of oneShot) if (!waitedFor.has(key)) waitedFor.set(key, []);
  const roles = new Map<string, Role>();
  for (const draft of drafts) {
    if (draft.known?.dependency && runsPlainServer(draft.entry.value, draft.known)) roles.set(draft.entry.key, 'dependency');
  }
  // berth needs a component: a file that only runs Redis or PostgreSQL keeps them as components.
  const demoted = drafts.every((d) => roles.has(d.entry.key));
  if (demoted) roles.clear();
  const jobComponents = new Map<string, string>();
  for (const draft of drafts) {
    const key = draft.entry.key;
    if (roles.has(key) || !waitedFor.has(key)) continue;
    if (!entryOf(draft.entry.value, 'command') && !entryOf(draft.entry.value, 'entrypoint')) continue;
    const waiters = waitedFor.get(key)!;
    const candidates = drafts.filter((d) => d !== draft && !roles.has(d.entry.key) && !waitedFor.has(d.entry.key) && d.identity === draft.identity);
    const chosen = candidates.find((d) => waiters.includes(d.entry.key)) ?? candidates[0];
    if (chosen) {
      roles.set(key, 'job');
      jobComponents.set(key, chosen.entry.key);
    }
  }
  return drafts.map((draft) => ({
    composeName: draft.entry.key,
    name: draft.name,
    entry: draft.entry,
    role: roles.get(draft.entry.key) ?? 'component',
    image: draft.image,
    imageNamed: draft.imageNamed,
    ...(draft.build ? { build: draft.build } : {}),
    ...(draft.known ? { known: draft.known } : {}),
    ...(jobComponents.has(draft.entry.key)
      ? { jobComponent: jobComponents.get(draft.entry.key)!, jobReason: waitedFor.get(draft.entry.key)!.length > 0 ? ('waited-for' as const) : ('one-shot' as const) }
      : {}),
    hostNames: hostNames(draft.entry, project.services),
    ...(demoted && draft.known?.dependency ? { demoted: true } : {}),
  }));
}

function readBuild(node: ComposeNode, directory: string): BuildInfo {
  const contextNode = isMapNode(node) ? valueOf(node, 'context') : node;
  const context = scalarText(contextNode) || directory;
  const shown = isRemoteContext(context) ? context : formatDisplayPath(context, directory);
  return {
    context: shown,
    ...(isMapNode(node) && scalarText(valueOf(node, 'dockerfile')) ? { dockerfile: scalarText(valueOf(node, 'dockerfile'))! } : {}),
    ...(isMapNode(node) && scalarText(valueOf(node, 'target')) ? { target: scalarText(valueOf(node, 'target'))! } : {}),
    inline: isMapNode(node) && entryOf(node, 'dockerfile_inline') !== undefined,
  };
}

/** A project path as the user reads it: `./web`, `.` or `../shared`. */
export function formatDisplayPath(path: string, directory: string): string {
  const relative = posix.relative(posix.resolve('/', directory), posix.resolve('/', path));
  if (relative === '') return '.';
  return relative.startsWith('..') ? relative : `./${relative}`;
}

/** Services another service waits on with `condition: service_completed_successfully`, with who waits. */
function completionWaits(services: readonly MapEntry[]): Map<string, string[]> {
  const waits = new Map<string, string[]>();
  for (const service of services) {
    const dependsOn = valueOf(service.value, 'depends_on');
    if (!isMapNode(dependsOn)) continue;
    for (const dependency of dependsOn.entries) {
      if (scalarText(valueOf(dependency.value, 'condition')) === 'service_completed_successfully') {
        waits.set(dependency.key, [...(waits.get(dependency.key) ?? []), service.key]);
      }
    }
  }
  return waits;
}

/** `restart: "no"` (or a Swarm restart policy of none): it runs once and stays stopped. */
function isOneShot(service: ComposeNode): boolean {
  const restart = scalarText(valueOf(service, 'restart'));
  const condition = scalarText(valueOf(valueOf(valueOf(service, 'deploy'), 'restart_policy'), 'condition'));
  return restart === 'no' || condition === 'none';
}

/** Only a server started the image's way can become berth's dependency (which runs its own command). */
function runsPlainServer(service: ComposeNode, known: KnownImage): boolean {
  if (entryOf(service, 'entrypoint')) return false;
  const command = valueOf(service, 'command');
  if (!command) return true;
  const words = isSeqNode(command) ? command.items.map((i) => scalarText(i) ?? '') : splitShellWords(scalarText(command) ?? '') ?? [];
  if (words.length === 0) return true;
  const server = known.dependency === 'redis' ? 'redis-server' : 'postgres';
  return words[0] === server && !words.some((w) => /^(--)?(replicaof|slaveof)$/.test(w));
}

function hostNames(entry: MapEntry, services: readonly MapEntry[]): string[] {
  const names = new Set<string>([entry.key]);
  const containerName = scalarText(valueOf(entry.value, 'container_name'));
  if (containerName) names.add(containerName);
  const hostname = scalarText(valueOf(entry.value, 'hostname'));
  if (hostname) names.add(hostname);
  for (const other of services) {
    const links = valueOf(other.value, 'links');
    if (!isSeqNode(links)) continue;
    for (const link of links.items) {
      const [target, alias] = (scalarText(link) ?? '').split(':');
      if (target === entry.key && alias) names.add(alias);
    }
  }
  const networks = valueOf(entry.value, 'networks');
  for (const network of (networks ? toDictionary(networks) : undefined)?.entries ?? []) {
    const aliases = valueOf(network.value, 'aliases');
    if (isSeqNode(aliases)) aliases.items.forEach((a) => scalarText(a) && names.add(scalarText(a)!));
  }
  return [...names];
}
