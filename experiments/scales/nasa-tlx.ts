/**
 * NASA Task Load Index, raw (RTLX): Hart, S. G. & Staveland, L. E. (1988). Development of NASA-TLX (Task Load Index):
 * results of empirical and theoretical research. In P. A. Hancock & N. Meshkati (Eds.), Human Mental Workload
 * (pp. 139-183). North-Holland; Hart, S. G. (2006). NASA-Task Load Index (NASA-TLX); 20 years later. Proceedings of
 * the Human Factors and Ergonomics Society 50th Annual Meeting, 904-908.
 * Six subscales rated on a line of 21 marks, 0 to 100 in steps of 5, ends "Very Low" / "Very High", except
 * Performance: "Perfect" (0) / "Failure" (100), so that higher always means more workload. The raw TLX is the mean of
 * the six ratings, without the pairwise weighting (Hart 2006 reviews this common simplification).
 * Example: ratings 50, 10, 40, 30, 60, 20 -> raw TLX 210 / 6 = 35.
 *
 * Wording: the English question of each subscale is that of the official NASA paper-and-pencil rating sheet, checked
 * against a reproduction of the sheet (hci.stanford.edu, "NASA TLX Load Index"). The French texts are Confiance's own
 * translation, NOT the validated French version (Cegarra & Morgado 2009, "Étude des propriétés de la version
 * francophone du NASA-TLX", whose wording we could not check): use that version's wording for a French study that
 * needs the validated instrument.
 */
import type { Bilingual, ScaleDefinition } from './definition.ts';

const VERY_LOW: Bilingual = { fr: 'Très faible', en: 'Very Low' };
const VERY_HIGH: Bilingual = { fr: 'Très élevée', en: 'Very High' };

const SUBSCALES: readonly { key: string; en: string; fr: string; anchors?: { low: Bilingual; high: Bilingual } }[] = [
  { key: 'mental', en: 'Mental Demand: How mentally demanding was the task?', fr: 'Exigence mentale : à quel point la tâche était-elle exigeante mentalement ?' },
  { key: 'physical', en: 'Physical Demand: How physically demanding was the task?', fr: 'Exigence physique : à quel point la tâche était-elle exigeante physiquement ?' },
  { key: 'temporal', en: 'Temporal Demand: How hurried or rushed was the pace of the task?', fr: 'Exigence temporelle : à quel point le rythme de la tâche était-il pressé ou précipité ?' },
  {
    key: 'performance',
    en: 'Performance: How successful were you in accomplishing what you were asked to do?',
    fr: 'Performance : dans quelle mesure avez-vous réussi à accomplir ce qui vous était demandé ?',
    anchors: { low: { fr: 'Parfaite', en: 'Perfect' }, high: { fr: 'Échec', en: 'Failure' } },
  },
  { key: 'effort', en: 'Effort: How hard did you have to work to accomplish your level of performance?', fr: 'Effort : quel effort avez-vous dû fournir pour atteindre votre niveau de performance ?' },
  {
    key: 'frustration',
    en: 'Frustration: How insecure, discouraged, irritated, stressed, and annoyed were you?',
    fr: 'Frustration : à quel point vous êtes-vous senti(e) peu sûr(e) de vous, découragé(e), irrité(e), stressé(e) et contrarié(e) ?',
  },
];

const ids = SUBSCALES.map((s) => `tlx_${s.key}`);

export const NASA_TLX: ScaleDefinition = {
  id: 'nasa_tlx',
  title: { fr: 'Charge de travail (NASA-TLX)', en: 'Workload (NASA-TLX)' },
  points: 21,
  values: { first: 0, step: 5 },
  anchors: { low: VERY_LOW, high: VERY_HIGH },
  items: SUBSCALES.map((s) => ({ id: `tlx_${s.key}`, text: { fr: s.fr, en: s.en }, ...(s.anchors ? { anchors: s.anchors } : {}) })),
  reversed: [],
  subscales: {
    raw_tlx: { items: ids, reverse: false },
    ...Object.fromEntries(SUBSCALES.map((s) => [s.key, { items: [`tlx_${s.key}`], reverse: false }])),
  },
  source: 'Hart & Staveland (1988), in Human Mental Workload, 139-183; Hart (2006), Proc. HFES 50, 904-908 (raw TLX)',
  wording: {
    en: { status: 'authors', note: 'questions and end labels of the official NASA rating sheet' },
    fr: { status: 'translation', note: "Confiance's own translation, not the validated French version of Cegarra & Morgado (2009)" },
  },
};
