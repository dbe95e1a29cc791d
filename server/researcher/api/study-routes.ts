import { Router, type Request } from 'express';
import { z } from 'zod';
import { UserError } from '../../../experiments/user-error.ts';
import { auditPage, verifyChain } from '../audit/audit-log.ts';
import type { ResearcherDeps } from '../context.ts';
import { clock } from '../context.ts';
import { requireOpened } from '../experiments/catalog.ts';
import { eraseParticipant, withdrawParticipant } from '../erasure/withdraw-erase.ts';
import { createInvitations, invitationsCsv, openLink } from '../invitations/invite.ts';
import { parseLabelsCsv } from '../invitations/labels-csv.ts';
import { monitor } from '../monitoring/monitor.ts';
import { qualityFlags } from '../monitoring/quality.ts';
import { parsePage, parseStatus, participantDetail, participantPage, participantsWithCode } from '../participants/participant-views.ts';
import { handle, param, queryString } from './router.ts';
import express from 'express';

const invitationBody = z
  .object({
    count: z.number().int().min(1).max(10_000).optional(),
    labels: z.array(z.string().trim().min(1).max(200)).min(1).max(10_000).optional(),
    labelsCsv: z.string().max(2_000_000).optional(),
  })
  .strict();

const eraseBody = z.object({ confirm: z.string() }).strict();

/** Monitoring, participants, invitations and audit: the routes that act on one study's data. */
export function researcherApiRoutes(deps: ResearcherDeps): Router {
  const router = Router();
  const now = clock(deps);

  router.get('/experiments/:id/monitoring', handle(async (req, res) => {
    const doc = await requireOpened(deps, param(req.params.id), queryString(req.query.configHash));
    res.json(await monitor(deps, doc, now()));
  }));
  router.get('/experiments/:id/quality', handle(async (req, res) => {
    const doc = await requireOpened(deps, param(req.params.id), queryString(req.query.configHash));
    res.json(await qualityFlags(deps.store, doc));
  }));
  router.get('/experiments/:id/participants', handle(async (req, res) => {
    const doc = await requireOpened(deps, param(req.params.id), queryString(req.query.configHash));
    const code = queryString(req.query.code) ?? queryString(req.query.reference);
    if (code !== undefined) return void res.json(await participantsWithCode(deps, doc, code));
    res.json(await participantPage(deps, doc, parsePage(req.query.page), parseStatus(req.query.status)));
  }));
  router.post(
    '/experiments/:id/invitations',
    express.text({ type: 'text/csv', limit: '2mb' }),
    handle(async (req, res) => {
      const id = param(req.params.id);
      const request = invitationRequest(req);
      const invitations = await createInvitations(deps, id, request, baseUrl(deps, req));
      if (req.accepts(['json', 'text/csv']) === 'text/csv') {
        res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${id}-invitations.csv"`);
        res.send(invitationsCsv(invitations));
        return;
      }
      res.status(201).json({ openLink: openLink(baseUrl(deps, req), id), invitations });
    }),
  );
  router.get('/experiments/:id/open-link', handle(async (req, res) => {
    const id = param(req.params.id);
    await requireOpened(deps, id);
    res.json({ openLink: openLink(baseUrl(deps, req), id) });
  }));
  router.get('/experiments/:id/audit', handle(async (req, res) => {
    const id = param(req.params.id);
    await requireOpened(deps, id);
    res.json(await auditPage(deps, id, parsePage(req.query.page)));
  }));
  router.get('/experiments/:id/audit/verify', handle(async (req, res) => {
    const id = param(req.params.id);
    await requireOpened(deps, id);
    res.json(await verifyChain(deps, id));
  }));
  router.get('/participants/:pid', handle(async (req, res) => {
    res.json(await participantDetail(deps, param(req.params.pid)));
  }));
  router.post('/participants/:pid/withdraw', handle(async (req, res) => {
    await withdrawParticipant(deps, param(req.params.pid));
    res.json({ withdrawn: true });
  }));
  router.post('/participants/:pid/erase', handle(async (req, res) => {
    const pid = param(req.params.pid);
    const body = eraseBody.safeParse(req.body);
    if (!body.success || body.data.confirm !== pid) {
      throw new UserError('Erasure needs confirmation: send {"confirm": "<the participant id>"}.');
    }
    res.json({ erased: await eraseParticipant(deps, pid) });
  }));
  return router;
}

function invitationRequest(req: Request): { count?: number; labels?: string[] } {
  if (typeof req.body === 'string') return { labels: parseLabelsCsv(req.body) };
  const parsed = invitationBody.safeParse(req.body ?? {});
  if (!parsed.success) {
    throw new UserError('Invalid invitation request:', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`));
  }
  const { count, labels, labelsCsv } = parsed.data;
  if ([count, labels, labelsCsv].filter((v) => v !== undefined).length !== 1) {
    throw new UserError('Send exactly one of: count, labels, labelsCsv.');
  }
  if (labelsCsv !== undefined) return { labels: parseLabelsCsv(labelsCsv) };
  if (labels !== undefined) {
    if (new Set(labels).size !== labels.length) throw new UserError('Labels must be unique.');
    return { labels };
  }
  return { count };
}

/** Links point at PUBLIC_URL when set (behind a proxy), else at the host the researcher is using. */
export function baseUrl(deps: ResearcherDeps, req: Request): string {
  return deps.config.PUBLIC_URL ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}
