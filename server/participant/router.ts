/**
 * Participant routes. Every GET renders the participant's current page; every POST validates (zod), stores, advances
 * with a compare-and-set, and redirects (POST/redirect/GET), so reloads, the back button, a second tab or a visit days
 * later always land on the right page and nothing is recorded twice.
 *
 *   GET  /e/:experimentId             open link: welcome page (?lang=, ?label=); the browser a participant started
 *                                     with goes back to their pages; a label alone never does (open-link.ts); a
 *                                     recruitment platform's id (?PROLIFIC_PID=...) is kept and resumes (recruitment.ts)
 *   GET  /e/:experimentId/information the consent information alone, printable
 *   POST /e/:experimentId             join: claim a condition, create the participant, bind this browser, go to /p/:id
 *   GET  /p/:participantId            the current page
 *   POST /p/:participantId            the answer to the page named by the form's `at`
 *   GET  /p/:participantId/withdraw   confirm "stop and withdraw"
 *   POST /p/:participantId/withdraw   withdraw
 */
import { Router, type Request, type Response, type NextFunction, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Experiment } from '../../experiments/model.ts';
import type { Language } from '../../experiments/schema.ts';
import { chooseLanguage, translator } from '../i18n.ts';
import { isParticipantId } from '../security/ids.ts';
import type { ExperimentRegistry } from '../registry.ts';
import { ConflictError, DamagedRecordError, ErasedParticipantError, StoreUnavailableError, type NextStep, type ParticipantDoc, type Store } from '../store/index.ts';
import type { FlowContext, Outcome } from './context.ts';
import { baseFields, InvalidSubmission, parseForm, schemaFor, sentFields } from './forms.ts';
import { browserBinding } from './browser-binding.ts';
import { joinParticipant } from './join.ts';
import { joinHoldingKeys, joinKeysFor, takeOrWait } from './join-keys.ts';
import { endingOf } from './ending.ts';
import { consentInformation } from './consent-information.ts';
import { paragraphs } from './display.ts';
import { captureRecruitment, participantByPlatformId, platformLockKey, presentParameters, recruitmentFormShape } from './recruitment.ts';
import { joinLimitPerStudy } from './join-limit.ts';
import { markWithdrawn } from './withdrawal.ts';
import { arrivalOnOpenLink, oneJoinPerLabel } from './open-link.ts';
import { PageError } from './page-error.ts';
import { wayBack } from './way-back.ts';
import { pageAfter, pageAt, pagesOf, positionKey, type Page } from './pages.ts';
import { planFor } from './plan.ts';
import { renderMessage, renderPage } from './render.ts';
import { seeOther } from './see-other.ts';
import { ClearedCookies } from '../security/set-cookie.ts';
import { stepFor } from './steps/index.ts';
import { studySteps } from './study-steps.ts';
import { parseTrialAnswer } from './steps/trial.ts';
import { isAdviceRequest } from './advice-request.ts';
import { storedTrial } from './stored-trials.ts';
import { sameProbeAnswer } from './trust-probe.ts';
import { JUST_MOVED_COOKIE, JUST_MOVED_MS, JustMoved, type MovedParticipant } from './just-moved.ts';

export interface ParticipantRouterDeps {
  store: Store;
  registry: ExperimentRegistry;
  secret: string;
  now: () => Date;
  joinLimit: RequestHandler;
  /** Limits requests that look a label up (GET or POST of the open link with a label). */
  labelLimit: RequestHandler;
  /** Cookies only over https (PUBLIC_URL is https). */
  secureCookies?: boolean;
  /** Base of the personal link shown to participants (PUBLIC_URL); else the request's own host. */
  publicUrl?: string;
}

const EXPERIMENT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/**
 * The participant routes, and the two handlers every submission runs (the decision POST and the GET of the page its
 * redirect points to), for app.ts to reach them without walking the router (`pageRoute`).
 */
export interface ParticipantRoutes {
  router: Router;
  /** GET (and HEAD) and POST of /p/:participantId, as the router has them; they read `req.params.participantId`. */
  page: { show: RequestHandler; answer: RequestHandler };
}

export function participantRouter(deps: ParticipantRouterDeps): ParticipantRoutes {
  const router = Router();
  const { store, registry, secret, now } = deps;

  /** Language for pages shown before we know the participant: the link's or the browser's. */
  const guestTr = (req: Request, allowed: Experiment['file']['languages'] = ['fr', 'en']) =>
    translator(chooseLanguage(allowed, req.query.lang, req.get('accept-language')));

  async function runningOr404(req: Request) {
    const id = req.params.experimentId as string;
    if (!EXPERIMENT_ID.test(id)) throw new PageError(404, 'unknown_study');
    const running = await registry.running(id);
    if (running) return running;
    const known = (await store.listExperiments()).some((d) => d.id === id);
    throw known ? new PageError(410, 'closed_study') : new PageError(404, 'unknown_study');
  }

  const labelSchema = z.string().trim().min(1).max(128);
  const withdrawSchema = z.object({ _csrf: baseFields._csrf }).strict();
  const browser = browserBinding(secret, deps.secureCookies ?? false);

  router.get('/e/:experimentId', deps.labelLimit, wrap(async (req, res) => {
    const { experiment } = await runningOr404(req);
    const tr = guestTr(req, experiment.file.languages);
    res.locals.lang = tr.lang;
    const label = labelSchema.safeParse(req.query.label);
    // Back to their own pages, in the language the link asked for (a ?lang= the study offers), as on the welcome page.
    const langQuery = typeof req.query.lang === 'string' && req.query.lang === tr.lang ? `?lang=${tr.lang}` : '';
    const platform = presentParameters(experiment, req.query);
    const returning = await participantByPlatformId(store, experiment, platform, secret);
    if (returning) {
      browser.bind(req, res, experiment.file.id, returning.id);
      return res.redirect(303, `/p/${returning.id}${langQuery}`);
    }
    const arrival = await arrivalOnOpenLink(store, secret, experiment, browser.read(req, experiment.file.id), label.success ? label.data : undefined);
    if (arrival.kind === 'resume') return res.redirect(303, `/p/${arrival.participant.id}${langQuery}`);
    if (arrival.kind === 'label_in_use') throw new PageError(409, 'label_in_use');
    renderPage(res, 200, 'participant/welcome', {
      tr,
      title: tr.text(experiment.file.title),
      studyTitle: tr.text(experiment.file.title),
      action: `/e/${experiment.file.id}`,
      label: label.success ? label.data : null,
      platform: Object.entries(platform).map(([name, value]) => ({ name, value })),
      steps: studySteps(experiment, tr),
      languageLinks: languageLinks(experiment, tr.lang, `/e/${experiment.file.id}`),
    });
  }));

  /** The consent information alone, to print or keep (no participant needed: it is the same for everyone). */
  router.get('/e/:experimentId/information', wrap(async (req, res) => {
    const { experiment } = await runningOr404(req);
    const tr = guestTr(req, experiment.file.languages);
    res.locals.lang = tr.lang;
    renderPage(res, 200, 'participant/information', {
      tr,
      title: tr.text(experiment.file.title),
      studyTitle: tr.text(experiment.file.title),
      paragraphs: paragraphs(tr.text(experiment.file.texts.consent)),
      information: consentInformation(experiment, tr),
      backPath: `/e/${experiment.file.id}`,
      languageLinks: languageLinks(experiment, tr.lang, `/e/${experiment.file.id}/information`),
    });
  }));

  const joinsPerStudy = joinLimitPerStudy(registry, (_req, _res, next) => next(new PageError(429, 'too_many_requests')));
  router.post('/e/:experimentId', deps.labelLimit, deps.joinLimit, joinsPerStudy, wrap(async (req, res) => {
    const { experiment } = await runningOr404(req);
    const tr = guestTr(req, experiment.file.languages);
    res.locals.lang = tr.lang;
    const joinSchema = schemaFor(experiment, 'join', () =>
      z.object({ ...baseFields, lang: z.enum(experiment.file.languages), label: labelSchema.optional(), ...recruitmentFormShape(experiment) }).strict(),
    );
    const form = parseForm(joinSchema, req.body, tr);
    const platform = presentParameters(experiment, form);
    const boundId = browser.read(req, experiment.file.id);
    const lockKey = form.label === undefined ? undefined : `${experiment.file.id}\u0000${form.label}`;
    // One join at a time per platform id, then per label (in this process): two simultaneous first visits with the
    // same PROLIFIC_PID make one participant, the second request resumes it.
    const arrival = await oneJoinPerLabel(platformLockKey(experiment, platform, secret), async () => {
      const returning = await participantByPlatformId(store, experiment, platform, secret);
      if (returning) return { kind: 'resume', participant: returning } as const;
      return oneJoinPerLabel(lockKey, async () => {
        const found = await arrivalOnOpenLink(store, secret, experiment, boundId, form.label);
        if (found.kind !== 'new') return found;
        const recruitment = captureRecruitment(experiment, platform, secret);
        // Across processes: the label and platform id are taken as join keys first; one held by another process's
        // join answers with that join's participant.
        const keys = joinKeysFor(experiment.file.id, { platformIdHash: recruitment?.platformIdHash, labelHash: found.labelHash });
        const held = await takeOrWait(
          store,
          keys,
          now,
          async (kind) => {
            if (kind === 'platform') {
              const other = await participantByPlatformId(store, experiment, platform, secret);
              return other ? ({ kind: 'resume', participant: other } as const) : null;
            }
            return found.labelHash !== undefined && (await store.findParticipantByLabel(experiment.file.id, found.labelHash)) ? ({ kind: 'label_in_use' } as const) : null;
          },
          () => new PageError(409, 'join_in_progress'),
        );
        if (held !== true) return held;
        const participant = await joinHoldingKeys(store, keys, () =>
          joinParticipant(store, experiment, { language: form.lang, labelHash: found.labelHash, recruitment }, now()),
        );
        return participant ? ({ kind: 'joined', participant } as const) : null;
      });
    });
    if (arrival === null) throw new PageError(409, 'full_study');
    if (arrival.kind === 'label_in_use') throw new PageError(409, 'label_in_use');
    // A new participant, or this browser's own (a second "Start"): either way this browser now comes back to them.
    browser.bind(req, res, experiment.file.id, arrival.participant.id);
    res.redirect(303, `/p/${arrival.participant.id}`);
  }));

  const justMoved = new JustMoved();
  const movedCookieOptions = (id: string) => ({ httpOnly: true, sameSite: 'lax' as const, secure: deps.secureCookies ?? false, path: `/p/${id}` });
  /** res.clearCookie(JUST_MOVED_COOKIE, movedCookieOptions(id)), its header serialized once per participant. */
  const clearedMoved = new ClearedCookies({ httpOnly: true, sameSite: 'lax', secure: deps.secureCookies ?? false });
  /**
   * Any answer of the participant makes what an earlier POST left out of date, whatever this one does (stores, fails,
   * or is refused): this process drops it, and the browser's token goes, so that no process uses its own either.
   */
  function forgetMoved(req: Request, res: Response): void {
    const id = req.params.participantId as string;
    justMoved.forget(id);
    if ((req.cookies as Record<string, unknown> | undefined)?.[JUST_MOVED_COOKIE] !== undefined && isParticipantId(id)) {
      clearedMoved.send(res, JUST_MOVED_COOKIE, `/p/${id}`);
    }
  }

  /**
   * The participant and their experiment version, or the page that explains why not. `moved`: what this process's
   * decision POST just wrote, used instead of reading the store (the GET of its redirect, just-moved.ts).
   */
  async function flowContext(req: Request, res: Response, moved: MovedParticipant | null = null): Promise<FlowContext> {
    const id = req.params.participantId as string;
    if (!isParticipantId(id)) throw new PageError(404, 'unknown_participant');
    const participant = moved?.participant ?? (await store.getParticipant(id));
    if (!participant) throw new PageError(404, 'unknown_participant');
    res.locals.lang = participant.language;
    const experiment = await registry.version(participant.experimentId, participant.configHash);
    if (participant.status === 'declined' || participant.status === 'withdrawn' || participant.status === 'screened_out') {
      throw new PageError(200, participant.status, [], endingOf(experiment, participant, participant.status, secret));
    }
    if (!experiment) throw new PageError(409, 'changed_study');
    const lang = pageLanguage(req, experiment, participant);
    res.locals.lang = lang;
    const plan = planFor(experiment, participant);
    const since = typeof req.query.since === 'string' ? { since: req.query.since } : {};
    const context = { store, secret, now: now(), experiment, participant, plan, pages: pagesOf(experiment, plan), tr: translator(lang), ...since };
    return moved ? { ...context, justStored: moved.trial } : context;
  }

  /**
   * The links and form targets of a participant page: they carry `?lang=` while the page is shown in another
   * language than the stored one, so the next answer (a POST) stores it; GETs never store anything but the visit.
   */
  function participantLinks(ctx: FlowContext, path: string) {
    const self = `/p/${ctx.participant.id}`;
    const query = ctx.tr.lang !== ctx.participant.language ? `?lang=${ctx.tr.lang}` : '';
    return {
      action: `${path}${query}`,
      participantPath: self,
      langQuery: query,
      languageLinks: languageLinks(ctx.experiment, ctx.tr.lang, path),
    };
  }

  function currentPage(ctx: FlowContext): Page {
    const page = pageAt(ctx.pages, ctx.participant);
    if (!page) throw new Error(`participant ${ctx.participant.id}: no page at ${positionKey(ctx.participant)}`);
    return page;
  }

  const showPage = wrap(async (req, res) => {
    const cookies = req.cookies as Record<string, unknown> | undefined;
    const ctx = await flowContext(req, res, justMoved.take(req.params.participantId as string, cookies?.[JUST_MOVED_COOKIE], now()));
    const page = currentPage(ctx);
    if (ctx.participant.status === 'active' && (visitIsNews(ctx) || firstVisitOfInvitation(ctx))) await store.touch(ctx.participant.id, ctx.now);
    const step = stepFor(page);
    const model = await step.model(ctx, page);
    res.set('Cache-Control', 'no-store');
    // Whichever link brought them (open link or personal invitation), this browser now goes back to them from /e/.
    browser.bind(req, res, ctx.experiment.file.id, ctx.participant.id);
    renderPage(res, 200, step.view, { ...flowLocals(ctx, req, page), ...model });
  });
  router.get('/p/:participantId', showPage);

  /** The locals every page of the flow gets, besides its step's model. */
  function flowLocals(ctx: FlowContext, req: Request, page: Page) {
    return {
      tr: ctx.tr,
      title: ctx.tr.text(ctx.experiment.file.title),
      personalLink: `${deps.publicUrl?.replace(/\/+$/, '') ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`}/p/${ctx.participant.id}`,
      ...participantLinks(ctx, `/p/${ctx.participant.id}`),
      at: page.key,
      progress: progressOf(ctx, page),
    };
  }

  const answerPage = wrap(async (req, res) => {
    forgetMoved(req, res);
    const ctx = await flowContext(req, res);
    const self = `/p/${ctx.participant.id}`;
    const page = currentPage(ctx);
    const at = (req.body as Record<string, unknown> | undefined)?.at;
    if (ctx.participant.status === 'active' && at === page.key) {
      const step = stepFor(page);
      if (!step.accept) return seeOther(res, self);
      let outcome: Outcome;
      try {
        outcome = await step.accept(ctx, page, req.body, nextPosition(ctx, page, null));
      } catch (error) {
        if (!(error instanceof InvalidSubmission) || !step.keepsAnswers) throw error;
        // The same page again with what was wrong and what was sent: nothing typed is lost (nothing was stored).
        const model = await step.model(ctx, page);
        res.set('Cache-Control', 'no-store');
        // The form's token was checked before this handler ran (the CSRF middleware): the page sent again reuses it.
        const sent = sentFields(req.body);
        const csrfToken = (req.body as Record<string, unknown>)._csrf;
        return renderPage(res, 400, step.view, { ...flowLocals(ctx, req, page), ...model, problems: error.problems, sent, csrfToken });
      }
      if (outcome.kind === 'stay') return seeOther(res, self);
      if (outcome.kind === 'page') return renderPage(res, outcome.status, outcome.view, { ...flowLocals(ctx, req, page), ...outcome.model });
      const next = nextPosition(ctx, page, outcome.kind === 'end' ? outcome.status : null);
      const moved = outcome.kind === 'advance' && outcome.moved !== undefined ? outcome.moved : await store.advanceStep(ctx.participant.id, ctx.participant, next);
      if (outcome.kind === 'advance' && outcome.after) {
        const token = justMoved.remember(outcome.after, ctx.now);
        // It replaces the cookie forgetMoved cleared (same name and path): one Set-Cookie instead of two.
        dropSetCookie(res, `${JUST_MOVED_COOKIE}=;`);
        res.cookie(JUST_MOVED_COOKIE, token, { ...movedCookieOptions(ctx.participant.id), maxAge: JUST_MOVED_MS });
      }
      if (moved && next.status === 'completed') {
        await store.appendEvent(ctx.experiment.file.id, { type: 'participant_completed', participantId: ctx.participant.id, at: ctx.now });
      }
      return seeOther(res, self);
    }
    // A form from an earlier page (back button, second tab, double click): same answer -> nothing to do; a
    // different answer to a trial already answered -> 409; anything unknown -> 400. Nothing is ever overwritten.
    const index = ctx.pages.findIndex((p) => p.key === at);
    const currentIndex = ctx.pages.indexOf(page);
    if (index < 0) throw new InvalidSubmission([ctx.tr.t('errors.unknown_position')]);
    if (index > currentIndex) throw new PageError(409, 'not_yet');
    const earlier = ctx.pages[index];
    // A "see the advice" press from a page already answered (back button) asks for nothing more.
    if (earlier.kind !== 'trial' || isAdviceRequest(req.body)) return seeOther(res, self);
    const answer = parseTrialAnswer(ctx, earlier, req.body);
    const stored = await storedTrial(ctx, earlier.practice, earlier.number - 1, earlier.phase);
    const same =
      stored !== null &&
      String(stored.decision) === String(answer.decision) &&
      (stored.confidence ?? null) === (answer.certainty ?? null) &&
      sameProbeAnswer(stored, answer);
    if (!same) throw new PageError(409, 'already_answered');
    seeOther(res, self);
  });
  router.post('/p/:participantId', answerPage);

  /**
   * Where an answer to `page` moves the participant. The language the participant answered in (a switch by ?lang=, or
   * an invitation's first page) is kept, in the same write as the move.
   */
  function nextPosition(ctx: FlowContext, page: Page, ended: 'declined' | 'screened_out' | null): NextStep {
    const language = ctx.tr.lang !== ctx.participant.language ? { language: ctx.tr.lang } : {};
    if (ended) return { step: page.step, stepIndex: page.stepIndex, status: ended, at: ctx.now, ...language };
    const next = pageAfter(ctx.pages, page);
    if (!next) throw new Error('the debrief has no successor');
    if (next.kind === 'debrief') {
      return { step: next.step, stepIndex: next.stepIndex, status: 'completed', completedAt: ctx.now, at: ctx.now, ...language };
    }
    return { step: next.step, stepIndex: next.stepIndex, at: ctx.now, ...language };
  }

  router.get('/p/:participantId/withdraw', wrap(async (req, res) => {
    const ctx = await flowContext(req, res);
    const self = `/p/${ctx.participant.id}`;
    const links = participantLinks(ctx, `${self}/withdraw`);
    renderPage(res, 200, 'participant/withdraw', {
      tr: ctx.tr,
      title: ctx.tr.t('withdraw.title'),
      action: links.action,
      languageLinks: links.languageLinks,
      backPath: `${self}${links.langQuery}`,
    });
  }));

  router.post('/p/:participantId/withdraw', wrap(async (req, res) => {
    forgetMoved(req, res);
    const ctx = await flowContext(req, res);
    parseForm(withdrawSchema, req.body, ctx.tr);
    const id = ctx.participant.id;
    if (await markWithdrawn(store, id, ctx.now)) await store.appendEvent(ctx.experiment.file.id, { type: 'participant_withdrew', participantId: id, at: ctx.now });
    res.redirect(303, `/p/${id}`);
  }));

  return { router, page: { show: showPage, answer: answerPage } };
}

/** Overall progress through the study (pages answered / pages to answer), shown on every page of the flow. */
function progressOf(ctx: FlowContext, page: Page): { value: number; text: string } {
  const done = ctx.pages.indexOf(page);
  const fraction = ctx.pages.length > 1 ? Math.max(0, done) / (ctx.pages.length - 1) : 1;
  const value = Math.round(fraction * 100);
  return { value, text: ctx.tr.t('layout.progress_value', { percent: ctx.tr.number(value / 100, { style: 'percent', maximumFractionDigits: 0 }) }) };
}

/**
 * Whether a page view should be stored as the participant's last activity. It only matters for the stale timeout
 * (an in-progress participant not seen for `stale_after_minutes` frees their place), so a view is stored when the
 * stored activity is older than a tenth of that timeout (at most a minute): a durable write per page view was a
 * large part of a GET's cost, and answers (POSTs) store their time anyway.
 */
function visitIsNews(ctx: FlowContext): boolean {
  const staleMs = ctx.experiment.file.assignment.stale_after_minutes * 60_000;
  return ctx.now.getTime() - ctx.participant.lastActivityAt.getTime() >= Math.min(60_000, staleMs / 10);
}

/** An invitation opened for the first time: stored, so that monitoring tells opened invitations from unopened ones. */
function firstVisitOfInvitation(ctx: FlowContext): boolean {
  const p = ctx.participant;
  return p.invited === true && p.lastActivityAt.getTime() === p.createdAt.getTime();
}

/**
 * The language of a participant page: `?lang=` when the study offers it (a participant may prefer the other one);
 * else, for an invited participant who has not consented yet (created before any visit, with the study's first
 * language), the browser's Accept-Language among the study's languages; else the stored language.
 */
function pageLanguage(req: Request, experiment: Experiment, participant: ParticipantDoc): Language {
  const allowed = experiment.file.languages;
  const explicit = req.query.lang;
  if (typeof explicit === 'string' && (allowed as readonly string[]).includes(explicit)) return explicit as Language;
  if (participant.invited && participant.status === 'active' && participant.step === 'consent') {
    return chooseLanguage(allowed, undefined, req.get('accept-language'));
  }
  return participant.language;
}

/** "English" / "Français" links to the same page in the study's other languages (named in their own language). */
function languageLinks(experiment: Experiment, current: Language, path: string) {
  return experiment.file.languages
    .filter((l) => l !== current)
    .map((l) => ({ lang: l, name: translator(l).t('language.name'), href: `${path}?lang=${l}` }));
}

/** Removes the Set-Cookie values of this response that start with `prefix` (a cookie about to be set again). */
function dropSetCookie(res: Response, prefix: string): void {
  const header = res.getHeader('Set-Cookie');
  const values = Array.isArray(header) ? header : typeof header === 'string' ? [header] : [];
  const kept = values.filter((value) => !value.startsWith(prefix));
  if (kept.length === values.length) return;
  if (kept.length === 0) res.removeHeader('Set-Cookie');
  else res.setHeader('Set-Cookie', kept);
}

/** Express 5 forwards rejected promises; this only narrows the handler type and keeps routes readable. */
function wrap(handler: (req: Request, res: Response) => Promise<unknown>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch(next);
  };
}

/** Page errors after which the participant's current step is still there to go back to (unlike an unknown link). */
const STEP_STILL_OPEN = new Set(['not_yet', 'already_answered', 'advice_not_yet']);

/**
 * Turns the flow's known failures into participant pages: PageError (its status), InvalidSubmission (400, with what
 * was wrong), ConflictError (409: already answered differently), ErasedParticipantError (410: an erasure of the
 * participant began meanwhile, nothing kept), a bad CSRF token (403), the database not answering in time (503,
 * StoreUnavailableError: sending the page again is safe). Others go on (500).
 */
export function participantErrors(): (err: unknown, req: Request, res: Response, next: NextFunction) => void {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const lang = res.locals.lang === 'fr' || res.locals.lang === 'en' ? res.locals.lang : chooseLanguage(['fr', 'en'], req.query?.lang, req.get('accept-language'));
    const tr = translator(lang);
    const backPath = wayBack(req.path);
    if (err instanceof PageError) {
      return renderMessage(res, err.status, tr, {
        titleKey: err.titleKey,
        messageKey: err.messageKey,
        problems: err.problems,
        backPath: STEP_STILL_OPEN.has(err.message) ? backPath : undefined,
        ending: err.ending,
      });
    }
    if (err instanceof InvalidSubmission) {
      return renderMessage(res, 400, tr, { titleKey: 'pages.invalid.title', messageKey: 'pages.invalid.message', problems: err.problems, backPath });
    }
    // An erasure of the participant began while their request was on its way: nothing of it was kept.
    if (err instanceof ErasedParticipantError) {
      return renderMessage(res, 410, tr, { titleKey: 'pages.erased.title', messageKey: 'pages.erased.message' });
    }
    if (err instanceof ConflictError) {
      return renderMessage(res, 409, tr, { titleKey: 'pages.already_answered.title', messageKey: 'pages.already_answered.message', backPath });
    }
    if (err instanceof StoreUnavailableError && !(err instanceof DamagedRecordError)) {
      console.error(err.message);
      res.set('Retry-After', '5');
      return renderMessage(res, 503, tr, { titleKey: 'pages.store_unavailable.title', messageKey: 'pages.store_unavailable.message', backPath });
    }
    if ((err as { code?: string } | null)?.code === 'EBADCSRFTOKEN') {
      return renderMessage(res, 403, tr, { titleKey: 'pages.expired_form.title', messageKey: 'pages.expired_form.message', backPath });
    }
    next(err);
  };
}
