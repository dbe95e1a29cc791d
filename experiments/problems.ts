/**
 * A problem found in an experiment file or its case bank, and how it is printed:
 * `experiments/studies/x/experiment.yaml:12:5  task.labels[1].value: expected a string, found a number (3)`.
 */
import { isAbsolute, relative } from 'node:path';

export type PathSegment = string | number;

/** Where a problem is: a node of the experiment file (located later from its path) or a place in another file. */
export interface Problem {
  /** Path of the field in the experiment file, or the column (and case) in the case bank. */
  path: PathSegment[];
  message: string;
  /** Point at the key of the last path segment rather than at its value (unknown keys, wrong record keys). */
  atKey?: boolean;
  /** Set when the problem is not in the experiment file itself (case bank) or was located already. */
  file?: string;
  line?: number;
  col?: number;
}

/** `task.labels[1].value` */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === '' ? '(file)' : out;
}

/** Paths relative to the working directory when inside it: what the researcher typed. */
export function displayFile(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

export function formatProblem(p: Problem): string {
  const where = p.line === undefined ? displayFile(p.file ?? '?') : `${displayFile(p.file ?? '?')}:${p.line}:${p.col ?? 1}`;
  return `${where}  ${formatPath(p.path)}: ${p.message}`;
}

/** Problems in reading order: by file (in order of first appearance), then line, then column. */
export function sortProblems(problems: Problem[]): Problem[] {
  const fileOrder = new Map<string, number>();
  for (const p of problems) if (!fileOrder.has(p.file ?? '')) fileOrder.set(p.file ?? '', fileOrder.size);
  return problems
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        (fileOrder.get(a.p.file ?? '') ?? 0) - (fileOrder.get(b.p.file ?? '') ?? 0) ||
        (a.p.line ?? 0) - (b.p.line ?? 0) ||
        (a.p.col ?? 0) - (b.p.col ?? 0) ||
        a.i - b.i,
    )
    .map(({ p }) => p);
}

/** How a found value is named in messages: `a number (3)`, `a string ("abc")`, `a list`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value (null)';
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? value.slice(0, 37) + '...' : value)})`;
  if (typeof value === 'number') return `a number (${value})`;
  if (typeof value === 'boolean') return `a boolean (${value})`;
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'a mapping (key: value)';
  return typeof value;
}
