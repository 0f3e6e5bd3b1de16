// Which connections the NetworkPolicies of one environment allow, evaluated the way a conforming
// network plugin does: a pod selected by no policy of a direction is open in that direction; once
// selected, only what some rule of a selecting policy allows gets through, on both ends.
import type { KubernetesObject } from '../model/kubernetes-object.ts';
import { matchesLabelSelector, type Labels } from '../policy/label-selector.ts';
import { indexSelectors } from '../policy/selector-index.ts';

/** A pod (by its template) that can send or receive traffic. */
export interface NetworkPod {
  readonly namespace: string;
  readonly labels: Labels;
  /** Container ports by number, with their names (for rules that name a port). */
  readonly ports: readonly { readonly port: number; readonly name?: string; readonly protocol: string }[];
}

/** Something outside the app's pods: the ingress controller or another namespace, or the internet. */
export type OutsidePeer = 'cluster' | 'internet';

interface PolicyRulePeer {
  readonly podSelector?: unknown;
  readonly namespaceSelector?: unknown;
  readonly ipBlock?: { readonly cidr?: string; readonly except?: readonly string[] };
}

interface PolicyRule {
  readonly peers?: readonly PolicyRulePeer[];
  readonly ports?: readonly { readonly port?: number | string; readonly protocol?: string; readonly endPort?: number }[];
}

interface Policy {
  readonly namespace: string;
  readonly podSelector: unknown;
  readonly ingress?: readonly PolicyRule[];
  readonly egress?: readonly PolicyRule[];
}

export interface NetworkPaths {
  /** May `from` open a connection to `to` on `port` (a port of `to`)? */
  allows(from: NetworkPod, to: NetworkPod, port: number): boolean;
  /** May something outside the app's pods reach `to` on `port` (the ingress controller's view)? */
  allowsFromOutside(to: NetworkPod, port: number): boolean;
  /** May `from` reach a public address (an external database, an API) on `port` (any port when undefined)? */
  allowsToInternet(from: NetworkPod, port?: number): boolean;
  /**
   * For asking about every pair of pods: which pods among `candidates` (other than `from`) `from` may
   * open a connection to on one of their ports.
   */
  reachableAmong(candidates: readonly NetworkPod[]): (from: NetworkPod) => Reach;
}

/** The candidates a pod may connect to: how many, and (worked out when asked) which, in the candidates' order. */
export interface Reach {
  readonly count: number;
  pods(): NetworkPod[];
}

type Direction = 'ingress' | 'egress';

export function analyseNetworkPaths(objects: readonly KubernetesObject[]): NetworkPaths {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy').map(readPolicy);
  // Asked for every pair of pods, so each pod's selecting policies are worked out once, not per pair,
  // and found through an index rather than by asking every policy (an app has one per component).
  const selectorsOf = (direction: Direction) => indexSelectors(policies.filter((p) => p[direction] !== undefined), (p) => p.podSelector, 'labelSelector');
  const index = { ingress: selectorsOf('ingress'), egress: selectorsOf('egress') };
  const selected = { ingress: new Map<NetworkPod, Policy[]>(), egress: new Map<NetworkPod, Policy[]>() };
  const selecting = (pod: NetworkPod, direction: Direction) => {
    let found = selected[direction].get(pod);
    if (!found) {
      found = index[direction](pod.labels).filter((p) => p.namespace === pod.namespace);
      selected[direction].set(pod, found);
    }
    return found;
  };

  const egressAllows = (from: NetworkPod, matchesPeer: (peer: PolicyRulePeer) => boolean, port: number | undefined, target?: NetworkPod) => {
    const applying = selecting(from, 'egress');
    if (applying.length === 0) return true;
    return applying.some((p) => p.egress!.some((rule) => ruleAllows(rule, matchesPeer, port, target)));
  };
  const ingressAllows = (to: NetworkPod, matchesPeer: (peer: PolicyRulePeer) => boolean, port: number) => {
    const applying = selecting(to, 'ingress');
    if (applying.length === 0) return true;
    return applying.some((p) => p.ingress!.some((rule) => ruleAllows(rule, matchesPeer, port, to)));
  };

  const paths: NetworkPaths = {
    allows(from, to, port) {
      return egressAllows(from, (peer) => peerMatchesPod(peer, to, from.namespace), port, to) && ingressAllows(to, (peer) => peerMatchesPod(peer, from, to.namespace), port);
    },
    allowsFromOutside(to, port) {
      return ingressAllows(to, (peer) => peer.namespaceSelector !== undefined || peer.ipBlock !== undefined, port);
    },
    allowsToInternet(from, port) {
      return egressAllows(from, (peer) => peer.ipBlock !== undefined && coversPublicAddresses(peer.ipBlock), port);
    },
    reachableAmong(candidates) {
      return classifyReach(candidates, policies, selecting, (from, to) => to.ports.some((port) => paths.allows(from, to, port.port)));
    },
  };
  return paths;
}

/**
 * Reach by classes of pods: two pods that the same rules select, that every rule's peers take in
 * alike and that have the same ports get the same verdicts, so each pair of classes is evaluated
 * once. An app of look-alike components (one policy each, all naming "the app's pods") costs its
 * pods, not their pairs.
 */
function classifyReach(
  candidates: readonly NetworkPod[],
  policies: readonly Policy[],
  selecting: (pod: NetworkPod, direction: Direction) => readonly Policy[],
  connects: (from: NetworkPod, to: NetworkPod) => boolean,
): (from: NetworkPod) => Reach {
  // Every distinct list of peers a rule names: a pod's answers to them say how every rule sees it as a peer.
  const peerLists = new Map<string, { rule: PolicyRule; namespace: string }>();
  const ruleText = new Map<PolicyRule, string>();
  for (const policy of policies) {
    for (const rule of [...(policy.ingress ?? []), ...(policy.egress ?? [])]) {
      const peers = JSON.stringify([policy.namespace, rule.peers ?? []]);
      if (!peerLists.has(peers)) peerLists.set(peers, { rule, namespace: policy.namespace });
      ruleText.set(rule, JSON.stringify([peers, rule.ports ?? []]));
    }
  }
  const answers = (pod: NetworkPod) =>
    [...peerLists.values()].map(({ rule, namespace }) => (rulePeersMatch(rule, (peer) => peerMatchesPod(peer, pod, namespace)) ? '1' : '0')).join('');
  const rulesOf = (pod: NetworkPod, direction: Direction) => {
    const applying = selecting(pod, direction);
    return applying.length === 0 ? 'open' : JSON.stringify(applying.map((p) => p[direction]!.map((rule) => ruleText.get(rule))));
  };

  const targetClasses: { representative: NetworkPod; size: number }[] = [];
  const targetClassOf = new Map<NetworkPod, number>();
  const targetIds = new Map<string, number>();
  for (const pod of candidates) {
    const key = `${rulesOf(pod, 'ingress')}\n${answers(pod)}\n${JSON.stringify(pod.ports)}`;
    let id = targetIds.get(key);
    if (id === undefined) {
      targetIds.set(key, (id = targetClasses.length));
      targetClasses.push({ representative: pod, size: 0 });
    }
    targetClasses[id].size++;
    targetClassOf.set(pod, id);
  }
  // Per class of senders: whether it reaches each class of targets.
  const verdicts = new Map<string, boolean[]>();
  return (from) => {
    const key = `${rulesOf(from, 'egress')}\n${answers(from)}`;
    let reaches = verdicts.get(key);
    if (!reaches) verdicts.set(key, (reaches = targetClasses.map(({ representative }) => connects(from, representative))));
    const own = targetClassOf.get(from);
    const count = targetClasses.reduce((sum, { size }, id) => sum + (reaches[id] ? size - (id === own ? 1 : 0) : 0), 0);
    return { count, pods: () => candidates.filter((to) => to !== from && reaches[targetClassOf.get(to)!]) };
  };
}

function readPolicy(object: KubernetesObject): Policy {
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  const types = Array.isArray(spec.policyTypes) ? (spec.policyTypes as string[]) : spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
  const rules = (value: unknown, peerKey: 'from' | 'to'): PolicyRule[] =>
    (Array.isArray(value) ? value : []).map((rule: Record<string, unknown>) => ({ peers: rule[peerKey] as PolicyRulePeer[] | undefined, ports: rule.ports as PolicyRule['ports'] }));
  return {
    namespace: object.metadata.namespace ?? '',
    podSelector: spec.podSelector ?? {},
    ingress: types.includes('Ingress') ? rules(spec.ingress, 'from') : undefined,
    egress: types.includes('Egress') ? rules(spec.egress, 'to') : undefined,
  };
}

const DNS_PORT = 53;

/**
 * A rule without peers allows every peer; without ports, every port. Asked about any port, a rule
 * that opens DNS alone does not count: name lookups are not a connection to the peer.
 */
function ruleAllows(rule: PolicyRule, matchesPeer: (peer: PolicyRulePeer) => boolean, port: number | undefined, target?: NetworkPod): boolean {
  return rulePeersMatch(rule, matchesPeer) && rulePortAllows(rule, port, target);
}

function rulePeersMatch(rule: PolicyRule, matchesPeer: (peer: PolicyRulePeer) => boolean): boolean {
  return rule.peers === undefined || rule.peers.length === 0 || rule.peers.some(matchesPeer);
}

function rulePortAllows(rule: PolicyRule, port: number | undefined, target?: NetworkPod): boolean {
  if (rule.ports === undefined || rule.ports.length === 0) return true;
  if (port === undefined) return rule.ports.some((p) => p.port !== DNS_PORT);
  return rule.ports.some((p) => {
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return p.endPort !== undefined ? port >= p.port && port <= p.endPort : port === p.port;
    return target?.ports.some((tp) => tp.name === p.port && tp.port === port) ?? false;
  });
}

/** Peers are pods of the policy's namespace unless a namespaceSelector widens them; berth keeps one namespace per environment. */
function peerMatchesPod(peer: PolicyRulePeer, pod: NetworkPod, policyNamespace: string): boolean {
  if (peer.ipBlock !== undefined) return false;
  if (peer.namespaceSelector === undefined && pod.namespace !== policyNamespace) return false;
  return peer.podSelector === undefined ? peer.namespaceSelector !== undefined : matchesLabelSelector(peer.podSelector, pod.labels);
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16'];

/** An ipBlock reaches the internet unless it (minus its exceptions) lies inside private ranges. */
function coversPublicAddresses(block: { readonly cidr?: string }): boolean {
  const cidr = block.cidr ?? '';
  if (cidr.includes(':')) return true;
  return !PRIVATE_RANGES.some((range) => cidrInside(cidr, range));
}

function cidrInside(inner: string, outer: string): boolean {
  const parse = (cidr: string) => {
    const [address, bits] = cidr.split('/');
    const value = address.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
    return { value, bits: Number(bits ?? 32) };
  };
  const a = parse(inner);
  const b = parse(outer);
  if (Number.isNaN(a.value) || a.bits < b.bits) return false;
  const size = 2 ** (32 - b.bits);
  return Math.floor(a.value / size) === Math.floor(b.value / size);
}
