/**
 * Cross-field checks: what zod cannot see field by field — the file against itself, its conditions and its case
 * bank. Each returns problems with the path of the field to fix; the loader adds the line and column.
 */
import { checkRecruitment } from './recruitment/checks.ts';
import type { Case, Condition } from './model.ts';
import type { ExperimentFile } from './schema.ts';
import { BUNDLED_SCALES } from './schema.ts';
import type { PathSegment, Problem } from './problems.ts';
import { checkTextLanguages } from './text-languages.ts';
import { checkQuestionPage } from './questions/checks.ts';
import { isQuestionPage } from './questions/schema.ts';
import { scheduleFits } from './schedule-feasibility.ts';
import { checkExplanationsAgainstCases, checkExplanationsAgainstFile } from './explanations/index.ts';
import { checkFirstErrorAt, firstErrorWithCaseBank } from './first-error-checks.ts';
import { checkManipulations } from './manipulations/checks.ts';
import { checkDecisionPower } from './decision-power/checks.ts';

const NUMERIC_FORMATS = new Set(['integer', 'decimal', 'percent', 'euros']);

/** Checks that need only the file (run even when the case bank cannot be read). */
export function checkFile(file: ExperimentFile, conditions: Condition[]): Problem[] {
  return [
    ...checkTextLanguages(file),
    ...checkTaskAndFields(file),
    ...checkDesign(file, conditions),
    ...checkAdvisor(file, conditions),
    ...checkInstructedChecks(file),
    ...checkExplanationsAgainstFile(file),
    ...checkScales(file),
    ...checkRecruitment(file),
    ...checkComprehension(file),
    ...checkManipulations(file, conditions),
    ...checkDecisionPower(file),
  ];
}

/** Each comprehension question's right answer is one of its options, option values are distinct, ids are unique. */
function checkComprehension(file: ExperimentFile): Problem[] {
  const problems: Problem[] = [];
  const ids = new Set<string>();
  file.procedure.comprehension?.questions.forEach((q, i) => {
    const path = ['procedure', 'comprehension', 'questions', i];
    if (ids.has(q.id)) problems.push({ path: [...path, 'id'], message: `question id "${q.id}" is used twice` });
    ids.add(q.id);
    const values = q.options.map((o) => o.value);
    if (new Set(values).size !== values.length) problems.push({ path: [...path, 'options'], message: 'two options have the same value' });
    if (!values.includes(q.correct)) problems.push({ path: [...path, 'correct'], message: `"${q.correct}" is not one of the options (${values.join(', ')})` });
  });
  return problems;
}

/** Checks of the file against its (successfully read) case bank. */
export function checkAgainstCases(file: ExperimentFile, cases: Case[]): Problem[] {
  return [
    ...checkTrialCounts(file, cases),
    ...checkObviousCases(file, cases),
    ...checkExplanationsAgainstCases(file, cases),
    ...checkWrongEstimatesExist(file, cases),
    ...checkTextsPerLanguage(file, cases),
  ];
}

/** A text field written per language (`<field>_fr`, `<field>_en`) needs a text in every language of the study. */
function checkTextsPerLanguage(file: ExperimentFile, cases: Case[]): Problem[] {
  const problems: Problem[] = [];
  file.display.fields.forEach((field, i) => {
    if (!cases.some((c) => c.texts?.[field.key])) return;
    for (const lang of file.languages) {
      const missing = cases.filter((c) => c.values[field.key] !== '' && !c.texts?.[field.key]?.[lang]);
      if (missing.length === 0) continue;
      const ids = missing.slice(0, 5).map((c) => c.id).join(', ') + (missing.length > 5 ? ', ...' : '');
      problems.push({
        path: ['display', 'fields', i, 'key'],
        message: `"${field.key}" is written per language in the case bank, but ${field.key}_${lang} is empty or missing for ${ids} (the study is in ${file.languages.join(' and ')})`,
      });
    }
  });
  return problems;
}

/**
 * A simulated numeric advisor must be able to be wrong on any decision case: some estimate inside [min, max] must lie
 * beyond correct_within of the truth, else the error schedule cannot be honoured for that case.
 */
function checkWrongEstimatesExist(file: ExperimentFile, cases: Case[]): Problem[] {
  const task = file.task;
  // A tolerance as wide as the range is reported once, by checkTaskAndFields.
  if (task.type !== 'numeric' || file.advisor.source !== 'simulated' || task.correct_within >= task.max - task.min) return [];
  const stuck = cases.filter((c) => !c.attentionCheck && Math.max(task.max - Number(c.truth), Number(c.truth) - task.min) <= task.correct_within);
  if (stuck.length === 0) return [];
  return [
    {
      path: ['task', 'correct_within'],
      message: `the simulated advisor cannot be wrong on case${stuck.length > 1 ? 's' : ''} ${stuck.slice(0, 5).map((c) => c.id).join(', ')}${stuck.length > 5 ? ', ...' : ''}: every estimate in [${task.min}, ${task.max}] is within ${task.correct_within} of the truth`,
    },
  ];
}

function duplicates<T>(items: T[], key: (item: T) => string, path: (i: number) => PathSegment[], what: string): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) problems.push({ path: path(i), message: `duplicate ${what} "${k}"` });
    seen.add(k);
  });
  return problems;
}

function checkTaskAndFields(file: ExperimentFile): Problem[] {
  const problems = duplicates(file.display.fields, (f) => f.key, (i) => ['display', 'fields', i, 'key'], 'display field');
  if (file.task.type !== 'numeric')
    problems.push(...duplicates(file.task.labels, (l) => l.value, (i) => ['task', 'labels', i, 'value'], 'label value'));
  else if (file.task.correct_within >= file.task.max - file.task.min)
    problems.push({
      path: ['task', 'correct_within'],
      message: `${file.task.correct_within} is as wide as the whole range [${file.task.min}, ${file.task.max}]: every answer would count as correct`,
    });
  return problems;
}

function checkDesign(file: ExperimentFile, conditions: Condition[]): Problem[] {
  const problems: Problem[] = [];
  const { count } = file.procedure.trials;
  if (file.design.type === 'within' && conditions.length === 1)
    problems.push({
      path: ['design', 'type'],
      message: `within-subjects needs at least two conditions to compare, found one ("${conditions[0].id}"): add a level to a factor, or use "between"`,
    });
  if (file.design.type === 'within' && conditions.length > 0 && count % conditions.length !== 0)
    problems.push({
      path: ['procedure', 'trials', 'count'],
      message: `within-subjects: ${count} trials cannot be split evenly into ${conditions.length} condition blocks (use a multiple of ${conditions.length})`,
    });
  const { sampling, cases } = file.procedure.trials;
  if (sampling === 'fixed' && cases === undefined)
    problems.push({ path: ['procedure', 'trials'], message: 'sampling "fixed" needs trials.cases: the case ids, in order' });
  if (sampling !== 'fixed' && cases !== undefined)
    problems.push({ path: ['procedure', 'trials', 'cases'], atKey: true, message: `trials.cases is used only with sampling "fixed" (sampling is "${sampling}")` });
  if (sampling === 'fixed' && cases !== undefined && cases.length !== count)
    problems.push({ path: ['procedure', 'trials', 'cases'], message: `sampling "fixed" needs exactly trials.count = ${count} case ids, found ${cases.length}` });
  file.procedure.attention_checks.forEach((check, i) => {
    if (check.after_trial > count)
      problems.push({
        path: ['procedure', 'attention_checks', i, 'after_trial'],
        message: `after trial ${check.after_trial}, but there are only ${count} decision trials`,
      });
  });
  return problems;
}

/** Trials per error schedule: the whole sequence (between) or one block (within). */
function trialsPerSchedule(file: ExperimentFile, conditions: Condition[]): number {
  const { count } = file.procedure.trials;
  return file.design.type === 'within' && conditions.length > 0 ? Math.floor(count / conditions.length) : count;
}

function checkAdvisor(file: ExperimentFile, conditions: Condition[]): Problem[] {
  const problems: Problem[] = [];
  const { advisor } = file;
  const levelsSettingErrors: PathSegment[][] = [];
  for (const [factor, def] of Object.entries(file.factors))
    for (const [level, settings] of Object.entries(def.levels))
      if (settings.advisor_errors !== undefined) levelsSettingErrors.push(['factors', factor, 'levels', level, 'advisor_errors']);

  if (advisor.source === 'case_bank') {
    if (advisor.errors !== undefined)
      problems.push({ path: ['advisor', 'errors'], message: 'advisor.errors is used only with source "simulated"; with "case_bank" the bank decides which advice is wrong' });
    for (const path of levelsSettingErrors)
      problems.push({ path, message: 'advisor_errors is used only with advisor.source "simulated"' });
    problems.push(...firstErrorWithCaseBank(file));
    return problems;
  }
  const n = trialsPerSchedule(file, conditions);
  // Uneven within-subjects blocks are reported by checkDesign; a schedule per block would be meaningless.
  if (file.design.type === 'within' && conditions.length > 0 && file.procedure.trials.count % conditions.length !== 0) return problems;
  const where = file.design.type === 'within' ? `per block of ${n} trials` : `among ${n} decision trials`;
  const reported = new Set<string>();
  for (const condition of conditions) {
    const errors = condition.advisorErrors ?? advisor.errors;
    const fromLevel = Object.entries(condition.levels).find(([f, l]) => file.factors[f]?.levels[l]?.advisor_errors !== undefined);
    const path: PathSegment[] = fromLevel ? ['factors', fromLevel[0], 'levels', fromLevel[1], 'advisor_errors'] : ['advisor', 'errors'];
    const key = path.join('/');
    if (reported.has(key)) continue;
    if (errors === undefined) {
      reported.add(key);
      problems.push({
        path: ['advisor'],
        message: `source "simulated" needs advisor.errors (how many wrong recommendations ${where}), or advisor_errors on every condition (missing for "${condition.id}")`,
      });
      continue;
    }
    const fit = scheduleFits(n, errors, { noErrorsInFirst: advisor.no_errors_in_first, noErrorsInLast: advisor.no_errors_in_last, minGap: advisor.min_gap });
    if (!fit.ok) {
      reported.add(key);
      problems.push({ path, message: `error schedule cannot be satisfied in condition "${condition.id}": ${errors} wrong ${where}, ${fit.reason}` });
    } else problems.push(...checkFirstErrorAt(file, condition, n, errors, reported));
  }
  return problems;
}

function checkInstructedChecks(file: ExperimentFile): Problem[] {
  const problems: Problem[] = [];
  const { task } = file;
  file.procedure.attention_checks.forEach((check, i) => {
    if (check.kind !== 'instructed_response') return;
    const path = ['procedure', 'attention_checks', i, 'expected'];
    if (task.type === 'numeric') {
      const n = Number(check.expected);
      if (!Number.isFinite(n) || check.expected.trim() === '') problems.push({ path, message: `expected a number (numeric task), found "${check.expected}"` });
      else if (n < task.min || n > task.max) problems.push({ path, message: `${n} is outside the task's bounds [${task.min}, ${task.max}]` });
    } else if (!task.labels.some((l) => l.value === check.expected)) {
      problems.push({ path, message: `"${check.expected}" is not a label of the task (expected one of ${task.labels.map((l) => l.value).join(', ')})` });
    }
  });
  return problems;
}

function checkScales(file: ExperimentFile): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const phase of ['before', 'after'] as const) {
    file.questionnaires[phase].forEach((scale, i) => {
      const path: PathSegment[] = ['questionnaires', phase, i];
      const id = typeof scale === 'string' ? scale : scale.id;
      const first = seen.get(id);
      if (first !== undefined)
        problems.push({
          path: typeof scale === 'string' ? path : [...path, 'id'],
          message: `duplicate questionnaire "${id}" (already in ${first}; answers are stored by scale id, so give a repeated custom scale its own id)`,
        });
      else seen.set(id, `questionnaires.${phase}`);
      if (typeof scale === 'string') return;
      if ((BUNDLED_SCALES as readonly string[]).includes(scale.id))
        problems.push({ path: [...path, 'id'], message: `"${scale.id}" is the name of a bundled scale; give the custom scale another id` });
      if (isQuestionPage(scale)) {
        problems.push(...checkQuestionPage(scale, path));
        return;
      }
      problems.push(...duplicates(scale.items, (it) => it.id, (j) => [...path, 'items', j, 'id'], 'item id'));
      const itemIds = scale.items.map((it) => it.id);
      scale.reversed.forEach((item, j) => {
        if (!itemIds.includes(item)) problems.push({ path: [...path, 'reversed', j], message: `unknown item "${item}" (items: ${itemIds.join(', ')})` });
      });
    });
  }
  return problems;
}

function checkObviousCases(file: ExperimentFile, cases: Case[]): Problem[] {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const problems: Problem[] = [];
  const used = new Set<string>();
  file.procedure.attention_checks.forEach((check, i) => {
    const path = ['procedure', 'attention_checks', i, 'case'];
    if (check.kind !== 'obvious_case') {
      if (check.case !== undefined && !byId.get(check.case)?.attentionCheck)
        problems.push({ path, message: `case "${check.case}" must be in the case bank and marked attention_check = 1, so that it is never drawn as an ordinary trial` });
      return;
    }
    const found = byId.get(check.case);
    if (!found) problems.push({ path, message: `unknown case "${check.case}" (not in the case bank)` });
    else if (!found.attentionCheck)
      problems.push({ path, message: `case "${check.case}" must be marked attention_check = 1 in the case bank, so that it is never drawn as an ordinary trial` });
    else if (used.has(check.case)) problems.push({ path, message: `case "${check.case}" is already used by another attention check` });
    used.add(check.case);
  });
  return problems;
}

/** Distinct cases a participant needs (practice + decision) against the cases available, per truth class when stratified. */
function checkTrialCounts(file: ExperimentFile, cases: Case[]): Problem[] {
  const problems: Problem[] = [];
  const { trials, practice } = file.procedure;
  const byId = new Map(cases.map((c) => [c.id, c]));
  const decisionPool = cases.filter((c) => !c.attentionCheck && !c.practice);
  const practicePool = cases.filter((c) => c.practice);

  if (trials.sampling === 'fixed') {
    const seen = new Set<string>();
    (trials.cases ?? []).forEach((id, i) => {
      const path = ['procedure', 'trials', 'cases', i];
      const found = byId.get(id);
      if (!found) problems.push({ path, message: `unknown case "${id}" (not in the case bank)` });
      else if (found.attentionCheck || found.practice)
        problems.push({ path, message: `case "${id}" is reserved for ${found.practice ? 'practice' : 'attention checks'} in the case bank` });
      else if (seen.has(id)) problems.push({ path, message: `case "${id}" appears twice` });
      seen.add(id);
    });
  }

  // Practice draws from the practice pool when the bank marks one, else from the ordinary cases (never reused).
  const practiceFromPool = practicePool.length > 0;
  if (practiceFromPool && practice.count > practicePool.length)
    problems.push({
      path: ['procedure', 'practice', 'count'],
      message: `${practice.count} practice trials, but the case bank marks only ${practicePool.length} practice cases`,
    });
  const needed = trials.count + (practiceFromPool ? 0 : practice.count);
  if (needed > decisionPool.length) {
    const what = practiceFromPool ? `${trials.count} decision trials` : `${trials.count} decision + ${practice.count} practice trials`;
    problems.push({
      path: ['procedure', 'trials', 'count'],
      message: `${what} need ${needed} distinct cases, but the case bank has only ${decisionPool.length} usable cases (not marked practice or attention_check)`,
    });
  } else if (trials.sampling === 'stratified' && file.task.type !== 'numeric') {
    const shortfall = stratifiedShortfall(trials.count, decisionPool);
    if (shortfall) problems.push({ path: ['procedure', 'trials', 'sampling'], message: shortfall });
  }
  return problems;
}

/**
 * Stratified sampling draws the truth classes as evenly as possible: each class floor(n/k) cases and n mod k of them
 * one more. Feasible iff every class has floor(n/k) cases and at least n mod k classes have ceil(n/k).
 */
function stratifiedShortfall(count: number, pool: Case[]): string | null {
  const perClass = new Map<string, number>();
  for (const c of pool) perClass.set(String(c.truth), (perClass.get(String(c.truth)) ?? 0) + 1);
  const k = perClass.size;
  if (k === 0) return null;
  const low = Math.floor(count / k);
  const extra = count % k;
  const short = [...perClass].filter(([, n]) => n < low);
  const atCeil = [...perClass].filter(([, n]) => n >= low + 1).length;
  if (short.length === 0 && atCeil >= extra) return null;
  const counts = [...perClass].map(([label, n]) => `${label}: ${n}`).join(', ');
  return `stratified sampling of ${count} trials over ${k} truth classes needs ${extra > 0 ? `${low} or ${low + 1}` : low} cases per class, but the usable cases per class are ${counts}`;
}
