/**
 * Advice on request: the "See the AI's recommendation" form of a decision page. The request is stored with the
 * participant (the page it was made on, the page's serving time, the milliseconds from serving to the request, on the
 * server's clock) and the same page is shown again, now with the advice. Only a page whose condition offers advice on
 * request accepts it; a second request on the same page keeps the first one's time.
 */
import { z } from 'zod';
import { readServedAt } from '../security/served-stamp.ts';
import { adviceTimingOf, storedRequest } from './advice-gate.ts';
import type { FlowContext, Outcome } from './context.ts';
import { baseFields, InvalidSubmission, parseForm } from './forms.ts';
import type { TrialPage } from './pages.ts';

const requestSchema = z.object({ ...baseFields, served: z.string().max(128), request_advice: z.literal('1') }).strict();

/** Whether a POST body is the request form (it names the request_advice button), not a decision. */
export function isAdviceRequest(body: unknown): boolean {
  return typeof body === 'object' && body !== null && Object.hasOwn(body, 'request_advice');
}

export async function acceptAdviceRequest(ctx: FlowContext, page: TrialPage, body: unknown): Promise<Outcome> {
  const { tr } = ctx;
  const form = parseForm(requestSchema, body, tr);
  if (adviceTimingOf(ctx, page).mode !== 'on_request') throw new InvalidSubmission([tr.t('errors.no_advice_request')]);
  const servedAt = readServedAt(ctx.secret, ctx.participant.id, page.key, form.served);
  if (servedAt === null) throw new InvalidSubmission([tr.t('errors.stale_form')]);
  if (storedRequest(ctx, page) === null) {
    const ms = Math.max(0, ctx.now.getTime() - servedAt);
    await ctx.store.recordAdviceRequest(ctx.participant.id, page, { servedAt, ms });
  }
  return { kind: 'stay' };
}
