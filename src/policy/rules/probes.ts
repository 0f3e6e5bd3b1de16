// Health probes on serving containers. Pods that run to completion (Jobs, CronJobs) are left out:
// nothing routes traffic to them and a liveness probe only adds restarts.
import { defineRule } from '../define-rule.ts';
import { joinPath } from '../field-path.ts';
import { asArray, asRecord, asString, jsonEqual, showValue, type JsonRecord } from '../json-values.ts';
import { servingContainers, type ContainerRef, type PodTemplate, type RuleContext } from '../rule-context.ts';

function* servingProbeTargets(context: RuleContext): Generator<{ template: PodTemplate; container: ContainerRef }> {
  for (const template of context.podTemplates) {
    if (template.runsToCompletion) continue;
    for (const container of servingContainers(template)) yield { template, container };
  }
}

export const livenessProbe = defineRule({
  id: 'liveness-probe',
  severity: 'warning',
  summary: 'Serving containers have a liveness probe.',
  scope: 'object',
  run(context, report) {
    for (const { template, container } of servingProbeTargets(context)) {
      if (asRecord(container.container.livenessProbe)) continue;
      report({
        object: template.workload,
        path: joinPath(container.path, 'livenessProbe'),
        message: `container "${container.name}" has no liveness probe: a hung process keeps its pod running and never restarts`,
        hint: 'add a livenessProbe (httpGet, tcpSocket, grpc or exec) that fails only when a restart helps; in berth.yaml: health: { http: /health }',
      });
    }
  },
});

export const readinessProbe = defineRule({
  id: 'readiness-probe',
  severity: 'warning',
  summary: 'Serving containers have a readiness probe.',
  scope: 'object',
  run(context, report) {
    for (const { template, container } of servingProbeTargets(context)) {
      if (asRecord(container.container.readinessProbe)) continue;
      report({
        object: template.workload,
        path: joinPath(container.path, 'readinessProbe'),
        message: `container "${container.name}" has no readiness probe: it receives traffic before it can serve, and rollouts cannot tell a broken version`,
        hint: 'add a readinessProbe that succeeds once the container can serve requests; in berth.yaml: health: { http: /health }',
      });
    }
  },
});

export const probesNotIdentical = defineRule({
  id: 'probes-not-identical',
  severity: 'warning',
  summary: 'The liveness probe is not an exact copy of the readiness probe.',
  scope: 'object',
  run(context, report) {
    for (const { template, container } of servingProbeTargets(context)) {
      const liveness = asRecord(container.container.livenessProbe);
      const readiness = asRecord(container.container.readinessProbe);
      if (!liveness || !readiness || !jsonEqual(liveness, readiness)) continue;
      report({
        object: template.workload,
        path: joinPath(container.path, 'livenessProbe'),
        message: `container "${container.name}" has identical liveness and readiness probes: when it is briefly not ready (a slow dependency) it is also restarted, which turns a hiccup into a restart storm`,
        hint: 'make the liveness probe more tolerant than the readiness probe (higher failureThreshold or a longer period) or point it at a cheaper endpoint',
      });
    }
  },
});

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** The port a probe connects to and where it is written, for the handlers that use one. */
function probePort(probe: JsonRecord): { port: unknown; at: string[] } | undefined {
  for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
    const record = asRecord(probe[handler]);
    if (record) return { port: record.port, at: [handler, 'port'] };
  }
  return undefined;
}

export const probePortExposed = defineRule({
  id: 'probe-port-exposed',
  severity: 'error',
  summary: 'Probes use a port the container declares (a named port must exist).',
  scope: 'object',
  run(context, report) {
    for (const { template, container } of servingProbeTargets(context)) {
      const ports = asArray(container.container.ports).map(asRecord);
      const names = ports.map((p) => asString(p?.name)).filter((n): n is string => n !== undefined);
      const numbers = ports.map((p) => p?.containerPort);
      for (const probeName of PROBES) {
        const probe = asRecord(container.container[probeName]);
        const target = probe && probePort(probe);
        if (!target || target.port === undefined) continue;
        const path = joinPath(container.path, probeName, ...target.at);
        if (typeof target.port === 'string' && !/^\d+$/.test(target.port)) {
          if (names.includes(target.port)) continue;
          report({
            object: template.workload,
            path,
            message: `${probeName} of container "${container.name}" uses port "${target.port}", which is not a port name of the container (names: ${names.length ? names.join(', ') : 'none'}): the probe always fails`,
            hint: `name the port in ports[] (name: ${target.port}) or use the port number`,
          });
          continue;
        }
        const number = Number(target.port);
        if (numbers.includes(number)) continue;
        report({
          object: template.workload,
          path,
          severity: 'warning',
          message: `${probeName} of container "${container.name}" uses port ${showValue(target.port)}, which the container does not declare (containerPorts: ${numbers.length ? numbers.map(showValue).join(', ') : 'none'})`,
          hint: 'check the probe port against the port the process listens on, and declare it under ports[]',
        });
      }
    }
  },
});
