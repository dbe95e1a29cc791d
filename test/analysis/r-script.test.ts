import { describe, it, expect, beforeAll, vi } from 'vitest';
import request from 'supertest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { analyze, type AnalyzeOptions } from '../../analysis/analyze.ts';
import { readTrialCsv } from '../../analysis/input/trial-csv.ts';
import { TRIAL_CSV_HEADER } from '../../analysis/input/trial-csv.ts';
import { renderRScript } from '../../analysis/report/r-script.ts';
import { conditionFactors } from '../../analysis/report/condition-factors.ts';
import { main } from '../../bin/cli.ts';
import type { AnalysisResult } from '../../analysis/result.ts';
import { trial } from './rows.ts';
import { openStore } from '../../server/store/index.ts';
import { makeHarness, auth, STUDY } from '../researcher/harness.ts';
import { Population } from '../researcher/population.ts';

/**
 * A synthetic two-stage binary study, 8 participants x 20 trials per condition, built so that the models have
 * known answers. AI wrong on trials 3, 7, 11, 15, 19 (none in `perfect`); on AI-wrong trials every participant of
 * every condition follows exactly 2 of 5; on AI-right trials `treatment` follows 19 of 20 times in 20, the others
 * 2 of 3. So agreement differs between control and treatment while over-reliance does not. `within`: the same
 * participants do every condition, one block of 20 trials after the other.
 */
function syntheticCsv(conditions: readonly string[], participants = 8, within = false): string {
  const lines = [TRIAL_CSV_HEADER.join(',')];
  for (const [block, condition] of conditions.entries()) {
    for (let i = 0; i < participants; i++) {
      for (let t = 0; t < 20; t++) {
        const truth = t % 2 === 0 ? 'yes' : 'no';
        const other = truth === 'yes' ? 'no' : 'yes';
        const aiWrong = !condition.startsWith('perfect') && t % 4 === 3;
        const advice = aiWrong ? other : truth;
        const initial = (t + i) % 3 === 0 ? other : truth;
        const follow = aiWrong ? (t + i) % 5 < 2 : condition.startsWith('treatment') ? (t + i) % 15 !== 1 : (t + i) % 3 !== 1;
        const final = follow ? advice : advice === 'yes' ? 'no' : 'yes';
        const id = within ? `p${i}` : `${condition}-${i}`;
        lines.push([id, condition, within ? 20 * block + t : t, `c${t}`, truth, advice, '', initial, final, 4000, 3000, 0].join(','));
      }
    }
  }
  return lines.join('\n') + '\n';
}

async function analyzeCsv(csv: string, options: Partial<AnalyzeOptions> = {}): Promise<AnalysisResult> {
  return analyze(readTrialCsv(Readable.from([csv]), 'synthetic.csv'), null, { experiment: 'synthetic', resamples: 0, ...options });
}

const script = (result: AnalysisResult, csvPath = 'trials.csv') => renderRScript(result, { csvPath, factors: conditionFactors(result) });

describe('conditionFactors', () => {
  it('reads the declared factors of the result, the control giving the reference levels', async () => {
    const result = await analyzeCsv(syntheticCsv(['none+outil', 'none+autorite', 'rationale+outil', 'rationale+autorite']), {
      factors: ['explanation', 'framing'],
      control: 'none+outil',
    });
    expect(conditionFactors(result)).toEqual([
      {
        name: 'explanation', levels: ['none', 'rationale'], reference: 'none',
        levelOf: { 'none+outil': 'none', 'none+autorite': 'none', 'rationale+outil': 'rationale', 'rationale+autorite': 'rationale' },
      },
      {
        name: 'framing', levels: ['outil', 'autorite'], reference: 'outil',
        levelOf: { 'none+outil': 'outil', 'none+autorite': 'autorite', 'rationale+outil': 'outil', 'rationale+autorite': 'autorite' },
      },
    ]);
  });

  it('gives R-safe names that never overwrite a column the script uses', async () => {
    const result = await analyzeCsv(syntheticCsv(['a+x', 'a+y', 'b+x', 'b+y']), { factors: ['condition', '2nd'] });
    expect(conditionFactors(result)!.map((f) => f.name)).toEqual(['condition_factor', 'factor2']);
  });

  it('is null without declared factors', async () => {
    expect(conditionFactors(await analyzeCsv(syntheticCsv(['none+x', 'treatment+x', 'none+y', 'treatment+y'])))).toBeNull();
  });
});

describe('R script text', () => {
  let twoStage: AnalysisResult;
  beforeAll(async () => {
    twoStage = await analyzeCsv(syntheticCsv(['none', 'treatment', 'perfect']));
  });

  it('fits agreement without the AI-correctness interaction, and discrimination as its own effect-coded model', () => {
    const text = script(twoStage);
    expect(text).toContain('effects <- "condition"');
    expect(text).toContain('m_agreement <- fit_model("agreement"');
    expect(text).toMatch(/m_agreement <- fit_model\([^\n]*"follow",\n {2}effects, d\)/);
    expect(text).toMatch(/m_discrimination <- fit_model\([^\n]*"follow",\n {2}paste0\("\(", effects, "\) \* ai_correct_c"\), d\)/);
    expect(text).toContain('d$ai_correct_c <- d$ai_correct - 0.5');
    expect(text).not.toContain('condition * ai_correct +');
  });

  it('fits over-reliance on AI-wrong trials, RAIR and RSR on their subsets, each labelled with its estimand', () => {
    const text = script(twoStage);
    expect(text).toMatch(/m_overreliance <- fit_model\("overreliance", "odds of following the advice on AI-wrong trials only[^\n]*\n {2}effects, d\[d\$ai_correct == 0, \]\)/);
    expect(text).toContain('d[d$has_initial & d$initial_correct == 0 & d$ai_correct == 1, ]');
    expect(text).toMatch(/m_rsr <- fit_model\("rsr", [^\n]*"stay",\n {2}effects, d\[d\$has_initial & d\$initial_correct == 1 & d\$ai_correct == 0, \]\)/);
    expect(text.match(/^# \d\. (\w+):/gm)).toEqual(['# 1. agreement:', '# 2. discrimination:', '# 3. overreliance:', '# 4. rair:', '# 5. rsr:']);
  });

  it('uses treatment contrasts against the control, and checks subsets, dropped columns, singular fits and warnings', () => {
    const text = script(twoStage);
    expect(text).toContain('options(contrasts = c("contr.treatment", "contr.poly"))');
    expect(text).toContain('d$condition <- relevel(d$condition, ref = "none")');
    expect(text).toContain('No trial here for condition(s):');
    expect(text).toContain('fixef(m, add.dropped = TRUE)');
    expect(text).toContain('if (isSingular(m))');
    expect(text).toContain('m@optinfo$conv$lme4$messages');
    expect(text).toContain('d <- d[d$excluded != "1", ]');
  });

  it('has no RAIR or RSR model for one-stage data, and says why', async () => {
    const oneStage = await analyzeCsv(syntheticCsv(['none', 'treatment']).replace(/,(yes|no),(yes|no),4000,/g, ',,$2,,'));
    expect(oneStage.conditions[0].metrics.rair).toBeNull();
    const text = script(oneStage);
    expect(text).not.toContain('m_rair');
    expect(text).toContain('One-stage data: no initial decision, so the RAIR and RSR models do not apply.');
  });

  it('crosses the factors of a factorial design, each releveled to the control level', async () => {
    const factorial = await analyzeCsv(syntheticCsv(['none+x', 'treatment+x', 'none+y', 'treatment+y']), {
      factors: ['explanation', 'framing'],
      control: 'none+x',
    });
    const text = script(factorial);
    expect(text).toContain('effects <- "explanation * framing"');
    expect(text).toContain(
      'd$explanation <- relevel(factor(unname(c("none+x" = "none", "treatment+x" = "treatment", "none+y" = "none", "treatment+y" = "treatment")[as.character(d$condition)]), levels = c("none", "treatment")), ref = "none")',
    );
    expect(text).toContain('levels = c("x", "y")), ref = "x")');
    expect(text).toContain('references <- list(explanation = "none", framing = "x")');
  });

  it('keeps only the rows of the --where filters', async () => {
    const csv = syntheticCsv(['none', 'treatment']).replace(/^(participant_id.*)$/m, '$1,batch').replace(/,0$/gm, ',0,2');
    const filtered = await analyze(readTrialCsv(Readable.from([csv]), 'synthetic.csv', { where: [{ column: 'batch', value: '2' }] }), null, {
      experiment: 'synthetic', resamples: 0, where: { specs: ['batch=2'], rowsLeftOut: () => 0 },
    });
    expect(script(filtered)).toContain('d <- d[trimws(d[["batch"]]) == "2", ]');
  });

  it('adds the covariates of --model-covariates to every model, as the native models do, and none by default', () => {
    expect(script(twoStage)).toContain('model_covariates <- character(0)');
    const text = renderRScript(twoStage, { csvPath: 'trials.csv', factors: null, covariates: ['position', 'confidence'] });
    expect(text).toContain('model_covariates <- c("trial_z", "ai_confidence")');
    expect(text).toContain('formula <- as.formula(paste(outcome, "~", rhs, covariates, "+ (1 | participant_id) + (1 | case_id)"))');
  });

  it('takes the conditions from the --group-by column', () => {
    const text = renderRScript(twoStage, { csvPath: 'trials.csv', factors: null, groupBy: 'cohort' });
    expect(text).toContain('d$condition <- d[["cohort"]]');
    expect(text.indexOf('d[["cohort"]]')).toBeLessThan(text.indexOf('d$condition <- factor(d$condition'));
  });

  it('escapes names as R strings', async () => {
    const odd = await analyze([trial('p1', 'none', 'A', 'A', null, 'A'), trial('p2', 'a"b\\c', 'A', 'B', null, 'A')], null, { experiment: 'e', resamples: 0 });
    const text = script(odd, 'dir/"x".csv');
    expect(text).toContain('csv_path <- "dir/\\"x\\".csv"');
    expect(text).toContain('levels = c("none", "a\\"b\\\\c")');
  });
});

const rscript = spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(lme4))'], { encoding: 'utf8' });
const hasR = rscript.status === 0;
if (!hasR) console.warn('R script models: skipped (Rscript with lme4 not found; install r-base-core r-cran-lme4 to run them)');

/** The printed fixed-effect row `term log_odds se OR OR_lo OR_hi p` of one model's section. */
function oddsRatio(output: string, model: string, term: string): number {
  return Number(fixedEffectRow(output, model, term)[3]);
}

/** The log-odds estimate of a term, as the script prints it (4 significant decimals). */
function logOdds(output: string, model: string, term: string): number {
  return Number(fixedEffectRow(output, model, term)[1]);
}

function fixedEffectRow(output: string, model: string, term: string): string[] {
  const section = output.split(`==== ${model} ====`)[1].split('\n==== ')[0];
  const row = section.split('\n').find((l) => new RegExp(`^${term.replace(/[()]/g, '\\$&')}\\s+-?\\d`).test(l));
  if (row === undefined) throw new Error(`no row ${term} in ${model}:\n${section}`);
  return row.trim().split(/\s+/);
}

/** Writes the CSV in data/, runs `confiance analyze --input ... --r-script models/models.R`, then the script in R. */
async function runInR(csvText: string, ...options: string[]): Promise<{ output: string; result: AnalysisResult }> {
  const dir = mkdtempSync(join(tmpdir(), 'confiance-r-'));
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'models'));
  const csv = join(dir, 'data', 'trials.csv');
  writeFileSync(csv, csvText);
  const r = join(dir, 'models', 'models.R');
  let stderr = '';
  let stdout = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  try {
    await main(['node', 'confiance', 'analyze', '--input', csv, '--bootstrap', '0', '--format', 'json', '--r-script', r, ...options]);
  } finally {
    spy.mockRestore();
    out.mockRestore();
  }
  expect(stderr).toContain(`R script written to ${r}`);
  expect(readFileSync(r, 'utf8')).toContain('csv_path <- "../data/trials.csv"');
  // Run from another folder: the script finds its CSV relative to itself.
  const output = execFileSync('Rscript', [r], { cwd: tmpdir(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { output, result: JSON.parse(stdout) as AnalysisResult };
}

/** The share of outcome = 1 per condition that the script prints before fitting a model. */
function shares(output: string, model: string): Map<string, number> {
  const section = output.split(`==== ${model} ====`)[1].split('\n==== ')[0].split('Model:')[0];
  const rows = [...section.matchAll(/^(\S+)\s+(\d+)\s+(\S+)$/gm)].filter((m) => m[3] !== 'NA');
  return new Map(rows.map((m) => [m[1], Number(m[3])]));
}

/** The R script's subsets and outcomes are the report's definitions: same share per condition (to 3 decimals). */
function expectSameShares(output: string, result: AnalysisResult, models: readonly ('agreement' | 'overreliance' | 'rair' | 'rsr')[]): void {
  for (const model of models) {
    const printed = shares(output, model);
    for (const c of result.conditions) {
      const value = c.metrics[model]?.value ?? null;
      if (value === null) expect(printed.has(c.condition)).toBe(false);
      else expect(printed.get(c.condition)).toBeCloseTo(value, 3);
    }
  }
}

describe.skipIf(!hasR)('R script run in R (lme4), between-subjects', () => {
  let output: string;
  let result: AnalysisResult;
  beforeAll(async () => {
    ({ output, result } = await runInR(syntheticCsv(['none', 'treatment', 'perfect'])));
  }, 120_000);

  it('selects the same trials and outcomes as the report', () => {
    expectSameShares(output, result, ['agreement', 'overreliance', 'rair', 'rsr']);
  });

  it('estimates agreement without the interaction: the treatment effect on all trials, not on AI-wrong ones', () => {
    // Treatment follows right advice far more often (19/20 against 2/3) and wrong advice equally (2/5): a large
    // agreement odds ratio and an over-reliance odds ratio near 1. The old interaction model gave ~1 for both.
    expect(oddsRatio(output, 'agreement', 'conditiontreatment')).toBeGreaterThan(2);
    const over = oddsRatio(output, 'overreliance', 'conditiontreatment');
    expect(over).toBeGreaterThan(0.5);
    expect(over).toBeLessThan(2);
  });

  it('says which condition has no trial in the over-reliance subset, and what lme4 dropped', () => {
    const over = output.split('==== overreliance ====')[1].split('\n==== ')[0];
    expect(over).toContain('No trial here for condition(s): perfect - left out of this model.');
    // RAIR: by construction every initially wrong participant followed right advice: constant outcome, not fitted
    expect(output.split('==== rair ====')[1].split('\n==== ')[0]).toContain('The outcome follow is 1 on every trial: model not fitted.');
    expect(over).not.toContain('conditionperfect');
    const discrimination = output.split('==== discrimination ====')[1].split('\n==== ')[0];
    expect(discrimination).toMatch(/DROPPED by lme4 [^\n]*conditionperfect:ai_correct_c/);
    // in the control, following discriminates AI right from wrong: 2/3 against 2/5
    expect(oddsRatio(output, 'discrimination', 'ai_correct_c')).toBeGreaterThan(1.5);
  });

  it('fits the five models and labels each with its estimand', () => {
    for (const model of ['agreement', 'discrimination', 'overreliance', 'rair', 'rsr']) expect(output).toContain(`==== ${model} ====`);
    expect(output).toContain('odds of following the advice on AI-wrong trials only');
    expect(output).toContain('between-subjects: one condition per participant');
    expect(output).not.toContain('Model failed');
  });
});

describe.skipIf(!hasR)('R script run in R (lme4), a fit that does not converge', () => {
  it('prints lme4\'s convergence warnings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'confiance-r-conv-'));
    const csv = syntheticCsv(['none', 'treatment']);
    writeFileSync(join(dir, 'trials.csv'), csv);
    const result = await analyzeCsv(csv);
    // Starve the optimizer so that the fit stops early, as a hard data set would.
    const text = script(result).replace('maxfun = 1e5', 'maxfun = 20');
    writeFileSync(join(dir, 'models.R'), text);
    const output = execFileSync('Rscript', [join(dir, 'models.R')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const agreement = output.split('==== agreement ====')[1].split('\n==== ')[0];
    expect(agreement).toMatch(/WARNING: convergence code 1 from bobyqa/);
  }, 120_000);
});

describe.skipIf(!hasR)('R script run in R (lme4), within-subjects and factorial', () => {
  it('fits the same models when every participant does every condition', async () => {
    const { output, result } = await runInR(syntheticCsv(['none', 'treatment'], 8, true));
    expectSameShares(output, result, ['agreement', 'overreliance', 'rair', 'rsr']);
    expect(output).toContain('within-subjects: participants saw several conditions');
    expect(output).toContain('320 trials, 8 participants');
    expect(oddsRatio(output, 'agreement', 'conditiontreatment')).toBeGreaterThan(2);
    expect(output).not.toContain('Model failed');
  }, 120_000);

  it('crosses the declared factors: main effects and their interaction against the control levels', async () => {
    const { output, result } = await runInR(
      syntheticCsv(['none+x', 'treatment+x', 'none+y', 'treatment+y']),
      '--factors', 'explanation,framing', '--control', 'none+x',
    );
    expectSameShares(output, result, ['agreement', 'overreliance']);
    expect(output).toContain('Model: glmer(follow ~ explanation * framing + (1 | participant_id) + (1 | case_id)');
    // treatment raises agreement at either framing; framing itself changes nothing in the data
    expect(oddsRatio(output, 'agreement', 'explanationtreatment')).toBeGreaterThan(2);
    expect(oddsRatio(output, 'agreement', 'framingy')).toBeGreaterThan(0.4);
    expect(oddsRatio(output, 'agreement', 'framingy')).toBeLessThan(2.5);
    expect(output).toMatch(/^explanationtreatment:framingy\s/m);
  }, 120_000);
});

describe.skipIf(!hasR)('R script run in R (lme4), the same models as the report', () => {
  for (const covariates of [[], ['--model-covariates', 'position']]) {
    it(`gives the estimates of the report's native models${covariates.length ? ' with the trial position covariate' : ''}`, async () => {
      const { output, result } = await runInR(
        syntheticCsv(['none+x', 'treatment+x', 'none+y', 'treatment+y']),
        '--factors', 'explanation,framing', '--control', 'none+x', ...covariates,
      );
      const native = result.models!.agreement!;
      expect(native.formula.includes('trial_z')).toBe(covariates.length > 0);
      expect(native.fixed.length).toBeGreaterThan(3);
      for (const term of native.fixed) {
        // The script prints 4 significant figures; the native fit equals lme4 to about 1e-3 (test/stats/glmm).
        expect(Math.abs(logOdds(output, 'agreement', term.term) - term.estimate), term.term).toBeLessThan(2e-3 + 2e-3 * Math.abs(term.estimate));
      }
    }, 120_000);
  }
});

describe.skipIf(!hasR)('R script run in R (lme4), numeric task with exclusions', () => {
  it('compares numbers within the tolerance and drops the excluded trials, as the report does', async () => {
    const csv = readFileSync(fileURLToPath(new URL('./fixtures/numeric-trials.csv', import.meta.url)), 'utf8');
    const { output, result } = await runInR(csv, '--tolerance', '5');
    expect(result.task).toBe('numeric');
    expect(result.exclusions.trials).toBeGreaterThan(0);
    expectSameShares(output, result, ['agreement', 'overreliance', 'rair', 'rsr']);
  }, 120_000);
});

describe.skipIf(!hasR)('R script run in R (lme4), --group-by', () => {
  it('compares the groups of the column, as the report does', async () => {
    const csv = syntheticCsv(['none', 'treatment'])
      .replace(/^(participant_id.*)$/m, '$1,cohort')
      .replace(/^(none-.*)$/gm, '$1,early')
      .replace(/^(treatment-.*)$/gm, '$1,late');
    const { output, result } = await runInR(csv, '--group-by', 'cohort', '--control', 'early');
    expect(result.conditions.map((c) => c.condition)).toEqual(['early', 'late']);
    expect(oddsRatio(output, 'agreement', 'conditionlate')).toBeGreaterThan(2);
    expectSameShares(output, result, ['agreement', 'overreliance']);
  }, 120_000);
});

describe('R script written where it cannot be', () => {
  it('is a user error naming the option and the path, exit 1, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'confiance-r-bad-'));
    const csv = join(dir, 'trials.csv');
    writeFileSync(csv, syntheticCsv(['none', 'treatment'], 2));
    const target = join(dir, 'missing-folder', 'models.R');
    let stderr = '';
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    process.exitCode = undefined;
    try {
      await main(['node', 'confiance', 'analyze', '--input', csv, '--bootstrap', '0', '--r-script', target]);
    } finally {
      err.mockRestore();
      out.mockRestore();
    }
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    expect(stderr).toContain(`Cannot write ${target} (--r-script):`);
    expect(stderr).toContain('its folder does not exist');
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('R script from the store', () => {
  it('writes the trial CSV the script reads next to it, so no separate export is needed', async () => {
    const h = await makeHarness();
    await request(h.app).post(`/api/experiments/${STUDY}/open`).set(auth).expect(200);
    const doc = (await h.store.getExperiment(STUDY))!;
    const pop = new Population(h.store, STUDY, doc.configHash, new Date());
    for (const condition of ['none', 'confidence']) {
      const p = await pop.participant(condition, 'completed');
      await pop.trial(p, 0, { decision: 'ne_pas_contacter' }, { decision: 'contacter' });
    }
    const dataDir = h.deps.config.DATA_DIR;
    await h.store.close(); // the embedded store is single-process: the CLI opens it after the test let go
    const saved = process.env.DATA_DIR;
    process.env.DATA_DIR = dataDir;
    const dir = mkdtempSync(join(tmpdir(), 'confiance-r-store-'));
    let stderr = '';
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await main(['node', 'confiance', 'analyze', STUDY, '--bootstrap', '0', '--r-script', join(dir, 'models.R')]);
    } finally {
      err.mockRestore();
      out.mockRestore();
      if (saved === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = saved;
      h.store = await openStore({ dataDir });
      await h.close();
    }
    const csvName = `${STUDY}-${doc.version}-trials.csv`;
    expect(stderr).toContain(`Trial CSV for the R script written to ${join(dir, csvName)}`);
    const csv = readFileSync(join(dir, csvName), 'utf8').trim().split('\n');
    expect(csv[0].startsWith(TRIAL_CSV_HEADER.join(','))).toBe(true);
    expect(csv.slice(1).map((l) => l.split(',')[1])).toEqual(['none', 'confidence']);
    expect(readFileSync(join(dir, 'models.R'), 'utf8')).toContain(`csv_path <- "${csvName}"`);
  });
});
