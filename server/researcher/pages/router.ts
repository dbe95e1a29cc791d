import express, { Router, type Request, type Response } from 'express';
import { failedAuthLimiter } from '../auth/failed-auth-limit.ts';
import { pageSession } from '../auth/page-session.ts';
import { researcherTokenProblem, tokensMatch } from '../auth/token.ts';
import type { ResearcherDeps, ResearcherOptions } from '../context.ts';
import { clock } from '../context.ts';
import { handle } from '../api/router.ts';
import { pageErrors, render } from './render.ts';
import { studyPages } from './study-pages.ts';
import { VIEWS_DIR } from '../../views-dir.ts';

const STATIC_DIR = `${VIEWS_DIR}admin/static/`;

/**
 * The researcher dashboard, mounted at /admin: server-rendered pages that work without JavaScript, behind a sign-in
 * form that sets a signed, http-only, same-site cookie. Without a usable token configured, every page answers 503.
 */
export function researcherPages(deps: ResearcherDeps, options: ResearcherOptions = {}): Router {
  const router = Router();
  const problem = researcherTokenProblem(deps.config.RESEARCHER_TOKEN);
  if (problem !== null) {
    options.log?.(problem); // `confiance serve` says it once at start-up
    router.use((_req, res) => {
      res.status(503).type('text/plain').send('The researcher dashboard is disabled: RESEARCHER_TOKEN is not configured on the server.');
    });
    return router;
  }
  const token = deps.config.RESEARCHER_TOKEN as string;
  const now = clock(deps);
  const signInForm = (req: Request, res: Response, status: number, error: string | null) =>
    render(res, status, 'admin/sign-in', { title: 'Sign in', error, next: safeNext(req.originalUrl) });
  const session = pageSession(deps.store, deps.secret, token, now, (req, res) =>
    req.method === 'GET' ? signInForm(req, res, 401, null) : res.status(401).type('text/plain').send('Sign in first.'),
  );

  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use('/static', express.static(STATIC_DIR, { index: false, maxAge: '1h' }));
  router.get('/sign-in', (req, res) => {
    render(res, 200, 'admin/sign-in', { title: 'Sign in', error: null, next: safeNext(String(req.query.next ?? '/admin/')) });
  });
  const refusedSignIns = failedAuthLimiter(options.failedAuthLimit ?? 20, 'text');
  router.post('/sign-in', handle(async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const given = typeof body.token === 'string' ? body.token : '';
    if (!tokensMatch(given, token)) {
      // Only refused attempts are counted and limited: the right token always signs in.
      await refusedSignIns(req, res, () => {
        render(res, 401, 'admin/sign-in', { title: 'Sign in', error: 'This token is not the researcher token.', next: safeNext(String(body.next ?? '')) });
      });
      return;
    }
    await session.signIn(req, res, now());
    res.redirect(303, safeNext(String(body.next ?? '')));
  }));
  router.use(session.require);
  router.post('/sign-out', handle(async (req, res) => {
    await session.signOut(req, res);
    res.redirect(303, '/admin/sign-in');
  }));
  router.use(studyPages(deps));
  router.use((_req, res) => {
    render(res, 404, 'admin/message', { title: 'Not found', message: 'No such page.', details: [] });
  });
  router.use(pageErrors);
  return router;
}

/** Only paths of the dashboard itself: never an open redirect. */
function safeNext(value: string): string {
  return /^\/admin(\/[A-Za-z0-9_\-./?=&%]*)?$/.test(value) && !value.includes('//') && !value.startsWith('/admin/sign-in')
    ? value
    : '/admin/';
}
