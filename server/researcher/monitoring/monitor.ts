import { STEPS, type ConditionCounts, type ExperimentDoc, type Step } from '../../store/index.ts';
import type { ResearcherDeps } from '../context.ts';
import { studyRules } from '../../store/tidy/study-rules.ts';
import { median } from './median.ts';
import { assignmentOptions, targetPerOption } from '../../participant/plan.ts';

export interface ConditionProgress extends ConditionCounts {
  condition: string;
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
  totals: ConditionCounts & { assigned: number; target: number | null };
  /** completed / (target x conditions), 0..1; null without a target. */
  progress: number | null;
  /** Active participants (in progress or stale) by the step they are at. */
  activeByStep: Record<Step, number>;
  /** Withdrawn and stale participants by the step where they stopped. */
  dropoutByStep: Record<Step, number>;
  medianCompletionMinutes: number | null;
  /** Balance of assignment: spread of `assigned` across conditions (max - min). */
  balance: { min: number; max: number; spread: number };
  /** Invited participants who never opened their link beyond the consent page. */
  invitedNotStarted: number;
}

/**
 * Live numbers of one opened version. The counts are aggregations in the store; median completion time and drop-out
 * by step come from one pass over the participants (documents without their trial plans travel one at a time).
 */
export async function monitor(deps: ResearcherDeps, doc: ExperimentDoc, now: Date): Promise<MonitoringView> {
  const rules = studyRules(doc);
  const staleBefore = new Date(now.getTime() - rules.staleAfterMinutes * 60_000);
  const summary = await deps.store.participantSummary(doc.id, staleBefore, doc.configHash);
  const experiment = await deps.registry.version(doc.id, doc.configHash).catch(() => null);
  // What assignment balances: conditions (between) or block orders (within), as the participant flow counts them.
  const names = new Set<string>(experiment ? assignmentOptions(experiment) : []);
  const target = experiment ? targetPerOption(experiment) : rules.targetPerCondition;
  for (const name of Object.keys(summary.byCondition)) names.add(name);

  const zero: ConditionCounts = { completed: 0, inProgress: 0, stale: 0, withdrawn: 0, declined: 0 };
  const conditions: ConditionProgress[] = [...names].map((condition) => {
    const c = summary.byCondition[condition] ?? zero;
    return { condition, ...c, assigned: c.completed + c.inProgress + c.stale + c.withdrawn + c.declined, target };
  });
  const totals = conditions.reduce(
    (t, c) => ({
      completed: t.completed + c.completed,
      inProgress: t.inProgress + c.inProgress,
      stale: t.stale + c.stale,
      withdrawn: t.withdrawn + c.withdrawn,
      declined: t.declined + c.declined,
      assigned: t.assigned + c.assigned,
      target: t.target,
    }),
    { ...zero, assigned: 0, target: target === null ? null : target * conditions.length },
  );

  const durations: number[] = [];
  const dropoutByStep = Object.fromEntries(STEPS.map((s) => [s, 0])) as Record<Step, number>;
  let invitedNotStarted = 0;
  for await (const p of deps.store.participants(doc.id, { configHash: doc.configHash })) {
    if (p.status === 'completed' && p.completedAt) durations.push(p.completedAt.getTime() - p.createdAt.getTime());
    const stale = p.status === 'active' && p.lastActivityAt < staleBefore;
    const notStarted = p.invited === true && p.status === 'active' && p.step === 'consent';
    if (notStarted) invitedNotStarted += 1;
    else if (p.status === 'withdrawn' || stale) dropoutByStep[p.step] += 1;
  }
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
    activeByStep: summary.activeByStep,
    dropoutByStep,
    medianCompletionMinutes: med === null ? null : Math.round((med / 60_000) * 10) / 10,
    balance: { min, max, spread: max - min },
    invitedNotStarted,
  };
}
