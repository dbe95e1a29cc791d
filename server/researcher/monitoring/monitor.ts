import { STEPS, type ConditionCounts, type ExperimentDoc, type ParticipantDoc, type Step } from '../../store/index.ts';
import { isStale, staleCutoffs } from '../../participant/stale-cutoff.ts';
import type { ResearcherDeps } from '../context.ts';
import { studyRules } from '../experiments/study-rules.ts';
import { median } from './median.ts';
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

/** An invitation whose link was never opened: its participant was created and never seen since. */
function neverOpened(p: ParticipantDoc): boolean {
  return p.invited === true && p.status === 'active' && p.step === 'consent' && p.lastActivityAt.getTime() === p.createdAt.getTime();
}

/**
 * Live numbers of one opened version. The counts are aggregations in the store; median completion time and drop-out
 * by step come from one pass over the participants (documents without their trial plans travel one at a time).
 */
export async function monitor(deps: ResearcherDeps, doc: ExperimentDoc, now: Date): Promise<MonitoringView> {
  const rules = studyRules(doc);
  const cutoffs = staleCutoffs(rules.staleAfterMinutes, now);
  const inactiveAfterMinutes = Math.min(INACTIVE_AFTER_MINUTES, rules.staleAfterMinutes / 2);
  const inactiveBefore = new Date(now.getTime() - inactiveAfterMinutes * 60_000);
  const summary = await deps.store.participantSummary(doc.id, cutoffs, doc.configHash);

  const durations: number[] = [];
  const byStep = () => Object.fromEntries(STEPS.map((s) => [s, 0])) as Record<Step, number>;
  const dropoutByStep = byStep();
  const inactiveByStep = byStep();
  const notOpenedBy = new Map<string, number>();
  let invitedNotStarted = 0;
  let invitationsNotOpened = 0;
  const comprehension = { passedFirstTry: 0, passedLater: 0, failedAttempts: 0, screenedOut: 0 };
  for await (const p of deps.store.participants(doc.id, { configHash: doc.configHash })) {
    if (p.status === 'completed' && p.completedAt) durations.push(p.completedAt.getTime() - p.createdAt.getTime());
    const stale = isStale(p, cutoffs);
    const notStarted = p.invited === true && p.status === 'active' && p.step === 'consent';
    if (notStarted) invitedNotStarted += 1;
    if (neverOpened(p)) {
      invitationsNotOpened += 1;
      if (!stale) notOpenedBy.set(p.condition, (notOpenedBy.get(p.condition) ?? 0) + 1);
    } else if (p.status === 'active' && !stale && p.lastActivityAt < inactiveBefore) inactiveByStep[p.step] += 1;
    if (!notStarted && (p.status === 'withdrawn' || stale)) dropoutByStep[p.step] += 1;
    if (p.comprehension) {
      comprehension.failedAttempts += p.comprehension.attempts;
      if (p.comprehension.passed) comprehension[p.comprehension.attempts === 0 ? 'passedFirstTry' : 'passedLater'] += 1;
    }
  }
  const activeByStep = { ...summary.activeByStep, consent: Math.max(0, summary.activeByStep.consent - invitationsNotOpened) };
  const experiment = await deps.registry.version(doc.id, doc.configHash).catch(() => null);
  // What assignment balances: conditions (between) or block orders (within), as the participant flow counts them.
  const names = new Set<string>(experiment ? assignmentOptions(experiment) : []);
  const target = experiment ? targetPerOption(experiment) : rules.targetPerCondition;
  for (const name of Object.keys(summary.byCondition)) names.add(name);

  const zero: ConditionCounts = { completed: 0, inProgress: 0, stale: 0, withdrawn: 0, declined: 0, screenedOut: 0 };
  const conditions: ConditionProgress[] = [...names].map((condition) => {
    const c = summary.byCondition[condition] ?? zero;
    const notOpened = Math.min(c.inProgress, notOpenedBy.get(condition) ?? 0);
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
  const med = median(durations);
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
    inactiveByStep,
    inactiveAfterMinutes,
    dropoutByStep,
    medianCompletionMinutes: med === null ? null : Math.round((med / 60_000) * 10) / 10,
    balance: { min, max, spread: max - min },
    invitedNotStarted,
    invitationsNotOpened,
    comprehension: { ...comprehension, screenedOut: totals.screenedOut },
  };
}
