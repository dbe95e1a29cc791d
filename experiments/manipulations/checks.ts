/**
 * Cross-field checks of the cognitive-forcing and outcome-feedback settings (the schema checks each field alone):
 * a delay must leave time before a condition's soft time limit, and a block summary needs a block length that fits
 * the decision trials. Problems name the level that sets the field.
 */
import type { Condition } from '../model.ts';
import type { PathSegment, Problem } from '../problems.ts';
import type { ConditionSettings, ExperimentFile } from '../schema.ts';

export function checkManipulations(file: ExperimentFile, conditions: Condition[]): Problem[] {
  return [...checkDelays(file, conditions), ...checkFeedbackBlocks(file, conditions), ...checkLastWordTiming(file, conditions)];
}

/** Where a condition's setting `key` comes from: the path of the level that sets it. */
function levelPath(file: ExperimentFile, condition: Condition, key: keyof ConditionSettings): PathSegment[] | null {
  for (const [factor, level] of Object.entries(condition.levels))
    if (file.factors[factor]?.levels[level]?.[key] !== undefined) return ['factors', factor, 'levels', level, key];
  return null;
}

/** Reports each (level, message) once, however many conditions contain the level. */
function once(): (problems: Problem[], path: PathSegment[] | null, message: string) => void {
  const seen = new Set<string>();
  return (problems, path, message) => {
    if (path === null || seen.has(path.join('/'))) return;
    seen.add(path.join('/'));
    problems.push({ path, message });
  };
}

function checkDelays(file: ExperimentFile, conditions: Condition[]): Problem[] {
  const problems: Problem[] = [];
  const report = once();
  for (const c of conditions) {
    const timing = c.adviceTiming;
    if (timing?.mode !== 'delayed' || c.timeLimitS === undefined || timing.delay_s < c.timeLimitS) continue;
    report(
      problems,
      levelPath(file, c, 'advice_timing'),
      `advice delayed by ${timing.delay_s} s, but condition "${c.id}" has a time limit of ${c.timeLimitS} s: the advice would come after the time is up (use a delay below the limit)`,
    );
  }
  return problems;
}

function checkFeedbackBlocks(file: ExperimentFile, conditions: Condition[]): Problem[] {
  const problems: Problem[] = [];
  const report = once();
  const { count } = file.procedure.trials;
  const within = file.design.type === 'within';
  const perCondition = within && conditions.length > 0 ? Math.floor(count / conditions.length) : count;
  for (const c of conditions) {
    const feedback = c.outcomeFeedback;
    if (feedback?.type !== 'block') continue;
    const path = levelPath(file, c, 'outcome_feedback');
    if (feedback.every === undefined && !within)
      report(problems, path, 'block feedback in a between-subjects design needs `every`: how many decision trials make a block');
    else if (feedback.every !== undefined && feedback.every > perCondition)
      report(
        problems,
        path && [...path, 'every'],
        `a block of ${feedback.every} trials is longer than the ${perCondition} decision trials ${within ? `of condition "${c.id}"'s block` : 'of the study'}`,
      );
  }
  return problems;
}

/**
 * Where the AI has the last word its proposal is on the page as the decision to be applied, so the advice cannot also
 * be hidden until requested or delayed: a condition combining them is refused rather than silently showing the advice.
 */
function checkLastWordTiming(file: ExperimentFile, conditions: Condition[]): Problem[] {
  const problems: Problem[] = [];
  const report = once();
  for (const c of conditions) {
    const mode = c.adviceTiming?.mode;
    if (c.lastWord !== 'ai' || (mode !== 'on_request' && mode !== 'delayed')) continue;
    report(
      problems,
      levelPath(file, c, 'advice_timing'),
      `advice_timing ${mode} cannot be combined with last_word: ai in condition "${c.id}": the AI's proposal is shown as the decision to be applied (use advice_timing immediate there, or last_word: agent)`,
    );
  }
  return problems;
}
