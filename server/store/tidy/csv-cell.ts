/** A cell as exported: numbers are written as numbers, text is escaped, null is an empty cell. */
export type CellValue = string | number | boolean | null | undefined;

/**
 * Spreadsheet programs run a text cell starting with one of these as a formula (CSV injection). Such a cell gets a
 * leading apostrophe, the OWASP recommendation; numbers never do, so "-3" stays a number.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One RFC 4180 line (CRLF ends it, as the RFC says). */
export function csvLine(values: readonly CellValue[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
