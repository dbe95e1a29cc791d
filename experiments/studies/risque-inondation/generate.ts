/**
 * Case bank of `risque-inondation`: synthetic flood alerts (no real place).
 *
 * Seed: 20240613 (SEED below; also recorded in experiment.yaml). Regenerate with
 *   node bin/run-ts.js experiments/studies/risque-inondation/generate.ts
 * Same seed -> byte-identical cases.csv (test/studies/generators.test.ts checks it against the committed file).
 *
 * Latent model. The truth is the number of households that had to leave their home (counted after the event):
 * the households of the flood zone times a share that grows with the forecast overflow (forecast peak minus the
 * overflow level), the rainfall of the last 72 h, soil saturation and how fast the flood rises (type of flood), plus
 * households around sensitive sites, with multiplicative noise (lognormal, sd 0.15) for what no forecast knows.
 * The bank keeps alerts that led to 150..2900 evacuated households (smaller events are handled without a
 * preventive evacuation plan), so a wrong estimate off by 35% is always beyond the 50-household tolerance.
 * The AI is the same kind of model with other weights, blended with the last comparable flood; its estimate is
 * explained by exact Shapley values against a reference alert (the bank's medians, with this station's overflow
 * level and the median overflow and rise of the bank, so that the overflow level itself never "weighs": a station
 * property is not a risk factor), rounded to whole households: ai_recommendation = ai_base + sum of contrib_* exactly.
 * Its confidence is its own predictive probability of being within the tolerance, P(|N(0, 0.16 * estimate)| <= 50):
 * relative errors are roughly constant, so small estimates are more often within 50 households.
 */
import { clamp, createRng, fixed, frNumber, enNumber, isMainScript, nearestCases, sigmoid, toCsv, writeCaseBank, type CsvRow, type Rng, capitalise, fieldColumns } from '../generator-kit.ts';

export const SEED = 20240613;

const FLOOD_TYPES: Record<string, { en: string; weight: number; effect: number; ai: number }> = {
  'Crue lente de plaine': { en: 'slow lowland flood', weight: 0.5, effect: -0.3, ai: -0.2 },
  'Crue rapide': { en: 'fast flood', weight: 0.35, effect: 0.3, ai: 0.2 },
  'Crue torrentielle': { en: 'flash flood', weight: 0.15, effect: 0.7, ai: 0.4 },
};

interface Alert {
  type_crue: string;
  hauteur_actuelle: number;
  hauteur_prevue: number;
  seuil_debordement: number;
  pluie_72h: number;
  saturation_sols: number;
  menages_zone: number;
  sites_sensibles: number;
  evacues_crue_reference: number;
}
const FIELD_KEYS = [
  'type_crue',
  'hauteur_actuelle',
  'hauteur_prevue',
  'seuil_debordement',
  'pluie_72h',
  'saturation_sols',
  'menages_zone',
  'sites_sensibles',
  'evacues_crue_reference',
] as const satisfies readonly (keyof Alert)[];

/** Share of the flood-zone households to evacuate, for an overflow `dep` (m). */
function share(a: Alert, dep: number, ai: boolean): number {
  const t = FLOOD_TYPES[a.type_crue];
  const rise = a.hauteur_prevue - a.hauteur_actuelle;
  const x = ai
    ? (dep - 0.35) / 0.4 + 0.005 * (a.pluie_72h - 80) + 0.8 * ((a.saturation_sols - 70) / 30) + t.ai + 0.25 * (rise - 1)
    : (dep - 0.3) / 0.35 + 0.006 * (a.pluie_72h - 80) + 1.2 * ((a.saturation_sols - 70) / 30) + t.effect;
  return 0.03 + 0.85 * sigmoid(x);
}

function trueEvacuation(a: Alert): number {
  return a.menages_zone * share(a, a.hauteur_prevue - a.seuil_debordement, false) + 6 * a.sites_sensibles;
}

function aiEstimate(a: Alert): number {
  const model = a.menages_zone * share(a, a.hauteur_prevue - a.seuil_debordement, true) + 4 * a.sites_sensibles;
  return 0.75 * model + 0.25 * a.evacues_crue_reference;
}

function drawAlert(rng: Rng): Alert {
  const type_crue = rng.weighted(Object.entries(FLOOD_TYPES).map(([k, v]) => [k, v.weight] as const));
  const seuil = Number(fixed(rng.normal(4.2, 0.8), 1));
  const dep = clamp(rng.normal(0.5, 0.55), -0.4, 2.2);
  const prevue = Number(fixed(seuil + dep, 2));
  const rise = clamp(rng.normal(type_crue === 'Crue lente de plaine' ? 0.8 : 1.6, 0.5), 0.1, 3.5);
  const a: Alert = {
    type_crue,
    hauteur_actuelle: Number(fixed(Math.max(0.3, prevue - rise), 2)),
    hauteur_prevue: prevue,
    seuil_debordement: seuil,
    pluie_72h: Math.round(clamp(rng.normal(85, 35), 10, 260)),
    saturation_sols: Math.round(clamp(rng.normal(72, 14), 30, 100)),
    menages_zone: Math.round(clamp(Math.exp(rng.normal(Math.log(1000), 0.55)), 250, 4000)),
    sites_sensibles: rng.weighted([[0, 0.25], [1, 0.3], [2, 0.2], [3, 0.12], [4, 0.08], [6, 0.05]] as const),
    evacues_crue_reference: 0,
  };
  // The last comparable flood: same place, an overflow within about 40 cm of this one.
  const past = a.menages_zone * share(a, dep + rng.normal(0, 0.4), false);
  a.evacues_crue_reference = Math.round(clamp(past * Math.exp(rng.normal(0, 0.2)), 0, a.menages_zone) / 10) * 10;
  return a;
}

/** Exact Shapley values of `f` at `x` against the reference `ref` (interventional, one baseline), over FIELD_KEYS. */
function shapley(f: (a: Alert) => number, x: Alert, ref: Alert): Record<string, number> {
  const n = FIELD_KEYS.length;
  const value: number[] = [];
  for (let mask = 0; mask < 1 << n; mask++) {
    const mixed = { ...ref } as Record<string, string | number>;
    FIELD_KEYS.forEach((k, i) => {
      if (mask & (1 << i)) mixed[k] = x[k];
    });
    value.push(f(mixed as unknown as Alert));
  }
  const fact = [1];
  for (let i = 1; i <= n; i++) fact.push(fact[i - 1] * i);
  const phi: Record<string, number> = {};
  FIELD_KEYS.forEach((k, i) => {
    let s = 0;
    for (let mask = 0; mask < 1 << n; mask++) {
      if (mask & (1 << i)) continue;
      let size = 0;
      for (let m = mask; m; m >>= 1) size += m & 1;
      s += ((fact[size] * fact[n - size - 1]) / fact[n]) * (value[mask | (1 << i)] - value[mask]);
    }
    phi[k] = s;
  });
  return phi;
}

/** Rounds contributions to whole households keeping their sum (largest remainders take the leftover units). */
function roundKeepingSum(phi: Record<string, number>, total: number): Record<string, number> {
  const keys = Object.keys(phi);
  const rounded = Object.fromEntries(keys.map((k) => [k, Math.floor(phi[k])]));
  let left = total - keys.reduce((s, k) => s + rounded[k], 0);
  const byRemainder = [...keys].sort((a, b) => phi[b] - Math.floor(phi[b]) - (phi[a] - Math.floor(phi[a])) || keys.indexOf(a) - keys.indexOf(b));
  for (let i = 0; left > 0; i = (i + 1) % keys.length, left--) rounded[byRemainder[i]] += 1;
  return rounded;
}

const WORDING: Record<(typeof FIELD_KEYS)[number], { fr: string; en: string }> = {
  type_crue: { fr: 'type de crue', en: 'type of flood' },
  hauteur_actuelle: { fr: 'hauteur actuelle', en: 'current level' },
  hauteur_prevue: { fr: 'hauteur prévue', en: 'forecast level' },
  seuil_debordement: { fr: 'seuil de débordement', en: 'overflow level' },
  pluie_72h: { fr: 'pluie sur 72 h', en: 'rainfall over 72 h' },
  saturation_sols: { fr: 'saturation des sols', en: 'soil saturation' },
  menages_zone: { fr: 'ménages en zone inondable', en: 'households in the flood zone' },
  sites_sensibles: { fr: 'sites sensibles', en: 'sensitive sites' },
  evacues_crue_reference: { fr: 'évacués lors de la crue de référence', en: 'evacuated in the reference flood' },
};

function valueText(a: Alert, k: (typeof FIELD_KEYS)[number], lang: 'fr' | 'en'): string {
  const num = lang === 'fr' ? frNumber : enNumber;
  switch (k) {
    case 'type_crue':
      return lang === 'fr' ? a.type_crue.toLowerCase() : FLOOD_TYPES[a.type_crue].en;
    case 'hauteur_prevue': {
      const over = a.hauteur_prevue - a.seuil_debordement;
      const where = lang === 'fr' ? (over >= 0 ? 'au-dessus du seuil' : 'sous le seuil') : over >= 0 ? 'above the overflow level' : 'below the overflow level';
      return `${num(a[k], 2)} m, ${num(Math.abs(over), 2)} m ${where}`;
    }
    case 'hauteur_actuelle':
    case 'seuil_debordement':
      return `${num(a[k], 2)} m`;
    case 'pluie_72h':
      return `${a[k]} mm`;
    case 'saturation_sols':
      return `${a[k]}${lang === 'fr' ? ' ' : ''}%`;
    default:
      return String(a[k]);
  }
}

/** Error function, Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): enough for a displayed confidence. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

const REGULAR = 132;
const PRACTICE = 4;
/** Obvious alerts for attention checks: far above the overflow level, saturated soils, the whole zone left last time. */
const ATTENTION: readonly Alert[] = [
  { type_crue: 'Crue torrentielle', hauteur_actuelle: 5.9, hauteur_prevue: 6.8, seuil_debordement: 4.2, pluie_72h: 240, saturation_sols: 100, menages_zone: 300, sites_sensibles: 0, evacues_crue_reference: 300 },
  { type_crue: 'Crue rapide', hauteur_actuelle: 5.1, hauteur_prevue: 6.4, seuil_debordement: 3.9, pluie_72h: 210, saturation_sols: 98, menages_zone: 200, sites_sensibles: 0, evacues_crue_reference: 200 },
];

export function generateCases(seed: number = SEED): string {
  const rng = createRng(seed);
  const bank: { id: string; a: Alert; truth: number; practice: boolean; attention: boolean }[] = [];
  const draw = (): { a: Alert; truth: number } => {
    for (;;) {
      const a = drawAlert(rng);
      const truth = Math.round(trueEvacuation(a) * Math.exp(rng.normal(0, 0.15)));
      if (truth >= 150 && truth <= 2900 && truth <= a.menages_zone + 6 * a.sites_sensibles) return { a, truth };
    }
  };
  for (let i = 1; i <= REGULAR; i++) bank.push({ id: `ri-${String(i).padStart(3, '0')}`, ...draw(), practice: false, attention: false });
  // Practice alerts are ones where the AI is close to the truth, so that feedback does not teach distrust at once.
  for (let i = 1; i <= PRACTICE; ) {
    const d = draw();
    if (Math.abs(aiEstimate(d.a) - d.truth) > 40) continue;
    bank.push({ id: `ri-p${i}`, ...d, practice: true, attention: false });
    i++;
  }
  // Everybody must leave: the truth is the whole zone.
  ATTENTION.forEach((a, i) => bank.push({ id: `ri-a${i + 1}`, a, truth: a.menages_zone, practice: false, attention: true }));

  const regular = bank.filter((c) => !c.practice && !c.attention);
  const median = (xs: number[]): number => {
    const s = [...xs].sort((p, q) => p - q);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const medianRef = {
    type_crue: 'Crue lente de plaine',
    ...Object.fromEntries(FIELD_KEYS.filter((k) => k !== 'type_crue').map((k) => [k, median(regular.map((c) => c.a[k] as number))])),
  } as Alert;
  const medianOverflow = median(regular.map((c) => c.a.hauteur_prevue - c.a.seuil_debordement));
  const medianRise = median(regular.map((c) => c.a.hauteur_prevue - c.a.hauteur_actuelle));
  const referenceFor = (a: Alert): Alert => ({
    ...medianRef,
    seuil_debordement: a.seuil_debordement,
    hauteur_prevue: a.seuil_debordement + medianOverflow,
    hauteur_actuelle: a.seuil_debordement + medianOverflow - medianRise,
  });
  const similar = nearestCases(
    bank.map((c) => ({
      id: c.id,
      numbers: [c.a.hauteur_prevue - c.a.seuil_debordement, c.a.pluie_72h, c.a.saturation_sols, Math.log(c.a.menages_zone)],
      texts: [c.a.type_crue],
    })),
    new Set(regular.map((c) => c.id)),
    5,
  );

  const rows: CsvRow[] = bank.map((c) => {
    const estimate = Math.max(0, Math.round(aiEstimate(c.a)));
    const ref = referenceFor(c.a);
    const base = Math.round(aiEstimate(ref));
    const contrib = roundKeepingSum(shapley(aiEstimate, c.a, ref), estimate - base);
    const top = [...FIELD_KEYS].sort((p, q) => Math.abs(contrib[q]) - Math.abs(contrib[p]) || FIELD_KEYS.indexOf(p) - FIELD_KEYS.indexOf(q)).slice(0, 2);
    const signed = (x: number, lang: 'fr' | 'en'): string =>
      `${x >= 0 ? '+' : lang === 'fr' ? '−' : '-'}${Math.abs(x)} ${lang === 'fr' ? 'ménages' : 'households'}`;
    return {
      case_id: c.id,
      truth: String(c.truth),
      type_crue_fr: c.a.type_crue,
      type_crue_en: capitalise(FLOOD_TYPES[c.a.type_crue].en),
      hauteur_actuelle: fixed(c.a.hauteur_actuelle, 2),
      hauteur_prevue: fixed(c.a.hauteur_prevue, 2),
      seuil_debordement: fixed(c.a.seuil_debordement, 2),
      pluie_72h: String(c.a.pluie_72h),
      saturation_sols: String(c.a.saturation_sols),
      menages_zone: String(c.a.menages_zone),
      sites_sensibles: String(c.a.sites_sensibles),
      evacues_crue_reference: String(c.a.evacues_crue_reference),
      ai_recommendation: String(estimate),
      ai_confidence: fixed(clamp(erf(50 / (0.16 * Math.max(estimate, 1) * Math.SQRT2)), 0.05, 0.95), 2),
      ai_base: String(base),
      ...Object.fromEntries(FIELD_KEYS.map((k) => [`contrib_${k}`, String(contrib[k])])),
      rationale_fr: `Estimation du modèle : ${estimate} ménages. Facteurs qui pèsent le plus : ${top
        .map((k) => `${WORDING[k].fr} (${valueText(c.a, k, 'fr')}) : ${signed(contrib[k], 'fr')}`)
        .join(' ; ')}.`,
      rationale_en: `Model estimate: ${estimate} households. Main factors: ${top
        .map((k) => `${WORDING[k].en} (${valueText(c.a, k, 'en')}): ${signed(contrib[k], 'en')}`)
        .join('; ')}.`,
      similar_cases: (similar.get(c.id) ?? []).join(';'),
      attention_check: c.attention ? '1' : '0',
      practice: c.practice ? '1' : '0',
    };
  });
  const columns = [
    'case_id',
    'truth',
    ...fieldColumns(FIELD_KEYS, ['type_crue']),
    'ai_recommendation',
    'ai_confidence',
    'ai_base',
    ...FIELD_KEYS.map((k) => `contrib_${k}`),
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
  console.log(`risque-inondation: seed ${SEED}, wrote ${path}`);
}
