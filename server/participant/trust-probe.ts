/**
 * The in-task trust probe on a decision page (experiments/trust-probe.ts): which pages carry it, what the page shows,
 * which fields the form must then have, and the answer's fields for the TrialRecord. The probe is part of the
 * decision form, so the rating is stored in the same write as the decision it accompanies.
 */
import type { TrustProbe } from '../../experiments/trust-probe.ts';
import { probedAt } from '../../experiments/trust-probe.ts';
import type { Translator } from '../i18n.ts';
import type { TrialRecord } from '../store/index.ts';
import type { FlowContext } from './context.ts';
import { integerField } from './forms.ts';
import type { TrialPage } from './pages.ts';

/**
 * The probe this page asks, or null: decision trials only (not practice, not attention checks), on the page of the
 * final decision, when the trial's 1-based position within its block is a multiple of the condition's `every`.
 */
export function probeOnPage(ctx: Pick<FlowContext, 'experiment' | 'plan'>, page: TrialPage): TrustProbe | null {
  if (page.practice || page.phase !== 'final' || page.trial.kind !== 'decision') return null;
  const probe = ctx.experiment.conditions.find((c) => c.id === page.trial.condition)?.trustProbe;
  const blockSize = ctx.experiment.file.procedure.trials.count / Math.max(ctx.plan.conditionOrder.length, 1);
  return probe && probedAt(probe, (page.trial.index % blockSize) + 1) ? probe : null;
}

export interface TrustProbeView {
  question: string;
  selfQuestion: string | null;
  low: string;
  high: string;
  points: number[];
}

/** What the page shows: the item(s), in the page's language, with the anchors of the two ends. */
export function trustProbeView(probe: TrustProbe | null, tr: Translator): TrustProbeView | null {
  if (probe === null) return null;
  return {
    question: probe.text ? tr.text(probe.text) : tr.t('trust_probe.question'),
    selfQuestion: probe.selfConfidence ? (probe.selfConfidenceText ? tr.text(probe.selfConfidenceText) : tr.t('trust_probe.self_question')) : null,
    low: probe.anchors ? tr.text(probe.anchors.low) : tr.t('trust_probe.low'),
    high: probe.anchors ? tr.text(probe.anchors.high) : tr.t('trust_probe.high'),
    points: Array.from({ length: probe.scalePoints }, (_, i) => i + 1),
  };
}

/** The part of the schema cache key that the probe changes (the trial form is cached per experiment and key). */
export function probeSchemaKey(probe: TrustProbe | null): string {
  return probe === null ? '' : `:probe:${probe.scalePoints}:${probe.selfConfidence ? 1 : 0}`;
}

/** Required form fields of the probe: integers 1..scale_points; anything else is refused (400, nothing stored). */
export function probeFields(probe: TrustProbe | null, tr: Translator) {
  if (probe === null) return {};
  const rating = integerField(1, probe.scalePoints, tr.t('errors.choose_point', { min: 1, max: probe.scalePoints }));
  return { trust_rating: rating, ...(probe.selfConfidence ? { self_confidence_rating: rating } : {}) };
}

export interface ProbeAnswer {
  trustRating?: number;
  selfConfidenceRating?: number;
}

/** The probe's answers from a parsed form (absent when the page has no probe). */
export function probeAnswer(form: { trust_rating?: number; self_confidence_rating?: number }): ProbeAnswer {
  return {
    ...(form.trust_rating !== undefined ? { trustRating: form.trust_rating } : {}),
    ...(form.self_confidence_rating !== undefined ? { selfConfidenceRating: form.self_confidence_rating } : {}),
  };
}

/** Whether a repeated submission gives the probe answers already stored (a different one is a conflict). */
export function sameProbeAnswer(stored: Pick<TrialRecord, 'trustRating' | 'selfConfidenceRating'>, answer: ProbeAnswer): boolean {
  return (stored.trustRating ?? null) === (answer.trustRating ?? null) && (stored.selfConfidenceRating ?? null) === (answer.selfConfidenceRating ?? null);
}
