// A component's affinity and topology spread → pod spec fields. An environment replaces either
// whole, so each holds every environment's variant, chosen by a `<component>.placement.*Variant`
// parameter (see variants.ts).
import type { Component, SpecJson, Variants } from '../../spec/app-spec.ts';
import type { Value } from '../template.ts';
import { mergeVariants } from '../variants.ts';
import { componentParam, selectorLabels } from './pod.ts';

/**
 * The pods' affinity. Jobs and CronJobs run the component's pod once, so they keep only its node
 * affinity: keeping away from (or beside) the component's own replicas means nothing to them.
 */
export function affinityField(component: Component, longRunning: boolean): Record<string, Value> {
  const variants = longRunning ? component.placement.affinity : nodeAffinityOnly(component.placement.affinity);
  const value = chosen(component, 'affinityVariant', variants, (v) => v as Value);
  return value === undefined ? {} : { affinity: value };
}

export function topologySpreadField(app: string, component: Component): Record<string, Value> {
  const value = chosen(component, 'topologySpreadVariant', component.placement.topologySpread, (constraints) =>
    constraints.map((c) => ({
      labelSelector: { matchLabels: selectorLabels(app, component.name) },
      maxSkew: c.maxSkew,
      ...(c.minDomains !== undefined ? { minDomains: c.minDomains } : {}),
      topologyKey: c.topologyKey,
      whenUnsatisfiable: c.whenUnsatisfiable,
    })),
  );
  return value === undefined ? {} : { topologySpreadConstraints: value };
}

function chosen<T>(component: Component, knob: string, variants: Variants<T>, build: (value: T) => Value): Value | undefined {
  const options = variants.options.map(([name, value]) => [name, value === undefined ? undefined : build(value)] as const);
  if (options.length === 1) return options[0][1];
  return mergeVariants(componentParam(component, 'placement', knob), options);
}

function nodeAffinityOnly(variants: Variants<SpecJson>): Variants<SpecJson> {
  return {
    ...variants,
    options: variants.options.map(([name, value]) => {
      const node = (value as Record<string, SpecJson> | undefined)?.nodeAffinity;
      return [name, node === undefined ? undefined : { nodeAffinity: node }] as const;
    }),
  };
}
