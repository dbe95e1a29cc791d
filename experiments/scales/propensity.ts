/**
 * Merritt, S. M., Heimbaugh, H., LaChapell, J. & Lee, D. (2013). I trust it, but I don't know why: Effects of
 * implicit attitudes toward automation on trust in an automated system. Human Factors, 55(3), 520-534.
 * Propensity to trust automation: 6 items on a 5-point agreement scale, item 2 reversed (6 - x) (METRICS.md section 4).
 *
 * The English items are the published ones. The French texts are Confiance's own translation, not a validated French
 * version of the scale: a study reporting them should say so (or replace them with a validated translation).
 */
import type { ScaleDefinition } from './definition.ts';

const ITEMS: readonly [string, string][] = [
  ['I usually trust machines until there is a reason not to.', "Je fais généralement confiance aux machines jusqu'à ce que j'aie une raison de ne plus le faire."],
  ['For the most part, I distrust machines.', "Dans l'ensemble, je me méfie des machines."],
  ['In general, I would rely on a machine to assist me.', "En général, je m'appuierais sur une machine pour m'aider."],
  ['My tendency to trust machines is high.', "J'ai une forte tendance à faire confiance aux machines."],
  ['It is easy for me to trust machines to do their job.', "Il m'est facile de faire confiance aux machines pour accomplir leur tâche."],
  ['I am likely to trust a machine even when I have little knowledge about it.', "J'ai tendance à faire confiance à une machine même quand je la connais peu."],
];

const ALL = ITEMS.map((_, i) => `prop_${i + 1}`);

export const PROPENSITY: ScaleDefinition = {
  id: 'propensity',
  title: {
    fr: 'Propension à faire confiance aux machines',
    en: 'Propensity to trust automation',
  },
  points: 5,
  anchors: {
    low: { fr: "Pas du tout d'accord", en: 'Strongly disagree' },
    high: { fr: "Tout à fait d'accord", en: 'Strongly agree' },
  },
  items: ITEMS.map(([en, fr], i) => ({ id: `prop_${i + 1}`, text: { fr, en } })),
  reversed: ['prop_2'],
  subscales: {
    propensity: { items: ALL, reverse: true },
  },
  source: 'Merritt, Heimbaugh, LaChapell & Lee (2013), Human Factors 55(3), 520-534; French: Confiance translation (not validated)',
  wording: {
    en: { status: 'authors', note: 'published items' },
    fr: { status: 'translation', note: "Confiance's own translation, not a validated French version" },
  },
};
