import { type ConditionCounts, type ExperimentDoc, type Step } from '../../store/index.ts';
import { staleCutoffs } from '../../participant/stale-cutoff.ts';
import type { ResearcherDeps } from '../context.ts';
import { studyRules } from '../../store/tidy/study-rules.ts';
import { assignmentOptions, targetPerOption } from '../../participant/plan.ts';

export interface ConditionProgress extends ConditionCounts {
  condition: string;
  /** Personal invitations never opened (not counted in inProgress: nobody has started yet). */
  notOpened: number;
  /** Everyone ever assigned to the condition, whatever their status. */
  assigned: number;
  target: number | null;
}

export interface MonitoringView {
  experimentId: string;
  version: string;
  configHash: string;
  status: string;
  generatedAt: string;
  staleAfterMinutes: number;
  conditions: ConditionProgress[];
  totals: ConditionCounts & { notOpened: number; assigned: number; target: number | null };
  /** completed / (target x conditions), 0..1; null without a target. */
  progress: number | null;
  /** Active participants (in progress or stale) by the step they are at; invitations never opened are not counted. */
  activeByStep: Record<Step, number>;
  /** In progress but without an answer or visit for inactiveAfterMinutes (not stale yet), by step: likely drop-outs. */
  inactiveByStep: Record<Step, number>;
  inactiveAfterMinutes: number;
  /** Withdrawn and stale participants by the step where they stopped. */
  dropoutByStep: Record<Step, number>;
  medianCompletionMinutes: number | null;
  /** Balance of assignment: spread of `assigned` across conditions (max - min). */
  balance: { min: number; max: number; spread: number };
  /** Invited participants who never opened their link beyond the consent page. */
  invitedNotStarted: number;
  /** Invited participants who never opened their link at all. */
  invitationsNotOpened: number;
  /** The comprehension check: participants who passed it (at the first try or later), wrong attempts, screened out. */
  comprehension: { passedFirstTry: number; passedLater: number; failedAttempts: number; screenedOut: number };
}

/** Minutes without activity after which a participant in progress is shown as inactive (at most half the stale timeout). */
const INACTIVE_AFTER_MINUTES = 10;

/**
 * Live numbers of one opened version, from the store's summary (grouped counts computed by the database, the median
 * completion time, and the invitations still at consent): its cost does not depend on reading every participant.
 */
export async function monitor(deps: ResearcherDeps, doc: ExperimentDoc, now: Date): Promise<MonitoringView> {
  const rules = studyRules(doc);
  const cutoffs = staleCutoffs(rules.staleAfterMinutes, now);
  const inactiveAfterMinutes = Math.min(INACTIVE_AFTER_MINUTES, rules.staleAfterMinutes / 2);
  const inactiveBefore = new Date(now.getTime() - inactiveAfterMinutes * 60_000);
  const experiment = await deps.registry.version(doc.id, doc.configHash).catch(() => null);
  const comprehension = experiment?.file.procedure.comprehension !== undefined;
  const summary = await deps.store.participantSummary(doc.id, cutoffs, doc.configHash, { inactiveBefore, comprehension });
  const invitationsNotOpened = Object.values(summary.notOpenedByCondition).reduce((a, b) => a + b, 0);
  const activeByStep = { ...summary.activeByStep, consent: Math.max(0, summary.activeByStep.consent - invitationsNotOpened) };
  // What assignment balances: conditions (between) or block orders (within), as the participant flow counts them.
  const names = new Set<string>(experiment ? assignmentOptions(experiment) : []);
  const target = experiment ? targetPerOption(experiment) : rules.targetPerCondition;
  for (const name of Object.keys(summary.byCondition)) names.add(name);

  const zero: ConditionCounts = { completed: 0, inProgress: 0, stale: 0, withdrawn: 0, declined: 0, screenedOut: 0 };
  const conditions: ConditionProgress[] = [...names].map((condition) => {
    const c = summary.byCondition[condition] ?? zero;
    const notOpened = Math.min(c.inProgress, summary.notOpenedByCondition[condition] ?? 0);
    return { condition, ...c, inProgress: c.inProgress - notOpened, notOpened, assigned: c.completed + c.inProgress + c.stale + c.withdrawn + c.declined + c.screenedOut, target };
  });
  const totals = conditions.reduce(
    (t, c) => ({
      completed: t.completed + c.completed,
      inProgress: t.inProgress + c.inProgress,
      notOpened: t.notOpened + c.notOpened,
      stale: t.stale + c.stale,
      withdrawn: t.withdrawn + c.withdrawn,
      declined: t.declined + c.declined,
      screenedOut: t.screenedOut + c.screenedOut,
      assigned: t.assigned + c.assigned,
      target: t.target,
    }),
    { ...zero, notOpened: 0, assigned: 0, target: target === null ? null : target * conditions.length },
  );

  const assigned = conditions.map((c) => c.assigned);
  const min = assigned.length > 0 ? Math.min(...assigned) : 0;
  const max = assigned.length > 0 ? Math.max(...assigned) : 0;
  const med = summary.medianCompletionMs;
  return {
    experimentId: doc.id,
    version: doc.version,
    configHash: doc.configHash,
    status: doc.status,
    generatedAt: now.toISOString(),
    staleAfterMinutes: rules.staleAfterMinutes,
    conditions,
    totals,
    progress: totals.target ? Math.min(1, totals.completed / totals.target) : null,
    activeByStep,
    inactiveByStep: summary.inactiveByStep,
    inactiveAfterMinutes,
    dropoutByStep: summary.dropoutByStep,
    medianCompletionMinutes: med === null ? null : Math.round((med / 60_000) * 10) / 10,
    balance: { min, max, spread: max - min },
    invitedNotStarted: summary.invitedNotStarted,
    invitationsNotOpened,
    comprehension: { ...summary.comprehension, screenedOut: totals.screenedOut },
  };
}
