import type { Command } from 'commander';

export const FORMATS = ['table', 'json'] as const;
export const TESTS = ['welch', 'mixed'] as const;

export interface PowerFlags {
  effect: string;
  participants: string[];
  simulations?: string;
  sd: string;
  seed: string;
  alpha: string;
  format: string;
  test: string;
  iccParticipant?: string;
  iccCase?: string;
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
    .option('--test <test>', `the planned test: ${TESTS.join(' (participant-level Welch t, Holm) or ')} (the mixed model of confiance analyze)`, 'welch')
    .option('--icc-participant <x>', 'mixed: intraclass correlation of participants on the latent logit scale (default 0.1)')
    .option('--icc-case <x>', 'mixed: intraclass correlation of cases on the latent logit scale (default 0.05)')
    .option('--simulations <S>', 'simulated studies per sample size (default 1000; 200 for --test mixed, each a model fit)')
    .option('--sd <x>', "between-participant SD of each participant's rate (probability scale, Beta distribution)", '0.1')
    .option('--alpha <a>', 'significance level (of the Holm-adjusted Welch tests, or of each mixed-model Wald test)', '0.05')
    .option('--seed <n>', 'seed of the simulation', '1')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, 'table')
    .addHelpText(
      'after',
      '\nMetrics: agreement and accuracy_final (all trials), overreliance (trials with wrong advice), underreliance\n' +
        '(trials with right advice), accuracy_initial (two-stage). Conditions not named in --effect get the control\'s\n' +
        "rate and stay in the Holm family. Each participant's rate ~ Beta(mean p, SD --sd), their count\n" +
        '~ Binomial(their denominator, rate). Within-subjects: N participants each see every condition, and their\n' +
        'rates in the conditions are drawn independently (the analysis\'s Welch test treats them as independent too).\n' +
        '\n--test mixed: each simulated study is analysed by the mixed model of confiance analyze\n' +
        '(<metric> ~ condition + (1 | participant_id) + (1 | case_id), binomial, Laplace); power = share of studies\n' +
        'where the condition term\'s Wald p < alpha, with its 95% Monte Carlo interval. Rates are those of a typical\n' +
        'participant on a typical case; a condition may give an odds ratio instead ("feature_importance=OR 1.5").\n' +
        'Random intercepts ~ N(0, sigma^2) with sigma_p^2 = ICC_p / (1 - ICC_p - ICC_c) * pi^2/3 (and likewise\n' +
        'for cases); trials draw their cases from the study\'s case bank. --sd does not apply.',
    )
    .action(async (experiment: string, flags: PowerFlags) => (await import('../actions/power.ts')).runPower(experiment, flags));
}

