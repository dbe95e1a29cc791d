import type { AnalysisResult } from '../result.ts';
import type { RatioCell } from '../descriptives/ratio-cell.ts';
import { fixed } from './number-format.ts';
import type { ReportTable } from './report-tables.ts';

const ratio = (c: RatioCell): string => (c.value === null ? '—' : `${fixed(c.value)} (${c.k}/${c.n})`);
const ms = (x: number | null): string => (x === null ? '—' : `${Math.round(x)}`);

/** Advice on request (descriptives.advice_requests): one row per condition with on-request trials; none without. */
export function adviceRequestTables(result: AnalysisResult): ReportTable[] {
  const rows = result.descriptives.advice_requests;
  if (!rows || rows.length === 0) return [];
  return [
    {
      title: 'Advice on request',
      note:
        'Request rate = on-request trials where the advice was asked for (Wilson 95% interval; participant mean). Time to request: ' +
        'ms from the page being served, median [q1, q3]. Agreement and over-reliance on trials with and without a request ' +
        '(without: the advice was not seen, so agreement is coincidental).',
      columns: ['condition', 'participants', 'request rate', 'Wilson 95%', 'participant mean', 'time to request (ms)', 'requested: agreement', 'requested: over-reliance', 'not requested: agreement', 'not requested: over-reliance'],
      rows: rows.map((r) => [
        r.condition,
        String(r.participants),
        ratio(r.request_rate),
        r.request_rate.wilson ? `[${fixed(r.request_rate.wilson[0])}, ${fixed(r.request_rate.wilson[1])}]` : '—',
        fixed(r.request_rate.participant_mean),
        r.time_to_request_ms.n === 0 ? '—' : `${ms(r.time_to_request_ms.median)} [${ms(r.time_to_request_ms.q1)}, ${ms(r.time_to_request_ms.q3)}]`,
        ratio(r.requested.agreement),
        ratio(r.requested.overreliance),
        ratio(r.not_requested.agreement),
        ratio(r.not_requested.overreliance),
      ]),
    },
  ];
}
