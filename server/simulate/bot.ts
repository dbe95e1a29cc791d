/**
 * One simulated participant going through the real HTTP flow as a person with a browser without JavaScript would:
 * open the study link, join, consent, answer every page (instructions, practice, decisions, questionnaires) until the
 * debrief. It reads only the HTML; its private knowledge is the experiment file (see expert-knowledge.ts).
 *
 * Every draw is seeded by (run seed, participant id, page position), so a page answered again after a lost
 * connection gets the same answer (the server then recognises the repeat and stores nothing twice). When the server
 * cannot be reached, the bot keeps trying its participant link for `retryForMs`, then resumes where the server says.
 */
import { createRng, seedFor, type Rng } from '../../experiments/random.ts';
import type { Experiment } from '../../experiments/model.ts';
import { BrowserClient, isRedirect, NetworkError, type ClientResponse, type Target } from './browser-client.ts';
import type { ExpertKnowledge } from './expert-knowledge.ts';
import { leadingNumber, readFlowPage, type FlowPage, type TrialSeen } from './flow-page.ts';
import { answerOtherThan, ownAnswer } from './own-answers.ts';
import { follows, type Policy } from './policies.ts';
import { answerQuestions } from './question-page.ts';
import { MEDIAN_MS, realWaitMs, responseTimeMs } from './response-times.ts';
import { ratingFor, TrustExperience } from './trust-experience.ts';
import { meetAdviceTiming } from './advice-timing-steps.ts';
import { decisionFields, justificationText, readJustificationPage, TOO_SHORT_FIRST } from './decision-power.ts';

export interface BotPlan {
  index: number;
  seed: number;
  policy: Policy;
  language: 'fr' | 'en';
  /** Stop (drop out) after answering this many pages; null: go to the end. */
  dropAfter: number | null;
  /** Answers attention checks wrongly and faster. */
  inattentive: boolean;
}

export interface BotEnvironment {
  experiment: Experiment;
  knowledge: ExpertKnowledge;
  target: Target;
  /** Simulated seconds per real second; Infinity: no waiting at all. */
  speed: number;
  retryForMs: number;
  forwardedFor?: string;
  onResponse?: (latencyMs: number, status: number) => void;
  /** Called after each answer the server acknowledged (redirect after the POST). */
  onAcknowledged?: (ack: AcknowledgedAnswer) => void;
}

export interface AcknowledgedAnswer {
  bot: number;
  participantId: string;
  /** The page position the form carried. */
  at: string;
  /** The kind of page answered (trial: a decision). */
  kind: 'consent' | 'questionnaire' | 'questions' | 'trial' | 'continue';
  decision?: string;
  certainty?: string;
  /** What the bot read on a decision page (for checks): the case it recognised, the advice and confidence shown. */
  seen?: DecisionSeen;
  /** An override it had to justify: the text accepted, and how many times a text was refused first. */
  justification?: { text: string; refused: number };
}

export interface DecisionSeen {
  caseId: string | null;
  advice: string | null;
  shownConfidence: number | null;
}

export type BotOutcome = 'completed' | 'dropped' | 'error';

export interface BotResult {
  index: number;
  participantId: string | null;
  outcome: BotOutcome;
  error?: string;
  pagesAnswered: number;
  /** Requests that failed without an HTTP answer and were retried. */
  networkRetries: number;
  /** Decisions sent before a delayed advice appeared, which the server refused (policy `hasty`). */
  earlyRefusals: number;
  acknowledged: AcknowledgedAnswer[];
}

const MAX_PAGES = 5000;

export async function runBot(plan: BotPlan, env: BotEnvironment): Promise<BotResult> {
  const client = new BrowserClient({
    target: env.target,
    acceptLanguage: plan.language === 'fr' ? 'fr-FR,fr;q=0.9' : 'en-GB,en;q=0.9',
    forwardedFor: env.forwardedFor,
    onResponse: env.onResponse,
  });
  const result: BotResult = { index: plan.index, participantId: null, outcome: 'error', pagesAnswered: 0, networkRetries: 0, earlyRefusals: 0, acknowledged: [] };
  const retrying = <T>(what: () => Promise<T>) => withRetries(what, env.retryForMs, () => result.networkRetries++);
  try {
    const studyId = env.experiment.file.id;
    const participantId = await retrying(() => join(client, studyId, plan, env));
    result.participantId = participantId;
    const self = `/p/${participantId}`;
    const answeredAt = new Map<string, number>();
    const experience = new TrustExperience();
    const timingDone = new Set<string>();
    let next = self;
    for (let guard = 0; guard < MAX_PAGES; guard++) {
      const path = next;
      next = self;
      const res = await retrying(() => client.open(path));
      const page = readFlowPage(res.html);
      if (page.kind === 'debrief') {
        result.outcome = 'completed';
        return result;
      }
      if (page.kind === 'message' || page.kind === 'welcome') {
        throw new Error(`${res.status} on ${self}: ${page.kind === 'message' ? `${page.title}: ${page.text}` : 'welcome page'}`.slice(0, 500));
      }
      if (plan.dropAfter !== null && result.pagesAnswered >= plan.dropAfter) {
        result.outcome = 'dropped';
        return result;
      }
      const at = page.form.hidden.at;
      const times = (answeredAt.get(at) ?? 0) + 1;
      answeredAt.set(at, times);
      if (times > 5) throw new Error(`the page ${at} came back after 5 answers`);
      if (page.kind === 'trial') {
        const detour = await meetAdviceTiming(page, {
          client, self, seed: plan.seed, participantId, policy: plan.policy, done: timingDone,
          decisionFields: () => answerPage(page, plan, participantId, env, experience).fields,
          onEarlyRefusal: () => result.earlyRefusals++,
          sleep,
          realMs: (ms) => realWaitMs(ms, env.speed),
        });
        if (detour !== null) {
          next = detour;
          continue;
        }
      }
      const answer = answerPage(page, plan, participantId, env, experience);
      await sleep(realWaitMs(answer.simulatedMs, env.speed));
      let sent: ClientResponse;
      let justification: AcknowledgedAnswer['justification'];
      try {
        sent = await client.post(page.form.action || self, { ...answer.fields, ...answer.lists });
        ({ sent, justification } = await justifyIfAsked(client, sent, self, plan, participantId, at, env));
      } catch (err) {
        if (!(err instanceof NetworkError)) throw err;
        // Unknown whether it was stored: read the page again and answer what the server asks (same answer if same page).
        result.networkRetries++;
        continue;
      }
      if (!isRedirect(sent.status)) {
        const shown = readFlowPage(sent.html);
        throw new Error(`${sent.status} after answering ${at}: ${shown.kind === 'message' ? `${shown.title}: ${shown.text}` : shown.kind}`.slice(0, 500));
      }
      result.pagesAnswered++;
      const ack: AcknowledgedAnswer = {
        bot: plan.index,
        participantId,
        at,
        kind: page.kind,
        ...(page.kind === 'trial'
          ? { decision: answer.decision, ...(answer.fields.certainty ? { certainty: answer.fields.certainty } : {}), seen: answer.seen }
          : {}),
        ...(justification ? { justification } : {}),
      };
      if (answer.seen?.advice != null) experience.remember(answer.adviceRight ?? null);
      result.acknowledged.push(ack);
      env.onAcknowledged?.(ack);
    }
    throw new Error(`more than ${MAX_PAGES} pages`);
  } catch (err) {
    result.outcome = 'error';
    result.error = (err as Error).message;
    return result;
  }
}

async function join(client: BrowserClient, studyId: string, plan: BotPlan, env: BotEnvironment): Promise<string> {
  const welcome = await client.open(`/e/${studyId}?lang=${plan.language}`);
  const page = readFlowPage(welcome.html);
  if (page.kind !== 'welcome') throw new Error(`${welcome.status} on /e/${studyId}: ${page.kind === 'message' ? `${page.title}: ${page.text}` : page.kind}`);
  const rng = createRng(seedFor(plan.seed, plan.index, 'welcome'));
  await sleep(realWaitMs(responseTimeMs(rng, MEDIAN_MS.welcome, plan.inattentive), env.speed));
  const res = await client.post(page.form.action, page.form.hidden);
  const id = res.location && /^\/p\/([A-Za-z0-9_-]+)$/.exec(res.location)?.[1];
  if (!isRedirect(res.status) || !id) {
    const shown = readFlowPage(res.html);
    throw new Error(`joining: ${res.status}${shown.kind === 'message' ? ` ${shown.title}: ${shown.text}` : ''}`.slice(0, 500));
  }
  return id;
}

interface PageAnswer {
  fields: Record<string, string>;
  /** Repeated fields (the check boxes of a multiple choice). */
  lists?: Record<string, string[]>;
  /** A decision page: the answer the fields stand for (on a last-word page, "apply" stands for the advice). */
  decision?: string;
  simulatedMs: number;
  seen?: DecisionSeen;
  /** Whether the advice on the page was right, as the bot's private knowledge says (null: cannot tell). */
  adviceRight?: boolean | null;
}

function answerPage(
  page: Exclude<FlowPage, { kind: 'debrief' | 'message' | 'welcome' }>,
  plan: BotPlan,
  participantId: string,
  env: BotEnvironment,
  experience: TrustExperience,
): PageAnswer {
  const at = page.form.hidden.at;
  const rng = createRng(seedFor(plan.seed, participantId, at));
  const fields: Record<string, string> = { ...page.form.hidden };
  switch (page.kind) {
    case 'consent':
      return { fields: { ...fields, choice: 'accept' }, simulatedMs: responseTimeMs(rng, MEDIAN_MS.consent, plan.inattentive) };
    case 'continue':
      return { fields, simulatedMs: responseTimeMs(rng, MEDIAN_MS.instructions, plan.inattentive) };
    case 'questionnaire': {
      // Comprehension questions: the bot read the instructions (it knows the file); questionnaire items: its opinion.
      for (const item of page.items) fields[item.name] = env.knowledge.comprehensionAnswer(item.name) ?? rng.pick(item.values);
      return { fields, simulatedMs: responseTimeMs(rng, MEDIAN_MS.questionnaireItem * page.items.length, plan.inattentive) };
    }
    case 'questions': {
      const { single, multi } = answerQuestions(page.questions, rng, plan.language);
      return { fields: { ...fields, ...single }, lists: multi, simulatedMs: responseTimeMs(rng, MEDIAN_MS.questionnaireItem * page.questions.length, plan.inattentive) };
    }
    case 'trial': {
      const { decision, seen } = decide(page.trial, plan, participantId, rng, env);
      Object.assign(fields, decisionFields(page.trial, decision, seen.advice));
      if (page.trial.askCertainty) fields.certainty = rng.pick(page.trial.askCertainty.slice(Math.floor(page.trial.askCertainty.length / 3)));
      const median = page.trial.advice
        ? env.experiment.file.procedure.paradigm === 'two_stage' ? MEDIAN_MS.finalDecision : MEDIAN_MS.oneStageDecision
        : MEDIAN_MS.initialDecision;
      const simulatedMs = responseTimeMs(rng, median, plan.inattentive);
      if (page.form.timed) fields.client_rt_ms = String(simulatedMs);
      const adviceRight = adviceWasRight(seen, env);
      if (page.trial.probe) Object.assign(fields, probeAnswers(page.trial.probe, experience, adviceRight, plan.policy.own, rng));
      return { fields, decision, simulatedMs, seen, adviceRight };
    }
  }
}

/** The decision on a trial page: attention checks, then the bot's own answer, then its reliance policy on the advice. */
function decide(trial: TrialSeen, plan: BotPlan, participantId: string, rng: Rng, env: BotEnvironment): { decision: string; seen: DecisionSeen } {
  const task = env.experiment.file.task;
  const { knowledge } = env;
  const options = trial.options?.map((o) => o.value) ?? [];
  const wrongOf = (right: string) => (task.type === 'numeric' ? answerOtherThan(task, right, right, (a, b) => knowledge.same(a, b), rng) : rng.pick(options.filter((o) => o !== right)));

  const bankCase = knowledge.recognise(trial.dossier);
  const shownConfidence = trial.advice ? (trial.advice.confidence ?? trial.advice.statedAccuracy) : null;
  const advice = trial.advice ? adviceValue(trial, env, plan.language) : null;
  const seen: DecisionSeen = { caseId: bankCase?.id ?? null, advice, shownConfidence };
  const expected = trial.notices.map((text) => knowledge.instructedAnswer(text)).find((e) => e !== null);
  if (expected !== undefined) return { decision: plan.inattentive ? wrongOf(expected) : expected, seen };
  if (bankCase?.attentionCheck || (bankCase && env.experiment.file.procedure.attention_checks.some((c) => c.kind === 'obvious_case' && c.case === bankCase.id))) {
    return { decision: plan.inattentive ? wrongOf(String(bankCase.truth)) : String(bankCase.truth), seen };
  }
  // The own judgement of this dossier is the same on its initial and its final page (seeded by the dossier).
  const ownRng = createRng(seedFor(plan.seed, participantId, 'own', trial.dossier.map((r) => r.value).join('\u001f')));
  const own = ownAnswer(task, bankCase ? bankCase.truth : null, plan.policy.own, ownRng);
  if (advice === null) return { decision: own, seen };

  const same = (a: string, b: string) => knowledge.same(a, b);
  const follow = follows(
    plan.policy,
    { adviceRight: bankCase ? knowledge.same(advice, bankCase.truth) : null, shownConfidence, ownAgrees: same(own, advice), justificationAsked: trial.justificationAsked === true },
    rng.float(),
  );
  return { decision: follow ? advice : answerOtherThan(task, own, advice, same, rng), seen };
}

/** Whether the advice the bot saw is right for the dossier it recognised (null: no advice, or an unknown dossier). */
function adviceWasRight(seen: DecisionSeen, env: BotEnvironment): boolean | null {
  const bankCase = seen.caseId === null ? undefined : env.experiment.caseById.get(seen.caseId);
  return seen.advice === null || bankCase === undefined ? null : env.knowledge.same(seen.advice, bankCase.truth);
}

/** The probe's ratings: trust from the bot's experience of the AI, self-confidence from its own accuracy. */
function probeAnswers(probe: NonNullable<TrialSeen['probe']>, experience: TrustExperience, adviceRight: boolean | null, own: number, rng: Rng): Record<string, string> {
  const fields: Record<string, string> = { trust_rating: String(experience.trustRating(adviceRight, probe.trust.length, rng)) };
  if (probe.selfConfidence) fields.self_confidence_rating = String(ratingFor(own, probe.selfConfidence.length, rng));
  return fields;
}

/** The advice as an answer value: the option whose text the recommendation shows, or the number it shows. */
function adviceValue(trial: TrialSeen, env: BotEnvironment, lang: 'fr' | 'en'): string {
  const text = trial.advice!.text;
  if (env.experiment.file.task.type === 'numeric') {
    const n = leadingNumber(text, lang);
    if (n === null) throw new Error(`cannot read the recommended number "${text}"`);
    return String(n);
  }
  const option = trial.options?.find((o) => o.label === text);
  if (option) return option.value;
  // A last-word page offers only the answers that override the proposal: the proposal is the label with its text.
  const label = env.experiment.file.task.labels.find((l) => (l.text[lang] ?? l.text.fr ?? l.text.en) === text);
  if (!label) throw new Error(`the recommendation "${text}" is none of the answer options`);
  return label.value;
}

/**
 * After a decision: when the server answers with the justification page (an override to justify), write the
 * justification, too short a first time in TOO_SHORT_FIRST of the cases (seeded by the page), until it is accepted.
 */
async function justifyIfAsked(
  client: BrowserClient,
  sent: ClientResponse,
  self: string,
  plan: BotPlan,
  participantId: string,
  at: string,
  env: BotEnvironment,
): Promise<{ sent: ClientResponse; justification?: { text: string; refused: number } }> {
  const rng = createRng(seedFor(plan.seed, participantId, at, 'justification'));
  const shortFirst = rng.float() < TOO_SHORT_FIRST;
  let refused = 0;
  for (let attempt = 0; attempt < 3 && !isRedirect(sent.status); attempt++) {
    const page = readJustificationPage(sent.html);
    if (!page) break;
    if (page.refused) refused++;
    const text = justificationText(page.minChars, plan.language, rng, shortFirst && attempt === 0);
    await sleep(realWaitMs(responseTimeMs(rng, JUSTIFICATION_MEDIAN_MS, plan.inattentive), env.speed));
    sent = await client.post(page.form.action || self, { ...page.form.hidden, justification: text });
    if (isRedirect(sent.status)) return { sent, justification: { text, refused } };
  }
  return { sent };
}

/** Median time to write a one-sentence justification (simulated ms). */
const JUSTIFICATION_MEDIAN_MS = 25_000;

async function withRetries<T>(what: () => Promise<T>, retryForMs: number, onRetry: () => void): Promise<T> {
  const deadline = Date.now() + retryForMs;
  for (let wait = 50; ; wait = Math.min(1000, wait * 2)) {
    try {
      return await what();
    } catch (err) {
      if (!(err instanceof NetworkError) || Date.now() + wait > deadline) throw err;
      onRetry();
      await sleep(wait);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
