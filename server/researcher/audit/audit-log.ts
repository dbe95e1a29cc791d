import type { ChainVerification, EventRecord } from '../../store/index.ts';
import type { ResearcherDeps } from '../context.ts';

export interface AuditRow {
  seq: number;
  type: string;
  at: string;
  participantId: string | null;
  data: EventRecord['data'] | null;
  redacted: boolean;
  hash: string;
  prevHash: string;
}

export const AUDIT_PAGE_SIZE = 100;

/** One page of an experiment's audit events, newest first (the chain itself is ordered by seq). */
export async function auditPage(
  deps: ResearcherDeps,
  experimentId: string,
  page: number,
): Promise<{ page: number; pageSize: number; total: number; events: AuditRow[] }> {
  // The store streams in seq order; keeping only the window we show holds memory to one page.
  const window: AuditRow[] = [];
  let total = 0;
  for await (const e of deps.store.events(experimentId)) {
    total += 1;
    window.push(auditRow(e));
    if (window.length > AUDIT_PAGE_SIZE * page) window.shift();
  }
  const newestFirst = window.reverse();
  return { page, pageSize: AUDIT_PAGE_SIZE, total, events: newestFirst.slice(AUDIT_PAGE_SIZE * (page - 1)) };
}

function auditRow(e: EventRecord): AuditRow {
  return {
    seq: e.seq,
    type: e.type,
    at: e.at.toISOString(),
    participantId: e.participantId ?? null,
    data: e.data ?? null,
    redacted: e.redacted === true,
    hash: e.hash,
    prevHash: e.prevHash,
  };
}

export function verifyChain(deps: ResearcherDeps, experimentId: string): Promise<ChainVerification> {
  return deps.store.verifyChain(experimentId);
}
