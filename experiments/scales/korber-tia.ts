/**
 * Körber, M. (2019). Theoretical considerations and development of a questionnaire to measure trust in automation.
 * In Proceedings of the 20th Congress of the International Ergonomics Association (IEA 2018), Advances in Intelligent
 * Systems and Computing 823, 13-30. Springer. https://doi.org/10.1007/978-3-319-96074-6_2
 * Trust in Automation (TiA): 19 items on a 5-point agreement scale (1 = strongly disagree, 5 = strongly agree), six
 * subscales, each the mean of its items with the reversed items 5, 7, 10, 15, 16 scored 6 - x:
 *   Reliability/Competence 1, 6, 10r, 13, 15r, 19; Understanding/Predictability 2, 7r, 11, 16r; Familiarity 3, 17;
 *   Intention of Developers 4, 8; Propensity to Trust 5r, 12, 18; Trust in Automation 9, 14.
 * Example: every item answered 4 -> Reliability/Competence (4 + 4 + 2 + 4 + 2 + 4) / 6 = 3.333...
 *
 * Wording: the English items are the author's English version (the questionnaire was developed in German), in the
 * order of the published sheet (Trust-in-Automation_TiA_questionnaire), checked against two independent
 * reproductions of that sheet (item order, subscale and reversal of each item agree). The French texts are
 * Confiance's own translation, not a validated French version.
 */
import type { ScaleDefinition } from './definition.ts';

const ITEMS: readonly [string, string][] = [
  ['The system is capable of interpreting situations correctly.', "Le système est capable d'interpréter correctement les situations."],
  ['The system state was always clear to me.', "L'état du système était toujours clair pour moi."],
  ['I already know similar systems.', 'Je connais déjà des systèmes similaires.'],
  ['The developers are trustworthy.', 'Les concepteurs sont dignes de confiance.'],
  ['One should be careful with unfamiliar automated systems.', 'Il faut être prudent avec les systèmes automatisés que l’on ne connaît pas.'],
  ['The system works reliably.', 'Le système fonctionne de manière fiable.'],
  ['The system reacts unpredictably.', 'Le système réagit de manière imprévisible.'],
  ['The developers take my well-being seriously.', 'Les concepteurs prennent mon bien-être au sérieux.'],
  ['I trust the system.', "J'ai confiance dans le système."],
  ['A system malfunction is likely.', 'Une défaillance du système est probable.'],
  ['I was able to understand why things happened.', 'Je pouvais comprendre pourquoi les choses se produisaient.'],
  ['I rather trust a system than I mistrust it.', "J'ai plutôt tendance à faire confiance à un système qu'à m'en méfier."],
  ['The system is capable of taking over complicated tasks.', 'Le système est capable de prendre en charge des tâches compliquées.'],
  ['I can rely on the system.', 'Je peux compter sur le système.'],
  ['The system might make sporadic errors.', 'Le système peut commettre des erreurs ponctuelles.'],
  ["It's difficult to identify what the system will do next.", 'Il est difficile de savoir ce que le système va faire ensuite.'],
  ['I have already used similar systems.', "J'ai déjà utilisé des systèmes similaires."],
  ['Automated systems generally work well.', 'Les systèmes automatisés fonctionnent généralement bien.'],
  ["I am confident about the system's capabilities.", "J'ai confiance dans les capacités du système."],
];

const id = (n: number): string => `tia_${n}`;
const ids = (...numbers: number[]): string[] => numbers.map(id);

export const KORBER_TIA: ScaleDefinition = {
  id: 'korber_tia',
  title: {
    fr: 'Confiance dans le système automatisé',
    en: 'Trust in automation',
  },
  points: 5,
  anchors: {
    low: { fr: "Pas du tout d'accord", en: 'Strongly disagree' },
    high: { fr: "Tout à fait d'accord", en: 'Strongly agree' },
  },
  items: ITEMS.map(([en, fr], i) => ({ id: id(i + 1), text: { fr, en } })),
  reversed: ids(5, 7, 10, 15, 16),
  subscales: {
    reliability_competence: { items: ids(1, 6, 10, 13, 15, 19), reverse: true },
    understanding_predictability: { items: ids(2, 7, 11, 16), reverse: true },
    familiarity: { items: ids(3, 17), reverse: true },
    intention_of_developers: { items: ids(4, 8), reverse: true },
    propensity_to_trust: { items: ids(5, 12, 18), reverse: true },
    trust_in_automation: { items: ids(9, 14), reverse: true },
  },
  source: 'Körber (2019), Trust in Automation questionnaire, Proc. 20th IEA Congress, AISC 823, 13-30, Springer',
  wording: {
    en: { status: 'authors', note: "the author's English version (developed in German), item order and reversals of the published sheet" },
    fr: { status: 'translation', note: "Confiance's own translation, not a validated French version" },
  },
};
