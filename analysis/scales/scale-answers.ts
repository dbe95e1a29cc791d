import { UserError } from '../../experiments/user-error.ts';
import type { ResponseRow } from '../input/responses-csv.ts';
import { BUILT_IN_SCALES, customScaleFromItems, type ScaleDefinition } from './scale-definition.ts';

/** The answers of every participant to every scale, by scale then participant: item values (NaN when missing). */
export interface ScaleAnswers {
  definitions: ScaleDefinition[];
  /** scale name -> participant -> item values (index 0 = item 1). */
  answers: Map<string, Map<string, Float64Array>>;
}

/**
 * Collects questionnaire answers. Built-in and declared scales check the item number and the value range
 * (a UserError with the line); unknown scales become custom scales of the items seen.
 */
export async function collectScaleAnswers(
  rows: AsyncIterable<ResponseRow>,
  declared: ReadonlyMap<string, ScaleDefinition> = BUILT_IN_SCALES,
): Promise<ScaleAnswers> {
  const answers = new Map<string, Map<string, Float64Array>>();
  const customRanges = new Map<string, { items: Set<number>; min: number; max: number }>();
  const problems: string[] = [];
  for await (const row of rows) {
    const definition = declared.get(row.scale);
    let size: number;
    if (definition !== undefined) {
      size = definition.items;
      if (row.item > definition.items) {
        problems.push(`line ${row.line}, column "item": ${row.scale} has items 1-${definition.items}, got ${row.item}`);
      }
      if (row.value < definition.min || row.value > definition.max) {
        problems.push(
          `line ${row.line}, column "value": ${row.scale} answers are ${definition.min}-${definition.max}, got ${row.value}`,
        );
      }
      if (problems.length >= 10) break;
      if (problems.length > 0) continue;
    } else {
      let custom = customRanges.get(row.scale);
      if (custom === undefined) customRanges.set(row.scale, (custom = { items: new Set(), min: Infinity, max: -Infinity }));
      custom.items.add(row.item);
      custom.min = Math.min(custom.min, row.value);
      custom.max = Math.max(custom.max, row.value);
      size = row.item;
    }
    let byParticipant = answers.get(row.scale);
    if (byParticipant === undefined) answers.set(row.scale, (byParticipant = new Map()));
    let values = byParticipant.get(row.participantId);
    if (values === undefined || values.length < size) {
      const grown = new Float64Array(Math.max(size, values?.length ?? 0)).fill(Number.NaN);
      if (values !== undefined) grown.set(values);
      values = grown;
      byParticipant.set(row.participantId, values);
    }
    if (!Number.isNaN(values[row.item - 1])) {
      problems.push(`line ${row.line}, column "item": participant "${row.participantId}" answered ${row.scale} item ${row.item} twice`);
      if (problems.length >= 10) break;
    }
    values[row.item - 1] = row.value;
  }
  if (problems.length > 0) throw new UserError('Malformed questionnaire responses:', problems);
  const definitions: ScaleDefinition[] = [];
  for (const name of answers.keys()) {
    const custom = customRanges.get(name);
    definitions.push(
      custom === undefined ? declared.get(name)! : customScaleFromItems(name, [...custom.items], custom.min, custom.max),
    );
  }
  return { definitions, answers };
}

/**
 * The item values of one subscale for one participant after reversal (min + max - x), or null when an item is
 * missing: a subscale score is only computed on complete answers, so that Cronbach's alpha uses the same people.
 */
export function subscaleItems(
  values: Float64Array,
  items: readonly number[],
  reversed: readonly number[],
  definition: ScaleDefinition,
): number[] | null {
  const out: number[] = [];
  for (const item of items) {
    const v = item - 1 < values.length ? values[item - 1] : Number.NaN;
    if (Number.isNaN(v)) return null;
    out.push(reversed.includes(item) ? definition.min + definition.max - v : v);
  }
  return out;
}
