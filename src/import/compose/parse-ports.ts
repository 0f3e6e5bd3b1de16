// A service's `ports:` and `expose:` entries → container ports (ranges expanded), with what was
// published on the host, so the mapping can keep the container side and say what it leaves out.
import { InputError, type SourcePosition } from '../../diagnostics.ts';
import { isMapNode, scalarText, valueOf, type ComposeNode } from './compose-node.ts';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface ContainerPort {
  readonly port: number;
  readonly protocol: Protocol;
  /** Host side as written (`8080`, `127.0.0.1:8080`), when published. */
  readonly published?: string;
  readonly name?: string;
  readonly position: SourcePosition;
  readonly path: string;
}

/** More ports than this from one range entry is almost certainly a mistake. */
export const MAX_RANGE = 100;

export function parsePortEntry(node: ComposeNode, path: string, fromExpose: boolean): { ports: ContainerPort[]; truncated: boolean } {
  if (isMapNode(node)) return parseLong(node, path);
  const text = scalarText(node);
  if (text === undefined || text === '') invalid(node, path, 'an empty port');
  let rest = text.trim();
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash !== -1) {
    protocol = rest.slice(slash + 1);
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    if (end === -1 || rest[end + 1] !== ':') invalid(node, path, text);
    hostIp = rest.slice(1, end);
    rest = rest.slice(end + 2);
  }
  const parts = rest.split(':');
  const container = parts[parts.length - 1];
  const host = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  if (parts.length >= 3) hostIp = parts.slice(0, parts.length - 2).join(':');
  if (fromExpose && parts.length > 1) invalid(node, path, text);
  const containerRange = parseRange(container);
  const hostRange = host === undefined || host === '' ? undefined : parseRange(host);
  const proto = parseProtocol(protocol);
  if (!containerRange || (host !== undefined && host !== '' && !hostRange) || !proto) invalid(node, path, text);
  const [from, to] = containerRange;
  const count = to - from + 1;
  const truncated = count > MAX_RANGE;
  const ports: ContainerPort[] = [];
  for (let i = 0; i < Math.min(count, MAX_RANGE); i += 1) {
    const hostPort = hostRange ? (hostRange[1] > hostRange[0] ? String(hostRange[0] + i) : String(hostRange[0])) : host === '' ? 'random' : undefined;
    const published = hostPort === undefined ? undefined : hostIp ? `${hostIp}:${hostPort}` : hostPort;
    ports.push({ port: from + i, protocol: proto, ...(published ? { published } : {}), position: node.pos, path });
  }
  return { ports, truncated };
}

function parseLong(node: ComposeNode, path: string): { ports: ContainerPort[]; truncated: boolean } {
  const target = scalarText(valueOf(node, 'target'));
  const range = target ? parseRange(target) : undefined;
  const proto = parseProtocol(scalarText(valueOf(node, 'protocol')) ?? 'tcp');
  if (!range || range[0] !== range[1] || !proto) invalid(node, path, JSON.stringify(target ?? null));
  const publishedText = scalarText(valueOf(node, 'published'));
  const hostIp = scalarText(valueOf(node, 'host_ip'));
  const published = publishedText ? (hostIp ? `${hostIp}:${publishedText}` : publishedText) : undefined;
  const name = scalarText(valueOf(node, 'name'));
  return { ports: [{ port: range[0], protocol: proto, ...(published ? { published } : {}), ...(name ? { name } : {}), position: node.pos, path }], truncated: false };
}

function parseRange(text: string): [number, number] | undefined {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (from < 1 || to > 65535 || to < from) return undefined;
  return [from, to];
}

function parseProtocol(text: string): Protocol | undefined {
  const upper = text.toUpperCase();
  return upper === 'TCP' || upper === 'UDP' || upper === 'SCTP' ? upper : undefined;
}

function invalid(node: ComposeNode, path: string, text: string): never {
  const message = `${path}: invalid port ${JSON.stringify(text)}`;
  throw new InputError(message, [
    { code: 'compose-invalid-port', severity: 'error', message, position: node.pos, path, hint: 'Write [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/tcp|udp] (e.g. "8080:80") or the long syntax { target, published, protocol }.' },
  ]);
}
