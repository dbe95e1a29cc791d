/**
 * The questionnaires of an experiment in one shape (`ScaleDefinition`): the bundled validated scales by name, and
 * the custom Likert scales declared in the experiment file. The participant pages render them; the analysis scores
 * them with `scoreScale`.
 */
import type { CustomScale, Localized } from '../schema.ts';
import { BUNDLED_SCALES } from '../schema.ts';
import type { Bilingual, ScaleDefinition } from './definition.ts';
import { JIAN_TRUST } from './jian-trust.ts';
import { PROPENSITY } from './propensity.ts';

export type { Bilingual, ScaleDefinition, ScaleItem, Subscale } from './definition.ts';
export { scoreScale } from './score.ts';
export { JIAN_TRUST, PROPENSITY };

export type BundledScaleId = (typeof BUNDLED_SCALES)[number];

const BUNDLED: Record<BundledScaleId, ScaleDefinition> = {
  jian_trust: JIAN_TRUST,
  propensity: PROPENSITY,
};

/** A bundled validated scale by the name used in experiment files (`jian_trust`, `propensity`). */
export function bundledScale(id: BundledScaleId): ScaleDefinition {
  return BUNDLED[id];
}

/** A text in one language only (the experiment declares one) is shown as is whatever the page language. */
function bilingual(text: Localized): Bilingual {
  const fr = text.fr ?? text.en ?? '';
  return { fr, en: text.en ?? fr };
}

/** A custom Likert scale from the experiment file: one subscale, `score`, the mean after reversing `reversed`. */
export function scaleFromCustom(custom: CustomScale): ScaleDefinition {
  const items = custom.items.map((i) => ({ id: i.id, text: bilingual(i.text) }));
  return {
    id: custom.id,
    title: bilingual(custom.title),
    points: custom.points,
    anchors: { low: bilingual(custom.anchors.low), high: bilingual(custom.anchors.high) },
    items,
    reversed: [...custom.reversed],
    subscales: { score: { items: items.map((i) => i.id), reverse: true } },
    source: 'custom Likert scale declared in the experiment file',
  };
}

/** What a `questionnaires.before/after` entry of the experiment file stands for. */
export function resolveScale(ref: BundledScaleId | CustomScale): ScaleDefinition {
  return typeof ref === 'string' ? bundledScale(ref) : scaleFromCustom(ref);
}
