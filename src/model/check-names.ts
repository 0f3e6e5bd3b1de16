// AppModel → the name problems Kubernetes or berth's own identity rules would refuse: two objects with
// one identity, names over Kubernetes' limits, label values, port and volume names, ConfigMap keys.
// Checked on the template objects before anything is written, so every command refuses the same spec.
import type { Diagnostic, SourcePosition } from '../diagnostics.ts';
import type { AppSpec } from '../spec/app-spec.ts';
import { fileKey } from './resources/component.ts';
import type { AppModel } from './resolve.ts';
import type { TemplateObject } from './template-object.ts';
import { evaluateFields, type FieldSelection, type Json } from './template.ts';

/** Kinds whose name becomes a DNS label or a label value, so it must fit in 63 characters. */
const LABEL_NAMED_KINDS: Readonly<Record<string, string>> = {
  Service: 'a Service name is a DNS label (RFC 1035)',
  Job: 'a Job name is copied into the job-name label of its pods',
  StatefulSet: 'a StatefulSet name is part of its pods\' hostnames and revision labels',
  CronJob: 'a CronJob name plus the 11-character suffix of its Jobs must stay within 63',
};
const CRONJOB_LIMIT = 52;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

// What the checks read: the object's identity and labels, and its pod's labels, containers, ports and
// volumes (podTemplateOf finds the pod in a workload, a Job or a CronJob).
const CONTAINER_NAMES: FieldSelection = [{ name: true, ports: [{ name: true }] }];
const POD: { readonly [key: string]: FieldSelection } = {
  metadata: { labels: true },
  spec: { initContainers: CONTAINER_NAMES, containers: CONTAINER_NAMES, volumes: [{ name: true }] },
};
const POD_HOLDER: FieldSelection = { ...POD, template: POD };
export const CHECKED_FIELDS: FieldSelection = {
  apiVersion: true,
  metadata: { name: true, labels: true },
  spec: { template: POD_HOLDER, jobTemplate: { spec: POD_HOLDER } },
};

export function checkNames(model: AppModel): Diagnostic[] {
  const spec = model.spec.base;
  const values = model.registry.valuesFor(undefined);
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, { template: TemplateObject; name: string }>();
  for (const template of model.objects) {
    // Conditions are ignored: an object that exists in one environment only must still be unique.
    const object = evaluateFields(template.body, CHECKED_FIELDS, values) as Record<string, Json>;
    const metadata = object.metadata as Record<string, Json>;
    const name = String(metadata.name);
    const identity = `${apiGroup(String(object.apiVersion))}/${template.kind}/${name}`;
    const first = seen.get(identity);
    if (first) diagnostics.push(collision(spec, template, first.template, name));
    else seen.set(identity, { template, name });
    diagnostics.push(...checkObjectName(spec, template, name));
    diagnostics.push(...checkLabels(spec, template, metadata.labels, 'metadata.labels'));
    const pod = podTemplateOf(object);
    if (pod) {
      diagnostics.push(...checkLabels(spec, template, (pod.metadata as Record<string, Json> | undefined)?.labels, 'pod labels'));
      diagnostics.push(...checkPod(spec, template, pod.spec as Record<string, Json>));
    }
  }
  for (const component of spec.components) diagnostics.push(...checkFileKeys(spec, component.name, component.files));
  return dedupeByMessage(diagnostics);
}

function apiGroup(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** Where a template object's owner is declared in berth.yaml. */
function ownerPosition(spec: AppSpec, template: TemplateObject): SourcePosition | undefined {
  const section = { component: 'components', dependency: 'dependencies', job: 'jobs', cronjob: 'cronjobs', app: '' }[template.ownerKind];
  return section ? spec.positions.get(`${section}.${template.owner}`) : spec.positions.get('name');
}

function ownerLabel(template: TemplateObject): string {
  return template.ownerKind === 'app' ? 'the app itself' : `${template.ownerKind} ${template.owner}`;
}

function collision(spec: AppSpec, second: TemplateObject, other: TemplateObject, name: string): Diagnostic {
  // Point at what the user named (a component) rather than at the app-wide object it ran into.
  const [template, first] = second.ownerKind === 'app' ? [other, second] : [second, other];
  const firstAt = ownerPosition(spec, first);
  const where = firstAt ? ` (${firstAt.file}:${firstAt.line}:${firstAt.column})` : '';
  return {
    code: 'name-collision',
    severity: 'error',
    message: `${ownerLabel(template)} and ${ownerLabel(first)}${where} both derive ${template.kind}/${name}; one object would replace the other`,
    position: ownerPosition(spec, template),
    hint: `Rename one of them. berth names objects <app>-<component>, <app>-<component>-files (config files), <app>-<component>-<volume> (claims) and <app>-default-deny (the app's NetworkPolicy).`,
  };
}

function checkObjectName(spec: AppSpec, template: TemplateObject, name: string): Diagnostic[] {
  const labelRule = LABEL_NAMED_KINDS[template.kind];
  const limit = template.kind === 'CronJob' ? CRONJOB_LIMIT : labelRule ? 63 : 253;
  const pattern = template.kind === 'Service' ? DNS_1035_LABEL : labelRule ? DNS_LABEL : DNS_SUBDOMAIN;
  const problems: Diagnostic[] = [];
  if (name.length > limit) {
    problems.push({
      code: 'name-too-long',
      severity: 'error',
      message: `${template.kind}/${name} is ${name.length} characters; Kubernetes allows at most ${limit}${labelRule ? ` (${labelRule})` : ''}`,
      position: ownerPosition(spec, template),
      hint: `Shorten the app name (${spec.name.length} characters) or the ${template.ownerKind === 'app' ? 'object' : template.ownerKind} name: the object is named <app>-<${template.ownerKind}>${name.length - limit > 0 ? `, ${name.length - limit} character(s) too many` : ''}.`,
    });
  } else if (!pattern.test(name)) {
    problems.push({
      code: 'name-invalid',
      severity: 'error',
      message: `${template.kind}/${name} is not a valid ${template.kind === 'Service' ? 'DNS-1035 label' : labelRule ? 'DNS label' : 'DNS subdomain'} name`,
      position: ownerPosition(spec, template),
      hint: 'Names use lowercase letters, digits and "-", and start and end with a letter or digit.',
    });
  }
  return problems;
}

function checkLabels(spec: AppSpec, template: TemplateObject, labels: Json | undefined, where: string): Diagnostic[] {
  if (!labels || typeof labels !== 'object' || Array.isArray(labels)) return [];
  return Object.entries(labels).flatMap(([key, value]): Diagnostic[] => {
    const text = String(value);
    if (text.length <= 63 && LABEL_VALUE.test(text)) return [];
    return [
      {
        code: 'label-value-invalid',
        severity: 'error',
        message: `${template.kind} of ${ownerLabel(template)}: ${where} ${key}=${text} ${text.length > 63 ? `is ${text.length} characters; label values are at most 63` : 'is not a valid label value'}`,
        position: ownerPosition(spec, template),
        hint: 'Label values are at most 63 letters, digits, "-", "_" or "." and start and end with a letter or digit; shorten the name or version that produced it.',
      },
    ];
  });
}

function podTemplateOf(object: Record<string, Json>): Record<string, Json> | undefined {
  const spec = object.spec as Record<string, Json> | undefined;
  const template = (spec?.template ?? (spec?.jobTemplate as Record<string, Json> | undefined)?.spec) as Record<string, Json> | undefined;
  if (!template) return undefined;
  return (template.template as Record<string, Json> | undefined) ?? template;
}

function checkPod(spec: AppSpec, template: TemplateObject, pod: Record<string, Json> | undefined): Diagnostic[] {
  if (!pod) return [];
  const problems: Diagnostic[] = [];
  const at = ownerPosition(spec, template);
  const containers = [...((pod.initContainers as Json[] | undefined) ?? []), ...((pod.containers as Json[] | undefined) ?? [])] as Record<string, Json>[];
  const containerNames = new Set<string>();
  for (const container of containers) {
    const name = String(container.name);
    if (containerNames.has(name)) {
      problems.push({ code: 'name-collision', severity: 'error', message: `${ownerLabel(template)}: two containers are named ${name}`, position: at, hint: 'Give every container (sidecars and init containers too) its own name.' });
    }
    containerNames.add(name);
    if (name.length > 63 || !DNS_LABEL.test(name)) {
      problems.push({ code: 'name-invalid', severity: 'error', message: `${ownerLabel(template)}: container name ${name} is not a DNS label of at most 63 characters`, position: at, hint: 'Use lowercase letters, digits and "-".' });
    }
    for (const port of ((container.ports as Json[] | undefined) ?? []) as Record<string, Json>[]) {
      if (port.name === undefined) continue;
      const portName = String(port.name);
      if (portName.length > 15 || !PORT_NAME.test(portName) || !/[a-z]/.test(portName) || portName.includes('--')) {
        problems.push({
          code: 'port-name-invalid',
          severity: 'error',
          message: `${ownerLabel(template)}: port name ${portName} is not a valid port name`,
          position: at,
          hint: 'Port names are at most 15 lowercase letters, digits and "-", with at least one letter and no "--" (IANA service names).',
        });
      }
    }
  }
  const volumeNames = new Set<string>();
  for (const volume of ((pod.volumes as Json[] | undefined) ?? []) as Record<string, Json>[]) {
    const name = String(volume.name);
    if (volumeNames.has(name)) {
      problems.push({ code: 'name-collision', severity: 'error', message: `${ownerLabel(template)}: two pod volumes are named ${name}`, position: at, hint: 'Rename one of the volumes.' });
    }
    volumeNames.add(name);
    if (name.length > 63 || !DNS_LABEL.test(name)) {
      problems.push({
        code: 'name-too-long',
        severity: 'error',
        message: `${ownerLabel(template)}: pod volume ${name} is ${name.length} characters; volume names are DNS labels of at most 63`,
        position: at,
        hint: 'Shorten the volume name in berth.yaml (berth mounts it as data-<volume>).',
      });
    }
  }
  return problems;
}

/** Mounted files become ConfigMap keys; two paths must not map to one key. */
function checkFileKeys(spec: AppSpec, component: string, files: readonly { readonly path: string }[]): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const byKey = new Map<string, string>();
  for (const file of files) {
    const key = fileKey(file.path);
    const position = spec.positions.get(`components.${component}.files.${file.path}`) ?? spec.positions.get(`components.${component}.files`);
    const other = byKey.get(key);
    if (other !== undefined) {
      problems.push({
        code: 'name-collision',
        severity: 'error',
        message: `component ${component}: files ${other} and ${file.path} both become ConfigMap key ${key}`,
        position,
        hint: 'berth turns a path into a key by dropping the leading "/" and replacing characters other than letters, digits, "-", "_" and "." with "_"; rename one file.',
      });
    } else if (key.length > 253 || !CONFIG_MAP_KEY.test(key)) {
      problems.push({ code: 'name-too-long', severity: 'error', message: `component ${component}: file ${file.path} gives ConfigMap key ${key}, longer than 253 characters`, position, hint: 'Mount the file at a shorter path.' });
    }
    byKey.set(key, file.path);
  }
  return problems;
}

function dedupeByMessage(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => (seen.has(d.message) ? false : (seen.add(d.message), true)));
}
