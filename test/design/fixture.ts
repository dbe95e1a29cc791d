/**
 * In-memory experiments for the design-engine tests: a valid experiment file (parsed by the real zod schema, so
 * defaults apply) and N synthetic cases, for binary, categorical and numeric tasks. No file, no loader.
 */
import { experimentSchema } from '../../experiments/schema.ts';
import type { Case, Condition, Experiment } from '../../experiments/model.ts';
import type { ExplanationOptions } from '../../experiments/explanations/index.ts';
import { createRng, seedFor } from '../../experiments/random.ts';

export type TaskKind = 'binary' | 'categorical' | 'numeric';

export interface FixtureOptions {
  task?: TaskKind;
  cases?: number;
  design?: 'between' | 'within';
  /** One condition per explanation, named after its type. */
  explanations?: ExplanationOptions[];
  trials?: number;
  sampling?: 'fixed' | 'random' | 'stratified';
  fixedCases?: string[];
  practice?: number;
  practiceCases?: number;
  attentionCases?: number;
  attentionChecks?: unknown[];
  source?: 'simulated' | 'case_bank';
  errors?: number;
  noErrorsInFirst?: number;
  noErrorsInLast?: number;
  minGap?: number;
  confidence?: 'calibrated' | 'overconfident' | 'uninformative';
  /** Give the cases `contrib_*` material (default true). */
  contributions?: boolean;
  /** Give the cases ai_confidence (default false, so confidence comes from the behaviour). */
  bankConfidence?: boolean;
  /** Per-condition advisor_errors overrides, by condition id. */
  conditionErrors?: Record<string, number>;
  seed?: number;
}

const text = (en: string, fr = en) => ({ en, fr });

const TASKS = {
  binary: {
    type: 'binary',
    question: text('Contact the firm?', "Contacter l'entreprise ?"),
    labels: [
      { value: 'contacter', text: text('Contact', 'Contacter') },
      { value: 'ne_pas_contacter', text: text('Do not contact', 'Ne pas contacter') },
    ],
  },
  categorical: {
    type: 'categorical',
    question: text('Decision?', 'Décision ?'),
    labels: [
      { value: 'accorder', text: text('Grant', 'Accorder') },
      { value: 'refuser', text: text('Refuse', 'Refuser') },
      { value: 'pieces', text: text('Ask for documents', 'Demander des pièces') },
    ],
  },
  numeric: {
    type: 'numeric',
    question: text('Households to evacuate?', 'Ménages à évacuer ?'),
    unit: text('households', 'ménages'),
    min: 0,
    max: 2000,
    step: 1,
    correct_within: 20,
  },
} as const;

const FIELDS = [
  { key: 'score_a', label: text('Payment delays', 'Retards de paiement'), format: 'integer' },
  { key: 'score_b', label: text('Debt ratio', "Taux d'endettement"), format: 'decimal' },
  { key: 'sector', label: text('Sector', 'Secteur'), format: 'text' },
  { key: 'score_c', label: text('Headcount', 'Effectif'), format: 'integer', unit: text('employees', 'salariés') },
];

/** Synthetic cases: a latent score from the fields decides the truth, with noise; the bank's AI is right ~80%. */
export function makeCases(task: TaskKind, n: number, o: FixtureOptions = {}): Case[] {
  const rng = createRng(seedFor('fixture-cases', task, n));
  const sectors = ['industrie', 'commerce', 'services', 'btp'];
  const practiceCount = o.practiceCases ?? 0;
  const attentionCount = o.attentionCases ?? 0;
  return Array.from({ length: n }, (_, i) => {
    const a = rng.int(0, 10);
    const b = Math.round(rng.float() * 200) / 100;
    const sector = rng.pick(sectors);
    const c = rng.int(1, 300);
    const latent = (a - 5) / 3 + (b - 1) * 1.5 + (sector === 'btp' ? 0.5 : 0) + (rng.float() - 0.5);
    let truth: string | number;
    let labels: string[] = [];
    if (task === 'binary') {
      labels = ['contacter', 'ne_pas_contacter'];
      truth = latent > 0 ? 'contacter' : 'ne_pas_contacter';
    } else if (task === 'categorical') {
      labels = ['accorder', 'refuser', 'pieces'];
      truth = latent > 0.6 ? 'refuser' : latent < -0.6 ? 'accorder' : 'pieces';
    } else {
      truth = Math.max(0, Math.min(2000, Math.round(c * 3 + a * 40 + b * 100)));
    }
    const aiRight = rng.float() < 0.8;
    const recommendation =
      typeof truth === 'number'
        ? aiRight
          ? truth + rng.int(-10, 10)
          : Math.round(truth * 1.4) + 30
        : aiRight
          ? truth
          : labels.filter((l) => l !== truth)[rng.int(0, labels.length - 2)];
    const contributions =
      o.contributions === false
        ? undefined
        : typeof truth === 'number'
          ? { score_a: a * 40 - 200, score_b: b * 100 - 100, score_c: Number(recommendation) - (a * 40 - 200) - (b * 100 - 100) - 400 }
          : { score_a: Math.abs((a - 5) / 3) + 0.1, score_b: Math.abs(b - 1) + 0.05, score_c: -0.2 };
    return {
      id: `c${String(i).padStart(3, '0')}`,
      truth,
      values: { score_a: a, score_b: b, sector, score_c: c },
      ai: {
        recommendation,
        ...(o.bankConfidence ? { confidence: Math.round((0.6 + rng.float() * 0.35) * 100) / 100 } : {}),
        ...(contributions ? { contributions } : {}),
        counterfactual: { en: 'bank counterfactual', fr: 'contrefactuel de la banque' },
        rationale: { en: 'bank rationale', fr: 'justification de la banque' },
      },
      attentionCheck: i >= n - attentionCount,
      practice: i < practiceCount,
    };
  });
}

export function makeExperiment(o: FixtureOptions = {}): Experiment {
  const task = o.task ?? 'binary';
  const explanations = o.explanations ?? [{ type: 'none' }, { type: 'feature_importance', top: 5, show_values: true }];
  const levels = Object.fromEntries(
    explanations.map((e) => [
      e.type,
      { explanation: e, ...(o.conditionErrors?.[e.type] !== undefined ? { advisor_errors: o.conditionErrors[e.type] } : {}) },
    ]),
  );
  const file = experimentSchema.parse({
    id: `fixture-${task}`,
    version: '1',
    title: text('Fixture'),
    languages: ['fr', 'en'],
    texts: { consent: text('c'), instructions: text('i'), debrief: text('d') },
    completion_code: 'ABCD-1234',
    seed: o.seed ?? 7,
    task: TASKS[task],
    display: { fields: FIELDS },
    cases: { file: 'cases.csv' },
    advisor: {
      source: o.source ?? 'simulated',
      ...((o.source ?? 'simulated') === 'simulated' ? { errors: o.errors ?? 5 } : {}),
      no_errors_in_first: o.noErrorsInFirst ?? 0,
      no_errors_in_last: o.noErrorsInLast ?? 0,
      min_gap: o.minGap ?? 1,
      confidence: o.confidence ?? 'calibrated',
      seed: 3,
    },
    factors: { explanation: { levels } },
    design: { type: o.design ?? 'between' },
    procedure: {
      paradigm: 'two_stage',
      practice: { count: o.practice ?? 0 },
      trials: { count: o.trials ?? 20, sampling: o.sampling ?? 'random', ...(o.fixedCases ? { cases: o.fixedCases } : {}) },
      attention_checks: o.attentionChecks ?? [],
    },
    assignment: { target_per_condition: 30 },
  });
  const conditions: Condition[] = explanations.map((e) => ({
    id: e.type,
    levels: { explanation: e.type },
    explanation: e,
    ...(o.conditionErrors?.[e.type] !== undefined ? { advisorErrors: o.conditionErrors[e.type] } : {}),
  }));
  const cases = makeCases(task, o.cases ?? 120, o);
  return {
    file,
    path: '/fixture/experiment.yaml',
    dir: '/fixture',
    configHash: 'fixture',
    conditions,
    control: 'none',
    cases,
    caseById: new Map(cases.map((c) => [c.id, c])),
  };
}
