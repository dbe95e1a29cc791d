import { z } from 'zod';
import type { ExperimentDoc } from '../index.ts';
import { trustProbeColumns, type TrustProbeColumns } from './trust-probe-columns.ts';

/**
 * The parts of an opened experiment's config snapshot that monitoring and export act on. Read leniently from the
 * snapshot (the file as opened), never from the file on disk, which may have been edited since.
 */
export interface StudyRules {
  taskType: 'binary' | 'categorical' | 'numeric';
  /** Numeric tasks: |answer - truth| <= correctWithin counts as right (attention checks). */
  correctWithin: number;
  paradigm: 'two_stage' | 'one_stage';
  askConfidence: boolean;
  minRtMs: number;
  failedAttention: 'exclude_participant' | 'flag_only';
  targetPerCondition: number | null;
  staleAfterMinutes: number;
  /** The study asks an in-task trust probe (procedure or a factor level): the export adds its columns. */
  trustProbe: TrustProbeColumns | null;
  /** Some condition sets advice_timing / outcome_feedback: the trial CSV has their columns (forcing-columns.ts). */
  adviceTiming: boolean;
  outcomeFeedback: boolean;
  /** Some factor level sets last_word or justify_overrides: the trial CSV gets the decision-power columns. */
  decisionPower: boolean;
}

const snapshotSchema = z.object({
  task: z.object({ type: z.enum(['binary', 'categorical', 'numeric']), correct_within: z.number().optional() }),
  procedure: z.object({
    paradigm: z.enum(['two_stage', 'one_stage']),
    ask_confidence: z.boolean().optional(),
    exclusions: z
      .object({
        min_rt_ms: z.number().optional(),
        failed_attention: z.enum(['exclude_participant', 'flag_only']).optional(),
      })
      .optional(),
  }),
  assignment: z
    .object({ target_per_condition: z.number().optional(), stale_after_minutes: z.number().optional() })
    .optional(),
  factors: z.record(z.string(), z.object({ levels: z.record(z.string(), z.record(z.string(), z.unknown())) })).optional(),
});

export function studyRules(doc: ExperimentDoc): StudyRules {
  const raw = typeof doc.config === 'string' ? (JSON.parse(doc.config) as unknown) : doc.config;
  // The snapshot may be the bare file or wrap it as { file }.
  const candidate =
    raw !== null && typeof raw === 'object' && 'file' in raw && !('task' in raw) ? (raw as { file: unknown }).file : raw;
  const parsed = snapshotSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new Error(`Experiment ${doc.id} (${doc.configHash}): the stored config snapshot is not an experiment file`);
  }
  const c = parsed.data;
  return {
    taskType: c.task.type,
    correctWithin: c.task.correct_within ?? 0,
    paradigm: c.procedure.paradigm,
    askConfidence: c.procedure.ask_confidence ?? false,
    minRtMs: c.procedure.exclusions?.min_rt_ms ?? 0,
    failedAttention: c.procedure.exclusions?.failed_attention ?? 'exclude_participant',
    targetPerCondition: c.assignment?.target_per_condition ?? null,
    staleAfterMinutes: c.assignment?.stale_after_minutes ?? 60,
    trustProbe: trustProbeColumns(candidate),
    adviceTiming: levelsSet(c.factors, 'advice_timing'),
    outcomeFeedback: levelsSet(c.factors, 'outcome_feedback'),
    decisionPower: Object.values(c.factors ?? {}).some((f) => Object.values(f.levels).some((l) => 'last_word' in l || 'justify_overrides' in l)),
  };
}

/** Whether some level of some factor sets `key`. */
function levelsSet(factors: z.infer<typeof snapshotSchema>['factors'], key: 'advice_timing' | 'outcome_feedback'): boolean {
  return Object.values(factors ?? {}).some((f) => Object.values(f.levels).some((l) => l[key] !== undefined));
}
