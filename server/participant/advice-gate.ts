/**
 * Cognitive forcing on a decision page (experiments/manipulations/advice-timing.ts): whether the advice is on the
 * page, offered behind a request button, or still being waited for; and from which serving time the page counts.
 *
 * The server decides, from what it stored or signed, never from the form: a request is stored with the participant
 * (recordAdviceRequest) before the advice is shown; the start of a wait travels in the page's signed serving stamp
 * (`?since=` on the "show" link), which a participant cannot move back in time.
 */
import { IMMEDIATE_ADVICE, type AdviceTiming } from '../../experiments/manipulations/advice-timing.ts';
import { readServedAt } from '../security/served-stamp.ts';
import type { FlowContext } from './context.ts';
import type { TrialPage } from './pages.ts';

export type AdviceGate =
  | { state: 'shown'; servedAt: number; requested?: { ms: number } }
  | { state: 'offered'; servedAt: number }
  | { state: 'waiting'; servedAt: number; delayS: number; remainingS: number };

/** The timing of a page's advice: the condition's for decision pages that show advice, else immediate. */
export function adviceTimingOf(ctx: Pick<FlowContext, 'experiment'>, page: TrialPage): AdviceTiming {
  if (page.practice || !page.withAdvice || !page.trial.advice) return IMMEDIATE_ADVICE;
  return ctx.experiment.conditions.find((c) => c.id === page.trial.condition)?.adviceTiming ?? IMMEDIATE_ADVICE;
}

/** The advice request stored for this page, if the participant made one while on it. */
export function storedRequest(ctx: Pick<FlowContext, 'participant'>, page: TrialPage): { servedAt: number; ms: number } | null {
  const request = ctx.participant.adviceRequest;
  return request && request.at === page.key ? { servedAt: request.servedAt, ms: request.ms } : null;
}

/**
 * The page's advice state when it is served. `since`: a serving stamp the page gave earlier (the "show" link of a
 * wait), honoured only when it is this participant's stamp for this page; otherwise the page is served now.
 */
export function adviceGate(ctx: Pick<FlowContext, 'experiment' | 'participant' | 'secret' | 'now'>, page: TrialPage, since?: string): AdviceGate {
  const timing = adviceTimingOf(ctx, page);
  const now = ctx.now.getTime();
  if (timing.mode === 'on_request') {
    const request = storedRequest(ctx, page);
    return request ? { state: 'shown', servedAt: request.servedAt, requested: { ms: request.ms } } : { state: 'offered', servedAt: now };
  }
  if (timing.mode === 'delayed') {
    const signed = since === undefined ? null : readServedAt(ctx.secret, ctx.participant.id, page.key, since);
    const servedAt = signed !== null && signed <= now ? signed : now;
    const remainingMs = timing.delay_s * 1000 - (now - servedAt);
    return remainingMs <= 0 ? { state: 'shown', servedAt } : { state: 'waiting', servedAt, delayS: timing.delay_s, remainingS: Math.ceil(remainingMs / 1000) };
  }
  return { state: 'shown', servedAt: now };
}
