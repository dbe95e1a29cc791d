/**
 * The design engine: everything one participant will see — block order, practice cases, decision cases, attention
 * checks and the advice of each trial — as a pure function of the experiment, the participant id and (between
 * subjects) the assigned condition. The plan is recomputable: it depends on the file's seeds and the participant id
 * only, never on time, Math.random, Map order or the locale.
 */
import type { Case, Condition, Experiment, PlannedTrial, TrialPlan } from './model.ts';
import { adviceSchedule, buildAdvice, isCorrect, scheduleConstraints } from './advice.ts';
import { blockOrder, blockOrderCount } from './latin-square.ts';
import { scheduleWithFirstError } from './first-error-position.ts';
import { createRng, seedFor, type Rng } from './random.ts';

export { adviceSchedule, scheduleFeasible, type ScheduleConstraints } from './advice.ts';

/**
 * The trial plan of one participant.
 * - between subjects: `condition` is the assigned condition id (from `assignCondition`);
 * - within subjects: `condition` is ignored (pass null); the block order is row `ordinal` (the participant's arrival
 *   number, 0-based) of the Williams design, or, without an ordinal, a row drawn from the participant's seed.
 * Random streams (each seeded by `seedFor`): block order and cases from `file.seed` + participant id; error schedule
 * and advice from `advisor.seed` + participant id. Throws a plain Error on inputs the loader should have rejected.
 */
export function planParticipant(exp: Experiment, participantId: string, condition: string | null, ordinal?: number): TrialPlan {
  const file = exp.file;
  const conditionOrder = orderOfConditions(exp, participantId, condition, ordinal);
  const casesRng = createRng(seedFor(file.seed, participantId, 'cases'));
  const selection = selectCases(exp, conditionOrder.length, casesRng);
  const blocks = conditionOrder.map((id) => conditionById(exp, id));
  const blockSize = file.procedure.trials.count / blocks.length;

  const excludedCaseIds = new Set<string>([
    ...selection.practice.map((c) => c.id),
    ...selection.decision.map((c) => c.id),
    ...attentionCaseIds(exp),
  ]);
  const scheduleRng = createRng(seedFor(file.advisor.seed, participantId, 'schedule'));
  const wrong = blocks.flatMap((cond) =>
    file.advisor.source === 'simulated'
      ? cond.firstErrorAt !== undefined
        ? scheduleWithFirstError(blockSize, errorsIn(exp, cond), scheduleConstraints(file.advisor), cond.firstErrorAt, scheduleRng)
        : adviceSchedule(blockSize, errorsIn(exp, cond), scheduleConstraints(file.advisor), scheduleRng)
      : new Array<boolean>(blockSize).fill(false),
  );
  const accuracy = new Map(blocks.map((cond) => [cond.id, expectedAccuracy(exp, cond, blockSize)]));
  const adviceFor = (c: Case, cond: Condition, isWrong: boolean, stream: string, index: number) =>
    buildAdvice({
      exp,
      case: c,
      condition: cond,
      wrong: isWrong,
      accuracy: accuracy.get(cond.id) ?? 1,
      excludedCaseIds,
      rng: createRng(seedFor(file.advisor.seed, participantId, stream, index)),
    });

  // Practice advice is always right with a simulated advisor: errors are scheduled among decision trials only.
  const practice: PlannedTrial[] = selection.practice.map((c, index) => ({
    index,
    kind: 'practice',
    caseId: c.id,
    condition: blocks[0].id,
    advice: adviceFor(c, blocks[0], false, 'practice', index),
  }));

  const checks = file.procedure.attention_checks
    .map((check, order) => ({ check, order }))
    .sort((a, b) => a.check.after_trial - b.check.after_trial || a.order - b.order);
  const instructedCases = dossiersForInstructedChecks(exp, excludedCaseIds, createRng(seedFor(file.seed, participantId, 'instructed')));
  const trials: PlannedTrial[] = [];
  let attentionIndex = file.procedure.trials.count;
  let instructedCount = 0;
  selection.decision.forEach((c, index) => {
    const cond = blocks[Math.floor(index / blockSize)];
    trials.push({ index, kind: 'decision', caseId: c.id, condition: cond.id, advice: adviceFor(c, cond, wrong[index], 'trial', index) });
    for (const { check } of checks.filter((x) => x.check.after_trial === index + 1)) {
      // Attention checks are numbered after the decision trials so that every trial index of a plan is unique. They
      // look like their neighbours: a real dossier, in the same paradigm, with (right) advice like every other trial.
      const at = attentionIndex++;
      const dossier = check.kind === 'obvious_case' ? exp.caseById.get(check.case) : (check.case ? exp.caseById.get(check.case) : instructedCases[instructedCount++ % instructedCases.length]);
      const advice = dossier ? adviceFor(dossier, cond, false, 'attention', at) : null;
      const base = { index: at, condition: cond.id, caseId: dossier?.id ?? '', advice };
      if (check.kind === 'obvious_case') trials.push({ ...base, kind: 'attention_case' });
      else trials.push({ ...base, kind: 'attention_instructed', instructed: { text: check.text, expected: check.expected } });
    }
  });

  return { participantId, seed: seedFor(file.seed, participantId), conditionOrder, practice, trials };
}

function orderOfConditions(exp: Experiment, participantId: string, condition: string | null, ordinal?: number): string[] {
  const ids = exp.conditions.map((c) => c.id);
  if (exp.file.design.type === 'between') {
    if (condition === null || !ids.includes(condition)) {
      throw new Error(`planParticipant: between-subjects design needs one of the conditions ${ids.join(', ')}, got ${condition}`);
    }
    return [condition];
  }
  const row = ordinal ?? createRng(seedFor(exp.file.seed, participantId, 'order')).int(0, blockOrderCount(ids.length) - 1);
  return blockOrder(ids, row);
}

function conditionById(exp: Experiment, id: string): Condition {
  const found = exp.conditions.find((c) => c.id === id);
  if (!found) throw new Error(`planParticipant: unknown condition ${id}`);
  return found;
}

/** Wrong advices among one block's decision trials in this condition (simulated advisor). */
export function errorsIn(exp: Experiment, condition: Condition): number {
  return condition.advisorErrors ?? exp.file.advisor.errors ?? 0;
}

/**
 * Accuracy the advisor is expected to have in a condition: simulated, 1 - errors / trials per block; case bank, the
 * share of right recommendations among the cases that can be drawn as decision trials.
 */
export function expectedAccuracy(exp: Experiment, condition: Condition, blockSize: number): number {
  if (exp.file.advisor.source === 'simulated') return blockSize > 0 ? 1 - errorsIn(exp, condition) / blockSize : 1;
  const pool = exp.cases.filter((c) => !c.practice && !c.attentionCheck && c.ai.recommendation !== undefined);
  if (pool.length === 0) return 1;
  return pool.filter((c) => isCorrect(exp, c, c.ai.recommendation as string | number)).length / pool.length;
}

/**
 * Dossiers shown with instructed-response checks that name none: the bank's attention-check cases that no obvious-case
 * check uses, else cases this participant does not meet otherwise; in a participant-specific order.
 */
function dossiersForInstructedChecks(exp: Experiment, excluded: ReadonlySet<string>, rng: Rng): Case[] {
  const spare = exp.cases.filter((c) => c.attentionCheck && !excluded.has(c.id));
  const pool = spare.length > 0 ? spare : exp.cases.filter((c) => !c.practice && !excluded.has(c.id));
  return rng.shuffle([...pool]);
}

function attentionCaseIds(exp: Experiment): string[] {
  return exp.file.procedure.attention_checks.flatMap((a) => (a.kind === 'obvious_case' ? [a.case] : []));
}

interface Selection {
  practice: Case[];
  decision: Case[];
}

/**
 * Practice cases: the `practice` pool (shuffled), completed if too small from the bank (those are then never decision
 * trials). Decision cases: never practice or attention-check cases; `fixed` = `trials.cases` in order (else the first
 * usable cases of the bank), `random` = a shuffle, `stratified` = as even as possible across truth classes (numeric:
 * terciles of the truth), then shuffled. Within subjects, trials are cut into equal consecutive blocks; stratified
 * samples are dealt to blocks class by class, so each block is balanced too.
 */
function selectCases(exp: Experiment, blockCount: number, rng: Rng): Selection {
  const { trials, practice: practiceSpec } = exp.file.procedure;
  const reserved = new Set(attentionCaseIds(exp));
  const usable = exp.cases.filter((c) => !c.attentionCheck && !reserved.has(c.id));
  const fixedIds = new Set(trials.sampling === 'fixed' ? (trials.cases ?? []) : []);

  const practicePool = rng.shuffle(usable.filter((c) => c.practice));
  const practice = practicePool.slice(0, practiceSpec.count);
  if (practice.length < practiceSpec.count) {
    const extra = rng.shuffle(usable.filter((c) => !c.practice && !fixedIds.has(c.id)));
    practice.push(...extra.slice(0, practiceSpec.count - practice.length));
  }
  if (practice.length < practiceSpec.count) throw new Error(`planParticipant: not enough cases for ${practiceSpec.count} practice trials`);
  const practiceIds = new Set(practice.map((c) => c.id));
  const pool = usable.filter((c) => !c.practice && !practiceIds.has(c.id));

  const count = trials.count;
  if (count % blockCount !== 0) throw new Error(`planParticipant: ${count} trials do not split into ${blockCount} blocks`);
  let decision: Case[];
  if (trials.sampling === 'fixed') {
    decision = trials.cases
      ? trials.cases.map((id) => {
          const c = exp.caseById.get(id);
          if (!c) throw new Error(`planParticipant: unknown case ${id}`);
          return c;
        })
      : pool.slice(0, count);
  } else if (trials.sampling === 'random') {
    decision = rng.shuffle(pool).slice(0, count);
  } else {
    const byClass = stratifiedSample(exp, pool, count, rng);
    decision = blockCount === 1 ? rng.shuffle(byClass) : dealToBlocks(byClass, blockCount, rng);
  }
  if (decision.length < count) throw new Error(`planParticipant: ${count} decision trials but only ${decision.length} usable cases`);
  return { practice, decision };
}

/** `count` cases, as evenly as possible across truth classes, grouped class by class (class order of the task). */
function stratifiedSample(exp: Experiment, pool: Case[], count: number, rng: Rng): Case[] {
  const classes = truthClasses(exp, pool).filter((group) => group.length > 0);
  // Water-filling: each case goes to a class with the smallest quota that still has cases; ties in a seeded order.
  const tieOrder = rng.shuffle(classes.map((_, i) => i));
  const quotas = classes.map(() => 0);
  for (let k = 0; k < count; k++) {
    const open = tieOrder.filter((i) => quotas[i] < classes[i].length);
    if (open.length === 0) break;
    const least = Math.min(...open.map((i) => quotas[i]));
    quotas[open.find((i) => quotas[i] === least) as number]++;
  }
  return classes.flatMap((group, i) => rng.shuffle(group).slice(0, quotas[i]));
}

/** Pool split by truth: labels in task order; numeric tasks, terciles of the truth (ties by bank order). */
function truthClasses(exp: Experiment, pool: Case[]): Case[][] {
  const task = exp.file.task;
  if (task.type !== 'numeric') return task.labels.map((l) => pool.filter((c) => String(c.truth) === l.value));
  const sorted = pool
    .map((c, order) => ({ c, order }))
    .sort((a, b) => Number(a.c.truth) - Number(b.c.truth) || a.order - b.order)
    .map((x) => x.c);
  const third = sorted.length / 3;
  return [0, 1, 2].map((k) => sorted.slice(Math.round(k * third), Math.round((k + 1) * third)));
}

/** Deal a class-grouped list round-robin into equal blocks, then shuffle inside each block. */
function dealToBlocks(grouped: Case[], blockCount: number, rng: Rng): Case[] {
  const blocks: Case[][] = Array.from({ length: blockCount }, () => []);
  grouped.forEach((c, i) => blocks[i % blockCount].push(c));
  return blocks.flatMap((block) => rng.shuffle(block));
}
