import { z } from 'zod';
import type { ExperimentDoc } from '../../server/store/index.ts';

/** What the analysis takes from an opened experiment's design: as the experiment file declared it. */
export interface StoreDesign {
  design: 'between' | 'within';
  factors: string[];
  /** Condition id -> its level of each factor (in `factors` order). */
  conditionLevels: Map<string, string[]>;
  /** Conditions in the file's order (factorial crossing order, or the explicit list). */
  conditionOrder: string[];
  control: string | undefined;
  /** A simulated advisor with a set number of errors fixes the AI's accuracy by design. */
  aiAccuracyFixed: boolean;
}

const snapshotSchema = z.object({
  factors: z.record(z.string(), z.object({ levels: z.record(z.string(), z.unknown()) })).optional(),
  design: z
    .object({
      type: z.enum(['between', 'within']),
      conditions: z.union([z.literal('factorial'), z.array(z.object({ id: z.string(), levels: z.record(z.string(), z.string()) }))]).optional(),
      control: z.string().optional(),
    })
    .optional(),
  advisor: z.object({ source: z.string(), errors: z.number().optional() }).optional(),
});

/** The experiment file inside a config snapshot (stored bare, or wrapped as { file }). */
export function snapshotFile(doc: ExperimentDoc): unknown {
  const raw = typeof doc.config === 'string' ? (JSON.parse(doc.config) as unknown) : doc.config;
  return raw !== null && typeof raw === 'object' && 'file' in raw && !('task' in raw) ? (raw as { file: unknown }).file : raw;
}

/**
 * The design of an opened experiment, read leniently from its config snapshot (never from the file on disk): the
 * type, the factors and each condition's levels (a factorial crossing names a condition by its levels joined by "+",
 * in the order the factors are written), the control, and whether the plan fixes the AI's accuracy.
 */
export function storeDesign(doc: ExperimentDoc): StoreDesign {
  const parsed = snapshotSchema.safeParse(snapshotFile(doc));
  const file = parsed.success ? parsed.data : {};
  const factors = Object.keys(file.factors ?? {});
  const conditionLevels = new Map<string, string[]>();
  const listed = file.design?.conditions;
  if (Array.isArray(listed)) {
    for (const c of listed) conditionLevels.set(c.id, factors.map((f) => c.levels[f] ?? ''));
  } else {
    let combos: string[][] = [[]];
    for (const f of factors) combos = combos.flatMap((combo) => Object.keys(file.factors![f].levels).map((level) => [...combo, level]));
    if (factors.length > 0) for (const levels of combos) conditionLevels.set(levels.join('+'), levels);
  }
  return {
    design: file.design?.type ?? 'between',
    factors,
    conditionLevels,
    conditionOrder: [...conditionLevels.keys()],
    control: file.design?.control,
    aiAccuracyFixed: file.advisor?.source === 'simulated' && file.advisor.errors !== undefined,
  };
}

/**
 * The analysis options an opened experiment declares: its design, factors and each condition's levels, condition
 * order, control, and whether the AI's accuracy is fixed by the plan. `groupedByColumn` (--group-by) drops what
 * describes the file's conditions. Explicit options (--design, --factors, --control) are applied by the caller on top.
 */
export function storeDesignOptions(doc: ExperimentDoc, groupedByColumn = false): StoreDesignOptions {
  const d = storeDesign(doc);
  const fromFile = !groupedByColumn;
  return {
    design: d.design,
    designSource: 'experiment',
    factors: fromFile && d.factors.length > 0 ? d.factors : undefined,
    conditionLevels: fromFile ? d.conditionLevels : undefined,
    conditionOrder: fromFile && d.conditionOrder.length > 0 ? d.conditionOrder : undefined,
    control: fromFile ? d.control : undefined,
    aiAccuracyFixed: d.aiAccuracyFixed,
  };
}

export interface StoreDesignOptions {
  design: 'between' | 'within';
  designSource: 'experiment';
  factors: string[] | undefined;
  conditionLevels: Map<string, string[]> | undefined;
  conditionOrder: string[] | undefined;
  control: string | undefined;
  aiAccuracyFixed: boolean;
}
