// A progressively delivered component: an Argo Rollouts Rollout with the Deployment's pod template
// instead of the Deployment, its HPA aimed at the Rollout, the canary or preview Service, the
// traffic router's objects and the AnalysisTemplates. The strategy is a parameter
// (`<component>.strategy`): it decides which of these objects exist, in every format.
import type { AppSpec, Component, StrategyType } from '../../spec/app-spec.ts';
import { camelKey, type ParameterRegistry } from '../parameters.ts';
import { POD_HASH_ARG } from '../analysis-queries.ts';
import { objectName, type TemplateObject } from '../template-object.ts';
import { and, eq, ne, when, type Value } from '../template.ts';
import { durationSeconds } from '../../spec/strategy.ts';
import { analysisTemplateName, analysisTemplateObject, ROLLOUTS_API, smokeTestObjects, strategyPosition } from './analysis-template.ts';
import { componentParam } from './pod.ts';
import { trafficRouting, trafficRoutingObjects } from './traffic-routing.ts';

type Body = Record<string, Value>;

export function strategyParam(component: Pick<Component, 'name'>): Value {
  return componentParam(component, 'strategy');
}

/** How an environment (the base when undefined) releases the component: its strategy parameter's value. */
export function strategyIn(registry: ParameterRegistry, component: Component, environment?: string): StrategyType {
  if (!component.strategy) return 'rolling';
  return registry.valuesFor(environment).get(`${camelKey(component.name)}.strategy`) as StrategyType;
}

/** The component's objects with its Deployment replaced by a Rollout wherever the strategy says so. */
export function applyDeliveryStrategy(spec: AppSpec, component: Component, objects: readonly TemplateObject[]): TemplateObject[] {
  const strategy = component.strategy;
  if (!strategy) return [...objects];
  const type = strategyParam(component);
  const rolling = eq(type, 'rolling');
  const canary = eq(type, 'canary');
  const blueGreen = eq(type, 'blue-green');
  const result: TemplateObject[] = [];
  for (const object of objects) {
    if (object.kind === 'Deployment' && object.owner === component.name) {
      result.push({ ...object, condition: conjoin(object.condition, rolling) }, rolloutObject(spec, component, object, ne(type, 'rolling')));
    } else if (object.kind === 'HorizontalPodAutoscaler' && object.owner === component.name) {
      result.push(retargetAutoscaler(object, rolling));
    } else if (object.kind === 'Service' && object.id === `${component.name}-service`) {
      result.push(object);
      if (strategy.canary.traffic === 'gateway-api') result.push(companionService(object, component, 'canary', canary));
      result.push(companionService(object, component, 'preview', blueGreen));
    } else {
      result.push(object);
    }
  }
  result.push(...trafficRoutingObjects(spec, component, canary));
  if (strategy.canary.analysis) result.push(analysisTemplateObject(spec, component, 'canary', strategy.canary.analysis, canary));
  const watch = strategy.blueGreen.analysis;
  if (watch) {
    const count = Math.max(1, Math.ceil(durationSeconds(strategy.blueGreen.watch) / durationSeconds(watch.interval)));
    result.push(analysisTemplateObject(spec, component, 'post-promotion', watch, blueGreen, count));
  }
  result.push(...smokeTestObjects(spec, component, blueGreen));
  return result;
}

function conjoin(existing: Value | undefined, condition: Value): Value {
  return existing === undefined ? condition : and(existing, condition);
}

function rolloutObject(spec: AppSpec, component: Component, deployment: TemplateObject, condition: Value): TemplateObject {
  const body = deployment.body as Body;
  const deploymentSpec = body.spec as Body;
  const type = strategyParam(component);
  return {
    ...deployment,
    id: `${component.name}-rollout`,
    kind: 'Rollout',
    condition: conjoin(deployment.condition, condition),
    sources: { ...deployment.sources, 'spec.strategy': strategyPosition(spec, component) },
    body: {
      apiVersion: ROLLOUTS_API,
      kind: 'Rollout',
      metadata: body.metadata,
      spec: {
        minReadySeconds: deploymentSpec.minReadySeconds,
        progressDeadlineSeconds: deploymentSpec.progressDeadlineSeconds,
        replicas: deploymentSpec.replicas,
        revisionHistoryLimit: deploymentSpec.revisionHistoryLimit,
        selector: deploymentSpec.selector,
        strategy: {
          blueGreen: when(eq(type, 'blue-green'), blueGreenStrategy(component)),
          canary: when(eq(type, 'canary'), canaryStrategy(component)),
        },
        template: deploymentSpec.template,
      },
    },
  };
}

const NEW_PODS_ARGS = [{ name: POD_HASH_ARG, valueFrom: { podTemplateHashValue: 'Latest' } }];

function canaryStrategy(component: Component): Value {
  const canary = component.strategy!.canary;
  const routing = trafficRouting(component);
  const steps: Value[] = [];
  for (const step of canary.steps) {
    steps.push({ setWeight: step.weight });
    if (step.pause !== undefined) steps.push({ pause: step.pause === 'forever' ? {} : { duration: step.pause } });
  }
  return {
    ...(canary.analysis
      ? { analysis: { args: NEW_PODS_ARGS, startingStep: 1, templates: [{ templateName: analysisTemplateName(component.name, 'canary') }] } }
      : {}),
    ...(canary.traffic === 'gateway-api' ? { canaryService: objectName(`${component.name}-canary`), stableService: objectName(component.name) } : {}),
    // Without a router the weight is the share of replicas; surge settings pace the replica changes.
    ...(routing === undefined ? { maxSurge: component.rollout.maxSurge, maxUnavailable: component.rollout.maxUnavailable } : {}),
    steps,
    ...(routing !== undefined ? { trafficRouting: routing } : {}),
  };
}

function blueGreenStrategy(component: Component): Value {
  const blueGreen = component.strategy!.blueGreen;
  return {
    activeService: objectName(component.name),
    autoPromotionEnabled: blueGreen.autoPromote,
    ...(blueGreen.autoPromote && blueGreen.autoPromotionSeconds !== undefined ? { autoPromotionSeconds: blueGreen.autoPromotionSeconds } : {}),
    ...(blueGreen.analysis
      ? { postPromotionAnalysis: { args: NEW_PODS_ARGS, templates: [{ templateName: analysisTemplateName(component.name, 'post-promotion') }] } }
      : {}),
    ...(blueGreen.smokeTest && component.ports.length > 0
      ? { prePromotionAnalysis: { templates: [{ templateName: analysisTemplateName(component.name, 'smoke-test') }] } }
      : {}),
    previewService: objectName(`${component.name}-preview`),
    scaleDownDelaySeconds: blueGreen.scaleDownDelaySeconds,
  };
}

/** Under a Rollout, the HPA scales the Rollout (Argo Rollouts implements the scale subresource). */
function retargetAutoscaler(hpa: TemplateObject, rolling: Value): TemplateObject {
  const body = hpa.body as Body;
  const hpaSpec = body.spec as Body;
  const target = hpaSpec.scaleTargetRef as Body;
  return {
    ...hpa,
    body: {
      ...body,
      spec: {
        ...hpaSpec,
        scaleTargetRef: { apiVersion: when(rolling, 'apps/v1', ROLLOUTS_API), kind: when(rolling, 'Deployment', 'Rollout'), name: target.name },
      },
    },
  };
}

/**
 * The canary (Gateway API) or preview (blue-green) Service: the component's Service under another
 * name, always inside the cluster. Argo Rollouts points its selector at the new version's pods.
 */
function companionService(service: TemplateObject, component: Component, role: 'canary' | 'preview', condition: Value): TemplateObject {
  const body = service.body as Body;
  const metadata = body.metadata as Body;
  const serviceSpec = body.spec as Body;
  return {
    ...service,
    id: `${component.name}-${role}-service`,
    condition,
    body: {
      ...body,
      metadata: { labels: metadata.labels, name: objectName(`${component.name}-${role}`), namespace: metadata.namespace },
      spec: { ports: serviceSpec.ports, selector: serviceSpec.selector, type: 'ClusterIP' },
    },
  };
}
