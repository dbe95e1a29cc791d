/**
 * What cognitive forcing and outcome feedback add to a stored decision (all optional TrialRecord fields): whether
 * and when the advice was asked for (advice on request, from the stored request, never from the form), the wait the
 * server enforced (delayed advice), and the feedback that follows the decision. Also the refusal of a decision sent
 * before a delayed advice appeared.
 */
import type { TrialRecord } from '../store/index.ts';
import { adviceTimingOf, storedRequest } from './advice-gate.ts';
import type { FlowContext } from './context.ts';
import { PageError } from './page-error.ts';
import { pageAfter, type TrialPage } from './pages.ts';

type TimingFields = Pick<TrialRecord, 'adviceRequested' | 'adviceRequestMs' | 'adviceDelayS' | 'feedbackAfter'>;

export function adviceTimingRecord(ctx: Pick<FlowContext, 'experiment' | 'participant' | 'pages'>, page: TrialPage): TimingFields {
  const fields: TimingFields = {};
  const timing = adviceTimingOf(ctx, page);
  if (timing.mode === 'on_request') {
    const request = storedRequest(ctx, page);
    fields.adviceRequested = request !== null;
    if (request) fields.adviceRequestMs = request.ms;
  }
  if (timing.mode === 'delayed') fields.adviceDelayS = timing.delay_s;
  const next = pageAfter(ctx.pages, page);
  if (next?.kind === 'outcome_feedback') fields.feedbackAfter = next.feedback.type;
  return fields;
}

/**
 * Delayed advice: a decision whose page was served less than the delay ago (by its signed serving stamp) was sent
 * before the advice could be seen; it is refused (409, the participant goes back to the page) and nothing is stored.
 */
export function refuseEarlyDecision(ctx: Pick<FlowContext, 'experiment'>, page: TrialPage, serverRtMs: number): void {
  const timing = adviceTimingOf(ctx, page);
  if (timing.mode === 'delayed' && serverRtMs < timing.delay_s * 1000) throw new PageError(409, 'advice_not_yet');
}
