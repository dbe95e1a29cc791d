/**
 * The metric part of the analysis beside R data.table alone (issue 15): `npm run bench -- datatable` generates the
 * analysis module's CSV (1,000,000 trials from 20,000 participants, seed 1) and runs bench/datatable-rates.ts in five
 * alternating rounds (`metric_ratio_vs_datatable`, target <= 2), without the rest of the analysis module (bootstrap,
 * mixed models), so that the comparison can be repeated in a few minutes.
 */
import { join } from 'node:path';
import type { BenchModule } from './harness/types.ts';
import { writeTrialCsv } from './population/write-trial-csv.ts';
import { CONDITIONS } from './population/trial-population.ts';
import { metricVsDatatable } from './datatable-rates.ts';

const bench: BenchModule = {
  title: 'The metric part (analyze --no-models --bootstrap 0) beside R data.table, 1,000,000 trials',
  async run(context) {
    const participants = context.quick ? 1000 : 20_000;
    const csv = join(context.tmp, 'trials.csv');
    await writeTrialCsv({ participants, trialsPerParticipant: 50, conditions: CONDITIONS, seed: 1 }, csv);
    context.log(`generated ${participants * 50} trials`);
    const metric = await metricVsDatatable(context, csv, 5);
    return { figures: metric.figures, details: { participants, trials: participants * 50, ...metric.details }, notes: metric.notes };
  },
};
export default bench;
