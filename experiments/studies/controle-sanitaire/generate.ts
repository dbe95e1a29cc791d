/**
 * Case bank of `controle-sanitaire`: synthetic dossiers of restaurants for the programming of food-safety inspections
 * (no real establishment, no personal data).
 *
 * Seed: 20261206 (SEED below; also recorded in experiment.yaml). Regenerate with
 *   node bin/run-ts.js experiments/studies/controle-sanitaire/generate.ts
 * Same seed -> byte-identical cases.csv (test/studies/generators.test.ts checks it against the committed file).
 *
 * Latent model. The truth is whether an inspection of the restaurant would find a non-compliance serious enough to
 * rate it "to improve" or worse on the public Alim'confiance scale: the dossier should then be inspected as a
 * priority. Its log-odds is a sum of terms, one per field of the dossier (last inspection result, months since it,
 * complaints in the last 12 months, type of establishment, hygiene training of the staff, meals a day, change of
 * operator), plus an unobserved factor h ~ N(0, 0.5) (the state of the premises, the team on the day) that the dossier
 * does not show; truth ~ Bernoulli(sigmoid(1.6 (z + h))).
 * The AI is a logistic risk score with other weights (it trusts the last result more and the complaints and the
 * change of operator less) and no access to h: it recommends a priority inspection from p = 0.5, its confidence is
 * max(p, 1 - p), its contributions are its own terms signed to support its recommendation. It is right on 98 of
 * the 132 decision dossiers (74%); 45 of them (34%) should be inspected as a priority.
 */
import { clamp, createRng, fixed, isMainScript, toCsv, writeCaseBank, sigmoid, fieldColumns, type CsvRow, type Rng } from '../generator-kit.ts';

export const SEED = 20261206;

const PRIORITY = 'prioritaire';
const NOT_PRIORITY = 'non_prioritaire';

/** A text value: French, English, and its term in the true model and in the AI's. */
type Level = readonly [fr: string, en: string, truth: number, ai: number];

const TYPES: readonly Level[] = [
  ['Restaurant traditionnel', 'Traditional restaurant', 0, 0],
  ['Restauration rapide', 'Fast food', 0.2, 0.3],
  ['Traiteur', 'Caterer', 0.4, 0.2],
  ['Restauration collective', 'Canteen', -0.3, -0.2],
  ['Cuisine crue (sushis, tartares)', 'Raw food (sushi, tartare)', 0.5, 0.5],
  ['Camion-restaurant', 'Food truck', 0.3, 0.1],
];
/** The public rating of the last inspection (Alim'confiance) and its share among restaurants. */
const RESULTS: readonly (readonly [...Level, number])[] = [
  ['Très satisfaisant', 'Very satisfactory', -0.9, -1.2, 0.33],
  ['Satisfaisant', 'Satisfactory', 0, 0, 0.45],
  ['À améliorer', 'To improve', 1.0, 1.4, 0.16],
  ['À corriger de manière urgente', 'Urgent correction needed', 1.8, 2.2, 0.06],
];
const TRAINING: readonly (readonly [...Level, number])[] = [
  ['Oui, il y a moins de 5 ans', 'Yes, less than 5 years ago', -0.4, -0.3, 0.55],
  ['Oui, il y a plus de 5 ans', 'Yes, more than 5 years ago', 0.2, 0.1, 0.25],
  ['Aucune', 'None', 0.7, 0.6, 0.2],
];
const OPERATOR_CHANGE: readonly (readonly [...Level, number])[] = [
  ['Non', 'No', 0, 0, 0.82],
  ['Oui, depuis la dernière inspection', 'Yes, since the last inspection', 0.5, 0.2, 0.18],
];

interface Restaurant {
  type: number;
  result: number;
  months: number;
  complaints: number;
  training: number;
  meals: number;
  operator: number;
}

const FIELD_KEYS = [
  'type_etablissement',
  'dernier_resultat',
  'mois_depuis_inspection',
  'plaintes_12_mois',
  'formation_hygiene',
  'couverts_jour',
  'changement_exploitant',
] as const;
type FieldKey = (typeof FIELD_KEYS)[number];
const TEXT_KEYS: readonly FieldKey[] = ['type_etablissement', 'dernier_resultat', 'formation_hygiene', 'changement_exploitant'];

/** Log-odds terms per field (model 2 = truth, 3 = AI), relative to a satisfactory restaurant (truth: inspected 2 years ago). */
function terms(r: Restaurant, model: 2 | 3): Record<FieldKey, number> {
  const ai = model === 3;
  return {
    type_etablissement: TYPES[r.type][model],
    dernier_resultat: RESULTS[r.result][model],
    mois_depuis_inspection: ai ? 0.025 * (r.months - 52) : 0.035 * (r.months - 24),
    plaintes_12_mois: (ai ? 0.3 : 0.45) * r.complaints,
    formation_hygiene: TRAINING[r.training][model],
    couverts_jour: (ai ? 0.15 : 0.25) * Math.log(r.meals / 60),
    changement_exploitant: OPERATOR_CHANGE[r.operator][model],
  };
}

/**
 * The AI's reference restaurant was inspected 52 months ago instead of an intercept (-0.7 = -0.025 x 28 months): the
 * contributions then sum to its log-odds, so their net weight always supports the recommendation.
 */
const INTERCEPT = { truth: -0.9, ai: 0 };

function logit(r: Restaurant, model: 2 | 3): number {
  return (model === 2 ? INTERCEPT.truth : INTERCEPT.ai) + Object.values(terms(r, model)).reduce((s, t) => s + t, 0);
}

const weightedIndex = (rng: Rng, items: readonly (readonly unknown[])[]): number =>
  rng.weighted(items.map((item, i) => [i, item[item.length - 1] as number] as const));

function drawRestaurant(rng: Rng): Restaurant {
  return {
    type: rng.int(0, TYPES.length - 1),
    result: weightedIndex(rng, RESULTS),
    months: Math.round(clamp(Math.exp(rng.normal(3.1, 0.55)), 3, 96)),
    complaints: Math.min(6, Math.floor(Math.abs(rng.normal(0, 1.1)))),
    training: weightedIndex(rng, TRAINING),
    meals: Math.round(clamp(Math.exp(rng.normal(4.2, 0.7)), 10, 900)),
    operator: weightedIndex(rng, OPERATOR_CHANGE),
  };
}

/** How each field is named in the AI's short rationale. */
const PHRASES: Record<FieldKey, (r: Restaurant, lang: 0 | 1) => string> = {
  type_etablissement: (r, l) => (l === 0 ? `type : ${TYPES[r.type][0].toLowerCase()}` : `type: ${TYPES[r.type][1].toLowerCase()}`),
  dernier_resultat: (r, l) => (l === 0 ? `dernier contrôle « ${RESULTS[r.result][0]} »` : `last inspection "${RESULTS[r.result][1]}"`),
  mois_depuis_inspection: (r, l) => (l === 0 ? `${r.months} mois depuis le dernier contrôle` : `${r.months} months since the last inspection`),
  plaintes_12_mois: (r, l) => (l === 0 ? `${r.complaints} plainte(s) en 12 mois` : `${r.complaints} complaint(s) in 12 months`),
  formation_hygiene: (r, l) => (l === 0 ? `formation à l'hygiène : ${TRAINING[r.training][0].toLowerCase()}` : `hygiene training: ${TRAINING[r.training][1].toLowerCase()}`),
  couverts_jour: (r, l) => (l === 0 ? `${r.meals} couverts par jour` : `${r.meals} meals a day`),
  changement_exploitant: (r, l) => (l === 0 ? `changement d'exploitant : ${OPERATOR_CHANGE[r.operator][0].toLowerCase()}` : `change of operator: ${OPERATOR_CHANGE[r.operator][1].toLowerCase()}`),
};

/** Obvious dossiers for the attention checks: every field points the same way (the AI agrees with the truth). */
const ATTENTION: readonly (readonly [Restaurant, string])[] = [
  [{ type: 4, result: 3, months: 40, complaints: 5, training: 2, meals: 250, operator: 1 }, PRIORITY],
  [{ type: 3, result: 0, months: 6, complaints: 0, training: 0, meals: 120, operator: 0 }, NOT_PRIORITY],
  [{ type: 1, result: 2, months: 60, complaints: 4, training: 2, meals: 400, operator: 1 }, PRIORITY],
];

const REGULAR = 132;
const PRACTICE = 4;

interface BankCase {
  id: string;
  r: Restaurant;
  truth: string;
  practice: boolean;
  attention: boolean;
}

export function generateCases(seed: number = SEED): string {
  const rng = createRng(seed);
  const bank: BankCase[] = [];
  for (let i = 1; i <= REGULAR; i++) {
    const r = drawRestaurant(rng);
    const z = 1.6 * (logit(r, 2) + rng.normal(0, 0.5));
    bank.push({ id: `cs-${String(i).padStart(3, '0')}`, r, truth: rng.next() < sigmoid(z) ? PRIORITY : NOT_PRIORITY, practice: false, attention: false });
  }
  // Practice dossiers are clear ones (the true model and the AI agree strongly), alternating the two answers.
  for (let i = 1; i <= PRACTICE; ) {
    const r = drawRestaurant(rng);
    const zt = logit(r, 2);
    const wanted = i % 2 === 1 ? 1 : -1;
    if (Math.abs(zt) < 1.4 || Math.sign(zt) !== wanted || Math.sign(logit(r, 3)) !== wanted) continue;
    bank.push({ id: `cs-p${i}`, r, truth: zt > 0 ? PRIORITY : NOT_PRIORITY, practice: true, attention: false });
    i++;
  }
  ATTENTION.forEach(([r, truth], i) => bank.push({ id: `cs-a${i + 1}`, r, truth, practice: false, attention: true }));

  const rows: CsvRow[] = bank.map((c) => {
    const r = c.r;
    const p = sigmoid(logit(r, 3));
    const rec = p >= 0.5 ? PRIORITY : NOT_PRIORITY;
    const sign = rec === PRIORITY ? 1 : -1;
    const t = terms(r, 3);
    const top = [...FIELD_KEYS].sort((a, b) => sign * t[b] - sign * t[a]).filter((k) => sign * t[k] > 0.005).slice(0, 2);
    const pct = Math.round(p * 100);
    return {
      case_id: c.id,
      truth: c.truth,
      type_etablissement_fr: TYPES[r.type][0],
      type_etablissement_en: TYPES[r.type][1],
      dernier_resultat_fr: RESULTS[r.result][0],
      dernier_resultat_en: RESULTS[r.result][1],
      mois_depuis_inspection: String(r.months),
      plaintes_12_mois: String(r.complaints),
      formation_hygiene_fr: TRAINING[r.training][0],
      formation_hygiene_en: TRAINING[r.training][1],
      couverts_jour: String(r.meals),
      changement_exploitant_fr: OPERATOR_CHANGE[r.operator][0],
      changement_exploitant_en: OPERATOR_CHANGE[r.operator][1],
      ai_recommendation: rec,
      ai_confidence: fixed(Math.max(p, 1 - p), 3),
      ...Object.fromEntries(FIELD_KEYS.map((k) => [`contrib_${k}`, fixed(sign * t[k], 2)])),
      rationale_fr:
        `Risque de non-conformité estimé à ${pct} %. Principaux éléments : ${top.map((k) => PHRASES[k](r, 0)).join(' ; ')}. ` +
        (rec === PRIORITY ? 'Recommandation : inspecter en priorité.' : 'Recommandation : pas de priorité.'),
      rationale_en:
        `Estimated risk of non-compliance ${pct}%. Main elements: ${top.map((k) => PHRASES[k](r, 1)).join('; ')}. ` +
        (rec === PRIORITY ? 'Recommendation: inspect as a priority.' : 'Recommendation: no priority.'),
      attention_check: c.attention ? '1' : '0',
      practice: c.practice ? '1' : '0',
    };
  });
  const columns = [
    'case_id',
    'truth',
    ...fieldColumns(FIELD_KEYS, TEXT_KEYS),
    'ai_recommendation',
    'ai_confidence',
    ...FIELD_KEYS.map((k) => `contrib_${k}`),
    'rationale_fr',
    'rationale_en',
    'attention_check',
    'practice',
  ];
  return toCsv(columns, rows);
}

if (isMainScript(import.meta.url)) {
  const path = writeCaseBank(import.meta.url, generateCases(SEED));
  console.log(`controle-sanitaire: seed ${SEED}, wrote ${path}`);
}
