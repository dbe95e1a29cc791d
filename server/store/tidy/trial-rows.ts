import type { ParticipantStatus, TrialRecord } from '../index.ts';
import type { StudyRules } from './study-rules.ts';
import type { CellValue } from './csv-cell.ts';
import { probeCells, probeColumnNames } from './trust-probe-columns.ts';
import { forcingCells, forcingColumns } from './forcing-columns.ts';
import { DECISION_POWER_COLUMNS, decisionPowerCells } from './decision-power-cells.ts';

/** One decision trial in the shape of the trial CSV: the initial and final phase records paired. */
export interface ExportTrial {
  participantId: string;
  condition: string;
  trialIndex: number;
  caseId: string;
  truth: string | number;
  aiAdvice: string | number | null;
  /** Shown confidence; null when the participant was not shown one. */
  aiConfidence: number | null;
  initial: TrialRecord | null;
  final: TrialRecord;
  exclusionReasons: string[];
  attentionFailed: boolean;
  participantStatus: ParticipantStatus | null;
}

/** Reasons written in `exclusion_reason`. */
export const TOO_FAST = 'too_fast';
export const FAILED_ATTENTION = 'failed_attention_check';

/**
 * Turns the phase records of ONE participant (store order: practice first, trialIndex, initial then final) into
 * export rows. Practice trials are left out (they have their own index and are not data); attention checks are not
 * rows either but decide `attentionFailed`. A trial whose final decision is not stored yet is incomplete: no row.
 */
export function participantTrials(
  records: readonly TrialRecord[],
  rules: StudyRules,
  participantStatus: ParticipantStatus | null,
): ExportTrial[] {
  const decisions = records.filter((r) => !r.practice);
  const attentionFailed = decisions.some((r) => r.attentionCheck === true && isFinalPhase(r, decisions) && !answeredRight(r, rules));
  const byIndex = new Map<number, { initial?: TrialRecord; final?: TrialRecord }>();
  for (const r of decisions) {
    if (r.attentionCheck === true) continue;
    const pair = byIndex.get(r.trialIndex) ?? {};
    pair[r.phase] = r;
    byIndex.set(r.trialIndex, pair);
  }
  const rows: ExportTrial[] = [];
  for (const [trialIndex, pair] of [...byIndex].sort((a, b) => a[0] - b[0])) {
    // One-stage trials have a single decision: whichever phase name the flow stored, it is the final one.
    const final = pair.final ?? (rules.paradigm === 'one_stage' ? pair.initial : undefined);
    if (!final) continue;
    const initial = final === pair.initial ? null : (pair.initial ?? null);
    const reasons: string[] = [];
    if (attentionFailed && rules.failedAttention === 'exclude_participant') reasons.push(FAILED_ATTENTION);
    if (rules.minRtMs > 0 && [initial, final].some((r) => r !== null && r.serverRtMs < rules.minRtMs)) {
      reasons.push(TOO_FAST);
    }
    const advice = final.advice;
    rows.push({
      participantId: final.participantId,
      condition: final.condition,
      trialIndex,
      caseId: final.caseId,
      truth: final.truth,
      aiAdvice: advice ? advice.recommendation : null,
      aiConfidence: advice && advice.explanation === 'confidence' && advice.confidence !== undefined ? advice.confidence : null,
      initial,
      final,
      exclusionReasons: reasons,
      attentionFailed,
      participantStatus,
    });
  }
  return rows;
}

/** The decision that counts for an attention check: its final phase, or its only phase. */
function isFinalPhase(r: TrialRecord, all: readonly TrialRecord[]): boolean {
  if (r.phase === 'final') return true;
  return !all.some((o) => o.attentionCheck === true && o.trialIndex === r.trialIndex && o.phase === 'final');
}

/** Attention checks compare with their truth (the obvious answer, or the instructed one). */
export function answeredRight(r: TrialRecord, rules: StudyRules): boolean {
  if (rules.taskType === 'numeric') {
    const d = Number(r.decision);
    const t = Number(r.truth);
    return Number.isFinite(d) && Number.isFinite(t) && Math.abs(d - t) <= rules.correctWithin;
  }
  return String(r.decision) === String(r.truth);
}

/** Extra columns after the METRICS.md section 5 ones; confidence columns only for studies that ask for it. */
export function extraColumns(rules: StudyRules): string[] {
  return [
    'exclusion_reason',
    'attention_failed',
    'ai_correct',
    'ai_model_confidence',
    'explanation',
    ...(rules.askConfidence ? ['initial_confidence', 'final_confidence'] : []),
    'initial_client_rt_ms',
    'final_client_rt_ms',
    'participant_status',
    'config_hash',
    ...probeColumnNames(rules.trustProbe),
    ...forcingColumns(rules),
    ...(rules.decisionPower ? DECISION_POWER_COLUMNS : []),
  ];
}

/** The row's cells in TRIAL_CSV_HEADER order followed by extraColumns(rules). */
export function trialCells(t: ExportTrial, rules: StudyRules): CellValue[] {
  const advice = t.final.advice;
  return [
    t.participantId,
    t.condition,
    t.trialIndex,
    t.caseId,
    t.truth,
    t.aiAdvice,
    t.aiConfidence,
    t.initial ? t.initial.decision : null,
    t.final.decision,
    t.initial ? Math.round(t.initial.serverRtMs) : null,
    Math.round(t.final.serverRtMs),
    t.exclusionReasons.length > 0 ? 1 : 0,
    t.exclusionReasons.join(';'),
    t.attentionFailed ? 1 : 0,
    advice ? (advice.correct ? 1 : 0) : null,
    advice?.confidence ?? null,
    advice ? advice.explanation : null,
    ...(rules.askConfidence ? [t.initial?.confidence ?? null, t.final.confidence ?? null] : []),
    t.initial?.clientRtMs !== undefined ? Math.round(t.initial.clientRtMs) : null,
    t.final.clientRtMs !== undefined ? Math.round(t.final.clientRtMs) : null,
    t.participantStatus,
    t.final.configHash,
    ...probeCells(t.final, rules.trustProbe),
    ...forcingCells(t, rules),
    ...(rules.decisionPower ? decisionPowerCells(t.final) : []),
  ];
}
