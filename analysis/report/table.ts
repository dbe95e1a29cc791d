import type { AnalysisResult } from '../result.ts';
import { reportTables, exclusionLines, type ReportTable } from './report-tables.ts';
import { trustTables } from './trust-tables.ts';

/** The terminal report: one aligned plain-text table per metric family; bold titles only on a colour terminal. */
export function renderTable(result: AnalysisResult, options: { color?: boolean } = {}): string {
  const bold = (s: string) => (options.color ? `\u001b[1m${s}\u001b[0m` : s);
  const parts = [bold(`Analysis of ${result.experiment}`), ...exclusionLines(result).map((l) => `  ${l}`), ''];
  for (const table of [...reportTables(result), ...trustTables(result.descriptives)]) parts.push(bold(table.title), drawTable(table), ...(table.note ? [table.note] : []), '');
  return parts.join('\n');
}

function drawTable(table: ReportTable): string {
  const widths = table.columns.map((c, i) => Math.max(c.length, ...table.rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  return [line(table.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...table.rows.map(line)].join('\n');
}
