// Progressive delivery (Argo Rollouts): a release that can roll back by itself, canary steps that
// end at full traffic, pauses long enough for the analysis to measure, and a preview that stays private.
import type { KubernetesObject } from '../../model/kubernetes-object.ts';
import { durationSeconds } from '../../spec/strategy.ts';
import { defineRule } from '../define-rule.ts';
import { joinPath } from '../field-path.ts';
import { asArray, asNumber, asRecord, asString, dig } from '../json-values.ts';
import { namespaceOf, type RuleContext } from '../rule-context.ts';
import { ingressBackends } from './networking.ts';

function canaryOf(rollout: KubernetesObject) {
  return asRecord(dig(rollout, 'spec', 'strategy', 'canary'));
}

function blueGreenOf(rollout: KubernetesObject) {
  return asRecord(dig(rollout, 'spec', 'strategy', 'blueGreen'));
}

/** `10m`, `30s`, `1h`, or a number of seconds; undefined when unreadable. */
function seconds(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  if (typeof value === 'string' && /^([0-9]+(ms|s|m|h))+$/.test(value)) return durationSeconds(value);
  return undefined;
}

export const rolloutAnalysis = defineRule({
  id: 'rollout-analysis',
  severity: 'warning',
  summary: 'Canary and blue-green Rollouts run an analysis, so a bad release rolls back by itself.',
  scope: 'object',
  run(context, report) {
    for (const rollout of context.ofKind('Rollout')) {
      const canary = canaryOf(rollout);
      const blueGreen = blueGreenOf(rollout);
      if (canary) {
        const inline = asArray(canary.steps).some((step) => asRecord(step)?.analysis !== undefined);
        if (canary.analysis !== undefined || inline) continue;
        report({
          object: rollout,
          path: 'spec.strategy.canary.analysis',
          message: 'canary Rollout has no analysis: a version that fails still takes more traffic at every step until someone aborts it by hand',
          hint: 'add a background analysis (spec.strategy.canary.analysis with an AnalysisTemplate); in berth.yaml: strategy: { canary: { analysis: true } } and strategy.prometheus',
        });
      } else if (blueGreen) {
        if (blueGreen.prePromotionAnalysis !== undefined || blueGreen.postPromotionAnalysis !== undefined) continue;
        report({
          object: rollout,
          path: 'spec.strategy.blueGreen.postPromotionAnalysis',
          message: 'blue-green Rollout has no pre- or post-promotion analysis: traffic switches to an untested version and stays there when it fails',
          hint: 'add prePromotionAnalysis (a smoke test) and postPromotionAnalysis; in berth.yaml: strategy: { blueGreen: { analysis: true } } (the smoke test is on by default)',
        });
      }
    }
  },
});

export const canaryStepsFullTraffic = defineRule({
  id: 'canary-steps-full-traffic',
  severity: 'warning',
  summary: 'Canary steps raise the weight step by step and end at 100.',
  scope: 'object',
  run(context, report) {
    for (const rollout of context.ofKind('Rollout')) {
      const canary = canaryOf(rollout);
      if (!canary || canary.steps === undefined) continue;
      const weights: { weight: number; index: number }[] = [];
      asArray(canary.steps).forEach((step, index) => {
        const weight = asNumber(asRecord(step)?.setWeight);
        if (weight !== undefined) weights.push({ weight, index });
      });
      const last = weights[weights.length - 1];
      if (!last || last.weight !== 100) {
        report({
          object: rollout,
          path: last ? joinPath('spec.strategy.canary.steps', last.index, 'setWeight') : 'spec.strategy.canary.steps',
          message: `the canary's last step sends ${last ? `${last.weight} %` : 'no share'} of the traffic to the new version: the final jump to 100 % happens without being watched at any step`,
          hint: 'end the steps with { setWeight: 100 }; in berth.yaml: strategy: { canary: { steps: [5, 25, 50, 100] } }',
        });
      }
      const down = weights.findIndex((w, i) => i > 0 && w.weight < weights[i - 1].weight);
      if (down > 0) {
        report({
          object: rollout,
          path: joinPath('spec.strategy.canary.steps', weights[down].index, 'setWeight'),
          message: `canary step sets weight ${weights[down].weight} after ${weights[down - 1].weight}: traffic goes back and forth between versions`,
          hint: 'order the weights from the smallest to 100',
        });
      }
    }
  },
});

/** The longest measurement interval of the AnalysisTemplates a canary's background analysis runs. */
function analysisInterval(context: RuleContext, rollout: KubernetesObject, analysis: unknown): number | undefined {
  let longest: number | undefined;
  for (const ref of asArray(dig(analysis, 'templates'))) {
    const name = asString(asRecord(ref)?.templateName);
    const template = name ? context.find('AnalysisTemplate', name, namespaceOf(rollout)) : undefined;
    for (const metric of asArray(dig(template, 'spec', 'metrics'))) {
      const interval = seconds(asRecord(metric)?.interval);
      if (interval !== undefined && (longest === undefined || interval > longest)) longest = interval;
    }
  }
  return longest;
}

export const canaryPauseCoversAnalysis = defineRule({
  id: 'canary-pause-covers-analysis',
  severity: 'warning',
  summary: 'Every timed canary pause lasts at least one measurement interval of its analysis.',
  scope: 'set',
  run(context, report) {
    for (const rollout of context.ofKind('Rollout')) {
      const canary = canaryOf(rollout);
      if (!canary?.analysis) continue;
      const interval = analysisInterval(context, rollout, canary.analysis);
      if (interval === undefined) continue;
      asArray(canary.steps).forEach((step, index) => {
        const pause = asRecord(asRecord(step)?.pause);
        if (!pause || pause.duration === undefined) return;
        const duration = seconds(pause.duration);
        if (duration === undefined || duration >= interval) return;
        report({
          object: rollout,
          path: joinPath('spec.strategy.canary.steps', index, 'pause', 'duration'),
          message: `the canary pauses ${String(pause.duration)} but its analysis measures every ${interval} s: the next step starts before the weight was measured once`,
          hint: `pause at least ${interval} s at every step, or measure more often; in berth.yaml: strategy.canary.pause or analysis.interval`,
        });
      });
    }
  },
});

export const previewServiceNotExposed = defineRule({
  id: 'preview-service-not-exposed',
  severity: 'error',
  summary: 'No Ingress sends traffic to a blue-green Rollout\'s preview Service.',
  scope: 'set',
  run(context, report) {
    const previews = new Set<string>();
    for (const rollout of context.ofKind('Rollout')) {
      const preview = asString(blueGreenOf(rollout)?.previewService);
      if (preview) previews.add(`${namespaceOf(rollout) ?? ''}/${preview}`);
    }
    if (previews.size === 0) return;
    for (const ingress of context.ofKind('Ingress')) {
      for (const ref of ingressBackends(ingress)) {
        const match = [...previews].some((key) => {
          const [namespace, name] = key.split('/');
          return name === ref.service && (namespace === '' || (namespaceOf(ingress) ?? '') === '' || namespace === namespaceOf(ingress));
        });
        if (!match) continue;
        report({
          object: ingress,
          path: ref.path,
          message: `Ingress sends traffic to "${ref.service}", the preview Service of a blue-green Rollout: users reach a version before its smoke test and promotion`,
          hint: 'route the Ingress to the active Service; test the preview from inside the cluster (berth\'s smoke test does)',
        });
      }
    }
  },
});
