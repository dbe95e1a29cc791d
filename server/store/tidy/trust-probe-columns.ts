/**
 * The in-task trust probe's columns of the trial CSV, appended after the other extra columns when the opened study
 * asks a probe (`procedure.trust_probe` or a factor level's): `trust_rating`, and `self_confidence_rating` when a probe
 * asks it. A trial without a probe has empty cells. Read leniently from the config snapshot, like study-rules.ts.
 */
import type { TrialRecord } from '../index.ts';
import type { CellValue } from './csv-cell.ts';

export const TRUST_RATING_COLUMN = 'trust_rating';
export const SELF_CONFIDENCE_RATING_COLUMN = 'self_confidence_rating';

export interface TrustProbeColumns {
  selfConfidence: boolean;
}

type Probe = { self_confidence?: unknown } | false | undefined;

/** Whether the snapshot asks a probe anywhere, and whether any probe asks self-confidence; null: no probe. */
export function trustProbeColumns(snapshot: unknown): TrustProbeColumns | null {
  const file = snapshot as { procedure?: { trust_probe?: Probe }; factors?: Record<string, { levels?: Record<string, { trust_probe?: Probe }> }> };
  const probes: Probe[] = [file.procedure?.trust_probe];
  for (const factor of Object.values(file.factors ?? {})) for (const level of Object.values(factor.levels ?? {})) probes.push(level.trust_probe);
  const asked = probes.filter((p): p is { self_confidence?: unknown } => typeof p === 'object' && p !== null);
  if (asked.length === 0) return null;
  return { selfConfidence: asked.some((p) => p.self_confidence === true) };
}

export function probeColumnNames(probe: TrustProbeColumns | null): string[] {
  if (probe === null) return [];
  return probe.selfConfidence ? [TRUST_RATING_COLUMN, SELF_CONFIDENCE_RATING_COLUMN] : [TRUST_RATING_COLUMN];
}

export function probeCells(final: TrialRecord, probe: TrustProbeColumns | null): CellValue[] {
  if (probe === null) return [];
  const trust = final.trustRating ?? null;
  return probe.selfConfidence ? [trust, final.selfConfidenceRating ?? null] : [trust];
}
