/**
 * One screen describing a valid experiment: what `confiance validate` prints, so that a researcher sees at a glance
 * what participants will go through and what the AI will do.
 */
import type { Case, Experiment } from './model.ts';
import type { ExperimentFile, Language, Localized } from './schema.ts';
import type { BonusRule } from './payment/schema.ts';
import { participantIdParameter, recruitmentParameters } from './recruitment/schema.ts';
import { explanationSummary } from './explanations/index.ts';
import { entryLabel, wordingLines } from './questions/summary-lines.ts';
import { trustAndFirstErrorParts } from './trust-probe-summary.ts';
import { decisionPowerParts } from './decision-power/summary.ts';

const WORDS = {
  en: {
    valid: 'valid', languages: 'Languages', task: 'Task', design: 'Design', between: 'between-subjects (one condition per participant)',
    within: 'within-subjects (every condition, in blocks; order by Latin square)', conditions: 'Conditions', control: 'control',
    trials: 'Trials per participant', practice: 'practice', decision: 'decision', checks: 'attention check(s)', obvious: 'obvious case', instructed: 'instructed response',
    paradigm: { two_stage: 'two-stage (initial decision, advice, final decision)', one_stage: 'one-stage (advice shown at once)' },
    sampling: 'sampling', accuracy: 'Expected AI accuracy', aiAccuracy: 'AI accuracy', fromBank: 'from the case bank', simulated: 'simulated',
    questionnaires: 'Questionnaires', before: 'before', after: 'after', nothing: 'none', target: 'Target', perCondition: 'participants per condition',
    cases: 'Case bank', usable: 'usable for decisions', hash: 'configHash', caseWord: 'cases', inAll: 'in all', perBlock: 'per block',
    explanation: 'explanation', framing: 'framing', stated: 'stated accuracy', errors: 'errors', confidence: 'asks confidence',
    recruitment: 'Recruitment', keeps: 'keeps', hashed: 'hashed', resumes: 'resumes on the same', code: 'completion code', ownCodes: 'one code per participant',
    comprehension: 'Comprehension check', questions: 'question(s)', attempts: 'attempt(s), then screen-out',
    payment: 'Payment', fixed: 'fixed', bonus: 'bonus', perRight: 'per right decision', max: 'at most', costAdvice: 'per advice', costExplanation: 'per explanation', noBonus: 'no bonus',
    onRequest: 'advice on request', delayed: 'advice after', trialFeedback: 'feedback after each decision', blockFeedback: 'feedback summary every', conditionBlock: 'feedback summary after the block', trialsWord: 'trials',
  },
  fr: {
    valid: 'valide', languages: 'Langues', task: 'Tâche', design: 'Plan', between: 'inter-sujets (une condition par participant)',
    within: 'intra-sujets (toutes les conditions, par blocs ; ordre en carré latin)', conditions: 'Conditions', control: 'contrôle',
    trials: 'Essais par participant', practice: 'entraînement', decision: 'décision', checks: "contrôle(s) d'attention", obvious: 'cas évident', instructed: 'consigne',
    paradigm: { two_stage: 'deux temps (décision initiale, avis, décision finale)', one_stage: 'un temps (avis affiché d’emblée)' },
    sampling: 'tirage', accuracy: "Exactitude attendue de l'IA", aiAccuracy: "exactitude de l'IA", fromBank: 'selon la banque de cas', simulated: 'simulée',
    questionnaires: 'Questionnaires', before: 'avant', after: 'après', nothing: 'aucun', target: 'Cible', perCondition: 'participants par condition',
    cases: 'Banque de cas', usable: 'utilisables en décision', hash: 'configHash', caseWord: 'cas', inAll: 'au total', perBlock: 'par bloc',
    explanation: 'explication', framing: 'présentation', stated: 'exactitude annoncée', errors: 'erreurs', confidence: 'demande la confiance',
    recruitment: 'Recrutement', keeps: 'garde', hashed: 'haché', resumes: 'reprise sur le même', code: 'code de fin', ownCodes: 'un code par participant',
    comprehension: 'Contrôle de compréhension', questions: 'question(s)', attempts: 'essai(s), puis exclusion',
    payment: 'Rémunération', fixed: 'fixe', bonus: 'bonus', perRight: 'par décision juste', max: 'au plus', costAdvice: 'par avis', costExplanation: 'par explication', noBonus: 'pas de bonus',
    onRequest: 'avis sur demande', delayed: 'avis après', trialFeedback: 'retour après chaque décision', blockFeedback: 'bilan tous les', conditionBlock: 'bilan après le bloc', trialsWord: 'essais',
  },
} as const;

/** The cognitive-forcing and outcome-feedback settings of a condition, when it sets them. */
function manipulationParts(c: Experiment['conditions'][number], lang: Language): string[] {
  const w = WORDS[lang];
  const parts: string[] = [];
  if (c.adviceTiming?.mode === 'on_request') parts.push(w.onRequest);
  if (c.adviceTiming?.mode === 'delayed') parts.push(`${w.delayed} ${c.adviceTiming.delay_s} s`);
  const feedback = c.outcomeFeedback;
  if (feedback?.type === 'trial') parts.push(w.trialFeedback);
  if (feedback?.type === 'block') parts.push(feedback.every === undefined ? w.conditionBlock : `${w.blockFeedback} ${feedback.every} ${w.trialsWord}`);
  return parts;
}

export function summarizeExperiment(exp: Experiment, lang: Language = 'en'): string {
  const w = WORDS[lang];
  const f = exp.file;
  const text = (t: Localized | undefined): string => (t === undefined ? '' : (t[lang] ?? t.fr ?? t.en ?? ''));
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  const lines: string[] = [];
  lines.push(`${f.id} v${f.version} — ${text(f.title)}  [${w.valid}]`);
  lines.push(`  ${w.languages}: ${f.languages.join(', ')}`);
  lines.push(`  ${w.task}: ${describeTask(f, lang)}`);
  lines.push(`  ${w.design}: ${f.design.type === 'between' ? w.between : w.within}; ${w.paradigm[f.procedure.paradigm]}${f.procedure.ask_confidence ? `; ${w.confidence}` : ''}`);

  const n = f.procedure.trials.count;
  const perSchedule = f.design.type === 'within' ? n / exp.conditions.length : n;
  lines.push(`  ${w.conditions} (${exp.conditions.length}):`);
  for (const c of exp.conditions) {
    const parts = [`${w.explanation} ${explanationSummary(c.explanation, f, lang)}`];
    if (c.framing) parts.push(`${w.framing} "${shorten(text(c.framing), 48)}"`);
    if (c.statedAccuracy !== undefined) parts.push(`${w.stated} ${pct(c.statedAccuracy)}`);
    if (c.timeLimitS !== undefined) parts.push(`${c.timeLimitS} s`);
    parts.push(...manipulationParts(c, lang));
    parts.push(...decisionPowerParts(c, lang));
    if (f.advisor.source === 'simulated') {
      const errors = c.advisorErrors ?? f.advisor.errors ?? 0;
      parts.push(`${w.aiAccuracy} ${pct(1 - errors / perSchedule)} (${errors} ${w.errors} / ${perSchedule})`);
    }
    parts.push(...trustAndFirstErrorParts(c, lang));
    lines.push(`    - ${c.id}${c.id === exp.control ? ` (${w.control})` : ''}: ${parts.join('; ')}`);
  }

  const obvious = f.procedure.attention_checks.filter((a) => a.kind === 'obvious_case').length;
  const instructed = f.procedure.attention_checks.length - obvious;
  lines.push(
    `  ${w.trials}: ${f.procedure.practice.count} ${w.practice} + ${n} ${w.decision}` +
      `${f.design.type === 'within' ? ` (${perSchedule} ${w.perBlock})` : ''} + ${f.procedure.attention_checks.length} ${w.checks}` +
      ` (${obvious} ${w.obvious}, ${instructed} ${w.instructed}); ${w.sampling} ${f.procedure.trials.sampling}`,
  );
  const usable = exp.cases.filter((c) => !c.practice && !c.attentionCheck);
  lines.push(`  ${w.cases}: ${f.cases.file} — ${exp.cases.length} ${w.caseWord}, ${usable.length} ${w.usable}`);
  if (f.advisor.source === 'case_bank') {
    const acc = bankAccuracy(exp, usable);
    lines.push(`  ${w.accuracy}: ${acc === null ? '?' : pct(acc)} (${w.fromBank}, ${usable.length} ${w.caseWord})`);
  } else {
    lines.push(`  ${w.accuracy}: ${w.simulated}, per condition above (confidence ${f.advisor.confidence}, seed ${f.advisor.seed})`);
  }
  const scales = (list: ExperimentFile['questionnaires']['before']): string =>
    list.length === 0 ? w.nothing : list.map((s) => entryLabel(s, lang)).join(', ');
  lines.push(`  ${w.questionnaires}: ${w.before}: ${scales(f.questionnaires.before)}; ${w.after}: ${scales(f.questionnaires.after)}`);
  lines.push(...wordingLines(f, lang));
  lines.push(`  ${w.target}: ${f.assignment.target_per_condition} ${w.perCondition} (${f.assignment.target_per_condition * exp.conditions.length} ${w.inAll})`);
  const check = f.procedure.comprehension;
  if (check) lines.push(`  ${w.comprehension}: ${check.questions.length} ${w.questions}, ${check.attempts} ${w.attempts}`);
  const r = f.recruitment;
  if (r) {
    const kept = recruitmentParameters(r).map((p) => (p.store === 'hashed' ? `${p.name} (${w.hashed})` : p.name)).join(', ');
    const id = participantIdParameter(r);
    const code = r.completion.per_participant ? w.ownCodes : `${w.code} ${r.completion.code ?? f.completion_code}`;
    lines.push(`  ${w.recruitment}: ${r.platform}; ${w.keeps} ${kept || w.nothing}${id ? `; ${w.resumes} ${id}` : ''}; ${code}`);
  }
  const pay = f.payment;
  if (pay) {
    const rule = (b: BonusRule | undefined) =>
      !b
        ? w.noBonus
        : [`${w.bonus} ${b.per_correct.toFixed(2)} ${w.perRight}`, b.max !== undefined ? `${w.max} ${b.max.toFixed(2)}` : '', b.cost_per_advice ? `−${b.cost_per_advice.toFixed(2)} ${w.costAdvice}` : '', b.cost_per_explanation ? `−${b.cost_per_explanation.toFixed(2)} ${w.costExplanation}` : '']
            .filter(Boolean)
            .join(', ');
    const own = exp.conditions.filter((c) => c.bonus !== undefined);
    lines.push(`  ${w.payment} (${pay.currency}): ${w.fixed} ${pay.fixed.toFixed(2)}; ${rule(pay.bonus)}${own.map((c) => `; ${c.id}: ${rule(c.bonus)}`).join('')}`);
  }
  lines.push(`  ${w.hash}: ${exp.configHash.slice(0, 12)}`);
  return lines.join('\n');
}

function shorten(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function describeTask(f: ExperimentFile, lang: Language): string {
  const t = f.task;
  if (t.type === 'numeric') return `numeric [${t.min}, ${t.max}] ${t.unit[lang] ?? t.unit.fr ?? t.unit.en ?? ''}, correct within ±${t.correct_within}`;
  return `${t.type} — ${t.labels.map((l) => l.value).join(' / ')}`;
}

/** Share of the usable cases whose ai_recommendation is right (numeric: within correct_within of the truth). */
export function bankAccuracy(exp: Experiment, cases: Case[]): number | null {
  const withAdvice = cases.filter((c) => c.ai.recommendation !== undefined);
  if (withAdvice.length === 0) return null;
  const task = exp.file.task;
  const right = withAdvice.filter((c) =>
    task.type === 'numeric'
      ? Math.abs(Number(c.ai.recommendation) - Number(c.truth)) <= task.correct_within
      : c.ai.recommendation === c.truth,
  ).length;
  return right / withAdvice.length;
}
