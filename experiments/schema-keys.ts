/**
 * The keys a zod object schema allows at a path of the file, so that an unknown key gets a "did you mean ...?"
 * rather than a bare refusal. Walks zod 4's schema definitions (object, optional/default, array, record, union).
 */
import type { z } from 'zod';
import type { PathSegment } from './problems.ts';

interface Def {
  type: string;
  shape?: Record<string, Schema>;
  innerType?: Schema;
  element?: Schema;
  valueType?: Schema;
  options?: Schema[];
  discriminator?: string;
  values?: unknown[];
  in?: Schema;
}
type Schema = { _zod: { def: Def } };

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional']);

/** Allowed keys of the object at `path` (empty if the path does not lead to an object schema). */
export function allowedKeys(schema: z.ZodType, path: readonly PathSegment[], input: unknown): string[] {
  return objectsAt(schema as unknown as Schema, path, input).flatMap((s) => Object.keys(s._zod.def.shape ?? {}));
}

function objectsAt(schema: Schema, path: readonly PathSegment[], input: unknown): Schema[] {
  const def = schema._zod.def;
  if (WRAPPERS.has(def.type) && def.innerType) return objectsAt(def.innerType, path, input);
  if (def.type === 'pipe' && def.in) return objectsAt(def.in, path, input);
  if (def.type === 'union') return unionOptions(def, input).flatMap((o) => objectsAt(o, path, input));
  if (path.length === 0) return def.type === 'object' ? [schema] : [];
  const [head, ...rest] = path;
  const next = input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[head as string] : undefined;
  if (def.type === 'object' && def.shape?.[String(head)]) return objectsAt(def.shape[String(head)], rest, next);
  if (def.type === 'array' && def.element) return objectsAt(def.element, rest, next);
  if (def.type === 'record' && def.valueType) return objectsAt(def.valueType, rest, next);
  return [];
}

/** A discriminated union's option chosen by the input's discriminator, else every option. */
function unionOptions(def: Def, input: unknown): Schema[] {
  const options = def.options ?? [];
  if (def.discriminator === undefined || input === null || typeof input !== 'object') return options;
  const value = (input as Record<string, unknown>)[def.discriminator];
  const chosen = options.filter((o) => o._zod.def.shape?.[def.discriminator as string]?._zod.def.values?.includes(value));
  return chosen.length > 0 ? chosen : options;
}

/** The allowed key closest to `key` (edit distance at most 2, or a case/underscore variant), if any. */
export function closestKey(key: string, allowed: readonly string[]): string | null {
  const norm = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, '');
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const d = norm(candidate) === norm(key) ? 0 : editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length];
}
