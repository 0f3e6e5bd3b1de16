// templates/tests/test-connection.yaml: the `helm test` pod. One container per component Service
// checks that it answers (its HTTP health path when the health check is HTTP on a served port,
// a TCP connect otherwise). The pod follows berth's own security defaults.
import type { AppSpec, Component } from '../../spec/app-spec.ts';
import { containerSecurityContext, egressRules, labels, podSecurityContext, selectorLabels } from '../../model/resources/pod.ts';
import { NAMESPACE, objectName } from '../../model/template-object.ts';
import { concat, param, type Value } from '../../model/template.ts';

/** Pinned: a test that pulls a moving tag could pass today and fail tomorrow for no reason of yours. */
export const TEST_IMAGE = 'busybox:1.36.1';
/** `nobody` in busybox. */
const TEST_USER = 65534;
const ATTEMPTS = 'for attempt in 1 2 3 4 5 6; do';
const HTTP_SCRIPT = `${ATTEMPTS} wget -q -T 5 -O /dev/null "$1" && exit 0; sleep 5; done; echo "no answer from $1" >&2; exit 1`;
const TCP_SCRIPT = `${ATTEMPTS} nc -z -w 5 "$1" "$2" && exit 0; sleep 5; done; echo "no answer from $1:$2" >&2; exit 1`;

export function testedComponents(spec: AppSpec): Component[] {
  return spec.components.filter((c) => c.ports.length > 0);
}

function probeContainer(component: Component): Value {
  const port = component.ports[0];
  const check = component.health?.check;
  const http = check?.type === 'http' && component.ports.some((p) => p.port === check.port) ? check : undefined;
  const host = objectName(component.name);
  const args: Value[] = http
    ? ['test-connection', concat('http://', host, `:${http.port}${http.path}`)]
    : ['test-connection', host, String(port.port)];
  return {
    args,
    command: ['sh', '-c', http ? HTTP_SCRIPT : TCP_SCRIPT],
    image: TEST_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    name: `test-${component.name}`.slice(0, 63),
    resources: { limits: { cpu: '100m', memory: '32Mi' }, requests: { cpu: '10m', memory: '16Mi' } },
    securityContext: containerSecurityContext({ readOnlyRootFilesystem: true, runAsNonRoot: true }),
  };
}

/** The test pod in the intermediate form, or undefined when no component has a Service. */
export function buildTestConnectionPod(spec: AppSpec): Value | undefined {
  const components = testedComponents(spec);
  if (components.length === 0) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      annotations: { 'helm.sh/hook': 'test', 'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded' },
      // The app's labels let it through the NetworkPolicies of components that only accept the app.
      labels: labels(spec.name, spec.version, 'test-connection'),
      name: objectName('test-connection'),
      namespace: param(NAMESPACE),
    },
    spec: {
      automountServiceAccountToken: false,
      containers: components.map(probeContainer),
      enableServiceLinks: false,
      restartPolicy: 'Never',
      securityContext: podSecurityContext(TEST_USER, TEST_USER),
    },
  };
}

/**
 * The app's default-deny policy also covers the test pod (it carries the app's labels), so the
 * test brings its own way out: DNS and the app's pods, nothing else. A test hook like the pod, it
 * exists only while `helm test` runs; its lower weight creates it first.
 */
export function buildTestNetworkPolicy(spec: AppSpec): Value | undefined {
  if (testedComponents(spec).length === 0) return undefined;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      annotations: { 'helm.sh/hook': 'test', 'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded', 'helm.sh/hook-weight': '-5' },
      labels: labels(spec.name, spec.version, 'test-connection'),
      name: objectName('test-connection'),
      namespace: param(NAMESPACE),
    },
    spec: {
      egress: egressRules(spec.name, { internet: false, cidrs: [] }),
      podSelector: { matchLabels: selectorLabels(spec.name, 'test-connection') },
      policyTypes: ['Ingress', 'Egress'],
    },
  };
}
