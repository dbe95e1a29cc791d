/**
 * Jian, J.-Y., Bisantz, A. M. & Drury, C. G. (2000). Foundations for an empirically determined scale of trust in
 * automated systems. International Journal of Cognitive Ergonomics, 4(1), 53-71.
 * 12 items on a 7-point scale (1 = not at all, 7 = extremely). Items 1-5 measure distrust, 6-12 trust;
 * `overall` reverses items 1-5 (8 - x) so that higher always means more trust (METRICS.md section 4).
 *
 * The English items are the published ones: wording, order and direction (1-5 distrust, 6-12 trust) checked against
 * the item table reproduced in PMC9945264, Table 2 ("The questions of the automation trust scale (Jian et al., 2000)",
 * with "the system" replaced there by that study's object). The French texts are Confiance's own translation, not a validated French
 * version of the scale: a study reporting them should say so (or replace them with a validated translation).
 */
import type { ScaleDefinition } from './definition.ts';

const ITEMS: readonly [string, string][] = [
  ['The system is deceptive.', 'Le système est trompeur.'],
  ['The system behaves in an underhanded manner.', 'Le système agit de manière sournoise.'],
  ["I am suspicious of the system's intent, action, or outputs.", 'Je me méfie des intentions, des actions ou des résultats du système.'],
  ['I am wary of the system.', 'Je reste sur mes gardes vis-à-vis du système.'],
  ["The system's actions will have a harmful or injurious outcome.", 'Les actions du système auront des conséquences néfastes ou préjudiciables.'],
  ['I am confident in the system.', "J'ai confiance dans le système."],
  ['The system provides security.', 'Le système apporte de la sécurité.'],
  ['The system has integrity.', 'Le système est intègre.'],
  ['The system is dependable.', 'On peut compter sur le système.'],
  ['The system is reliable.', 'Le système est fiable.'],
  ['I can trust the system.', 'Je peux faire confiance au système.'],
  ['I am familiar with the system.', "Le système m'est familier."],
];

const ids = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `jian_${from + i}`);

export const JIAN_TRUST: ScaleDefinition = {
  id: 'jian_trust',
  title: {
    fr: 'Confiance envers le système automatisé',
    en: 'Trust between people and automation',
  },
  points: 7,
  anchors: {
    low: { fr: 'Pas du tout', en: 'Not at all' },
    high: { fr: 'Extrêmement', en: 'Extremely' },
  },
  items: ITEMS.map(([en, fr], i) => ({ id: `jian_${i + 1}`, text: { fr, en } })),
  reversed: ids(1, 5),
  subscales: {
    distrust: { items: ids(1, 5), reverse: false },
    trust: { items: ids(6, 12), reverse: false },
    overall: { items: ids(1, 12), reverse: true },
  },
  source: 'Jian, Bisantz & Drury (2000), Int. J. Cognitive Ergonomics 4(1), 53-71; French: Confiance translation (not validated)',
  wording: {
    en: { status: 'authors', note: 'published items, checked against the item table reproduced in PMC9945264, Table 2' },
    fr: { status: 'translation', note: "Confiance's own translation, not a validated French version" },
  },
};
