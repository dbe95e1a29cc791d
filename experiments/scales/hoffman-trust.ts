/**
 * Hoffman, R. R., Mueller, S. T., Klein, G. & Litman, J. (2018). Metrics for explainable AI: challenges and
 * prospects. arXiv:1812.04608. The Trust Scale recommended for XAI: 8 items on a 5-point scale ("I agree strongly" ...
 * "I disagree strongly"; stored here as 1 = I disagree strongly ... 5 = I agree strongly, so that higher means more
 * agreement). "[tool]" in the published items is replaced by "the system", as the authors intend.
 * `trust` is the mean of the 8 items with item 6 ("I am wary of the system") reversed (6 - x): the paper states no
 * scoring rule; reversing the one negatively worded item is the usual practice. Say so when reporting.
 * Example: items 1-5, 7, 8 answered 4 and item 6 answered 2 -> (7 x 4 + (6 - 2)) / 8 = 4.
 *
 * Wording: the English items checked against several independent reproductions of the published list (order and
 * text agree). The French texts are Confiance's own translation, not a validated French version.
 */
import type { ScaleDefinition } from './definition.ts';

const ITEMS: readonly [string, string][] = [
  ['I am confident in the system. I feel that it works well.', "J'ai confiance dans le système. J'ai le sentiment qu'il fonctionne bien."],
  ['The outputs of the system are very predictable.', 'Les résultats du système sont très prévisibles.'],
  ['The system is very reliable. I can count on it to be correct all the time.', 'Le système est très fiable. Je peux compter sur lui pour avoir juste à chaque fois.'],
  ['I feel safe that when I rely on the system I will get the right answers.', "Je suis sûr(e) que lorsque je m'appuie sur le système, j'obtiendrai les bonnes réponses."],
  ['The system is efficient in that it works very quickly.', 'Le système est efficace : il travaille très rapidement.'],
  ['I am wary of the system.', 'Je me méfie du système.'],
  ['The system can perform the task better than a novice human user.', "Le système peut accomplir la tâche mieux qu'un utilisateur humain débutant."],
  ['I like using the system for decision making.', "J'aime utiliser le système pour prendre des décisions."],
];

const ALL = ITEMS.map((_, i) => `hoffman_${i + 1}`);

export const HOFFMAN_TRUST: ScaleDefinition = {
  id: 'hoffman_trust',
  title: {
    fr: 'Confiance dans le système (échelle de Hoffman et al.)',
    en: 'Trust in the system (Hoffman et al. trust scale)',
  },
  points: 5,
  anchors: {
    low: { fr: "Pas du tout d'accord", en: 'I disagree strongly' },
    high: { fr: "Tout à fait d'accord", en: 'I agree strongly' },
  },
  items: ITEMS.map(([en, fr], i) => ({ id: `hoffman_${i + 1}`, text: { fr, en } })),
  reversed: ['hoffman_6'],
  subscales: {
    trust: { items: ALL, reverse: true },
  },
  source: 'Hoffman, Mueller, Klein & Litman (2018), Metrics for explainable AI: challenges and prospects, arXiv:1812.04608 (Trust Scale)',
  wording: {
    en: { status: 'authors', note: 'published items, "[tool]" replaced by "the system"; the 1-5 coding and the reversal of item 6 are Confiance\'s' },
    fr: { status: 'translation', note: "Confiance's own translation, not a validated French version" },
  },
};
