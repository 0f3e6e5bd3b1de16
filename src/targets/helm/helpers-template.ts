// templates/_helpers.tpl: the chart's name, fullname (63-character rule), chart label, and the
// selector and common labels, plus which label entries of the canonical objects each helper writes.
import { RELEASE } from '../../model/template-object.ts';
import { param, type Value } from '../../model/template.ts';

export interface LabelHelper {
  /** The `define` name: `todo.labels`. */
  readonly name: string;
  /** The canonical label entries the helper writes (tool labels aside). */
  readonly entries: Readonly<Record<string, Value>>;
}

export interface LabelHelpers {
  readonly selector: LabelHelper;
  readonly common: LabelHelper;
}

/** The chart name is the app name and its appVersion the app version, so these equal the canonical labels. */
export function describeLabelHelpers(chart: string, app: string, version: string): LabelHelpers {
  const selector = { 'app.kubernetes.io/instance': param(RELEASE), 'app.kubernetes.io/name': app };
  return {
    selector: { name: `${chart}.selectorLabels`, entries: selector },
    common: {
      name: `${chart}.labels`,
      entries: { ...selector, 'app.kubernetes.io/part-of': app, 'app.kubernetes.io/version': version },
    },
  };
}

export function formatHelpersTemplate(chart: string): string {
  return `{{/*
The chart name (also the app name in berth.yaml).
*/}}
{{- define "${chart}.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Prefix of every object name. Kubernetes names are limited to 63 characters (DNS labels), so it is
truncated there. A release name that already contains the chart name is used as it is: with the
release named like the app, objects are called <app>-<component>.
*/}}
{{- define "${chart}.fullname" -}}
{{- $name := include "${chart}.name" . }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/*
Chart name and version, as the helm.sh/chart label shows them.
*/}}
{{- define "${chart}.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels that select the pods of this release (a component adds app.kubernetes.io/component).
*/}}
{{- define "${chart}.selectorLabels" -}}
app.kubernetes.io/instance: {{ .Release.Name | quote }}
app.kubernetes.io/name: {{ include "${chart}.name" . | quote }}
{{- end }}

{{/*
Labels of every object and pod template.
*/}}
{{- define "${chart}.labels" -}}
{{ include "${chart}.selectorLabels" . }}
app.kubernetes.io/managed-by: {{ .Release.Service | quote }}
app.kubernetes.io/part-of: {{ include "${chart}.name" . | quote }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ include "${chart}.chart" . | quote }}
{{- end }}
`;
}
