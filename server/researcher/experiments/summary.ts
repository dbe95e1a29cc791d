import type { Experiment } from '../../../experiments/model.ts';

/** What a researcher checks before opening a study: the validated design in a few numbers. */
export interface ExperimentSummaryView {
  id: string;
  version: string;
  configHash: string;
  title: { fr?: string; en?: string };
  languages: string[];
  task: string;
  paradigm: string;
  design: string;
  conditions: { id: string; explanation: string; levels: Record<string, string> }[];
  control: string;
  practiceTrials: number;
  decisionTrials: number;
  attentionChecks: number;
  cases: number;
  targetPerCondition: number;
  closeWhenFull: boolean;
  exclusions: { minRtMs: number; failedAttention: string };
  questionnaires: { before: string[]; after: string[] };
}

export function summarize(exp: Experiment): ExperimentSummaryView {
  const f = exp.file;
  const scaleId = (q: string | { id: string }): string => (typeof q === 'string' ? q : q.id);
  return {
    id: f.id,
    version: f.version,
    configHash: exp.configHash,
    title: { ...f.title },
    languages: [...f.languages],
    task: f.task.type,
    paradigm: f.procedure.paradigm,
    design: f.design.type,
    conditions: exp.conditions.map((c) => ({ id: c.id, explanation: c.explanation.type, levels: { ...c.levels } })),
    control: exp.control,
    practiceTrials: f.procedure.practice.count,
    decisionTrials: f.procedure.trials.count,
    attentionChecks: f.procedure.attention_checks.length,
    cases: exp.cases.length,
    targetPerCondition: f.assignment.target_per_condition,
    closeWhenFull: f.assignment.close_when_full,
    exclusions: {
      minRtMs: f.procedure.exclusions.min_rt_ms,
      failedAttention: f.procedure.exclusions.failed_attention,
    },
    questionnaires: { before: f.questionnaires.before.map(scaleId), after: f.questionnaires.after.map(scaleId) },
  };
}
