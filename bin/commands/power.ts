import type { Command } from 'commander';

export const FORMATS = ['table', 'json'] as const;

export interface PowerFlags {
  effect: string;
  participants: string[];
  simulations: string;
  sd: string;
  seed: string;
  alpha: string;
  format: string;
}

/**
 * `confiance power <experimentId | experiment.yaml> --effect "..."`: Monte Carlo power of the participant-level test
 * of `confiance analyze` (Welch t on per-participant ratios, Holm across the comparisons) for a stated effect, on the
 * study's real design.
 */
export function registerPower(program: Command): void {
  program
    .command('power')
    .description('Monte Carlo power of the Holm-adjusted participant-level test for a stated effect, on a study\'s design')
    .argument('<experiment>', 'an experiment id (EXPERIMENTS_DIR/<id>/experiment.yaml) or the path of an experiment file')
    .requiredOption('--effect <text>', 'metric and expected rates, e.g. "agreement: none=0.60, feature_importance=0.70"')
    // Variadic so that `--participants 20..200 step 20` works without quotes.
    .option('--participants <range...>', 'participants per condition: 20..200 step 20, 20..200 (step 10) or 20,50,100', ['20..200', 'step', '20'])
    .option('--simulations <S>', 'simulated studies per sample size', '1000')
    .option('--sd <x>', "between-participant SD of each participant's rate (probability scale, Beta distribution)", '0.1')
    .option('--alpha <a>', 'significance level of the Holm-adjusted tests', '0.05')
    .option('--seed <n>', 'seed of the simulation', '1')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'table')
    .addHelpText(
      'after',
      '\nMetrics: agreement and accuracy_final (all trials), overreliance (trials with wrong advice), underreliance\n' +
        '(trials with right advice), accuracy_initial (two-stage). Conditions not named in --effect get the control\'s\n' +
        "rate and stay in the Holm family. Each participant's rate ~ Beta(mean p, SD --sd), their count\n" +
        '~ Binomial(their denominator, rate). Within-subjects: N participants each see every condition, and their\n' +
        'rates in the conditions are drawn independently (the analysis\'s Welch test treats them as independent too).',
    )
    .action(async (experiment: string, flags: PowerFlags) => (await import('../actions/power.ts')).runPower(experiment, flags));
}

