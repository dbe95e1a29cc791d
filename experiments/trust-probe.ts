/**
 * Trust measured during the task: a one-item rating ("How much do you trust the AI's recommendations now?") asked on
 * the decision form of every k-th decision trial, optionally with the participant's confidence in their own decisions.
 * Set in `procedure.trust_probe` (every condition) or as a factor-level setting (measuring trust as a manipulation:
 * asking can itself change behaviour); a level's `trust_probe: false` turns the procedure's probe off in its conditions.
 */
import { z } from 'zod';
import { localizedSchema, type Localized } from './localized.ts';

export const trustProbeSchema = z
  .object({
    every: z.number().int().min(1).describe('asked on every k-th decision trial of a block (k, 2k, 3k...; final stage in two-stage designs)'),
    scale_points: z.number().int().min(2).max(11).default(7).describe('points of the rating scale, 1..scale_points'),
    self_confidence: z.boolean().default(false).describe("also ask how confident the participant is in their own decisions"),
    text: localizedSchema.optional().describe('wording of the trust item (default: "How much do you trust the AI\'s recommendations now?")'),
    self_confidence_text: localizedSchema
      .optional()
      .describe('wording of the self-confidence item (default: "How confident are you in your own decisions now?")'),
    anchors: z
      .object({ low: localizedSchema, high: localizedSchema })
      .strict()
      .optional()
      .describe('labels of the two ends of the scale (default: "not at all" / "completely")'),
  })
  .strict();
export type TrustProbeSettings = z.infer<typeof trustProbeSchema>;

/** A factor level's setting: a probe of its own, or `false` to ask none in its conditions. */
export const levelTrustProbeSchema = z.union([trustProbeSchema, z.literal(false)]);

/** The probe a condition asks, as the design engine and the trial page use it. */
export interface TrustProbe {
  every: number;
  scalePoints: number;
  selfConfidence: boolean;
  text?: Localized;
  selfConfidenceText?: Localized;
  anchors?: { low: Localized; high: Localized };
}

/** The probe of a condition: its level's setting when it has one (`false`: none), else the procedure's. */
export function resolveTrustProbe(level: TrustProbeSettings | false | undefined, procedure: TrustProbeSettings | undefined): TrustProbe | undefined {
  const settings = level === undefined ? procedure : level === false ? undefined : level;
  if (settings === undefined) return undefined;
  return {
    every: settings.every,
    scalePoints: settings.scale_points,
    selfConfidence: settings.self_confidence,
    ...(settings.text !== undefined && { text: settings.text }),
    ...(settings.self_confidence_text !== undefined && { selfConfidenceText: settings.self_confidence_text }),
    ...(settings.anchors !== undefined && { anchors: settings.anchors }),
  };
}

/**
 * Whether the decision trial at 1-based `position` within its block (the whole sequence between subjects) carries the
 * probe: positions every, 2·every, 3·every...
 */
export function probedAt(probe: TrustProbe | undefined, position: number): boolean {
  return probe !== undefined && position >= 1 && position % probe.every === 0;
}
