// templates/NOTES.txt: what `helm install` prints afterwards — where the app is served, how to
// reach each component with a port-forward, which Secrets it reads, and how to run its tests.
import { camelKey, referencedSecrets, secretParameter } from '../../model/parameters.ts';
import type { AppSpec } from '../../spec/app-spec.ts';
import { valuesAccess } from './compile-expression.ts';
import { testedComponents } from './test-connection.ts';
import { goString, hasTemplateDelimiters } from './yaml-scalar.ts';

/** Literal text that Helm prints as it is, even when it holds `{{`. */
function text(value: string): string {
  return hasTemplateDelimiters(value) ? `{{ ${goString(value)} }}` : value;
}

const values = (path: string) => valuesAccess(path.split('.')).text;

export function formatNotesTemplate(spec: AppSpec): string {
  const chart = spec.name;
  const fullname = `{{ include "${chart}.fullname" . }}`;
  const namespace = '{{ .Release.Namespace }}';
  const lines = [`{{ .Chart.Name }} {{ .Chart.AppVersion }} is installed as release {{ .Release.Name }} in namespace ${namespace}.`];

  if (spec.ingress) {
    const routes = spec.components
      .flatMap((c) => c.routes.map((r) => ({ component: c.name, path: r.path })))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    lines.push(
      `{{- if ${values('ingress.enabled')} }}`,
      '',
      'The app is served at:',
      `{{- $scheme := ternary "https" "http" (ne ${values('ingress.tls.secretName')} "") }}`,
      ...routes.map((r) => `  {{ $scheme }}://{{ ${values('ingress.host')} }}${text(r.path)}   (${r.component})`),
      '{{- end }}',
    );
  }

  const served = testedComponents(spec);
  if (served.length > 0) {
    lines.push('', 'To reach a component from your machine, forward its port and open http://localhost:<port>:');
    for (const c of served) {
      const port = c.ports[0].port;
      lines.push(`  kubectl --namespace ${namespace} port-forward service/${fullname}-${c.name} ${port}:${port}`);
    }
  }

  const secrets = [
    ...referencedSecrets(spec).map((s) => `{{ ${values(secretParameter(s))} }}`),
    ...spec.dependencies.map((d) => {
      const k = camelKey(d.name);
      return `{{ if ${values(`${k}.inCluster`)} }}{{ ${values(`${k}.credentialsSecret`)} }}{{ else }}{{ ${values(`${k}.external.secretName`)} }}{{ end }}`;
    }),
  ];
  if (secrets.length > 0 || spec.ingress) {
    lines.push('', 'It reads these Secrets, which you create (README.md shows how; the chart never holds secret values):');
    for (const secret of secrets) lines.push(`  ${secret}`);
    if (spec.ingress) {
      const tls = values('ingress.tls.secretName');
      lines.push(`{{- if and ${values('ingress.enabled')} (ne ${tls} "") }}`, `  {{ ${tls} }} (TLS)`, '{{- end }}');
    }
  }

  if (spec.jobs.length > 0) {
    lines.push(
      '',
      `Migration Jobs (${spec.jobs.map((j) => j.name).join(', ')}) run as hooks before every upgrade; a finished one is deleted, a failed one kept for its logs:`,
      `  kubectl --namespace ${namespace} logs --selector berth.dev/job --tail 50`,
    );
  }
  if (served.length > 0) {
    lines.push('', 'Check that every component answers:', `  helm test {{ .Release.Name }} --namespace ${namespace}`);
  }
  return `${lines.join('\n')}\n`;
}
