// Compose services reach each other by service name (`db:5432`); in the cluster the Service is named
// `<app>-<component>`. This rewrites host names in env values and command words, and recognises
// connection URLs that point at a Redis or PostgreSQL dependency.
import type { DependencyKind } from '../../spec/app-spec.ts';
import type { ServicePlan } from './plan-services.ts';

export interface HostTarget {
  readonly plan: ServicePlan;
  /** The Service name in the cluster. */
  readonly serviceName: string;
}

/** Variable names whose bare value is a host name (so `DB_HOST=db` is rewritten but `MODE=web` is not). */
const HOST_VARIABLE = /(HOST|HOSTNAME|HOSTS|SERVER|SERVERS|ADDR|ADDRESS|ENDPOINT|BROKER|BROKERS|NODES)$/i;
const URL = /^([a-z][a-z0-9+.-]*:\/\/)([^@/?#\s]*@)?(\[[^\]]+\]|[^:/?#\s@,]+)(.*)$/i;
const HOST_PORT = /^([A-Za-z0-9_.-]+):(\d+)(\/.*)?$/;

export class ServiceHosts {
  private readonly byHost = new Map<string, HostTarget>();

  constructor(plans: readonly ServicePlan[], app: string) {
    for (const plan of plans) {
      if (plan.role === 'job') continue;
      for (const host of plan.hostNames) this.byHost.set(host.toLowerCase(), { plan, serviceName: `${app}-${plan.name}` });
    }
  }

  target(host: string): HostTarget | undefined {
    return this.byHost.get(host.toLowerCase());
  }

  /** The value with Compose host names replaced by Service names, and which services were involved. */
  rewriteValue(value: string, variable?: string): { value: string; targets: HostTarget[] } {
    const targets: HostTarget[] = [];
    const pieces = value.split(',').map((piece) => {
      const rewritten = this.rewritePiece(piece, variable !== undefined && HOST_VARIABLE.test(variable));
      if (rewritten.target) targets.push(rewritten.target);
      return rewritten.value;
    });
    return { value: targets.length > 0 ? pieces.join(',') : value, targets };
  }

  private rewritePiece(piece: string, bareAllowed: boolean): { value: string; target?: HostTarget } {
    const url = URL.exec(piece);
    if (url) {
      const target = this.target(url[3]);
      return target && target.serviceName !== url[3] ? { value: `${url[1]}${url[2] ?? ''}${target.serviceName}${url[4]}`, target } : { value: piece };
    }
    const hostPort = HOST_PORT.exec(piece);
    if (hostPort) {
      const target = this.target(hostPort[1]);
      return target && target.serviceName !== hostPort[1] ? { value: `${target.serviceName}:${hostPort[2]}${hostPort[3] ?? ''}`, target } : { value: piece };
    }
    if (bareAllowed) {
      const target = this.target(piece.trim());
      if (target && target.serviceName !== piece.trim()) return { value: piece.replace(piece.trim(), target.serviceName), target };
    }
    return { value: piece };
  }

  /** A connection URL (`redis://...@cache:6379/0`, `postgres://...@db/app`) pointing at a berth dependency. */
  dependencyUrl(value: string): { target: HostTarget; kind: DependencyKind } | undefined {
    const url = URL.exec(value.trim());
    if (!url) return undefined;
    const scheme = url[1].slice(0, -3).toLowerCase();
    const kind: DependencyKind | undefined = scheme === 'redis' || scheme === 'rediss' ? 'redis' : scheme === 'postgres' || scheme === 'postgresql' ? 'postgres' : undefined;
    const target = this.target(url[3]);
    if (!kind || !target || target.plan.role !== 'dependency' || target.plan.known?.dependency !== kind) return undefined;
    return { target, kind };
  }
}
