// A stateful component → the objects of a component, with a StatefulSet in place of the Deployment:
// stable pod names behind a headless Service, and each volume a claim per replica
// (volumeClaimTemplates) instead of one shared PersistentVolumeClaim.
import { InternalError } from '../../diagnostics.ts';
import type { AppSpec, Component } from '../../spec/app-spec.ts';
import { NAMESPACE, objectName, type TemplateObject } from '../template-object.ts';
import { KEEP_VOLUMES } from '../parameters.ts';
import { param, when, type Value } from '../template.ts';
import { componentObjects } from './component.ts';
import { labels, selectorLabels } from './pod.ts';

type Fields = Readonly<Record<string, Value>>;

/** The headless Service that gives each replica its DNS name: `<set>-0.<app>-<component>-headless`. */
export function headlessServiceName(component: Pick<Component, 'name'>): Value {
  return objectName(`${component.name}-headless`);
}

export function statefulComponentObjects(spec: AppSpec, component: Component): TemplateObject[] {
  const claimIds = new Set(component.volumes.map((v) => `${component.name}-${v.name}-pvc`));
  const objects: TemplateObject[] = [];
  for (const object of componentObjects(spec, component)) {
    // Each replica gets its own claims from the StatefulSet; a shared claim would be mounted by all.
    if (object.kind === 'PersistentVolumeClaim' && claimIds.has(object.id)) continue;
    if (object.id === `${component.name}-deployment`) {
      objects.push(statefulSetObject(spec, component, object));
      objects.push(headlessServiceObject(spec, component, object));
      continue;
    }
    if (object.kind === 'HorizontalPodAutoscaler') {
      objects.push({ ...object, body: retarget(object.body as Fields) });
      continue;
    }
    objects.push(object);
  }
  return objects;
}

function statefulSetObject(spec: AppSpec, component: Component, deployment: TemplateObject): TemplateObject {
  const body = deployment.body as Fields;
  const deploymentSpec = body.spec as Fields;
  const template = deploymentSpec.template as Fields;
  const podSpec = template.spec as Fields;
  const claimVolumes = new Set(component.volumes.map((v) => `data-${v.name}`));
  const volumes = (podSpec.volumes as readonly Value[]).filter((v) => !claimVolumes.has(String((v as Fields).name)));
  const claims = component.volumes.map((volume) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    // Named like the pod's volume, so the container's mount finds the replica's own claim.
    metadata: { labels: selectorLabels(spec.name, component.name), name: `data-${volume.name}` },
    spec: {
      accessModes: [volume.accessMode],
      resources: { requests: { storage: volume.size } },
      ...(volume.storageClass ? { storageClassName: volume.storageClass } : {}),
    },
  }));
  return {
    ...deployment,
    id: `${component.name}-statefulset`,
    kind: 'StatefulSet',
    body: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: body.metadata,
      spec: {
        // Terraform's provider drops min_ready_seconds from a set without claim templates.
        ...(claims.length > 0 ? { minReadySeconds: deploymentSpec.minReadySeconds } : {}),
        // The claims outlive the set unless the environment says its volumes are throwaway (keepVolumes: false).
        ...(claims.length > 0 ? { persistentVolumeClaimRetentionPolicy: { whenDeleted: when(param(KEEP_VOLUMES), 'Retain', 'Delete'), whenScaled: 'Retain' } } : {}),
        podManagementPolicy: component.stateful!.podManagementPolicy,
        ...('replicas' in deploymentSpec ? { replicas: deploymentSpec.replicas } : {}),
        revisionHistoryLimit: 10,
        selector: deploymentSpec.selector,
        serviceName: headlessServiceName(component),
        template: { ...template, spec: { ...podSpec, volumes } },
        updateStrategy: { type: 'RollingUpdate' },
        ...(claims.length > 0 ? { volumeClaimTemplates: claims } : {}),
      },
    },
  };
}

function headlessServiceObject(spec: AppSpec, component: Component, deployment: TemplateObject): TemplateObject {
  return {
    id: `${component.name}-headless-service`,
    owner: component.name,
    ownerKind: 'component',
    kind: 'Service',
    sources: { '': deployment.sources[''] },
    body: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { labels: labels(spec.name, spec.version, component.name), name: headlessServiceName(component), namespace: param(NAMESPACE) },
      spec: {
        clusterIP: 'None',
        ...(component.ports.length > 0
          ? { ports: component.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol, targetPort: p.name })) }
          : {}),
        // Replicas find each other (to join a cluster, to replicate) before they are ready.
        publishNotReadyAddresses: true,
        selector: selectorLabels(spec.name, component.name),
        type: 'ClusterIP',
      },
    },
  };
}

function retarget(body: Fields): Value {
  const hpaSpec = body.spec as Fields;
  const target = hpaSpec.scaleTargetRef as Fields;
  if (target.kind !== 'Deployment') throw new InternalError(`a stateful component's autoscaler targets a ${String(target.kind)}`);
  return { ...body, spec: { ...hpaSpec, scaleTargetRef: { ...target, kind: 'StatefulSet' } } };
}
