import type { ResponseRow } from '../input/responses-csv.ts';

/**
 * The scale rows of a responses stream (type `scale` or no type), passed on as they come; the generic questions'
 * rows are kept aside in `questionRows` (a few per participant) for analysis/questions/question-summary.ts.
 */
export async function* scaleRowsOnly(rows: AsyncIterable<ResponseRow>, questionRows: ResponseRow[]): AsyncGenerator<ResponseRow> {
  for await (const row of rows) {
    if (row.type === undefined || row.type === 'scale') yield row;
    else questionRows.push(row);
  }
}
