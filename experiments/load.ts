/**
 * Loads an experiment file (YAML or JSON): parse, validate with the zod schema, resolve the conditions, load the
 * case bank, run the cross-field checks. Every problem is collected and reported at once, each with its file, line,
 * column and field path; a valid file gives the `Experiment` the rest of Confiance uses.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import type { Experiment } from './model.ts';
import { experimentSchema } from './schema.ts';
import { UserError } from './user-error.ts';
import { parseSource } from './yaml-positions.ts';
import { issuesToProblems } from './schema-issues.ts';
import { resolveConditions } from './conditions.ts';
import { loadCaseBank } from './case-bank.ts';
import { checkAgainstCases, checkFile } from './checks.ts';
import { consentWarnings } from './consent/warnings.ts';
import { canonicalJson } from './canonical-json.ts';
import { firstForbiddenCharacterAt, forbiddenCharacterProblems } from './control-characters.ts';
import { MAX_EXPERIMENT_FILE_BYTES, tooLarge } from './file-limits.ts';
import { displayFile, formatProblem, sortProblems, type Problem } from './problems.ts';

/** Just the sections the case bank is read against; other keys are ignored here (the full schema reports them). */
const caseBankContextSchema = z.object(experimentSchema.pick({ task: true, display: true, cases: true, advisor: true }).shape);

/** A valid file may still have warnings (e.g. consent information missing for real participants), formatted like problems. */
export type ValidationResult = { ok: true; experiment: Experiment; warnings: string[] } | { ok: false; problems: string[] };

/** The experiment at `path`, or a UserError whose details list every problem (`file:line:col  field: message`). */
export async function loadExperiment(path: string): Promise<Experiment> {
  const result = await validateExperimentFile(path);
  if (result.ok) return result.experiment;
  const n = result.problems.length;
  throw new UserError(`${displayFile(resolve(path))} is not a valid experiment (${n} problem${n === 1 ? '' : 's'}):`, result.problems);
}

/** Like loadExperiment, but returns the problems (formatted, in reading order) instead of throwing. */
export async function validateExperimentFile(path: string): Promise<ValidationResult> {
  const file = resolve(path);
  const fail = (problems: Problem[]): ValidationResult => ({
    ok: false,
    problems: sortProblems(problems.map((p) => ({ file, ...p }))).map(formatProblem),
  });

  const ext = extname(file).toLowerCase();
  if (!['.yaml', '.yml', '.json'].includes(ext))
    return fail([{ path: [], message: `an experiment file must end in .yaml, .yml or .json, found "${ext || 'no extension'}"` }]);
  const oversized = await tooLarge(file, MAX_EXPERIMENT_FILE_BYTES, 'the experiment file');
  if (oversized) return fail([{ path: [], message: oversized }]);
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail([{ path: [], message: code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(err)})` }]);
  }

  const source = parseSource(text);
  if (source.syntaxErrors.length > 0)
    return fail(source.syntaxErrors.map((e) => ({ path: [], line: e.line, col: e.col, message: `${ext === '.json' ? 'JSON' : 'YAML'} syntax: ${e.message}` })));
  const locate = (problems: Problem[]): Problem[] =>
    problems.map((p) => (p.file !== undefined ? p : { ...p, file, ...source.locate(p.path, p.atKey) }));

  if (source.value === null || source.value === undefined) return fail([{ path: [], line: 1, col: 1, message: 'the file is empty' }]);
  const invisible = forbiddenCharacterProblems(source.value);
  if (invisible.length > 0) return fail(locate(invisible));
  const stray = firstForbiddenCharacterAt(text);
  if (stray) return fail([{ path: [], line: stray.line, col: stray.col, message: `${stray.what} outside any value: remove it` }]);
  const parsed = experimentSchema.safeParse(source.value);
  const dir = dirname(file);
  if (!parsed.success) {
    // Cross-field checks need a well-formed file; the case bank only needs its own sections, so its problems come now too.
    const problems = issuesToProblems(parsed.error.issues, source.value, experimentSchema);
    const context = caseBankContextSchema.safeParse(source.value);
    if (context.success) problems.push(...(await loadCaseBank(context.data, dir)).problems);
    return fail(locate(problems));
  }
  const data = parsed.data;

  const resolved = resolveConditions(data);
  const problems: Problem[] = [...resolved.problems, ...checkFile(data, resolved.conditions)];
  const bank = await loadCaseBank(data, dir);
  problems.push(...bank.problems);
  if (bank.problems.length === 0) problems.push(...checkAgainstCases(data, bank.cases));
  if (problems.length > 0 || resolved.control === null || bank.bytes === null) return fail(locate(problems));

  const configHash = createHash('sha256').update(canonicalJson(data)).update('\n').update(bank.bytes).digest('hex');
  return {
    ok: true,
    warnings: sortProblems(locate(consentWarnings(data))).map(formatProblem),
    experiment: {
      file: data,
      path: file,
      dir,
      configHash,
      conditions: resolved.conditions,
      control: resolved.control,
      cases: bank.cases,
      caseById: new Map(bank.cases.map((c) => [c.id, c])),
    },
  };
}
