/**
 * A secant estimate of d beta~(theta) / d theta, the slope of the profiled fixed effects in the variance parameters,
 * from the successive profile evaluations of the outer optimiser (Broyden's rank-one update: Nocedal & Wright 2006,
 * Numerical Optimization, 2nd ed., eq. 11.29): J <- J + (d_beta - J d_theta) d_theta' / (d_theta' d_theta).
 * Each evaluation then starts the fixed-effect Newton steps from beta~ + J (theta' - theta) rather than from the last
 * beta~, which saves about one step per evaluation; the start does not change the optimum found.
 * Example: after beta~(0.5) = 1 and beta~(1) = 2 (one parameter), the prediction at theta = 1.5 is 3.
 */
export class BetaSlope {
  /** J, p x 2, row-major. */
  private readonly slope: Float64Array;

  constructor(private readonly p: number) {
    this.slope = new Float64Array(2 * p);
  }

  predict(beta: Float64Array, from: readonly [number, number], to: readonly [number, number]): Float64Array {
    const d0 = to[0] - from[0];
    const d1 = to[1] - from[1];
    return beta.map((b, j) => b + this.slope[2 * j] * d0 + this.slope[2 * j + 1] * d1);
  }

  update(betaFrom: Float64Array, from: readonly [number, number], betaTo: Float64Array, to: readonly [number, number]): void {
    if (from[0] === 0 && from[1] === 0) return; // from the GLM start, no slope: the random effects jump in
    const d0 = to[0] - from[0];
    const d1 = to[1] - from[1];
    const norm = d0 * d0 + d1 * d1;
    if (!(norm > 1e-20)) return;
    for (let j = 0; j < this.p; j++) {
      const miss = betaTo[j] - betaFrom[j] - (this.slope[2 * j] * d0 + this.slope[2 * j + 1] * d1);
      this.slope[2 * j] += (miss * d0) / norm;
      this.slope[2 * j + 1] += (miss * d1) / norm;
    }
  }
}
