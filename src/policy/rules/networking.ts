// Traffic: NetworkPolicies that cover every pod, Services and Ingresses that lead somewhere, and ports
// that should not be open.
import { defineRule } from '../define-rule.ts';
import { joinPath } from '../field-path.ts';
import { asArray, asNumber, asRecord, asString, dig, showValue } from '../json-values.ts';
import { describeSelector, readLabels } from '../label-selector.ts';
import { namespaceOf, selectsTemplate, servingContainers, type PodTemplate } from '../rule-context.ts';
import type { KubernetesObject } from '../../model/kubernetes-object.ts';

/** The directions a NetworkPolicy restricts: policyTypes, or what Kubernetes infers when it is absent. */
function policyDirections(policy: KubernetesObject): Set<string> {
  const declared = asArray(dig(policy, 'spec', 'policyTypes')).filter((t): t is string => typeof t === 'string');
  if (declared.length > 0) return new Set(declared);
  return new Set(dig(policy, 'spec', 'egress') !== undefined ? ['Ingress', 'Egress'] : ['Ingress']);
}

/** A missing podSelector is invalid in the API; read it as `{}` (every pod) rather than as nothing. */
function podSelectorOf(policy: KubernetesObject): unknown {
  return dig(policy, 'spec', 'podSelector') ?? {};
}

export const networkPolicyCoverage = defineRule({
  id: 'network-policy-coverage',
  severity: 'warning',
  summary: 'Every pod is selected by a NetworkPolicy for ingress (and, as info, for egress).',
  scope: 'set',
  run(context, report) {
    const policies = context.ofKind('NetworkPolicy');
    for (const template of context.podTemplates) {
      if (template.spec.hostNetwork === true) continue;
      const covering = policies.filter((p) => selectsTemplate(p, podSelectorOf(p), template));
      const directions = new Set(covering.flatMap((p) => [...policyDirections(p)]));
      const path = joinPath(template.metadataPath, 'labels');
      if (!directions.has('Ingress')) {
        report({
          object: template.workload,
          path,
          message: `no NetworkPolicy restricts ingress to these pods (labels ${describeSelector(template.labels)}): any pod in the cluster can connect to them`,
          hint: 'add a NetworkPolicy whose podSelector matches the pod labels and that allows only the expected clients (berth generates one per component)',
        });
      }
      if (!directions.has('Egress')) {
        report({
          object: template.workload,
          path,
          severity: 'info',
          message: `no NetworkPolicy restricts egress from these pods (labels ${describeSelector(template.labels)}): a compromised pod can reach anything`,
          hint: 'add policyTypes: [Ingress, Egress] with egress rules for DNS and the dependencies the pods use',
        });
      }
    }
  },
});

export const networkPolicyTargetsPod = defineRule({
  id: 'network-policy-targets-pod',
  severity: 'warning',
  summary: 'Every NetworkPolicy selects some pod template (checked when the objects include workloads).',
  scope: 'set',
  run(context, report) {
    if (context.podTemplates.length === 0) return;
    for (const policy of context.ofKind('NetworkPolicy')) {
      const selector = podSelectorOf(policy);
      if (context.templatesSelectedBy(selector, namespaceOf(policy)).length > 0) continue;
      report({
        object: policy,
        path: 'spec.podSelector',
        message: `NetworkPolicy podSelector ${describeSelector(selector)} matches no pod template: it protects nothing, and the pods it was meant for are open`,
        hint: 'make spec.podSelector.matchLabels equal to the labels of the pods it should protect',
      });
    }
  },
});

function serviceSelector(service: KubernetesObject): Readonly<Record<string, string>> | undefined {
  if (dig(service, 'spec', 'type') === 'ExternalName') return undefined;
  const selector = readLabels(dig(service, 'spec', 'selector'));
  return Object.keys(selector).length > 0 ? selector : undefined;
}

export const serviceSelectorMatches = defineRule({
  id: 'service-selector-matches',
  severity: 'error',
  summary: 'Every Service selector matches some pod template (checked when the objects include workloads).',
  scope: 'set',
  run(context, report) {
    if (context.podTemplates.length === 0) return;
    for (const service of context.ofKind('Service')) {
      const selector = serviceSelector(service);
      if (!selector || context.templatesMatchingMap(selector, namespaceOf(service)).length > 0) continue;
      report({
        object: service,
        path: 'spec.selector',
        message: `Service selector ${describeSelector(selector)} matches no pod template: the Service has no endpoints and every request fails`,
        hint: 'make spec.selector equal to (a subset of) the pod template labels of the workload it fronts',
      });
    }
  },
});

/** IANA service name, as Kubernetes requires for named ports. */
function isValidPortName(name: string): boolean {
  return name.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes('--');
}

function declaresPort(template: PodTemplate, target: string | number, protocol: string): boolean {
  return servingContainers(template).some((c) =>
    asArray(c.container.ports).some((item) => {
      const port = asRecord(item);
      if ((asString(port?.protocol) ?? 'TCP') !== protocol) return false;
      return typeof target === 'string' ? port?.name === target : port?.containerPort === target;
    }),
  );
}

export const serviceTargetPort = defineRule({
  id: 'service-target-port',
  severity: 'error',
  summary: 'Service targetPorts are valid and name a port the selected pods declare.',
  scope: 'set',
  run(context, report) {
    for (const service of context.ofKind('Service')) {
      const selector = serviceSelector(service);
      const templates = selector ? context.templatesMatchingMap(selector, namespaceOf(service)) : [];
      asArray(dig(service, 'spec', 'ports')).forEach((item, index) => {
        const port = asRecord(item) ?? {};
        const raw = port.targetPort ?? port.port;
        const path = joinPath('spec', 'ports', index, port.targetPort === undefined ? 'port' : 'targetPort');
        const protocol = asString(port.protocol) ?? 'TCP';
        const numeric = typeof raw === 'number' || (typeof raw === 'string' && /^\d+$/.test(raw));
        const target: string | number | undefined = numeric ? Number(raw) : asString(raw);
        if (target === undefined || (typeof target === 'number' && (target < 1 || target > 65535 || !Number.isInteger(target)))) {
          report({
            object: service,
            path,
            message: `Service port ${index} targets ${showValue(raw)}, which is not a port number (1-65535) or a port name`,
            hint: 'set targetPort to the container port number or its name',
          });
          return;
        }
        if (typeof target === 'string' && !isValidPortName(target)) {
          report({
            object: service,
            path,
            message: `Service port ${index} targets the name "${target}", which is not a valid port name (at most 15 lowercase letters, digits and single "-", with a letter)`,
            hint: 'rename the container port and the targetPort to a valid name such as http',
          });
          return;
        }
        for (const template of templates) {
          if (declaresPort(template, target, protocol)) continue;
          const named = typeof target === 'string';
          report({
            object: service,
            path,
            severity: named ? 'error' : 'warning',
            message: named
              ? `Service port ${index} targets the port name "${target}" (${protocol}), which no container of ${template.workload.kind}/${template.workload.metadata.name} declares: the Service has no endpoints for it`
              : `Service port ${index} targets port ${target}/${protocol}, which no container of ${template.workload.kind}/${template.workload.metadata.name} declares`,
            hint: 'make targetPort equal to a containerPort (or its name) of the selected pods',
          });
        }
      });
    }
  },
});

export const serviceNodePort = defineRule({
  id: 'service-node-port',
  severity: 'warning',
  summary: 'Services are not of type NodePort.',
  scope: 'object',
  run(context, report) {
    for (const service of context.ofKind('Service')) {
      if (dig(service, 'spec', 'type') !== 'NodePort') continue;
      report({
        object: service,
        path: 'spec.type',
        message: 'Service is of type NodePort: it opens a port on every node of the cluster, outside the Ingress and its TLS',
        hint: 'use type ClusterIP behind an Ingress, or LoadBalancer when it must be reachable directly',
      });
    }
  },
});

export const loadBalancerSourceRanges = defineRule({
  id: 'load-balancer-source-ranges',
  severity: 'warning',
  summary: 'LoadBalancer Services say which client ranges they accept.',
  scope: 'object',
  run(context, report) {
    for (const service of context.ofKind('Service')) {
      if (dig(service, 'spec', 'type') !== 'LoadBalancer') continue;
      if (asArray(dig(service, 'spec', 'loadBalancerSourceRanges')).length > 0) continue;
      report({
        object: service,
        path: 'spec.type',
        message: 'LoadBalancer Service without loadBalancerSourceRanges: the cloud load balancer accepts connections from the whole internet',
        hint: 'list the client CIDRs (berth.yaml: service: { loadBalancerSourceRanges: [203.0.113.0/24] }), or accept it with an exception when the service is public on purpose',
      });
    }
  },
});

interface BackendRef {
  readonly path: string;
  readonly service: string;
  readonly port: unknown;
  readonly portPath: string;
}

export function ingressBackends(ingress: KubernetesObject): BackendRef[] {
  const refs: BackendRef[] = [];
  const read = (backend: unknown, path: string): void => {
    const record = asRecord(backend);
    if (!record) return;
    const service = asRecord(record.service);
    if (service) {
      // networking.k8s.io/v1
      const name = asString(service.name) ?? '';
      const port = asRecord(service.port);
      const number = asNumber(port?.number);
      refs.push({
        path: joinPath(path, 'service', 'name'),
        service: name,
        port: number ?? asString(port?.name),
        portPath: joinPath(path, 'service', 'port', number !== undefined ? 'number' : 'name'),
      });
    } else if (record.serviceName !== undefined) {
      // extensions/v1beta1 and networking.k8s.io/v1beta1
      refs.push({
        path: joinPath(path, 'serviceName'),
        service: asString(record.serviceName) ?? '',
        port: record.servicePort,
        portPath: joinPath(path, 'servicePort'),
      });
    }
  };
  const spec = asRecord(ingress.spec) ?? {};
  read(spec.defaultBackend, 'spec.defaultBackend');
  read(spec.backend, 'spec.backend');
  asArray(spec.rules).forEach((rule, i) => {
    asArray(dig(rule, 'http', 'paths')).forEach((p, j) => read(asRecord(p)?.backend, joinPath('spec', 'rules', i, 'http', 'paths', j, 'backend')));
  });
  return refs;
}

export const ingressBackendExists = defineRule({
  id: 'ingress-backend-exists',
  severity: 'error',
  summary: 'Ingress backends name a Service among the objects and a port it has (checked when the objects include Services).',
  scope: 'set',
  run(context, report) {
    if (!context.hasKind('Service')) return;
    for (const ingress of context.ofKind('Ingress')) {
      for (const ref of ingressBackends(ingress)) {
        const service = context.find('Service', ref.service, namespaceOf(ingress));
        if (!service) {
          report({
            object: ingress,
            path: ref.path,
            message: `Ingress backend names Service "${ref.service}", which is not among the objects: requests for this path get 503`,
            hint: `fix the service name (${context.ofKind('Service').map((s) => s.metadata.name).join(', ')} exist)`,
          });
          continue;
        }
        if (ref.port === undefined) continue;
        const ports = asArray(dig(service, 'spec', 'ports')).map(asRecord);
        const numeric = typeof ref.port === 'number' || (typeof ref.port === 'string' && /^\d+$/.test(ref.port));
        const found = ports.some((p) => (numeric ? p?.port === Number(ref.port) : p?.name === ref.port));
        if (found) continue;
        const available = ports.map((p) => (p?.name ? `${String(p.name)} (${String(p.port)})` : String(p?.port))).join(', ');
        report({
          object: ingress,
          path: ref.portPath,
          message: `Ingress backend uses port ${showValue(ref.port)} of Service "${ref.service}", which has no such port (ports: ${available || 'none'})`,
          hint: 'use the Service port number or name, not the container port',
        });
      }
    }
  },
});

export const sshPort = defineRule({
  id: 'ssh-port',
  severity: 'warning',
  summary: 'Containers do not expose port 22 (SSH).',
  scope: 'object',
  run(context, report) {
    for (const template of context.podTemplates) {
      for (const container of template.containers) {
        asArray(container.container.ports).forEach((item, index) => {
          if (asRecord(item)?.containerPort !== 22) return;
          report({
            object: template.workload,
            path: joinPath(container.path, 'ports', index, 'containerPort'),
            message: `container "${container.name}" exposes port 22: an SSH server in a container is an unaudited way in`,
            hint: 'remove the SSH server; use kubectl exec or debug containers for access',
          });
        });
      }
    }
  },
});
