/**
 * A self-assessed competence item after the task, after He, G., Kuiper, L. & Gadiraju, U. (2023). Knowing About
 * Knowing: An Illusion of Human Competence Can Hinder Appropriate Reliance on AI Systems. CHI '23.
 * https://doi.org/10.1145/3544548.3581025. He et al. ask participants to estimate their own performance on the task and
 * compare the estimate with their actual performance (over- and under-estimation, the Dunning-Kruger effect).
 * Here: "What share of your own decisions do you think were right?", 0 % to 100 % in steps of 10 (11 marks), so that
 * the item does not depend on the study's number of trials; the score is the estimate in percent.
 *
 * Wording: ADAPTED. We could not check He et al.'s exact question (they ask for an estimate of the number of tasks
 * answered correctly); the English and French texts are Confiance's own and neither is a validated instrument.
 */
import type { ScaleDefinition } from './definition.ts';

export const SELF_COMPETENCE: ScaleDefinition = {
  id: 'self_competence',
  title: { fr: 'Votre propre performance', en: 'Your own performance' },
  points: 11,
  values: { first: 0, step: 10 },
  anchors: {
    low: { fr: 'aucune (0 %)', en: 'none (0%)' },
    high: { fr: 'toutes (100 %)', en: 'all (100%)' },
  },
  items: [
    {
      id: 'competence_1',
      text: {
        en: 'In this study, what percentage of your own decisions do you think were right?',
        fr: "Dans cette étude, selon vous, quel pourcentage de vos propres décisions étaient justes ?",
      },
    },
  ],
  reversed: [],
  subscales: { estimated_accuracy: { items: ['competence_1'], reverse: false } },
  source: "adapted from He, Kuiper & Gadiraju (2023), Knowing About Knowing, CHI '23 (self-assessed performance)",
  wording: {
    en: { status: 'custom', note: "Confiance's adaptation (a percentage instead of a count of tasks); the authors' exact wording not checked" },
    fr: { status: 'translation', note: "Confiance's own translation of its adaptation, not validated" },
  },
};
