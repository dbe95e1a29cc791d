/**
 * What a simulated participant does on a decision page before deciding, when the advice is on request or delayed
 * (experiments/manipulations/advice-timing.ts), with its policy's `ask` and `hasty` (policies.ts):
 *   on request  asks with probability `ask` (the form's button, as a person would press it), then reads the page again;
 *   delayed     with probability `hasty`, sends its decision at once: the server must refuse it (4xx) and store
 *               nothing; then it waits the seconds the page says, divided by --speed (an in-process server's clock
 *               runs that much faster), and opens the page's "show" link; a page still waiting (a server on real
 *               time, --url) is then waited for in real time.
 * Draws are seeded by (run seed, participant, page, purpose), so a page met again gets the same choice.
 */
import { createRng, seedFor } from '../../experiments/random.ts';
import { isRedirect, type BrowserClient } from './browser-client.ts';
import type { FlowPage } from './flow-page.ts';
import { DEFAULT_ASK, type Policy } from './policies.ts';
import { MEDIAN_MS, responseTimeMs } from './response-times.ts';

/** A bot that asks reads the dossier first: half a final decision's time (median 3 s). */
const MEDIAN_BEFORE_ASKING_MS = MEDIAN_MS.finalDecision / 2;

export interface TimingContext {
  client: BrowserClient;
  self: string;
  seed: number;
  participantId: string;
  policy: Policy;
  /** Pages where the bot already asked, or already tried to decide early (each is done once per page). */
  done: Set<string>;
  /** The decision the bot would send on this page now (for a hasty try). */
  decisionFields: () => Record<string, string>;
  onEarlyRefusal: () => void;
  sleep: (ms: number) => Promise<void>;
  /** Real milliseconds for simulated ones (--speed). */
  realMs: (simulatedMs: number) => number;
}

/** The path to open next instead of answering the page now, or null to answer it. */
export async function meetAdviceTiming(page: Extract<FlowPage, { kind: 'trial' }>, ctx: TimingContext): Promise<string | null> {
  const at = page.form.hidden.at;
  const { adviceRequest, wait } = page.trial;
  if (adviceRequest && !ctx.done.has(`ask:${at}`)) {
    ctx.done.add(`ask:${at}`);
    const rng = createRng(seedFor(ctx.seed, ctx.participantId, at, 'ask'));
    if (rng.float() >= (ctx.policy.ask ?? DEFAULT_ASK)) return null;
    await ctx.sleep(ctx.realMs(responseTimeMs(rng, MEDIAN_BEFORE_ASKING_MS)));
    const res = await ctx.client.post(adviceRequest.action || ctx.self, { ...adviceRequest.hidden, request_advice: '1' });
    if (!isRedirect(res.status)) throw new Error(`${res.status} after asking for the advice at ${at}`);
    return ctx.self;
  }
  if (!wait) return null;
  if (!ctx.done.has(`hasty:${at}`)) {
    ctx.done.add(`hasty:${at}`);
    if (createRng(seedFor(ctx.seed, ctx.participantId, at, 'hasty')).float() < (ctx.policy.hasty ?? 0)) {
      const res = await ctx.client.post(page.form.action || ctx.self, ctx.decisionFields());
      if (isRedirect(res.status) || res.status < 400 || res.status >= 500)
        throw new Error(`a decision sent ${wait.seconds} s before the delayed advice was not refused (${res.status}) at ${at}`);
      ctx.onEarlyRefusal();
    }
  }
  const waitedBefore = ctx.done.has(`waited:${at}`);
  ctx.done.add(`waited:${at}`);
  await ctx.sleep(waitedBefore ? wait.seconds * 1000 + 50 : ctx.realMs(wait.seconds * 1000) + 50);
  return wait.showPath;
}
