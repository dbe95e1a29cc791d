/**
 * The Express application, composed in one visible place: security headers, the participant page's direct route
 * (pageRoute, below), static files, cookies, bounded bodies, CSRF, then the participant routes and the researcher
 * routes, then the error pages. `confiance serve` runs it in server/http-server.ts.
 */
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Config } from './config.ts';
import { VIEWS_DIR } from './views-dir.ts';
import { inSequence } from './in-sequence.ts';
import { chooseLanguage, translator } from './i18n.ts';
import type { ExperimentRegistry } from './registry.ts';
import { createCsrf, formBody, joinRateLimit, jsonBody, labelLookupRateLimit, requestCookies, securityHeaders } from './security/index.ts';
import { SESSION_COOKIE as RESEARCHER_SESSION_COOKIE } from './researcher/auth/session.ts';
import { BROWSER_COOKIE } from './participant/browser-binding.ts';
import { JUST_MOVED_COOKIE } from './participant/just-moved.ts';
import type { Store } from './store/index.ts';
import { PageError } from './participant/page-error.ts';
import { participantErrors, participantRouter } from './participant/router.ts';
import { renderMessage, renderPage } from './participant/render.ts';
import { wayBack } from './participant/way-back.ts';
import { researcherApi } from './researcher/api/router.ts';
import { researcherPages } from './researcher/pages/router.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  registry: ExperimentRegistry;
  secret: string;
  now?: () => Date;
}

const STATIC_DIR = `${VIEWS_DIR}static/`;
const FAVICON = `${STATIC_DIR}favicon.ico`;

export function createApp(deps: AppDeps): Express {
  const now = deps.now ?? (() => new Date());
  const https = deps.config.PUBLIC_URL?.startsWith('https://') ?? false;
  const app = express();
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  // Compiled templates are kept (Express does so only under NODE_ENV=production): recompiling them per request cost
  // about a third of a page's server time. NODE_ENV=development recompiles, for editing templates live.
  app.set('view cache', process.env.NODE_ENV !== 'development');
  // Pages are never cached (no-store) and static files get their own validators: hashing every response body for an
  // ETag is work for nothing.
  app.set('etag', false);
  app.set('trust proxy', deps.config.TRUST_PROXY ? 1 : false);
  app.disable('x-powered-by');

  app.use(securityHeaders({ https }));
  const csrf = createCsrf({ secret: deps.secret, secure: https });
  // What every page request needs, in this order: the cookies (only those Confiance reads: CSRF, the researcher
  // session, the participant's browser binding and just-moved token), the form body (a JSON body on /api is read by
  // jsonBody first), then the CSRF check. The JSON API authenticates with a bearer header, which a browser never sends
  // on its own: no CSRF there. One function (in-sequence.ts) rather than three router layers.
  const pageRequest = inSequence([
    requestCookies([...csrf.cookieNames, RESEARCHER_SESSION_COOKIE, BROWSER_COOKIE, JUST_MOVED_COOKIE]),
    formBody(),
    (req, res, next) => (req.path.startsWith('/api/') ? next() : req.method === 'GET' || req.method === 'HEAD' ? csrf.issue(req, res, next) : csrf.protect(req, res, next)),
  ]);
  const participant = participantRouter({
    store: deps.store,
    registry: deps.registry,
    secret: deps.secret,
    now,
    joinLimit: joinRateLimit(),
    labelLimit: labelLookupRateLimit({ onLimit: (_req, _res, next) => next(new PageError(429, 'too_many_requests')) }),
    secureCookies: https,
    publicUrl: deps.config.PUBLIC_URL,
  });
  app.use(pageRoute(pageRequest, participant.page));
  app.use('/static', express.static(STATIC_DIR, { index: false, maxAge: '1h', fallthrough: true }));
  // Browsers ask for /favicon.ico on every page: a small static icon rather than a 404 each time.
  app.get('/favicon.ico', (_req, res) => res.sendFile(FAVICON, { maxAge: '1d' }));
  app.use('/api', jsonBody());
  app.use(pageRequest);

  app.get('/', async (req, res, next) => {
    try {
      const tr = translator(chooseLanguage(['fr', 'en'], req.query.lang, req.get('accept-language')));
      const open = (await deps.store.listExperiments()).filter((d) => d.status === 'open');
      const studies = [];
      for (const doc of open) {
        const running = await deps.registry.running(doc.id);
        if (running) studies.push({ href: `/e/${doc.id}`, title: tr.text(running.experiment.file.title) });
      }
      renderPage(res, 200, 'participant/home', { tr, title: 'Confiance', studies });
    } catch (err) {
      next(err);
    }
  });
  app.use(participant.router);
  app.use('/admin', researcherPages(deps));
  app.use('/api', researcherApi(deps));

  app.use(participantErrors());
  app.use((req: Request, res: Response) => {
    renderMessage(res, 404, translator(chooseLanguage(['fr', 'en'], undefined, req.get('accept-language'))), {
      titleKey: 'pages.not_found.title',
      messageKey: 'pages.not_found.message',
    });
  });
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = (err as { status?: number; statusCode?: number } | null)?.status ?? (err as { statusCode?: number } | null)?.statusCode;
    const tr = translator(chooseLanguage(['fr', 'en'], undefined, req.get('accept-language')));
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Body too large, malformed body...: the request is wrong, nothing was stored.
      return renderMessage(res, status, tr, { titleKey: 'pages.invalid.title', messageKey: 'pages.bad_request.message', backPath: wayBack(req.path) });
    }
    console.error(err);
    renderMessage(res, 500, tr, { titleKey: 'pages.server_error.title', messageKey: 'pages.server_error.message' });
  });
  return app;
}

/** /p/<participant id>, with an optional trailing slash, as the router's `/p/:participantId` matches it (any case). */
const PAGE_PATH = /^\/p\/([A-Za-z0-9_-]{1,64})\/?$/i;

/**
 * GET, HEAD and POST of /p/<participant id>: the two requests of every submission (the decision POST and the GET of
 * the page its redirect points to) go to the participant router's own handlers without walking the app's layers
 * (static files, favicon, API, home page) and the router's study routes one by one, which cost about a tenth of a
 * submission's server time. The same middlewares run in the same order (`pageRequest`), then the same handler; an
 * error goes on to the same error handlers. Any other request, and an id with a character a participant id never
 * has (left to the router, which decodes it), goes on through the app as before.
 */
function pageRoute(pageRequest: RequestHandler, page: { show: RequestHandler; answer: RequestHandler }): RequestHandler {
  return (req, res, next) => {
    const method = req.method;
    const handler = method === 'GET' || method === 'HEAD' ? page.show : method === 'POST' ? page.answer : null;
    const match = handler === null ? null : PAGE_PATH.exec(req.path);
    if (handler === null || match === null) return next();
    req.params = { participantId: match[1] };
    pageRequest(req, res, (err?: unknown) => (err !== undefined && err !== null ? next(err) : handler(req, res, next)));
  };
}
