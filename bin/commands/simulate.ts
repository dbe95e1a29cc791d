/**
 * `confiance simulate <experimentId> --participants N`: bots that take part in a study through the real HTTP flow
 * (as browsers without JavaScript), against a running server (`--url`) or a server started here on the embedded
 * store. Prints a progress bar on a terminal and a summary; exits with 1 when a bot meant to finish did not.
 * The work is in bin/actions/simulate.ts, loaded only when the command runs.
 */
import type { Command } from 'commander';

export interface SimulateFlags {
  participants: string;
  concurrency: string;
  policy: string;
  url?: string;
  seed: string;
  speed: string;
  dropout: string;
  inattentive: string;
  lang?: string;
  dataDir?: string;
  analyze?: boolean;
  retryFor: string;
  json?: boolean;
}

const POLICY_HELP = `
Policies (--policy name[:params]; params positional or named; every policy also takes own=<q>, the bot's own
accuracy, default 0.7):
  always-follow, never-follow
  random:p                        follows with probability p
  accuracy-based:p_right,p_wrong  follows right advice with probability p_right, wrong advice with p_wrong
  confidence-threshold:t          follows when the confidence shown (model confidence, else stated accuracy) >= t
  calibrated:q                    own accuracy q; when the advice differs from its own answer, follows when q is
                                  lower than the confidence shown
Cognitive forcing (every policy also takes them): ask=<p>, on a page whose advice is on request, asks for it with
probability p (default 0.5); hasty=<p>, on a page whose advice is delayed, first sends its decision at once with
probability p (default 0): the server refuses it, the bot waits for the advice and decides again (counted in the
summary). Example: --policy accuracy-based:0.9,0.3,ask=0.7,hasty=0.2
  override:p[,p_justified]        decision power: when its own answer differs from the advice, overrides it with
                                  probability p (p_justified when an override must be justified), else follows
A bot reads only the pages. Its private knowledge is the experiment file: it recognises each dossier in the case
bank, which tells it whether the advice is right (accuracy-based) and lets its own answers be right with its own
accuracy. Except with calibrated, a bot that does not follow answers something other than the advice, so agreement,
over-reliance and under-reliance equal the policy's probabilities.
Decision power (last_word, justify_overrides): where the AI's proposal is applied unless overridden, a bot that
follows presses "apply the proposal" and one that does not chooses its answer and overrides; asked to justify an
override, it writes a sentence about the dossier, too short a first time in one case out of four (seeded), and
then, refused, a long enough one.

Response times: before each answer a bot waits a log-normal time (median 6 to 20 s by page, 3.5 s per
questionnaire item; sigma 0.5) divided by --speed, and sends it in decision forms as client_rt_ms, as the page
script would. --dropout f: round(f x N) bots leave at a random page; --inattentive f: round(f x N) bots answer
attention checks wrongly.
Trust probe (procedure/level trust_probe): a bot's trust starts at 0.7, drops by 0.2 after each wrong advice it saw
(it knows from the case bank) and recovers 15 % of the way to 1 after each right one; it rates 1 + (points - 1) x
trust, dithered to a whole point; self-confidence: 1 + (points - 1) x its own accuracy.
Each draw is seeded by --seed, the participant id (chosen by the server, at random) and the page: a page answered
again after a lost connection gets the same answer. Exit status 0 when every bot not meant to drop out completed,
1 otherwise, with the errors summarised.

Without --url, a server is started here on the embedded store (a temporary DATA_DIR unless --data-dir), the study
opened; its clock runs --speed times faster, so that server-measured response times are the simulated ones.
Against --url, the server measures real (fast) times: min_rt_ms exclusions apply to them unless --speed is 1, and
its join rate limit (per address) applies to the bots.

Examples:
  confiance simulate signaux-faibles --participants 120 --policy accuracy-based:0.9,0.3 --analyze
  confiance simulate signaux-faibles --participants 40 --url http://127.0.0.1:3000 --speed 20 --dropout 0.1
`;

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('simulated participants (bots) through the real HTTP flow, with a reliance policy')
    .argument('<experimentId>', 'id of a study in EXPERIMENTS_DIR (the bots read its file as private knowledge)')
    .requiredOption('--participants <N>', 'number of bots')
    .option('--concurrency <C>', 'bots at a time', '10')
    .option('--policy <name[:params]>', 'reliance policy (see below)', 'accuracy-based:p_right=0.85,p_wrong=0.35')
    .option('--url <url>', 'a running server (default: start one here on the embedded store)')
    .option('--seed <s>', 'seed of every draw of the bots', '1')
    .option('--speed <x>', 'simulated seconds per real second of waiting, or "max" for no waiting', '100')
    .option('--dropout <fraction>', 'share of bots that stop at a random page', '0')
    .option('--inattentive <fraction>', 'share of bots that fail attention checks (and answer faster)', '0')
    .option('--lang <fr|en>', "language of the bots (default: the study's first language)")
    .option('--data-dir <dir>', 'in-process server: keep the data in this directory')
    .option('--analyze', 'in-process server: print the analysis of the simulated data at the end')
    .option('--retry-for <seconds>', 'how long a bot keeps trying an unreachable server', '10')
    .option('--json', 'print the summary as JSON')
    .addHelpText('after', POLICY_HELP)
    .action(async (experimentId: string, flags: SimulateFlags) => (await import('../actions/simulate.ts')).runSimulate(experimentId, flags));
}
