import { Router, type Request } from 'express';
import { UserError } from '../../../experiments/user-error.ts';
import { handle, param, queryString } from '../api/router.ts';
import { baseUrl } from '../api/study-routes.ts';
import { auditPage, verifyChain } from '../audit/audit-log.ts';
import type { ResearcherDeps } from '../context.ts';
import { clock } from '../context.ts';
import { eraseParticipant, withdrawParticipant } from '../erasure/withdraw-erase.ts';
import { closeExperiment, fileState, listCatalog, NotFoundError, openExperiment, reopenExperiment, requireOpened, versionInfo } from '../experiments/catalog.ts';
import { summarize } from '../experiments/summary.ts';
import { EXPORT_NAMES, isExportName } from '../export/formats.ts';
import { sendExport } from '../export/send.ts';
import { createInvitations, invitationsCsv, openLink, participantLink } from '../invitations/invite.ts';
import { parseLabelsCsv } from '../invitations/labels-csv.ts';
import { monitor } from '../monitoring/monitor.ts';
import { qualityFlags } from '../monitoring/quality.ts';
import { parsePage, parseStatus, participantDetail, participantPage } from '../participants/participant-views.ts';
import { render } from './render.ts';

/** The dashboard pages of experiments and participants; every action is a plain form post (POST/redirect/GET). */
export function studyPages(deps: ResearcherDeps): Router {
  const router = Router();
  const now = clock(deps);

  router.get('/', handle(async (_req, res) => {
    render(res, 200, 'admin/experiments', { title: 'Experiments', experiments: await listCatalog(deps) });
  }));

  router.get('/experiments/:id', handle(async (req, res) => {
    const id = param(req.params.id);
    const { experiment, errors } = await fileState(deps, id);
    const versions = (await deps.store.listExperiments()).filter((d) => d.id === id);
    if (!experiment && errors.length === 0 && versions.length === 0) throw new NotFoundError(`No experiment "${id}".`);
    const latest = versions.length > 0 ? await deps.store.getExperiment(id) : null;
    const page = parsePage(req.query.page);
    const status = parseStatus(req.query.status);
    render(res, 200, 'admin/experiment', {
      title: id,
      id,
      summary: experiment ? summarize(experiment) : null,
      fileErrors: errors,
      versions: versions.map(versionInfo),
      latest: latest ? versionInfo(latest) : null,
      running: (await deps.registry.running(id)) !== null,
      monitoring: latest ? await monitor(deps, latest, now()) : null,
      participants: latest ? await participantPage(deps, latest, page, status) : null,
      statusFilter: status ?? '',
      openLink: openLink(baseUrl(deps, req), id),
      exports: EXPORT_NAMES,
      notice: typeof req.query.notice === 'string' ? req.query.notice : null,
    });
  }));

  const action = (name: string, run: (id: string) => Promise<unknown>, notice: string) =>
    router.post(`/experiments/:id/${name}`, handle(async (req, res) => {
      const id = param(req.params.id);
      await run(id);
      res.redirect(303, `/admin/experiments/${encodeURIComponent(id)}?notice=${encodeURIComponent(notice)}`);
    }));
  action('open', (id) => openExperiment(deps, id), 'opened');
  action('close', (id) => closeExperiment(deps, id), 'closed');
  action('reopen', (id) => reopenExperiment(deps, id), 'reopened');

  router.get('/experiments/:id/monitoring.json', handle(async (req, res) => {
    const doc = await requireOpened(deps, param(req.params.id));
    res.json(await monitor(deps, doc, now()));
  }));

  router.get('/experiments/:id/quality', handle(async (req, res) => {
    const id = param(req.params.id);
    const doc = await requireOpened(deps, id);
    render(res, 200, 'admin/quality', { title: `${id}: data quality`, id, quality: await qualityFlags(deps.store, doc) });
  }));

  router.post('/experiments/:id/invitations', handle(async (req, res) => {
    const id = param(req.params.id);
    const invitations = await createInvitations(deps, id, invitationForm(req), baseUrl(deps, req));
    if (((req.body ?? {}) as Record<string, unknown>).format === 'csv') {
      res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${id}-invitations.csv"`);
      res.send(invitationsCsv(invitations));
      return;
    }
    render(res, 201, 'admin/invitations', { title: `${id}: invitations`, id, invitations, csv: invitationsCsv(invitations) });
  }));

  /** Every personal link issued so far (labels cannot be given back: only their hashes are kept). */
  router.get('/experiments/:id/invitations.csv', handle(async (req, res) => {
    const id = param(req.params.id);
    const doc = await requireOpened(deps, id);
    const rows = [];
    for await (const p of deps.store.participants(id, { configHash: doc.configHash })) {
      if (p.invited) rows.push({ participantId: p.id, link: participantLink(baseUrl(deps, req), p.id), label: null, existing: true });
    }
    res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${id}-invitations.csv"`);
    res.send(invitationsCsv(rows));
  }));

  router.get('/experiments/:id/export/:file', handle(async (req, res) => {
    const file = param(req.params.file);
    if (!isExportName(file)) throw new NotFoundError(`No export "${file}".`);
    await sendExport(res, deps.store, await requireOpened(deps, param(req.params.id), queryString(req.query.configHash)), file, { secret: deps.secret });
  }));

  router.get('/experiments/:id/audit', handle(async (req, res) => {
    const id = param(req.params.id);
    await requireOpened(deps, id);
    render(res, 200, 'admin/audit', {
      title: `${id}: audit log`,
      id,
      audit: await auditPage(deps, id, parsePage(req.query.page)),
      verification: req.query.verify === '1' ? await verifyChain(deps, id) : null,
    });
  }));

  router.get('/participants/:pid', handle(async (req, res) => {
    const detail = await participantDetail(deps, param(req.params.pid));
    render(res, 200, 'admin/participant', {
      title: 'Participant',
      detail,
      notice: typeof req.query.notice === 'string' ? req.query.notice : null,
    });
  }));
  router.post('/participants/:pid/withdraw', handle(async (req, res) => {
    const pid = param(req.params.pid);
    await withdrawParticipant(deps, pid);
    res.redirect(303, `/admin/participants/${encodeURIComponent(pid)}?notice=withdrawn`);
  }));
  router.get('/participants/:pid/erase', handle(async (req, res) => {
    const detail = await participantDetail(deps, param(req.params.pid));
    render(res, 200, 'admin/erase', { title: 'Erase a participant', detail });
  }));
  router.post('/participants/:pid/erase', handle(async (req, res) => {
    const pid = param(req.params.pid);
    // No form body at all (another content type, the CSRF token in a header) is no confirmation either.
    if (((req.body ?? {}) as Record<string, unknown>).confirm !== pid) {
      throw new UserError('Not erased: type the participant id in the confirmation field to erase.');
    }
    const p = await deps.store.getParticipant(pid);
    const result = await eraseParticipant(deps, pid);
    render(res, 200, 'admin/message', {
      title: 'Participant erased',
      message: `Erased: the participant, ${result.trials} trial records and ${result.responses} answers; ${result.redactedEvents} audit events redacted.`,
      details: [],
      back: p ? `/admin/experiments/${encodeURIComponent(p.experimentId)}` : '/admin/',
    });
  }));
  return router;
}

function invitationForm(req: Request): { count?: number; labels?: string[] } {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const labels = typeof body.labels === 'string' ? body.labels.trim() : '';
  if (labels !== '') return { labels: parseLabelsCsv(labels, 'pasted labels') };
  const count = Number(body.count);
  if (!Number.isInteger(count)) throw new UserError('Give a number of links, or paste labels.');
  return { count };
}
