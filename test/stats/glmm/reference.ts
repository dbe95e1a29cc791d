import { readFileSync } from 'node:fs';
import { buildDesignMatrix, type FactorTerm, type GlmerInput } from '../../../analysis/stats/glmm/index.ts';

/** One data set of reference/reference.json and lme4's fit of it (see make_reference.R for every call). */
export interface ReferenceFit {
  name: string;
  description: string;
  versions: { R: string; lme4: string; Matrix: string };
  call: string;
  formula: string;
  data: { participant: number[]; case: number[]; condition: string[]; y: number[] };
  condition_levels: string[];
  factors: Record<string, string[]> | null;
  reference: {
    terms: string[];
    estimate: number[];
    se: number[];
    se_rx: number[];
    z: number[];
    p: number[];
    theta: number[];
    sd: { participant_id: number; case_id: number };
    loglik: number;
    deviance: number;
    singular: boolean;
    converged_messages: string[];
    dropped_columns: string[];
    n: number;
    fit_seconds: number;
    /** The same fit with lme4's PIRLS converged tightly (tolPwrss = 1e-12), its call in `call`. */
    tight: { call: string; estimate: number[]; se: number[]; sd: { participant_id: number; case_id: number }; loglik: number; singular: boolean };
  };
}

export const referenceFits: ReferenceFit[] = JSON.parse(
  readFileSync(new URL('./reference/reference.json', import.meta.url), 'utf8'),
).fits;

function levelCodes(values: readonly string[]): { codes: Int32Array; count: number } {
  const index = new Map<string, number>();
  const codes = Int32Array.from(values, (v) => {
    if (!index.has(v)) index.set(v, index.size);
    return index.get(v) as number;
  });
  return { codes, count: index.size };
}

/** The fitter's input for a reference data set: factors as R's factor() levels give them, reference level first. */
export function glmerInputOf(fit: ReferenceFit): GlmerInput {
  const { data } = fit;
  const factors: FactorTerm[] =
    fit.factors === null
      ? [{ name: 'condition', levels: fit.condition_levels, codes: Int32Array.from(data.condition, (c) => fit.condition_levels.indexOf(c)) }]
      : Object.entries(fit.factors).map(([name, perCondition]) => {
          const levels = [...new Set(perCondition)];
          return {
            name,
            levels,
            codes: Int32Array.from(data.condition, (c) => levels.indexOf(perCondition[fit.condition_levels.indexOf(c)])),
          };
        });
  const n = data.y.length;
  const participant = levelCodes(data.participant.map(String));
  const cases = levelCodes(data.case.map(String));
  return {
    y: Uint8Array.from(data.y),
    fixed: buildDesignMatrix({ factors, interaction: fit.factors !== null, covariates: [] }, n),
    participant: participant.codes,
    case: cases.codes,
    nParticipants: participant.count,
    nCases: cases.count,
  };
}
