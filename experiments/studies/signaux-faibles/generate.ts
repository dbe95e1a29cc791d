/**
 * Case bank of `signaux-faibles`: synthetic dossiers of firms (no real firm, no personal data).
 *
 * Seed: 20240611 (SEED below; also recorded in experiment.yaml). Regenerate with
 *   node bin/run-ts.js experiments/studies/signaux-faibles/generate.ts
 * Same seed -> byte-identical cases.csv (test/studies/generators.test.ts checks it against the committed file).
 *
 * Latent model. Each firm has a hidden distress d ~ N(0, 1) that drives its observable indicators, and an
 * unobserved factor h ~ N(0, 0.4) (order book, management) that the dossier does not show. The truth is whether the
 * firm went into difficulty within 18 months (collective procedure or a request for a payment plan), drawn as
 * Bernoulli(sigmoid(1.6 (z_true + h))); so even a perfect reader of the dossier is often, not always, right.
 * The AI is a logistic risk model with slightly wrong coefficients and no access to h; its probability p gives three
 * tiers (no alert < 0.5 <= moderate alert < 0.7 <= strong alert), the recommendation (contact from 0.5), the
 * confidence max(p, 1 - p), and the per-factor contributions (its logit terms, signed so positive supports the
 * recommendation).
 */
import {
  clamp,
  createRng,
  enNumber,
  fixed,
  frNumber,
  isMainScript,
  nearestCases,
  sigmoid,
  toCsv,
  writeCaseBank,
  type CsvRow,
  type Rng,
  capitalise,
  fieldColumns,
} from '../generator-kit.ts';

export const SEED = 20240611;

const CONTACT = 'contacter';
const NO_CONTACT = 'ne_pas_contacter';

/** Sector (as shown), its effect on the logit of difficulty (true, then as the AI learned it), its English name. */
const SECTORS: readonly (readonly [string, number, number, string])[] = [
  ['Construction', 0.35, 0.3, 'construction'],
  ['Hébergement et restauration', 0.45, 0.35, 'accommodation and food services'],
  ['Commerce de détail', 0.15, 0.15, 'retail trade'],
  ['Industrie manufacturière', 0, 0.05, 'manufacturing'],
  ['Transports et entreposage', 0.2, 0.1, 'transport and storage'],
  ['Services aux entreprises', -0.2, -0.15, 'business services'],
  ['Information et communication', -0.1, -0.1, 'information and communication'],
  ['Santé humaine et action sociale', -0.4, -0.3, 'health and social work'],
];

interface Firm {
  secteur: string;
  effectif: number;
  age_entreprise: number;
  evolution_ca: number;
  dette_urssaf: number;
  activite_partielle: number;
  taux_endettement: number;
  tresorerie_jours: number;
}

type NumericKey = Exclude<keyof Firm, 'secteur'>;
const NUMERIC_KEYS: readonly NumericKey[] = [
  'effectif',
  'age_entreprise',
  'evolution_ca',
  'dette_urssaf',
  'activite_partielle',
  'taux_endettement',
  'tresorerie_jours',
];
const FIELD_KEYS: readonly (keyof Firm)[] = ['secteur', ...NUMERIC_KEYS];

interface Coefficients {
  intercept: number;
  sector: 1 | 2;
  ca: number;
  dette: number;
  ap: number;
  endet: number;
  treso: number;
  effectif: number;
  young: number;
  old: number;
  /** Days of cash of the reference firm. */
  tresoRef: number;
}
const TRUE_MODEL: Coefficients = { intercept: -0.6, sector: 1, ca: -0.045, dette: 0.55, ap: 0.03, endet: 0.5, treso: -0.02, effectif: -0.2, young: 0.4, old: -0.2, tresoRef: 45 };
/**
 * The AI's reference firm has 28.3 days of cash instead of an intercept (-0.3 = -0.018 x 16.7 days): it sits on the
 * decision threshold, so the contributions sum to the logit and their net weight always supports the recommendation.
 */
const AI_MODEL: Coefficients = { intercept: 0, sector: 2, ca: -0.04, dette: 0.65, ap: 0.025, endet: 0.45, treso: -0.018, effectif: -0.15, young: 0.3, old: -0.15, tresoRef: 28.3 };

/** Logit terms per field, relative to a reference firm (stable turnover, no debt, debt = equity, 25 staff, 5-19 years). */
function terms(f: Firm, m: Coefficients): Record<keyof Firm, number> {
  const sector = SECTORS.find((s) => s[0] === f.secteur);
  if (!sector) throw new Error(`unknown sector ${f.secteur}`);
  return {
    secteur: sector[m.sector],
    effectif: m.effectif * Math.log(f.effectif / 25),
    age_entreprise: f.age_entreprise < 5 ? m.young : f.age_entreprise >= 20 ? m.old : 0,
    evolution_ca: m.ca * f.evolution_ca,
    dette_urssaf: m.dette * f.dette_urssaf,
    activite_partielle: m.ap * f.activite_partielle,
    taux_endettement: m.endet * (f.taux_endettement - 1),
    tresorerie_jours: m.treso * (f.tresorerie_jours - m.tresoRef),
  };
}

function logit(f: Firm, m: Coefficients): number {
  return m.intercept + Object.values(terms(f, m)).reduce((s, t) => s + t, 0);
}

function drawFirm(rng: Rng): Firm {
  const d = rng.normal(0, 1);
  const up = Math.max(d, 0);
  return {
    secteur: rng.pick(SECTORS)[0],
    effectif: Math.round(clamp(Math.exp(rng.normal(3.3, 0.8)), 10, 600)),
    age_entreprise: Math.round(clamp(Math.exp(rng.normal(2.4, 0.75)), 1, 80)),
    evolution_ca: Number(fixed(clamp(rng.normal(1 - 8 * d, 9), -60, 35), 1)),
    dette_urssaf: rng.normal(d, 1) > 0.6 ? Number(fixed(clamp(Math.abs(rng.normal(0.6 + 0.9 * up, 0.8)), 0.1, 9), 1)) : 0,
    activite_partielle: rng.normal(d, 1) > 0.8 ? Math.round(clamp(rng.normal(12 + 10 * up, 8), 2, 85)) : 0,
    taux_endettement: Number(fixed(clamp(Math.exp(rng.normal(-0.1 + 0.35 * d, 0.45)), 0.05, 8), 2)),
    tresorerie_jours: Math.round(clamp(rng.normal(45 - 15 * d, 16), 0, 160)),
  };
}

/** How each numeric field reads in generated texts, and the range a counterfactual value must stay in. */
const WORDING: Record<NumericKey, { fr: string; en: string; unitFr: string; unitEn: string; digits: number; min: number; max: number }> = {
  effectif: { fr: "l'effectif", en: 'the headcount', unitFr: 'salariés', unitEn: 'employees', digits: 0, min: 10, max: 600 },
  age_entreprise: { fr: "l'âge de l'entreprise", en: 'the age of the firm', unitFr: 'ans', unitEn: 'years', digits: 0, min: 1, max: 80 },
  evolution_ca: { fr: "l'évolution du chiffre d'affaires", en: 'the change in turnover', unitFr: '%', unitEn: '%', digits: 1, min: -60, max: 35 },
  dette_urssaf: { fr: 'la dette de cotisations URSSAF', en: 'the unpaid URSSAF contributions', unitFr: 'mois', unitEn: 'months', digits: 1, min: 0, max: 9 },
  activite_partielle: { fr: "la part de salariés en activité partielle", en: 'the share of staff on short-time work', unitFr: '%', unitEn: '%', digits: 0, min: 0, max: 85 },
  taux_endettement: { fr: "le taux d'endettement", en: 'the debt ratio', unitFr: '', unitEn: '', digits: 2, min: 0.05, max: 8 },
  tresorerie_jours: { fr: 'la trésorerie', en: 'the cash position', unitFr: 'jours de CA', unitEn: 'days of turnover', digits: 0, min: 0, max: 160 },
};

function withUnit(x: number, key: NumericKey, lang: 'fr' | 'en'): string {
  const w = WORDING[key];
  // A change in turnover reads with its sign: "+6.3%", "−8.2 %".
  const n = (key === 'evolution_ca' && x > 0 ? '+' : '') + (lang === 'fr' ? frNumber(x, w.digits) : enNumber(x, w.digits));
  const unit = lang === 'fr' ? w.unitFr : w.unitEn;
  if (unit === '') return n;
  return unit === '%' ? `${n}${lang === 'fr' ? ' ' : ''}%` : `${n} ${unit}`;
}

function factorPhrase(f: Firm, key: keyof Firm, lang: 'fr' | 'en'): string {
  if (key === 'secteur') return lang === 'fr' ? `secteur ${f.secteur}` : `sector: ${SECTORS.find((s) => s[0] === f.secteur)?.[3]}`;
  const w = WORDING[key];
  return `${lang === 'fr' ? w.fr : w.en} (${withUnit(f[key], key, lang)})`;
}

/** The smallest one-field change (in SD units of the bank) that moves the AI across its threshold; null if none fits. */
function counterfactual(f: Firm, sds: Record<NumericKey, number>): { key: NumericKey; to: number } | null {
  const z = logit(f, AI_MODEL);
  let best: { key: NumericKey; to: number; cost: number } | null = null;
  for (const key of NUMERIC_KEYS) {
    if (key === 'age_entreprise') continue; // a firm cannot change its age
    const w = WORDING[key];
    // Search outward from the current value on the grid of the field's precision, both directions.
    const step = 10 ** -w.digits;
    for (const dir of [-1, 1]) {
      for (let k = 1; k <= 20000; k++) {
        const to = Number((f[key] + dir * k * step).toFixed(w.digits));
        if (to < w.min || to > w.max) break;
        const changed = { ...f, [key]: to };
        if (Math.sign(logit(changed, AI_MODEL)) !== Math.sign(z)) {
          const cost = Math.abs(to - f[key]) / sds[key];
          if (!best || cost < best.cost) best = { key, to, cost };
          break;
        }
      }
    }
  }
  return best && { key: best.key, to: best.to };
}

interface BankCase {
  id: string;
  firm: Firm;
  truth: string;
  practice: boolean;
  attention: boolean;
}

/** Obvious dossiers for the attention checks: every indicator points the same way. */
const ATTENTION_FIRMS: readonly (readonly [Firm, string])[] = [
  [{ secteur: 'Construction', effectif: 18, age_entreprise: 3, evolution_ca: -42.5, dette_urssaf: 6.5, activite_partielle: 70, taux_endettement: 5.8, tresorerie_jours: 2 }, CONTACT],
  [{ secteur: 'Santé humaine et action sociale', effectif: 140, age_entreprise: 32, evolution_ca: 12.4, dette_urssaf: 0, activite_partielle: 0, taux_endettement: 0.3, tresorerie_jours: 110 }, NO_CONTACT],
  [{ secteur: 'Hébergement et restauration', effectif: 22, age_entreprise: 2, evolution_ca: -38, dette_urssaf: 5.2, activite_partielle: 60, taux_endettement: 4.9, tresorerie_jours: 4 }, CONTACT],
  [{ secteur: 'Services aux entreprises', effectif: 85, age_entreprise: 27, evolution_ca: 9.6, dette_urssaf: 0, activite_partielle: 0, taux_endettement: 0.4, tresorerie_jours: 95 }, NO_CONTACT],
];

const REGULAR = 132;
const PRACTICE = 4;

export function generateCases(seed: number = SEED): string {
  const rng = createRng(seed);
  const bank: BankCase[] = [];
  for (let i = 1; i <= REGULAR; i++) {
    const firm = drawFirm(rng);
    // h (sd 0.4) is what the dossier does not show; the factor 1.6 sharpens the outcome so that the AI is right
    // about 78% of the time on this bank (measured: 103 of 132).
    const z = 1.6 * (logit(firm, TRUE_MODEL) + rng.normal(0, 0.4));
    const truth = rng.next() < sigmoid(z) ? CONTACT : NO_CONTACT;
    bank.push({ id: `sf-${String(i).padStart(3, '0')}`, firm, truth, practice: false, attention: false });
  }
  // Practice dossiers are clear ones (the AI and the latent model agree strongly), so feedback teaches the task.
  for (let i = 1; i <= PRACTICE; ) {
    const firm = drawFirm(rng);
    const zt = logit(firm, TRUE_MODEL);
    const za = logit(firm, AI_MODEL);
    const wanted = i % 2 === 1 ? 1 : -1; // alternate contact / no contact
    if (Math.abs(zt) < 1.6 || Math.sign(zt) !== wanted || Math.sign(za) !== wanted) continue;
    bank.push({ id: `sf-p${i}`, firm, truth: zt > 0 ? CONTACT : NO_CONTACT, practice: true, attention: false });
    i++;
  }
  ATTENTION_FIRMS.forEach(([firm, truth], i) => bank.push({ id: `sf-a${i + 1}`, firm, truth, practice: false, attention: true }));

  const regular = bank.filter((c) => !c.practice && !c.attention);
  const sds = Object.fromEntries(
    NUMERIC_KEYS.map((k) => {
      const xs = regular.map((c) => c.firm[k]);
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      return [k, Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length) || 1];
    }),
  ) as Record<NumericKey, number>;
  const similar = nearestCases(
    bank.map((c) => ({
      id: c.id,
      numbers: NUMERIC_KEYS.map((k) => (k === 'effectif' ? Math.log(c.firm[k]) : c.firm[k])),
      texts: [c.firm.secteur],
    })),
    new Set(regular.map((c) => c.id)),
    5,
  );

  const rows: CsvRow[] = bank.map((c) => {
    const f = c.firm;
    const p = sigmoid(logit(f, AI_MODEL));
    const rec = p >= 0.5 ? CONTACT : NO_CONTACT;
    const sign = rec === CONTACT ? 1 : -1;
    const t = terms(f, AI_MODEL);
    const contrib = Object.fromEntries(FIELD_KEYS.map((k) => [`contrib_${k}`, fixed(sign * t[k], 2)]));
    // The rationale cites up to two factors that argue for the recommendation (never a neutral or contrary one).
    const top = [...FIELD_KEYS].sort((a, b) => sign * t[b] - sign * t[a]).filter((k) => sign * t[k] > 0.005).slice(0, 2);
    const pct = Math.round(p * 100);
    const tierFr = p >= 0.7 ? 'Alerte forte' : p >= 0.5 ? 'Alerte modérée' : "Pas d'alerte";
    const tierEn = p >= 0.7 ? 'Strong alert' : p >= 0.5 ? 'Moderate alert' : 'No alert';
    const rationaleFr =
      `${tierFr} : probabilité de difficulté estimée à ${pct} %. Principaux facteurs : ` +
      `${top.map((k) => factorPhrase(f, k, 'fr')).join(' ; ')}. ` +
      (rec === CONTACT ? "Recommandation : contacter l'entreprise." : 'Recommandation : ne pas contacter pour le moment.');
    const rationaleEn =
      `${tierEn}: estimated probability of difficulty ${pct}%. Main factors: ` +
      `${top.map((k) => factorPhrase(f, k, 'en')).join('; ')}. ` +
      (rec === CONTACT ? 'Recommendation: contact the firm.' : 'Recommendation: do not contact for now.');
    const cf = counterfactual(f, sds);
    const flipFr = rec === CONTACT ? "le modèle ne recommanderait pas de contacter l'entreprise" : "le modèle recommanderait de contacter l'entreprise";
    const flipEn = rec === CONTACT ? 'the model would not recommend contacting the firm' : 'the model would recommend contacting the firm';
    const cfFr = cf
      ? `Si ${WORDING[cf.key].fr} était de ${withUnit(cf.to, cf.key, 'fr')} au lieu de ${withUnit(f[cf.key], cf.key, 'fr')}, ${flipFr}.`
      : `Aucun changement d'un seul indicateur ne suffirait à inverser la recommandation.`;
    const cfEn = cf
      ? `If ${WORDING[cf.key].en} were ${withUnit(cf.to, cf.key, 'en')} instead of ${withUnit(f[cf.key], cf.key, 'en')}, ${flipEn}.`
      : 'No change of a single indicator would reverse the recommendation.';
    return {
      case_id: c.id,
      truth: c.truth,
      secteur_fr: f.secteur,
      secteur_en: capitalise(SECTORS.find((x) => x[0] === f.secteur)?.[3] ?? f.secteur),
      effectif: String(f.effectif),
      age_entreprise: String(f.age_entreprise),
      evolution_ca: fixed(f.evolution_ca, 1),
      dette_urssaf: fixed(f.dette_urssaf, 1),
      activite_partielle: String(f.activite_partielle),
      taux_endettement: fixed(f.taux_endettement, 2),
      tresorerie_jours: String(f.tresorerie_jours),
      ai_recommendation: rec,
      ai_confidence: fixed(Math.max(p, 1 - p), 3),
      ...contrib,
      counterfactual_fr: cfFr,
      counterfactual_en: cfEn,
      rationale_fr: rationaleFr,
      rationale_en: rationaleEn,
      similar_cases: (similar.get(c.id) ?? []).join(';'),
      attention_check: c.attention ? '1' : '0',
      practice: c.practice ? '1' : '0',
    };
  });
  const columns = [
    'case_id',
    'truth',
    ...fieldColumns(FIELD_KEYS, ['secteur']),
    'ai_recommendation',
    'ai_confidence',
    ...FIELD_KEYS.map((k) => `contrib_${k}`),
    'counterfactual_fr',
    'counterfactual_en',
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
  console.log(`signaux-faibles: seed ${SEED}, wrote ${path}`);
}
