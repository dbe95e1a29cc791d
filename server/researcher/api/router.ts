import express, { Router, type RequestHandler } from 'express';
import { requireBearer } from '../auth/bearer.ts';
import { failedAuthLimiter } from '../auth/failed-auth-limit.ts';
import { researcherTokenProblem } from '../auth/token.ts';
import type { ResearcherDeps, ResearcherOptions } from '../context.ts';
import { closeExperiment, fileState, listCatalog, openExperiment, reopenExperiment, requireOpened, versionInfo } from '../experiments/catalog.ts';
import { summarize } from '../experiments/summary.ts';
import { EXPORT_NAMES, isExportName } from '../export/formats.ts';
import { sendExport } from '../export/send.ts';
import { NotFoundError } from '../experiments/catalog.ts';
import { apiErrors } from './errors.ts';
import { researcherApiRoutes } from './study-routes.ts';

/**
 * The researcher JSON API, mounted at /api. Every route needs `Authorization: Bearer <RESEARCHER_TOKEN>`; without a
 * usable token configured, every route answers 503 with the reason instead of running open.
 */
export function researcherApi(deps: ResearcherDeps, options: ResearcherOptions = {}): Router {
  const router = Router();
  const problem = researcherTokenProblem(deps.config.RESEARCHER_TOKEN);
  if (problem !== null) {
    options.log?.(problem); // `confiance serve` says it once at start-up
    router.use((_req, res) => {
      res.status(503).json({ error: 'researcher API disabled: RESEARCHER_TOKEN is not configured on the server' });
    });
    return router;
  }
  router.use(requireBearer(deps.config.RESEARCHER_TOKEN as string, failedAuthLimiter(options.failedAuthLimit ?? 20, 'json')));
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(express.json({ limit: '2mb' }));

  router.get('/experiments', handle(async (_req, res) => {
    res.json({ experiments: await listCatalog(deps) });
  }));
  router.get('/experiments/:id', handle(async (req, res) => {
    const id = param(req.params.id);
    const { experiment, errors } = await fileState(deps, id);
    const versions = (await deps.store.listExperiments()).filter((d) => d.id === id).map(versionInfo);
    if (!experiment && errors.length === 0 && versions.length === 0) throw new NotFoundError(`No experiment "${id}".`);
    res.json({ summary: experiment ? summarize(experiment) : null, valid: experiment !== null, errors, versions });
  }));
  router.post('/experiments/:id/open', handle(async (req, res) => {
    res.json({ experiment: versionInfo(await openExperiment(deps, param(req.params.id))) });
  }));
  router.post('/experiments/:id/close', handle(async (req, res) => {
    res.json({ experiment: versionInfo(await closeExperiment(deps, param(req.params.id))) });
  }));
  router.post('/experiments/:id/reopen', handle(async (req, res) => {
    res.json({ experiment: versionInfo(await reopenExperiment(deps, param(req.params.id))) });
  }));
  router.get('/experiments/:id/export/:file', handle(async (req, res) => {
    const file = param(req.params.file);
    if (!isExportName(file)) throw new NotFoundError(`No export "${file}" (${EXPORT_NAMES.join(', ')}).`);
    const doc = await requireOpened(deps, param(req.params.id), queryString(req.query.configHash));
    await sendExport(res, deps.store, doc, file, { secret: deps.secret });
  }));
  router.use(researcherApiRoutes(deps));
  router.use((_req, res) => {
    res.status(404).json({ error: 'no such API route' });
  });
  router.use(apiErrors);
  return router;
}

/** Express 5 forwards rejected promises; this only narrows the handler type. */
export function handle(fn: (req: express.Request, res: express.Response) => Promise<void>): RequestHandler {
  return (req, res, next) => {
    fn(req, res).catch(next);
  };
}

export function param(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

export function queryString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
