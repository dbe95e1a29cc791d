/** How decisions compare: labels (binary, categorical) by string equality, numbers with a tolerance. */
export type TaskType = 'binary' | 'categorical' | 'numeric';

export const TASK_TYPES: readonly TaskType[] = ['binary', 'categorical', 'numeric'];

/** A decision that parses as a finite number (the whole cell, e.g. "12", "-3.5", "1e3"). */
export function parseDecimal(text: string): number | null {
  if (text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/**
 * The task type when `--task` is not given: numeric when every truth, advice, initial and final value is a number
 * and there are more than two distinct truth values (two would be a binary task coded 0/1); otherwise
 * categorical with more than two distinct labels, binary with two or fewer.
 */
export function inferTaskType(allNumeric: boolean, distinctTruths: number, distinctLabels: number): TaskType {
  if (allNumeric && distinctTruths > 2) return 'numeric';
  return distinctLabels > 2 ? 'categorical' : 'binary';
}
