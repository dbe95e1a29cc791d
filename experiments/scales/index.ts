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
import { KORBER_TIA } from './korber-tia.ts';
import { HOFFMAN_TRUST } from './hoffman-trust.ts';
import { NASA_TLX } from './nasa-tlx.ts';
import { SELF_COMPETENCE } from './self-competence.ts';

export type { Bilingual, ScaleDefinition, ScaleItem, Subscale, Wording, WordingStatus } from './definition.ts';
export { scoreScale } from './score.ts';
export { markValues, isMarkValue, reversedValue, markRangeText, wordingMark, wordingStatusText } from './scale-values.ts';
export { JIAN_TRUST, PROPENSITY, KORBER_TIA, HOFFMAN_TRUST, NASA_TLX, SELF_COMPETENCE };

export type BundledScaleId = (typeof BUNDLED_SCALES)[number];

const BUNDLED: Record<BundledScaleId, ScaleDefinition> = {
  jian_trust: JIAN_TRUST,
  propensity: PROPENSITY,
  korber_tia: KORBER_TIA,
  hoffman_trust: HOFFMAN_TRUST,
  nasa_tlx: NASA_TLX,
  self_competence: SELF_COMPETENCE,
};

/** Every bundled scale, in the order of BUNDLED_SCALES. */
export const BUNDLED_SCALE_LIST: readonly ScaleDefinition[] = Object.values(BUNDLED);

/** A bundled scale by the name used in experiment files (`jian_trust`, `korber_tia`, `nasa_tlx`...). */
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
    wording: {
      fr: { status: 'custom', note: "the researcher's own items" },
      en: { status: 'custom', note: "the researcher's own items" },
    },
  };
}

/** What a scale entry of `questionnaires.before/after` stands for (question pages: experiments/questions/). */
export function resolveScale(ref: BundledScaleId | CustomScale): ScaleDefinition {
  return typeof ref === 'string' ? bundledScale(ref) : scaleFromCustom(ref);
}
