import { UserError } from '../../experiments/user-error.ts';
import { BUNDLED_SCALE_LIST, isMarkValue, markRangeText, reversedValue, type ScaleDefinition } from '../../experiments/scales/index.ts';
import type { ResponseRow } from '../input/responses-csv.ts';

/** The bundled scales, known by name in a responses CSV even without the experiment file. */
export const BUNDLED_SCALE_DEFINITIONS: ReadonlyMap<string, ScaleDefinition> = new Map(BUNDLED_SCALE_LIST.map((s) => [s.id, s]));

/** Every participant's answers to every answered scale: scale id -> participant -> item id -> value. */
export interface ScaleAnswers {
  definitions: ScaleDefinition[];
  answers: Map<string, Map<string, Map<string, number>>>;
}

/**
 * Collects questionnaire answers. For a known scale (bundled, or declared in the experiment file) the item is its id
 * or its 1-based number, and the value must be an integer in 1..points (a UserError with the line otherwise).
 * A scale known only from its answers becomes a custom scale of the items seen, none reversed.
 */
export async function collectScaleAnswers(
  rows: AsyncIterable<ResponseRow>,
  known: ReadonlyMap<string, ScaleDefinition> = BUNDLED_SCALE_DEFINITIONS,
): Promise<ScaleAnswers> {
  const answers = new Map<string, Map<string, Map<string, number>>>();
  const unknown = new Map<string, { items: string[]; max: number }>();
  const problems: string[] = [];
  for await (const row of rows) {
    const definition = known.get(row.scale);
    let item = row.item;
    if (definition !== undefined) {
      const resolved = resolveItem(definition, row.item);
      if (resolved === null) {
        problems.push(`line ${row.line}, column "item": ${row.scale} has no item "${row.item}" (items ${definition.items[0].id}..${definition.items[definition.items.length - 1].id} or 1..${definition.items.length})`);
      } else if (!isMarkValue(definition, row.value)) {
        problems.push(`line ${row.line}, column "value": ${row.scale} answers are ${markRangeText(definition)}, got ${row.value}`);
      } else {
        item = resolved;
      }
    } else {
      let seen = unknown.get(row.scale);
      if (seen === undefined) unknown.set(row.scale, (seen = { items: [], max: 0 }));
      if (!seen.items.includes(item)) seen.items.push(item);
      seen.max = Math.max(seen.max, row.value);
    }
    let byParticipant = answers.get(row.scale);
    if (byParticipant === undefined) answers.set(row.scale, (byParticipant = new Map()));
    let given = byParticipant.get(row.participantId);
    if (given === undefined) byParticipant.set(row.participantId, (given = new Map()));
    if (given.has(item)) {
      problems.push(`line ${row.line}, column "item": participant "${row.participantId}" answered ${row.scale} item ${item} twice`);
    }
    given.set(item, row.value);
    if (problems.length >= 10) break;
  }
  if (problems.length > 0) throw new UserError('Malformed questionnaire responses:', problems);
  const definitions = [...answers.keys()].map((name) => {
    const seen = unknown.get(name);
    return seen === undefined ? known.get(name)! : scaleFromAnswers(name, seen.items, seen.max);
  });
  return { definitions, answers };
}

function resolveItem(definition: ScaleDefinition, item: string): string | null {
  if (definition.items.some((i) => i.id === item)) return item;
  if (/^\d+$/.test(item)) {
    const index = Number(item) - 1;
    return index >= 0 && index < definition.items.length ? definition.items[index].id : null;
  }
  return null;
}

/** A Likert scale known only from its answers: one subscale `score`, the mean of the items seen, none reversed. */
function scaleFromAnswers(name: string, items: string[], maxSeen: number): ScaleDefinition {
  const text = { fr: name, en: name };
  return {
    id: name,
    title: text,
    points: Math.max(2, Math.ceil(maxSeen)),
    anchors: { low: text, high: text },
    items: items.map((id) => ({ id, text: { fr: id, en: id } })),
    reversed: [],
    subscales: { score: { items, reverse: false } },
    source: 'custom scale known only from its answers (no reversed item known: pass the experiment file to declare them)',
    wording: {
      fr: { status: 'custom', note: 'unknown scale: its wording is not known' },
      en: { status: 'custom', note: 'unknown scale: its wording is not known' },
    },
  };
}

/**
 * One participant's item values for a subscale, reversed items scored as first + last mark - x when the subscale reverses
 * (as experiments/scales/score.ts), or null when an item is missing: scores and Cronbach's alpha use complete answers.
 */
export function subscaleItemValues(
  definition: ScaleDefinition,
  subscale: { items: string[]; reverse: boolean },
  given: ReadonlyMap<string, number>,
): number[] | null {
  const values: number[] = [];
  for (const item of subscale.items) {
    const v = given.get(item);
    if (v === undefined) return null;
    values.push(subscale.reverse && definition.reversed.includes(item) ? reversedValue(definition, v) : v);
  }
  return values;
}
