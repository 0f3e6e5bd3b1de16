// A service's volumes, tmpfs, configs and secrets → berth `volumes` (named volumes become
// PersistentVolumeClaims), `files` (bind-mounted files and configs, read through readFile),
// `writable` (tmpfs and anonymous volumes); what cannot be carried gets a warning saying what to do.
import type { SourcePosition } from '../../diagnostics.ts';
import { secretAssignment, secretContent } from '../../policy/rules/secret-patterns.ts';
import { entryOf, isMapNode, isScalarNode, isSeqNode, scalarText, valueOf, type ComposeNode, type MapNode } from './compose-node.ts';
import type { KeyTracker } from './key-tracker.ts';
import type { LabelSettings } from './kompose-labels.ts';
import { toDnsLabel } from './names.ts';
import { parseMount, type Mount } from './parse-volume.ts';
import type { Reporter } from './reporter.ts';

/** ConfigMaps hold at most 1 MiB; leave room for the other files of the component. */
const MAX_FILE_BYTES = 512 * 1024;
export const DEFAULT_VOLUME_SIZE = '1Gi';

export interface PersistentVolume {
  readonly path: string;
  readonly size: string;
  readonly storageClass?: string;
  readonly note?: string;
}

export interface VolumesResult {
  readonly volumes: Map<string, PersistentVolume>;
  readonly files: Map<string, string>;
  readonly fileNotes: Map<string, string>;
  readonly writable: string[];
}

export interface VolumesInput {
  readonly tracker: KeyTracker;
  readonly root: MapNode;
  readonly app: string;
  readonly component: string;
  readonly labels: LabelSettings;
  readonly environment: ReadonlyMap<string, string>;
  readonly readFile: (path: string) => string | undefined;
  readonly reporter: Reporter;
  /** Named volumes other services mount too. */
  readonly sharedVolumes: ReadonlyMap<string, readonly string[]>;
}

export function mapVolumes(input: VolumesInput): VolumesResult {
  const result: VolumesResult = { volumes: new Map(), files: new Map(), fileNotes: new Map(), writable: [] };
  const volumes = input.tracker.take('volumes');
  if (volumes && isSeqNode(volumes.value)) {
    volumes.value.items.forEach((item, index) => mapMount(item, `${input.tracker.child('volumes')}[${index}]`, input, result));
  }
  const tmpfs = input.tracker.take('tmpfs');
  if (tmpfs) {
    const items = isSeqNode(tmpfs.value) ? tmpfs.value.items : [tmpfs.value];
    for (const item of items) {
      const [path, options] = (scalarText(item) ?? '').split(':');
      if (!path?.startsWith('/')) continue;
      addWritable(result, path);
      if (options) input.reporter.warn('compose-tmpfs-options', `${input.tracker.child('tmpfs')}: options "${options}" of ${path} are not carried over; it becomes an emptyDir`, item.pos, input.tracker.child('tmpfs'), 'The emptyDir counts against the memory limit only when memory-backed; adjust it in the generated packaging if the size matters.');
    }
  }
  mapConfigs(input, result);
  mapSecrets(input);
  return result;
}

function mapMount(item: ComposeNode, path: string, input: VolumesInput, result: VolumesResult): void {
  const { reporter } = input;
  const mount = parseMount(item);
  if (!mount) {
    reporter.warn('compose-volume-invalid', `${path} is not a volume Compose understands; it is not carried over`, item.pos, path, 'Write SOURCE:TARGET[:ro] or the long syntax { type, source, target }.');
    return;
  }
  const shown = mount.writtenSource ?? mount.source ?? '';
  if (!mount.target.startsWith('/')) {
    reporter.warn('compose-volume-target', `${path}: container path ${mount.target} is not an absolute Linux path; the mount is not carried over`, item.pos, path, 'Kubernetes runs Linux containers here; mount at an absolute path such as /data.');
    return;
  }
  for (const key of mount.extraKeys) {
    reporter.warn('compose-volume-option', `${path}.${key} is not carried over`, item.pos, `${path}.${key}`, 'berth mounts volumes at their root with default options.');
  }
  for (const flag of mount.flags) {
    if (['z', 'Z', 'cached', 'delegated', 'consistent'].includes(flag)) continue;
    reporter.warn('compose-volume-option', `${path}: mount option "${flag}" is not carried over`, item.pos, path, 'berth mounts volumes with default options.');
  }
  if (/docker\.sock$/.test(mount.source ?? '') || /docker\.sock$/.test(mount.target)) {
    reporter.warn(
      'compose-docker-socket',
      `${path} mounts the Docker socket (${shown} at ${mount.target}); it is not carried over: Kubernetes nodes run containerd, and the socket would give the container control of the node`,
      item.pos,
      path,
      'Talk to the Kubernetes API with a ServiceAccount and narrow RBAC instead, or run this tool outside the cluster.',
    );
    return;
  }
  switch (mount.type) {
    case 'tmpfs':
      addWritable(result, mount.target);
      return;
    case 'volume':
      if (mount.source === undefined) {
        addWritable(result, mount.target);
        reporter.warn('compose-anonymous-volume', `${path}: anonymous volume at ${mount.target} becomes a writable scratch directory (emptyDir); its data is lost when the Pod is replaced`, item.pos, path, 'Name the volume (name:/path) if the data must survive restarts.');
        return;
      }
      mapNamedVolume(mount, path, input, result);
      return;
    case 'bind':
      mapBind(mount, path, shown, input, result);
      return;
    default:
      reporter.warn('compose-volume-type', `${path}: the ${mount.type} mount at ${mount.target} is not carried over`, item.pos, path, 'Use a named volume, or bake the content into the image.');
  }
}

function mapNamedVolume(mount: Mount, path: string, input: VolumesInput, result: VolumesResult): void {
  const { reporter } = input;
  const name = mount.source!;
  const declared = entryOf(valueOf(input.root, 'volumes'), name);
  if (!declared) {
    reporter.warn('compose-volume-undeclared', `${path}: volume ${name} is not declared under the top-level volumes; docker compose refuses this, berth carries it over`, mount.node.pos, path, `Add \`${name}:\` under the top-level \`volumes:\`.`);
  } else if (isMapNode(declared.value)) {
    for (const option of declared.value.entries) {
      if (option.key.startsWith('x-') || option.key === 'name') continue;
      const advice =
        option.key === 'external'
          ? 'berth creates a new PersistentVolumeClaim; to reuse existing data, restore it into the new volume or bind the claim to the existing PersistentVolume by hand.'
          : 'The cluster StorageClass decides the driver and its options; set `storageClass:` on the volume if it needs a particular one.';
      reporter.warn('compose-volume-option', `volumes.${name}.${option.key} is not carried over`, option.keyPos, `volumes.${name}.${option.key}`, advice);
    }
  }
  const label = toDnsLabel(name);
  if (result.volumes.has(label)) {
    reporter.warn('compose-volume-twice', `${path}: volume ${name} is already mounted by this service; the second mount at ${mount.target} is not carried over`, mount.node.pos, path, 'Mount the volume once, or use two volumes.');
    return;
  }
  if (mount.readOnly) reporter.warn('compose-volume-readonly', `${path}: volume ${name} is mounted read-only in Compose; berth mounts it read-write`, mount.node.pos, path, 'Make sure the app does not write there, or give it its own volume.');
  const sharedWith = (input.sharedVolumes.get(name) ?? []).filter((s) => s !== input.component);
  if (sharedWith.length > 0) {
    reporter.warn(
      'compose-volume-shared',
      `${path}: volume ${name} is shared with ${sharedWith.join(', ')}; berth gives each component its own PersistentVolumeClaim, so they no longer see the same files`,
      mount.node.pos,
      path,
      'Let one component own the data and serve it to the others, or use ReadWriteMany storage (accessMode) and one claim by hand.',
    );
  }
  const sizeLabel = input.labels.volumeSize?.value;
  const size = sizeLabel && /^[0-9.]+([KMGTPE]i?)?$/.test(sizeLabel) ? sizeLabel : DEFAULT_VOLUME_SIZE;
  if (!sizeLabel) {
    reporter.warn('compose-volume-size', `${path}: volume ${name} gets ${DEFAULT_VOLUME_SIZE} of storage (Compose volumes have no size)`, mount.node.pos, path, `Set the size you need in berth.yaml (components.${input.component}.volumes.${label}.size).`);
  }
  const storageClass = input.labels.storageClass?.value;
  result.volumes.set(label, { path: mount.target, size, ...(storageClass ? { storageClass } : {}), note: `Compose volume ${name}` });
}

function mapBind(mount: Mount, path: string, shown: string, input: VolumesInput, result: VolumesResult): void {
  const { reporter } = input;
  if (mount.writtenSource === undefined) {
    reporter.warn(
      'compose-host-path',
      `${path}: host path ${shown} (mounted at ${mount.target}) is not carried over: it exists on your machine, not on the cluster nodes`,
      mount.node.pos,
      path,
      shown === '/etc/localtime' || shown === '/etc/timezone' ? 'Set the TZ environment variable instead.' : 'Bake the content into the image, mount single config files from the project (they become `files:`), or use a named volume for data.',
    );
    return;
  }
  const content = input.readFile(mount.source!);
  if (content === undefined) {
    reporter.warn(
      'compose-bind-directory',
      `${path}: ${shown} (mounted at ${mount.target}) is a directory or cannot be read; bind-mounted directories are not carried over`,
      mount.node.pos,
      path,
      'Copy the directory into the image (COPY in the Dockerfile); mount single config files instead (they become `files:`); use a named volume for data that must persist.',
    );
    return;
  }
  addFile(mount.target, content, shown, path, mount.node.pos, mount.readOnly, input, result);
}

function addFile(target: string, content: string, shown: string, path: string, position: SourcePosition, readOnly: boolean, input: VolumesInput, result: VolumesResult): void {
  const { reporter } = input;
  if (content.includes('\u0000')) {
    reporter.warn('compose-binary-file', `${path}: ${shown} is a binary file; it is not carried over (config files are text)`, position, path, 'Copy it into the image in the Dockerfile.');
    return;
  }
  if (Buffer.byteLength(content, 'utf8') > MAX_FILE_BYTES) {
    reporter.warn('compose-large-file', `${path}: ${shown} is larger than ${MAX_FILE_BYTES / 1024} KiB; it is not carried over (ConfigMaps hold at most 1 MiB)`, position, path, 'Copy it into the image in the Dockerfile.');
    return;
  }
  const secret = secretContent(content) ?? (secretAssignment(content) ? `a secret setting (${secretAssignment(content)!.key})` : undefined);
  if (secret) {
    const name = `${input.app}-${input.component}-files`;
    reporter.warn(
      'compose-secret-file',
      `${path}: ${shown} holds ${secret}; berth never writes secret values, so the file is not carried over`,
      position,
      path,
      `Create a Secret from it (kubectl create secret generic ${name} --from-file=${target.split('/').pop()}=${shown}) and mount it at ${target} in the generated packaging, or read it from an env variable ({ secret, key }).`,
    );
    return;
  }
  if (result.files.has(target)) {
    reporter.warn('compose-file-twice', `${path}: ${target} is already mounted; ${shown} is not carried over`, position, path, 'Mount one file per path.');
    return;
  }
  result.files.set(target, content);
  result.fileNotes.set(target, `from ${shown}`);
  if (!readOnly) {
    reporter.info('compose-file-readonly', `${path}: ${shown} is mounted read-only at ${target} (config files come from a ConfigMap)`, position, path, 'If the app writes to it, copy it into a writable path at start-up.');
  }
}

function mapConfigs(input: VolumesInput, result: VolumesResult): void {
  const entry = input.tracker.take('configs');
  if (!entry || !isSeqNode(entry.value)) return;
  const topLevel = valueOf(input.root, 'configs');
  entry.value.items.forEach((item, index) => {
    const path = `${input.tracker.child('configs')}[${index}]`;
    const source = isMapNode(item) ? scalarText(valueOf(item, 'source')) : scalarText(item);
    if (!source) return;
    let target = (isMapNode(item) ? scalarText(valueOf(item, 'target')) : undefined) ?? `/${source}`;
    if (!target.startsWith('/')) target = `/${target}`;
    if (isMapNode(item)) {
      for (const option of item.entries.filter((e) => ['uid', 'gid', 'mode'].includes(e.key))) {
        input.reporter.warn('compose-config-option', `${path}.${option.key} is not carried over: config files are mounted read-only, owned by root and readable by all`, option.keyPos, `${path}.${option.key}`, 'Make sure the app only reads the file.');
      }
    }
    const definition = valueOf(topLevel, source);
    if (!definition) {
      input.reporter.warn('compose-config-undeclared', `${path}: config ${source} is not declared under the top-level configs; it is not carried over`, item.pos, path, `Declare it: configs: { ${source}: { file: ./${source} } }.`);
      return;
    }
    const file = valueOf(definition, 'file');
    const content = valueOf(definition, 'content');
    const variable = scalarText(valueOf(definition, 'environment'));
    if (file) {
      const filePath = scalarText(file)!;
      const shown = (isScalarNode(file) && file.writtenPath) || filePath;
      const text = input.readFile(filePath);
      if (text === undefined) {
        input.reporter.warn('compose-config-missing', `configs.${source}.file ${shown} cannot be read; the config is not carried over`, file.pos, `configs.${source}.file`, 'Check the path (relative to the Compose file).');
        return;
      }
      addFile(target, text, shown, path, item.pos, true, input, result);
    } else if (content) {
      addFile(target, scalarText(content) ?? '', `configs.${source}.content`, path, item.pos, true, input, result);
    } else if (variable) {
      const value = input.environment.get(variable);
      if (value === undefined) {
        input.reporter.warn('compose-config-missing', `configs.${source}.environment: ${variable} is not set; the config is not carried over`, definition.pos, `configs.${source}`, `Set ${variable} when importing.`);
        return;
      }
      addFile(target, value, `configs.${source} (from ${variable})`, path, item.pos, true, input, result);
    } else {
      input.reporter.warn('compose-config-external', `${path}: config ${source} is external; it is not carried over`, item.pos, path, `Write its content under components.${input.component}.files.${target}.`);
    }
  });
}

function mapSecrets(input: VolumesInput): void {
  const entry = input.tracker.take('secrets');
  if (!entry || !isSeqNode(entry.value)) return;
  const topLevel = valueOf(input.root, 'secrets');
  entry.value.items.forEach((item, index) => {
    const path = `${input.tracker.child('secrets')}[${index}]`;
    const source = isMapNode(item) ? scalarText(valueOf(item, 'source')) : scalarText(item);
    if (!source) return;
    const target = (isMapNode(item) ? scalarText(valueOf(item, 'target')) : undefined) ?? source;
    const mountPath = target.startsWith('/') ? target : `/run/secrets/${target}`;
    const definition = valueOf(topLevel, source);
    const file = valueOf(definition, 'file');
    const shownFile = isScalarNode(file) ? file.writtenPath ?? scalarText(file) : undefined;
    const secretName = `${input.app}-${toDnsLabel(source)}`;
    const create = shownFile
      ? `kubectl create secret generic ${secretName} --from-file=${target.split('/').pop()}=${shownFile}`
      : `kubectl create secret generic ${secretName} --from-literal=${target.split('/').pop()}=<value>`;
    input.reporter.warn(
      'compose-secret',
      `${path}: secret ${source} (mounted at ${mountPath}) is not carried over: berth never reads or writes secret values and does not mount secret files`,
      item.pos,
      path,
      `Create it in the cluster (${create}), then pass it to the app as an env variable: env: { NAME: { secret: ${secretName}, key: ${target.split('/').pop()} } }, or mount it by hand in the generated packaging.`,
    );
  });
}

function addWritable(result: VolumesResult, path: string): void {
  if (!result.writable.includes(path)) result.writable.push(path);
}

