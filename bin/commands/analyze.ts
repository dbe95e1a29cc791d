import type { Command } from 'commander';
import { TASK_TYPES } from '../../analysis/metrics/task-type.ts';

export const FORMATS = ['table', 'json', 'csv', 'html'] as const;
export type Format = (typeof FORMATS)[number];

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
}

/**
 * `confiance analyze <experimentId | --input trials.csv>`: every reliance metric per condition with intervals, every
 * comparison against the control, the questionnaire scales; as terminal tables, JSON (METRICS.md section 6), CSV or
 * a self-contained HTML report; optionally an R script for the mixed models. The work is in bin/actions/analyze.ts,
 * loaded only when the command runs.
 */
export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('reliance and trust statistics of one experiment (from the store) or of a trial CSV')
    .argument('[experimentId]', 'id of an opened experiment in the configured store (embedded or MONGODB_URI)')
    .option('--input <trials.csv>', 'analyse this trial CSV (METRICS.md section 5) instead of the store')
    .option('--responses <responses.csv>', 'questionnaire answers: participant_id,scale,item,value')
    .option('--control <condition>', 'control condition (default: "none" when present, else the first)')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'table')
    .option('--out <file>', 'write the report to this file instead of stdout')
    .option('--bootstrap <B>', 'participant-cluster bootstrap resamples (0 = off)', '2000')
    .option('--seed <n>', 'seed of the bootstrap', '1')
    .option('--r-script <file.R>', 'also write an R script (lme4) fitting the mixed models on the trial CSV')
    .option('--task <type>', `task type: ${TASK_TYPES.join(', ')} (default: from the experiment, or inferred from the CSV)`)
    .option('--tolerance <x>', 'numeric tasks: |answer - truth| <= x counts as correct (correct_within)')
    .addHelpText(
      'after',
      '\nTask inference for a CSV: numeric when every truth, ai_advice, initial and final value is a number and there\n' +
        'are more than two distinct truth values; otherwise labels compared as strings (binary with two labels, else\n' +
        'categorical). Pass --task to decide it yourself.',
    )
    .action(async (experimentId: string | undefined, flags: AnalyzeFlags) => (await import('../actions/analyze.ts')).runAnalyze(experimentId, flags));
}
