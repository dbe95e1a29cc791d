/**
 * zod issues turned into messages a researcher understands: the field path, what was expected, what was found.
 * zod's own messages ("Invalid input: expected string, received number") are replaced; messages written in
 * the schema (`.regex(..., 'must be ...')`, `.refine(..., 'needs ...')`) are kept and completed with the value found.
 */
import type { z } from 'zod';
import { describeValue, type PathSegment, type Problem } from './problems.ts';
import { allowedKeys, closestKey } from './schema-keys.ts';

type Issue = z.core.$ZodIssue;

/** `schema` (the one that produced the issues) lets unknown keys get a suggestion among the allowed ones. */
export function issuesToProblems(issues: readonly Issue[], input: unknown, schema?: z.ZodType, prefix: PathSegment[] = []): Problem[] {
  return issues.flatMap((issue) => issueToProblems(issue, input, schema, prefix));
}

function issueToProblems(issue: Issue, input: unknown, schema: z.ZodType | undefined, prefix: PathSegment[]): Problem[] {
  const path = [...prefix, ...issue.path.map((s) => (typeof s === 'symbol' ? String(s) : s))] as PathSegment[];
  const found = valueAt(input, path);
  const foundText = describeValue(found);
  const own = ownMessage(issue.message);
  switch (issue.code) {
    case 'invalid_type':
      if (found === undefined) return [{ path, message: `required, missing (expected ${article(issue.expected)})` }];
      return [{ path, message: `expected ${article(issue.expected)}, found ${foundText}` }];
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v));
      const expected = values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
      if (found === undefined) return [{ path, message: `required, missing (expected ${expected})` }];
      return [{ path, message: `expected ${expected}, found ${foundText}` }];
    }
    case 'unrecognized_keys': {
      const allowed = schema ? allowedKeys(schema, path, input) : [];
      return issue.keys.map((key) => {
        const near = closestKey(key, allowed);
        const hint = near ? `did you mean "${near}"?` : allowed.length > 0 ? `allowed here: ${allowed.join(', ')}` : 'check its spelling and its indentation';
        return { path: [...path, key], message: `unknown key "${key}" (${hint})`, atKey: true };
      });
    }
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator !== undefined) {
        const options = ((issue as { options?: unknown[] }).options ?? []).map((v) => JSON.stringify(v)).join(', ');
        const discPath = path[path.length - 1] === issue.discriminator ? path : [...path, issue.discriminator];
        const value = valueAt(input, discPath);
        return [
          {
            path: discPath,
            message:
              value === undefined ? `required, missing (expected one of ${options})` : `expected one of ${options}, found ${describeValue(value)}`,
          },
        ];
      }
      // A plain union: report the branch that got furthest (the one whose issues are not about the type itself).
      const branches = issue.errors.filter((branch) => branch.some((i) => i.path.length > 0 || i.code !== 'invalid_type'));
      if (branches.length === 1) return issuesToProblems(branches[0], input, schema, path);
      // Several objects (a custom scale, a question page): the one whose keys all fit is the one meant.
      const atRoot = (i: z.core.$ZodIssue) => i.path.length === 0;
      const fitting = branches.filter(
        (branch) =>
          !branch.some((i) => i.code === 'unrecognized_keys' && atRoot(i)) &&
          !branch.every((i) => atRoot(i) && (i.code === 'invalid_value' || i.code === 'invalid_type')),
      );
      if (fitting.length === 1) return issuesToProblems(fitting[0], input, schema, path);
      return [{ path, message: `${unionExpectation(issue.errors)}, found ${foundText}` }];
    }
    case 'invalid_key':
      return [
        {
          path,
          atKey: true,
          message: `key ${JSON.stringify(path[path.length - 1])}: ${issue.issues.map((i) => ownMessage(i.message) ?? i.message).join('; ')}`,
        },
      ];
    case 'invalid_element':
      return issuesToProblems(issue.issues, input, schema, path);
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum;
      const inclusive = issue.inclusive !== false;
      if (own) return [{ path, message: `${own}, found ${foundText}` }];
      let expected: string;
      if (issue.origin === 'array' || issue.origin === 'set') expected = `${small ? 'at least' : 'at most'} ${bound} item${bound === 1 ? '' : 's'}`;
      else if (issue.origin === 'string')
        expected = small && Number(bound) === 1 ? 'a non-empty text' : `a text of ${small ? 'at least' : 'at most'} ${bound} characters`;
      else expected = `a number ${small ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<'} ${bound}`;
      if (issue.exact) expected = `exactly ${bound} item${bound === 1 ? '' : 's'}`;
      return [{ path, message: `expected ${expected}, found ${foundText}` }];
    }
    case 'invalid_format':
      return [{ path, message: `${own ?? `expected a ${issue.format}`}, found ${foundText}` }];
    case 'not_multiple_of':
      return [{ path, message: `expected a multiple of ${issue.divisor}, found ${foundText}` }];
    case 'custom':
    default:
      return [{ path, message: `${own ?? issue.message}${found === undefined ? '' : `, found ${foundText}`}` }];
  }
}

/** The schema author's message, or null for zod's generic ones (which we rewrite). */
function ownMessage(message: string): string | null {
  return /^(Invalid|Too small|Too big|Unrecognized)/.test(message) ? null : message;
}

function unionExpectation(branches: readonly (readonly Issue[])[]): string {
  const expected = branches.flatMap((b) =>
    b.flatMap((i) => {
      if (i.code === 'invalid_type') return [article(i.expected)];
      if (i.code === 'invalid_value') return i.values.map((v) => JSON.stringify(v));
      return [];
    }),
  );
  return expected.length > 0 ? `expected ${[...new Set(expected)].join(' or ')}` : 'does not match any allowed form';
}

const ARTICLES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  record: 'a mapping (key: value)',
  literal: 'a fixed value',
};
function article(expected: string): string {
  return ARTICLES[expected] ?? `a ${expected}`;
}

export function valueAt(input: unknown, path: readonly PathSegment[]): unknown {
  let node = input;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[seg as string];
  }
  return node;
}
