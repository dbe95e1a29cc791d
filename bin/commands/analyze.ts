import type { Command } from 'commander';
import { TASK_TYPES } from '../../analysis/metrics/task-type.ts';

export const FORMATS = ['table', 'json', 'csv', 'html'] as const;
export type Format = (typeof FORMATS)[number];
export const DESIGNS = ['between', 'within', 'factorial'] as const;
export const MODEL_COVARIATES = ['position', 'confidence'] as const;

export interface AnalyzeFlags {
  input?: string;
  responses?: string;
  control?: string;
  format: string;
  out?: string;
  bootstrap: string;
  seed: string;
  rScript?: string;
  task?: string;
  tolerance?: string;
  design?: string;
  factors?: string;
  undefinedAsZero?: boolean;
  where: string[];
  equivalenceMargin?: string;
  primary?: string;
  models: boolean;
  modelCovariates?: string;
  groupBy?: string;
}

/**
 * `confiance analyze <experimentId | --input trials.csv>`: every reliance metric per condition with intervals, every
 * comparison against the control, the questionnaire scales, the mixed models; as terminal tables, JSON
 * (docs/ANALYSIS.md section 7), CSV or a self-contained HTML report; optionally an R script for the mixed models. The
 * work is in bin/actions/analyze.ts, loaded only when the command runs.
 */
export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('reliance and trust statistics of one experiment (from the store) or of a trial CSV')
    .argument('[experimentId]', 'id of an opened experiment in the configured store (embedded or MONGODB_URI)')
    .option('--input <trials.csv>', 'analyse this trial CSV (docs/ANALYSIS.md section 5) instead of the store')
    .option('--responses <responses.csv>', 'questionnaire answers: participant_id,scale,item,value')
    .option('--control <condition>', 'control condition (default: "none" when present, else the first)')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'table')
    .option('--out <file>', 'write the report to this file instead of stdout')
    .option('--bootstrap <B>', 'participant-cluster bootstrap resamples (0 = off)', '2000')
    .option('--seed <n>', 'seed of the bootstrap', '1')
    .option('--r-script <file.R>', 'also write an R script (lme4) fitting the mixed models on the trial CSV')
    .option('--task <type>', `task type: ${TASK_TYPES.join(', ')} (default: from the experiment, or inferred from the CSV)`)
    .option('--tolerance <x>', 'numeric tasks: |answer - truth| <= x counts as correct (correct_within)')
    .option('--design <type>', `${DESIGNS.join(', ')} (default: from the experiment, or inferred from the CSV)`)
    .option('--factors <names>', 'comma-separated factors (e.g. explanation,framing): columns of the CSV, or level names joined by "+" in the condition')
    .option('--undefined-as-zero', 'count a participant whose denominator is 0 as a ratio of 0 (default: left out and counted)')
    .option('--where <column=value>', 'analyse only the rows where this column has this value (repeatable; all must hold)', collect, [])
    .option('--group-by <column>', 'compare the groups of this column (e.g. an extra "cohort" column) instead of the conditions')
    .option('--equivalence-margin <x>', 'equivalence test (TOST) of every comparison: is the difference within +-x?')
    .option('--primary <metric>', 'the primary outcome (a metric key, e.g. agreement), named in the report')
    .option('--no-models', 'skip the mixed models (glmer-equivalent fits of agreement, overreliance, rair, rsr)')
    .option('--model-covariates <names>', `add covariates to every mixed model: ${MODEL_COVARIATES.join(', ')} (comma-separated)`)
    .addHelpText(
      'after',
      '\nTask inference for a CSV: numeric when every truth, ai_advice, initial and final value is a number and there\n' +
        'are more than two distinct truth values; otherwise labels compared as strings (binary with two labels, else\n' +
        'categorical). Pass --task to decide it yourself.\n' +
        'Design of a CSV: within-subjects when a participant has trials in several conditions, else between-subjects;\n' +
        '--design between makes such a participant an error; --design factorial (between-subjects) needs --factors.',
    )
    .action(async (experimentId: string | undefined, flags: AnalyzeFlags) => (await import('../actions/analyze.ts')).runAnalyze(experimentId, flags));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
