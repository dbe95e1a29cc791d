/**
 * The experiment file: the single source of truth for a study.
 *
 * A researcher writes one YAML (or JSON) file per study; `experiments/load.ts` parses it with `experimentSchema`,
 * then runs the cross-field checks (`experiments/checks.ts`) that need the whole file and its case bank.
 * Types are inferred from the schema and the editor JSON Schema is generated from it (`confiance schema`).
 */
import { z } from 'zod';
import { explanationSchema } from './explanations/index.ts';
import { recruitmentSchema } from './recruitment/schema.ts';
import { bonusRuleSchema, paymentSchema } from './payment/schema.ts';
import { consentInformationSchema } from './consent/schema.ts';
import { localizedSchema } from './localized.ts';
import { questionPageSchema } from './questions/schema.ts';
import { levelTrustProbeSchema, trustProbeSchema } from './trust-probe.ts';
import { firstErrorAtSchema } from './first-error-position.ts';
import { adviceTimingSchema } from './manipulations/advice-timing.ts';
import { outcomeFeedbackSchema } from './manipulations/outcome-feedback.ts';
import { decisionPowerSettingsShape } from './decision-power/schema.ts';

export const LANGUAGES = ['fr', 'en'] as const;
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;

/** An identifier used in URLs, CSV cells and file names. */
export const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1-64 lowercase letters, digits, "-" or "_", starting with a letter or digit');

export { localizedSchema, type Localized } from './localized.ts';

const labelSchema = z
  .object({
    value: z.string().min(1).regex(/^[^\s=+\-@]/, 'must not start with a space or = + - @').describe('value stored and exported'),
    text: localizedSchema.describe('what the participant reads'),
  })
  .strict();

const binaryTaskSchema = z
  .object({
    type: z.literal('binary'),
    question: localizedSchema,
    labels: z.array(labelSchema).length(2, 'a binary task has exactly 2 labels'),
  })
  .strict();

const categoricalTaskSchema = z
  .object({
    type: z.literal('categorical'),
    question: localizedSchema,
    labels: z.array(labelSchema).min(2, 'a categorical task needs at least 2 labels').max(12),
  })
  .strict();

const numericTaskSchema = z
  .object({
    type: z.literal('numeric'),
    question: localizedSchema,
    unit: localizedSchema,
    min: z.number(),
    max: z.number(),
    step: z.number().positive().default(1),
    correct_within: z.number().min(0).default(0).describe('|answer - truth| <= correct_within counts as correct'),
  })
  .strict()
  .refine((t) => t.min < t.max, { message: 'min must be below max', path: ['max'] });

export const taskSchema = z.discriminatedUnion('type', [binaryTaskSchema, categoricalTaskSchema, numericTaskSchema]);
export type Task = z.infer<typeof taskSchema>;

export const fieldSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a column name: lowercase letters, digits, "_"'),
    label: localizedSchema,
    unit: localizedSchema.optional(),
    format: z.enum(['text', 'integer', 'decimal', 'percent', 'euros']).default('text'),
  })
  .strict();
export type Field = z.infer<typeof fieldSchema>;

export const caseBankSchema = z
  .object({
    file: z.string().min(1).describe('CSV or JSON file next to the experiment file'),
  })
  .strict();

export const advisorSchema = z
  .object({
    source: z
      .enum(['case_bank', 'simulated'])
      .describe('case_bank: use ai_recommendation from the case bank; simulated: right except on exactly `errors` trials'),
    errors: z.number().int().min(0).optional().describe('simulated: number of wrong recommendations among the decision trials'),
    no_errors_in_first: z.number().int().min(0).default(0).describe('simulated: no wrong advice in the first m decision trials'),
    no_errors_in_last: z.number().int().min(0).default(0),
    min_gap: z.number().int().min(1).default(1).describe('simulated: at least this many trials between two errors'),
    numeric_error: z
      .number()
      .positive()
      .default(0.3)
      .describe('numeric tasks, simulated: a wrong estimate is off by this fraction of the truth (beyond correct_within)'),
    confidence: z.enum(['calibrated', 'overconfident', 'uninformative']).default('calibrated'),
    seed: z.number().int().min(0).default(1),
  })
  .strict();
export type Advisor = z.infer<typeof advisorSchema>;

/** What one factor level sets for the conditions that contain it. */
export const conditionSettingsSchema = z
  .object({
    explanation: explanationSchema.optional(),
    framing: localizedSchema.optional().describe('how the AI is introduced next to its advice (tool, authority...)'),
    advice_labels: z
      .object({
        title: localizedSchema.describe('heading of the advice, e.g. "The expert service\'s recommendation"'),
        recommends: localizedSchema.describe('words before the advice, e.g. "The expert service recommends:"'),
      })
      .strict()
      .optional()
      .describe('how the advice names its source, to agree with the framing (default: "The AI\'s recommendation", "The AI recommends:")'),
    stated_accuracy: z.number().min(0).max(1).optional().describe('accuracy announced to the participant'),
    advisor_errors: z.number().int().min(0).optional().describe('overrides advisor.errors in this condition'),
    time_limit_s: z.number().int().positive().optional().describe('soft time limit shown on each decision'),
    bonus: bonusRuleSchema.optional().describe("this condition's bonus rule (incentives as a manipulation); default: payment.bonus"),
    trust_probe: levelTrustProbeSchema.optional().describe('in-task trust rating in this condition (false: none); default: procedure.trust_probe'),
    first_error_at: firstErrorAtSchema.optional(),
    advice_timing: adviceTimingSchema.optional().describe('when the advice appears: immediate (default), on_request, delayed (cognitive forcing)'),
    outcome_feedback: outcomeFeedbackSchema.optional().describe('feedback on decision trials: none (default), trial, block'),
    ...decisionPowerSettingsShape,
  })
  .strict();
export type ConditionSettings = z.infer<typeof conditionSettingsSchema>;

export const factorSchema = z
  .object({
    description: z.string().optional(),
    levels: z.record(idSchema, conditionSettingsSchema).refine((l) => Object.keys(l).length >= 1, 'needs at least one level'),
  })
  .strict();

export const explicitConditionSchema = z
  .object({
    id: idSchema,
    levels: z.record(z.string(), z.string()).describe('factor name -> level name'),
  })
  .strict();

export const designSchema = z
  .object({
    type: z.enum(['between', 'within']).describe('between: one condition per participant; within: all, in blocks'),
    conditions: z
      .union([z.literal('factorial'), z.array(explicitConditionSchema).min(1)])
      .default('factorial')
      .describe('"factorial" crosses every level of every factor; or an explicit list'),
    control: z.string().optional().describe('control condition for comparisons (default "none", else the first)'),
  })
  .strict();

const attentionCheckSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('obvious_case'),
      case: z.string().min(1).describe('id of a case in the bank whose answer is obvious'),
      after_trial: z.number().int().min(1).describe('shown after this decision trial'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('instructed_response'),
      text: localizedSchema.describe('e.g. "To show you read this, choose ..."'),
      expected: z.string().min(1).describe('the label value (or number) the participant is told to give'),
      case: z
        .string()
        .min(1)
        .optional()
        .describe('dossier shown with the instruction (default: an unused attention-check case of the bank, else an unused case)'),
      after_trial: z.number().int().min(1),
    })
    .strict(),
]);

/** Questions after the instructions, each with its right answer; failing every attempt screens the participant out. */
const comprehensionSchema = z
  .object({
    attempts: z.number().int().min(1).max(5).default(2).describe('tries allowed; after the last wrong one the participant is screened out'),
    questions: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9_]{1,32}$/, 'must be 1-32 lowercase letters, digits or "_"'),
            text: localizedSchema,
            options: z.array(labelSchema).min(2).max(8).describe('the answers offered (value stored, text shown)'),
            correct: z.string().min(1).describe('value of the right option'),
          })
          .strict(),
      )
      .min(1)
      .max(10),
  })
  .strict();

export const procedureSchema = z
  .object({
    paradigm: z.enum(['two_stage', 'one_stage']),
    comprehension: comprehensionSchema.optional().describe('comprehension check after the instructions (screen-out when failed)'),
    ask_confidence: z.boolean().default(false).describe('ask the participant how sure they are (1-7) with each decision'),
    trust_probe: trustProbeSchema.optional().describe('in-task trust rating every k decision trials, in every condition (a level may override it)'),
    practice: z
      .object({ count: z.number().int().min(0).default(0), feedback: z.boolean().default(true) })
      .strict()
      .default({ count: 0, feedback: true }),
    trials: z
      .object({
        count: z.number().int().min(1).max(500),
        sampling: z.enum(['fixed', 'random', 'stratified']).default('random'),
        cases: z.array(z.string()).optional().describe('sampling "fixed": these case ids, in this order'),
      })
      .strict(),
    attention_checks: z.array(attentionCheckSchema).default([]),
    exclusions: z
      .object({
        min_rt_ms: z.number().int().min(0).default(0).describe('trials answered faster than this are excluded'),
        failed_attention: z.enum(['exclude_participant', 'flag_only']).default('exclude_participant'),
      })
      .strict()
      .default({ min_rt_ms: 0, failed_attention: 'exclude_participant' }),
  })
  .strict();
export type Procedure = z.infer<typeof procedureSchema>;

export const customScaleSchema = z
  .object({
    id: idSchema,
    title: localizedSchema,
    points: z.number().int().min(2).max(11),
    anchors: z
      .object({ low: localizedSchema, high: localizedSchema })
      .strict()
      .describe('labels of the two ends of the scale'),
    items: z
      .array(z.object({ id: z.string().regex(/^[a-z0-9_]+$/), text: localizedSchema }).strict())
      .min(1),
    reversed: z.array(z.string()).default([]).describe('item ids scored as (points + 1 - value)'),
  })
  .strict();
export type CustomScale = z.infer<typeof customScaleSchema>;

export const BUNDLED_SCALES = ['jian_trust', 'propensity', 'korber_tia', 'hoffman_trust', 'nasa_tlx', 'self_competence'] as const;
export const questionnaireRefSchema = z.union([
  z.enum(BUNDLED_SCALES).describe('a bundled scale (docs/QUESTIONNAIRES.md: source, and whether each language is the validated wording)'),
  customScaleSchema,
  questionPageSchema,
]);

export const assignmentSchema = z
  .object({
    policy: z.literal('balanced').default('balanced').describe('least-filled condition, counting stale participants out'),
    target_per_condition: z.number().int().min(1),
    stale_after_minutes: z.number().int().min(1).default(60),
    close_when_full: z.boolean().default(true).describe('refuse new participants once every condition reached its target'),
  })
  .strict();

export const experimentSchema = z
  .object({
    id: idSchema,
    version: z.string().min(1).max(32),
    title: localizedSchema,
    languages: z.array(languageSchema).min(1).max(2),
    texts: z
      .object({
        consent: localizedSchema,
        instructions: localizedSchema,
        debrief: localizedSchema,
      })
      .strict(),
    completion_code: z.string().regex(/^[A-Za-z0-9-]{4,32}$/, 'must be 4-32 letters, digits or "-"'),
    seed: z.number().int().min(0).default(1).describe('seed of the design: case order, assignment ties'),
    task: taskSchema,
    display: z.object({ fields: z.array(fieldSchema).min(1) }).strict(),
    cases: caseBankSchema,
    advisor: advisorSchema,
    factors: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), factorSchema),
    design: designSchema,
    procedure: procedureSchema,
    questionnaires: z
      .object({ before: z.array(questionnaireRefSchema).default([]), after: z.array(questionnaireRefSchema).default([]) })
      .strict()
      .default({ before: [], after: [] }),
    assignment: assignmentSchema,
    consent: consentInformationSchema.optional().describe('the information shown before consent (data controller, legal basis, rights...), for an ethics board and the CNIL'),
    real_participants: z.boolean().default(false).describe('true once the study runs with real people (also implied by `recruitment`): validate then warns about missing consent information'),
    payment: paymentSchema.optional().describe('fixed payment and bonus rules, computed by the server at completion'),
    recruitment: recruitmentSchema.optional().describe('a panel (Prolific...): URL parameters to keep, and where each end of the study sends people'),
  })
  .strict();

/** The experiment file as written (after zod defaults). */
export type ExperimentFile = z.infer<typeof experimentSchema>;
