/**
 * Every file in test/experiments/invalid/ is rejected with exactly the expected problems: the file holding each
 * problem (the experiment file, or its case bank), the line, and the field path. All problems come at once.
 */
import { readdirSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExperiment, validateExperimentFile } from '../../experiments/load.ts';
import { UserError } from '../../experiments/user-error.ts';
import { MAX_CASE_BANK_BYTES, MAX_EXPERIMENT_FILE_BYTES } from '../../experiments/file-limits.ts';

const DIR = join(import.meta.dirname, 'invalid');

/** [experiment file, [[file holding the problem ('' = the experiment file), line, field path], ...]] */
const EXPECTED: [string, [string, number, string][]][] = [
  ['alias-bomb.yaml', [['', 81, '(file)']]],
  ['bom-mid-file.yaml', [['', 11, '(file)']]],
  ['case-bank-control-character.yaml', [['bell-in-cell.csv', 4, 'sector']]],
  ['nul-in-title.yaml', [['', 4, 'title.fr']]],
  ['within-single-condition.yaml', [['', 42, 'design.type']]],
  ['attention-after-last-trial.yaml', [['', 63, 'procedure.attention_checks[1].after_trial']]],
  ['attention-case-not-marked.yaml', [['', 58, 'procedure.attention_checks[0].case']]],
  ['attention-unknown-case.yaml', [['', 58, 'procedure.attention_checks[0].case']]],
  ['case-bank-advisor-without-recommendation.yaml', [['no-ai.csv', 1, 'ai_recommendation']]],
  ['case-bank-ai-not-a-label.yaml', [['undeclared-ai.csv', 10, 'ai_recommendation']]],
  ['case-bank-broken-quote.yaml', [['broken-quote.csv', 5, '(file)']]],
  ['case-bank-empty.yaml', [['empty.csv', 1, '(file)']]],
  ['case-bank-missing-field.yaml', [['no-debt-ratio.csv', 1, 'debt_ratio']]],
  ['case-bank-missing-truth.yaml', [['no-truth.csv', 1, 'truth']]],
  ['case-bank-missing.yaml', [['', 31, 'cases.file']]],
  ['case-bank-missing-case-id.yaml', [['no-case-id.csv', 1, 'case_id']]],
  ['case-bank-confidence-above-one.yaml', [['confidence-above-one.csv', 12, 'ai_confidence']]],
  ['case-bank-contribution-unknown-field.yaml', [['contrib-unknown.csv', 1, 'contrib_turnover']]],
  ['case-bank-not-utf8.yaml', [['latin1.csv', 7, '(file)']]],
  ['case-bank-semicolons.yaml', [['semicolons.csv', 1, '(file)']]],
  ['case-bank-not-a-number.yaml', [['bad-numbers.csv', 4, 'headcount'], ['bad-numbers.csv', 6, 'debt_ratio']]],
  ['case-bank-truth-not-a-label.yaml', [['undeclared-truth.csv', 8, 'truth']]],
  ['case-bank-unreadable.yaml', [['', 31, 'cases.file']]],
  ['case-bank-wrong-extension.yaml', [['', 31, 'cases.file']]],
  ['control-not-a-condition.yaml', [['', 50, 'design.control']]],
  ['design-type-unknown.yaml', [['', 49, 'design.type']]],
  ['duplicate-case-ids.yaml', [['duplicate-ids.csv', 6, 'case_id']]],
  ['duplicate-condition-ids.yaml', [['', 53, 'design.conditions[1].id']]],
  ['duplicate-scale.yaml', [['', 67, 'questionnaires.after[0]']]],
  ['empty-experiment.yaml', [['', 1, '(file)']]],
  ['error-schedule-impossible.yaml', [['', 34, 'advisor.errors']]],
  ['errors-with-case-bank-advisor.yaml', [['', 34, 'advisor.errors']]],
  ['explicit-missing-factor.yaml', [['', 52, 'design.conditions[0].levels']]],
  ['explicit-unknown-factor.yaml', [['', 54, 'design.conditions[1].levels.colour']]],
  ['explicit-unknown-level.yaml', [['', 54, 'design.conditions[1].levels.explanation']]],
  ['feature-importance-not-derivable.yaml', [['', 39, 'factors.explanation.levels.feature_importance.explanation.type']]],
  ['fixed-cases-wrong.yaml', [['', 56, 'procedure.trials.cases'], ['', 56, 'procedure.trials.cases[3]']]],
  ['instructed-not-a-label.yaml', [['', 62, 'procedure.attention_checks[1].expected']]],
  ['json-two-problems.json', [['', 125, 'procedure.trials.sampling'], ['', 190, 'assignment.target_per_condition']]],
  ['label-value-not-a-string.yaml', [['', 18, 'task.labels[1].value']]],
  ['language-missing-in-framing.yaml', [['', 47, 'factors.framing.levels.authority.framing']]],
  ['language-not-declared.yaml', [['', 9, 'texts.debrief.en']]],
  ['levels-set-same-key.yaml', [['', 46, 'factors.framing.levels.tool.explanation']]],
  ['advice-delay-after-time-limit.yaml', [['', 41, 'factors.forcing.levels.delayed.advice_timing']]],
  ['advice-on-request-and-delayed.yaml', [['', 45, 'factors.wait.levels.delayed.advice_timing']]],
  ['advice-delay-too-long.yaml', [['', 40, 'factors.forcing.levels.delayed.advice_timing.delay_s']]],
  ['feedback-block-without-every.yaml', [['', 41, 'factors.feedback.levels.block.outcome_feedback']]],
  ['feedback-block-longer-than-trials.yaml', [['', 41, 'factors.feedback.levels.block.outcome_feedback.every']]],
  ['missing-completion-code.yaml', [['', 2, 'completion_code']]],
  ['misspelt-key.yaml', [['', 5, 'titel']]],
  ['more-trials-than-cases.yaml', [['', 54, 'procedure.trials.count']]],
  ['numeric-advisor-cannot-be-wrong.yaml', [['', 18, 'task.correct_within']]],
  ['numeric-tolerance-too-wide.yaml', [['', 18, 'task.correct_within']]],
  ['numeric-truth-out-of-bounds.yaml', [['numeric.csv', 8, 'truth']]],
  ['practice-more-than-pool.yaml', [['', 52, 'procedure.practice.count']]],
  ['question-forged-type.yaml', [['', 78, 'questionnaires.after[1].questions[1].type']]],
  [
    'question-limits-inconsistent.yaml',
    [
      ['', 70, 'questionnaires.after[0].questions[0].min_selections'],
      ['', 74, 'questionnaires.after[0].questions[0].max_selections'],
      ['', 77, 'questionnaires.after[0].questions[0].options[1].value'],
      ['', 82, 'questionnaires.after[0].questions[1].max'],
    ],
  ],
  ['reversed-unknown-item.yaml', [['', 77, 'questionnaires.after[1].reversed[0]']]],
  ['similar-cases-unknown-field.yaml', [['', 41, 'factors.explanation.levels.feature_importance.explanation.fields[1]']]],
  ['legal-crpa-unknown-source.yaml', [['', 45, 'factors.explanation.levels.crpa.explanation.sources.turnover']]],
  ['legal-crpa-unknown-mode.yaml', [['', 46, 'factors.explanation.levels.crpa_decisive.explanation.contribution']]],
  ['simulated-without-errors.yaml', [['', 32, 'advisor']]],
  ['stratified-short-class.yaml', [['', 55, 'procedure.trials.sampling']]],
  ['structural-and-case-bank-problems.yaml', [['', 49, 'design.type'], ['undeclared-truth.csv', 8, 'truth']]],
  ['task-type-unknown.yaml', [['', 13, 'task.type']]],
  ['three-structural-problems.yaml', [['', 3, 'version'], ['', 54, 'procedure.trials.count'], ['', 79, 'assignment.target_per_condition']]],
  ['trials-cases-without-fixed-sampling.yaml', [['', 56, 'procedure.trials.cases']]],
  ['unknown-explanation-type.yaml', [['', 41, 'factors.explanation.levels.feature_importance.explanation.type']]],
  ['within-not-divisible.yaml', [['', 54, 'procedure.trials.count']]],
  ['yaml-syntax-error.yaml', [['', 5, '(file)']]],
];

/** `test/experiments/invalid/x.yaml:12:5  task.labels[1].value: message` -> parts */
function parseProblem(line: string): { file: string; line: number; col: number; path: string; message: string } {
  const m = /^(.+?):(\d+):(\d+)  (\S+): (.+)$/.exec(line);
  if (!m) throw new Error(`unexpected problem format: ${line}`);
  return { file: m[1], line: Number(m[2]), col: Number(m[3]), path: m[4], message: m[5] };
}

describe('invalid experiment files', () => {
  it('has at least 25 distinct invalid files, all listed here', () => {
    const files = readdirSync(DIR).filter((f) => /\.(ya?ml|json)$/.test(f));
    expect(files.sort()).toEqual(EXPECTED.map(([f]) => f).sort());
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  it.each(EXPECTED)('%s is rejected with the field path and line of each problem', async (name, expected) => {
    const result = await validateExperimentFile(join(DIR, name));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const got = result.problems.map(parseProblem);
    expect(got.map((p) => [p.file.split('/').pop() === name ? '' : p.file.split('/').pop(), p.line, p.path])).toEqual(expected);
    for (const p of got) {
      expect(p.col).toBeGreaterThanOrEqual(1);
      expect(p.message.length).toBeGreaterThan(10);
    }
  });

  it('reports three problems at once for a file with three mistakes', async () => {
    const result = await validateExperimentFile(join(DIR, 'three-structural-problems.yaml'));
    expect(result.ok ? [] : result.problems).toHaveLength(3);
  });

  it('says what was expected and what was found', async () => {
    const result = await validateExperimentFile(join(DIR, 'label-value-not-a-string.yaml'));
    expect(result.ok ? [] : result.problems).toEqual([
      'test/experiments/invalid/label-value-not-a-string.yaml:18:14  task.labels[1].value: expected a string, found a number (3)',
    ]);
  });

  it('suggests the closest allowed key for a misspelt one', async () => {
    const result = await validateExperimentFile(join(DIR, 'misspelt-key.yaml'));
    expect(result.ok ? [] : result.problems).toEqual([
      'test/experiments/invalid/misspelt-key.yaml:5:1  titel: unknown key "titel" (did you mean "title"?)',
    ]);
  });

  it('names the case-bank file, line and column of a bad cell', async () => {
    const result = await validateExperimentFile(join(DIR, 'case-bank-not-a-number.yaml'));
    expect(result.ok ? [] : result.problems).toEqual([
      'test/experiments/invalid/bad-numbers.csv:4:14  headcount: expected a number (format integer), found "douze"',
      'test/experiments/invalid/bad-numbers.csv:6:18  debt_ratio: expected a number (format percent), found "0,5" (use a dot as the decimal separator)',
    ]);
  });

  it('loadExperiment throws a UserError whose details are the problems', async () => {
    const error = await loadExperiment(join(DIR, 'three-structural-problems.yaml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const userError = error as UserError;
    expect(userError.message).toBe('test/experiments/invalid/three-structural-problems.yaml is not a valid experiment (3 problems):');
    expect(userError.details[0]).toMatch(/^test\/experiments\/invalid\/three-structural-problems\.yaml:3:10  version: /);
  });
});

describe('size caps', () => {
  const MINIMAL = join(import.meta.dirname, 'fixtures', 'minimal');

  it('refuses an experiment file over the cap with its size and the cap, before parsing it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'confiance-cap-'));
    try {
      const text = await readFile(join(MINIMAL, 'experiment.yaml'), 'utf8');
      const padding = `# ${'x'.repeat(98)}\n`.repeat(Math.ceil(MAX_EXPERIMENT_FILE_BYTES / 100) + 1);
      await writeFile(join(dir, 'experiment.yaml'), text + padding);
      await copyFile(join(MINIMAL, 'cases.csv'), join(dir, 'cases.csv'));
      const result = await validateExperimentFile(join(dir, 'experiment.yaml'));
      expect(result.ok ? [] : result.problems).toEqual([
        `${join(dir, 'experiment.yaml')}  (file): the experiment file is 1.0 MB, more than the 1.0 MB Confiance reads: split it or remove unused content`,
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a case bank over the cap at the cases.file field, naming the bank', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'confiance-cap-'));
    try {
      await copyFile(join(MINIMAL, 'experiment.yaml'), join(dir, 'experiment.yaml'));
      const bank = await readFile(join(MINIMAL, 'cases.csv'), 'utf8');
      const [header, ...rows] = bank.trimEnd().split('\n');
      const lines = [header];
      let size = header.length;
      for (let i = 0; size <= MAX_CASE_BANK_BYTES; i++) {
        const row = rows[i % rows.length].replace(/^[^,]+/, `x${i}`);
        lines.push(row);
        size += row.length + 1;
      }
      await writeFile(join(dir, 'cases.csv'), lines.join('\n') + '\n');
      const result = await validateExperimentFile(join(dir, 'experiment.yaml'));
      expect(result.ok).toBe(false);
      const problems = result.ok ? [] : result.problems;
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/experiment\.yaml:\d+:\d+  cases\.file: the case bank is 10\.0 MB, more than the 10\.0 MB Confiance reads/);
      expect(problems[0]).toContain(join(dir, 'cases.csv'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
