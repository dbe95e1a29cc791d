import type { CrossedDesign } from './crossed-design.ts';

/**
 * The two products with Z Lambda that the mixed model needs, without forming Z (Bates et al. 2015, JSS 67(1),
 * sect. 3.1): b = Lambda u gives each trial thetaS u[sparse level] + thetaD u[nSparse + dense level], and
 * Lambda' Z' v sums a per-trial vector v into its levels, scaled by theta. u is laid out [sparse levels, dense levels].
 */
export function linearPredictor(
  design: CrossedDesign,
  offset: Float64Array,
  thetaSparse: number,
  thetaDense: number,
  u: Float64Array,
): Float64Array {
  const { n, nSparse, sparseOfTrial, denseOfTrial } = design;
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++)
    eta[i] = offset[i] + thetaSparse * u[sparseOfTrial[i]] + thetaDense * u[nSparse + denseOfTrial[i]];
  return eta;
}

/** Lambda' Z' v: for each level, theta times the sum of v over its trials. */
export function lambdaZtVector(design: CrossedDesign, thetaSparse: number, thetaDense: number, v: Float64Array): Float64Array {
  const { n, nSparse, nDense, sparseOfTrial, denseOfTrial } = design;
  const out = new Float64Array(nSparse + nDense);
  for (let i = 0; i < n; i++) {
    out[sparseOfTrial[i]] += v[i];
    out[nSparse + denseOfTrial[i]] += v[i];
  }
  for (let s = 0; s < nSparse; s++) out[s] *= thetaSparse;
  for (let d = 0; d < nDense; d++) out[nSparse + d] *= thetaDense;
  return out;
}
