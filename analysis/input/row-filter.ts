import { UserError } from '../../experiments/user-error.ts';

/** One `--where column=value` condition on the trial CSV: rows whose cell differs are left out of the analysis. */
export interface RowCondition {
  column: string;
  value: string;
}

/**
 * Parses `--where` arguments (`batch=2`, repeatable; all must hold). The value is compared with the trimmed cell as
 * text. A missing `=` or an empty column name is a UserError naming the option.
 */
export function parseWhere(specs: readonly string[]): RowCondition[] {
  return specs.map((spec) => {
    const at = spec.indexOf('=');
    const column = at === -1 ? '' : spec.slice(0, at).trim();
    if (column === '') throw new UserError(`Invalid --where "${spec}":`, ['expected column=value, e.g. --where batch=2']);
    return { column, value: spec.slice(at + 1).trim() };
  });
}

/** Positions of the filtered columns in a header; a column the file does not have is a UserError with the line. */
export function wherePositions(
  conditions: readonly RowCondition[],
  columns: ReadonlyMap<string, number>,
  fileLabel: string,
): { position: number; value: string }[] {
  const missing = conditions.filter((c) => !columns.has(c.column));
  if (missing.length > 0) {
    throw new UserError(`Cannot filter ${fileLabel}:`, missing.map((c) => `line 1: --where or --group-by names the column "${c.column}", which the header does not have`));
  }
  return conditions.map((c) => ({ position: columns.get(c.column)!, value: c.value }));
}
