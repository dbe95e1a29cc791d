/**
 * Case bank of `aide-exceptionnelle`: synthetic requests for an exceptional financial aid (no real household).
 *
 * Seed: 20240612 (SEED below; also recorded in experiment.yaml). Regenerate with
 *   node bin/run-ts.js experiments/studies/aide-exceptionnelle/generate.ts
 * Same seed -> byte-identical cases.csv (test/studies/generators.test.ts checks it against the committed file).
 *
 * Latent model. The truth is what a commission decided: a score per outcome (grant, refuse, ask for documents),
 * from the household's daily "reste à vivre" per consumption unit (income minus fixed charges, OECD-modified
 * scale), the event behind the request, what the aid pays for, the amount, earlier aids and whether the file is
 * complete, plus independent noise (sd 0.7) for the commission's judgement; the highest score wins.
 * The AI is deterministic: it scores the same outcomes with other weights (a 14.10 EUR threshold instead of a constant in
 * favour of granting, a heavier penalty on large amounts...), so that its recommendation (`ai_recommendation`, used
 * as is with `advisor.source: case_bank`) is right on 102 of the 132 decision cases (77%).
 * Its confidence is the softmax probability of its choice; its contributions are contrastive: per field, the field's
 * term for the recommended outcome minus its term for the runner-up outcome (complete files: the other of grant and
 * refuse). They sum to the margin between the two scores, so their net weight always supports the recommendation.
 */
import { clamp, createRng, fixed, isMainScript, nearestCases, toCsv, writeCaseBank, type CsvRow, type Rng, capitalise, fieldColumns } from '../generator-kit.ts';
import { formatNumber } from '../../format-value.ts';

export const SEED = 20240612;

const LABELS = ['accorder', 'refuser', 'pieces'] as const;
type Label = (typeof LABELS)[number];

const COMPOSITIONS: readonly (readonly [string, number, number, number])[] = [
  // text, adults, children, weight in the bank
  ['Personne seule', 1, 0, 0.26],
  ['Couple sans enfant', 2, 0, 0.1],
  ['Couple, 1 enfant', 2, 1, 0.1],
  ['Couple, 2 enfants', 2, 2, 0.1],
  ['Couple, 3 enfants', 2, 3, 0.06],
  ['Parent seul, 1 enfant', 1, 1, 0.16],
  ['Parent seul, 2 enfants', 1, 2, 0.14],
  ['Parent seul, 3 enfants', 1, 3, 0.08],
];
/** The household as an English dossier reads it. */
const COMPOSITION_EN: Record<string, string> = {
  'Personne seule': 'Single person',
  'Couple sans enfant': 'Couple, no children',
  'Couple, 1 enfant': 'Couple, 1 child',
  'Couple, 2 enfants': 'Couple, 2 children',
  'Couple, 3 enfants': 'Couple, 3 children',
  'Parent seul, 1 enfant': 'Single parent, 1 child',
  'Parent seul, 2 enfants': 'Single parent, 2 children',
  'Parent seul, 3 enfants': 'Single parent, 3 children',
};

/** Event behind the request: weight in the bank, English text, effect on granting (true, AI). */
const SITUATIONS: Record<string, { weight: number; en: string; effect: number; ai: number }> = {
  "Perte d'emploi": { weight: 0.2, en: 'job loss', effect: 0.5, ai: 0.5 },
  'Séparation': { weight: 0.14, en: 'separation', effect: 0.5, ai: 0.4 },
  'Maladie ou hospitalisation': { weight: 0.14, en: 'illness or hospital stay', effect: 0.6, ai: 0.5 },
  "Décès d'un proche": { weight: 0.07, en: 'death of a relative', effect: 0.8, ai: 0.7 },
  'Baisse de ressources': { weight: 0.2, en: 'drop in income', effect: 0.2, ai: 0.3 },
  'Sinistre du logement': { weight: 0.07, en: 'damage to the home', effect: 0.8, ai: 0.6 },
  'Aucun événement particulier': { weight: 0.18, en: 'no particular event', effect: -0.8, ai: -0.6 },
};

/** What the aid pays for: English text, effect on granting (true, AI), range of the amount in euros. */
const PURPOSES: Record<string, { en: string; effect: number; ai: number; min: number; max: number }> = {
  'Impayé de loyer': { en: 'rent arrears', effect: 0.5, ai: 0.5, min: 300, max: 1200 },
  "Facture d'énergie": { en: 'energy bill', effect: 0.5, ai: 0.4, min: 100, max: 600 },
  'Frais de santé': { en: 'health costs', effect: 0.4, ai: 0.4, min: 80, max: 800 },
  'Alimentation': { en: 'food', effect: 0.4, ai: 0.5, min: 80, max: 300 },
  'Réparation de véhicule (emploi)': { en: 'car repair (needed for work)', effect: 0.1, ai: 0, min: 200, max: 1500 },
  "Frais d'obsèques": { en: 'funeral costs', effect: 0.4, ai: 0.3, min: 500, max: 1500 },
  'Équipement ménager': { en: 'household appliance', effect: -0.2, ai: -0.1, min: 150, max: 700 },
};

const DOCUMENTS: Record<string, { weight: number; en: string; complete: boolean }> = {
  Complet: { weight: 0.72, en: 'complete', complete: true },
  'Incomplet : justificatif de ressources': { weight: 0.14, en: 'incomplete: proof of income missing', complete: false },
  'Incomplet : facture ou devis': { weight: 0.14, en: 'incomplete: bill or quote missing', complete: false },
};

interface Request {
  composition: string;
  revenus: number;
  charges: number;
  reste_a_vivre: number;
  situation: string;
  objet: string;
  montant: number;
  pieces: string;
  aides_24_mois: number;
}

const FIELD_KEYS = ['composition', 'revenus', 'charges', 'reste_a_vivre', 'situation', 'objet', 'montant', 'pieces', 'aides_24_mois'] as const;
/** Fields written per language in the bank. */
const TEXT_KEYS = ['composition', 'situation', 'objet', 'pieces'] as const;
/** Fields the scoring uses (income and charges act through the reste à vivre). */
const MODEL_KEYS = ['reste_a_vivre', 'situation', 'objet', 'montant', 'pieces', 'aides_24_mois'] as const;
type ModelKey = (typeof MODEL_KEYS)[number];

function consumptionUnits(composition: string): number {
  const c = COMPOSITIONS.find((x) => x[0] === composition);
  if (!c) throw new Error(`unknown composition ${composition}`);
  return 1 + 0.5 * (c[1] - 1) + 0.3 * c[2];
}

function makeRequest(r: Omit<Request, 'reste_a_vivre'>): Request {
  return { ...r, reste_a_vivre: Number(fixed((r.revenus - r.charges) / 30 / consumptionUnits(r.composition), 2)) };
}

function drawRequest(rng: Rng): Request {
  const composition = rng.weighted(COMPOSITIONS.map((c) => [c[0], c[3]] as const));
  const uc = consumptionUnits(composition);
  const revenus = Math.round(clamp(Math.exp(rng.normal(Math.log(MEDIAN_INCOME_PER_UNIT), 0.38)) * uc, 300, 4500) / 10) * 10;
  const charges = Math.round(clamp(revenus * rng.normal(CHARGE_SHARE, 0.13), 200, 2200) / 10) * 10;
  const objet = rng.pick(Object.keys(PURPOSES));
  const p = PURPOSES[objet];
  return makeRequest({
    composition,
    revenus,
    charges,
    situation: rng.weighted(Object.entries(SITUATIONS).map(([k, v]) => [k, v.weight] as const)),
    objet,
    montant: Math.round((p.min + rng.next() * (p.max - p.min)) / 10) * 10,
    pieces: rng.weighted(Object.entries(DOCUMENTS).map(([k, v]) => [k, v.weight] as const)),
    aides_24_mois: rng.weighted([[0, 0.6], [1, 0.25], [2, 0.1], [3, 0.05]] as const),
  });
}

/** Per field and outcome, the field's term in the outcome's score ("refuser" is the reference, all zero). */
function terms(r: Request, ai: boolean): Record<ModelKey, Record<Label, number>> {
  const complete = DOCUMENTS[r.pieces].complete;
  // 12 EUR a day per unit is the usual threshold of help; the AI has no constant, its threshold carries it.
  const need = ai ? AI_NEED_WEIGHT * (AI_THRESHOLD - r.reste_a_vivre) : 0.28 * (12 - r.reste_a_vivre);
  const zero = { accorder: 0, refuser: 0, pieces: 0 };
  return {
    reste_a_vivre: { ...zero, accorder: need, pieces: complete ? 0 : 0.5 * need },
    situation: { ...zero, accorder: ai ? SITUATIONS[r.situation].ai : SITUATIONS[r.situation].effect },
    objet: { ...zero, accorder: ai ? PURPOSES[r.objet].ai : PURPOSES[r.objet].effect },
    montant: { ...zero, accorder: (ai ? AI_AMOUNT_WEIGHT : -0.8) * (r.montant / 1000) },
    pieces: { ...zero, pieces: complete ? -2.5 : ai ? 1.1 : 1.3 },
    aides_24_mois: { ...zero, accorder: (ai ? -0.5 : -0.6) * r.aides_24_mois },
  };
}

function scores(r: Request, ai: boolean): Record<Label, number> {
  const t = terms(r, ai);
  const total = (label: Label): number => MODEL_KEYS.reduce((s, k) => s + t[k][label], 0);
  // Commissions lean towards helping a household that applied: a constant in favour of granting.
  return { accorder: total('accorder') + (ai ? 0 : GRANT_BIAS), refuser: total('refuser'), pieces: total('pieces') };
}

function argmax(s: Record<Label, number>): Label {
  return LABELS.reduce((best, l) => (s[l] > s[best] ? l : best), LABELS[0]);
}

/** The commission's judgement: independent normal noise on each outcome's score. */
function noisy(s: Record<Label, number>, rng: Rng, sd: number): Record<Label, number> {
  return { accorder: s.accorder + rng.normal(0, sd), refuser: s.refuser + rng.normal(0, sd), pieces: s.pieces + rng.normal(0, sd) };
}

const LABEL_TEXT: Record<Label, { fr: string; en: string }> = {
  accorder: { fr: "accorder l'aide", en: 'grant the aid' },
  refuser: { fr: 'refuser la demande', en: 'refuse the request' },
  pieces: { fr: 'demander des pièces complémentaires', en: 'ask for further documents' },
};

function factorPhrase(r: Request, key: ModelKey, lang: 'fr' | 'en'): string {
  const fr = lang === 'fr';
  switch (key) {
    case 'reste_a_vivre':
      return fr
        ? `reste à vivre de ${euros(r.reste_a_vivre, 'fr')} par jour et par personne (seuil habituel : ${euros(12, 'fr')})`
        : `remaining income of ${euros(r.reste_a_vivre, 'en')} a day per person (usual threshold: ${euros(12, 'en')})`;
    case 'situation':
      return fr ? `situation : ${r.situation.toLowerCase()}` : `situation: ${SITUATIONS[r.situation].en}`;
    case 'objet':
      return fr ? `objet : ${r.objet.toLowerCase()}` : `purpose: ${PURPOSES[r.objet].en}`;
    case 'montant':
      return fr ? `montant demandé de ${euros(r.montant, 'fr')}` : `amount requested ${euros(r.montant, 'en')}`;
    case 'pieces':
      return fr ? `dossier ${r.pieces.toLowerCase()}` : `file ${DOCUMENTS[r.pieces].en}`;
    case 'aides_24_mois':
      return fr ? `${r.aides_24_mois} aide(s) exceptionnelle(s) sur 24 mois` : `${r.aides_24_mois} exceptional aid(s) in 24 months`;
  }
}

/** An amount as the dossier shows it (one currency format per language: `30,26 €`, `€30.26`). */
function euros(amount: number, lang: 'fr' | 'en'): string {
  return formatNumber(amount, 'euros', lang);
}

/** Obvious requests for the attention checks. */
const ATTENTION: readonly (readonly [Omit<Request, 'reste_a_vivre'>, Label])[] = [
  [{ composition: 'Parent seul, 3 enfants', revenus: 980, charges: 820, situation: 'Sinistre du logement', objet: 'Alimentation', montant: 150, pieces: 'Complet', aides_24_mois: 0 }, 'accorder'],
  [{ composition: 'Personne seule', revenus: 3900, charges: 750, situation: 'Aucun événement particulier', objet: 'Équipement ménager', montant: 650, pieces: 'Complet', aides_24_mois: 3 }, 'refuser'],
  [{ composition: 'Couple, 2 enfants', revenus: 1900, charges: 1000, situation: 'Séparation', objet: 'Impayé de loyer', montant: 900, pieces: 'Incomplet : justificatif de ressources', aides_24_mois: 0 }, 'pieces'],
];

const REGULAR = 132;
/** Median monthly income per consumption unit of the households that apply (EUR). */
const MEDIAN_INCOME_PER_UNIT = 800;
/** Mean share of the income taken by fixed charges. */
const CHARGE_SHARE = 0.5;
/** The commission's constant in favour of granting (households that apply are mostly in need). */
const GRANT_BIAS = 0.6;
/** The AI's weights that differ from the commission's (see the header). */
const AI_NEED_WEIGHT = 0.2;
const AI_THRESHOLD = 14.1;
const AI_AMOUNT_WEIGHT = -1.0;
const PRACTICE: readonly Label[] = ['accorder', 'refuser', 'pieces', 'accorder'];

export function generateCases(seed: number = SEED): string {
  const rng = createRng(seed);
  const bank: { id: string; r: Request; truth: Label; ai: Record<Label, number>; practice: boolean; attention: boolean }[] = [];
  for (let i = 1; i <= REGULAR; i++) {
    const r = drawRequest(rng);
    const truth = argmax(noisy(scores(r, false), rng, 0.7));
    bank.push({ id: `ae-${String(i).padStart(3, '0')}`, r, truth, ai: scores(r, true), practice: false, attention: false });
  }
  // Practice requests are clear ones: the commission's score leads by a wide margin and the AI agrees.
  for (let i = 0; i < PRACTICE.length; ) {
    const r = drawRequest(rng);
    const s = scores(r, false);
    const truth = argmax(s);
    const margin = s[truth] - Math.max(...LABELS.filter((l) => l !== truth).map((l) => s[l]));
    if (truth !== PRACTICE[i] || margin < 1.5 || argmax(scores(r, true)) !== truth) continue;
    bank.push({ id: `ae-p${i + 1}`, r, truth, ai: scores(r, true), practice: true, attention: false });
    i++;
  }
  ATTENTION.forEach(([req, truth], i) => {
    const r = makeRequest(req);
    bank.push({ id: `ae-a${i + 1}`, r, truth, ai: scores(r, true), practice: false, attention: true });
  });

  const pool = new Set(bank.filter((c) => !c.practice && !c.attention).map((c) => c.id));
  const similar = nearestCases(
    bank.map((c) => ({
      id: c.id,
      numbers: [c.r.reste_a_vivre, c.r.montant, c.r.aides_24_mois],
      texts: [c.r.situation, c.r.objet, DOCUMENTS[c.r.pieces].complete ? 'complet' : 'incomplet'],
    })),
    pool,
    5,
  );

  const rows: CsvRow[] = bank.map((c) => {
    const rec = argmax(c.ai);
    // Softmax with temperature 1.3: chosen so that the mean confidence on the decision cases is close to the
    // AI's accuracy on them (a calibrated tool on average).
    const exp = LABELS.map((l) => Math.exp(c.ai[l] * 1.3));
    const confidence = exp[LABELS.indexOf(rec)] / exp.reduce((s, x) => s + x, 0);
    const t = terms(c.r, true);
    // A complete file is never "refused rather than asked for documents": contrast with granting instead.
    const complete = DOCUMENTS[c.r.pieces].complete;
    const runnerUp = argmax({ ...c.ai, [rec]: -Infinity, ...(complete && rec !== 'pieces' ? { pieces: -Infinity } : {}) });
    const contrib = (k: ModelKey): number => t[k][rec] - t[k][runnerUp];
    // The rationale cites up to two elements that argue for the recommendation (never a neutral or contrary one).
    const top = [...MODEL_KEYS].sort((a, b) => contrib(b) - contrib(a)).filter((k) => contrib(k) > 0.005).slice(0, 2);
    return {
      case_id: c.id,
      truth: c.truth,
      composition_fr: c.r.composition,
      composition_en: COMPOSITION_EN[c.r.composition],
      revenus: String(c.r.revenus),
      charges: String(c.r.charges),
      reste_a_vivre: fixed(c.r.reste_a_vivre, 2),
      situation_fr: c.r.situation,
      situation_en: capitalise(SITUATIONS[c.r.situation].en),
      objet_fr: c.r.objet,
      objet_en: capitalise(PURPOSES[c.r.objet].en),
      montant: String(c.r.montant),
      pieces_fr: c.r.pieces,
      pieces_en: capitalise(DOCUMENTS[c.r.pieces].en),
      aides_24_mois: String(c.r.aides_24_mois),
      ai_recommendation: rec,
      ai_confidence: fixed(confidence, 3),
      ...Object.fromEntries(MODEL_KEYS.map((k) => [`contrib_${k}`, fixed(contrib(k), 2)])),
      rationale_fr: `Recommandation : ${LABEL_TEXT[rec].fr}. Éléments déterminants : ${top.map((k) => factorPhrase(c.r, k, 'fr')).join(' ; ')}.`,
      rationale_en: `Recommendation: ${LABEL_TEXT[rec].en}. Main elements: ${top.map((k) => factorPhrase(c.r, k, 'en')).join('; ')}.`,
      similar_cases: (similar.get(c.id) ?? []).join(';'),
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
    ...MODEL_KEYS.map((k) => `contrib_${k}`),
    'rationale_fr',
    'rationale_en',
    'similar_cases',
    'attention_check',
    'practice',
  ];
  return toCsv(columns, rows);
}

if (isMainScript(import.meta.url)) {
  const path = writeCaseBank(import.meta.url, generateCases(SEED));
  console.log(`aide-exceptionnelle: seed ${SEED}, wrote ${path}`);
}
