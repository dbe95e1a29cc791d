/**
 * Nelder-Mead simplex minimisation with lower bounds (Nelder & Mead 1965, Computer Journal 7:308; coefficients of
 * Lagarias et al. 1998, SIAM J. Optim. 9:112: reflection 1, expansion 2, contraction 1/2, shrink 1/2). A point
 * below a bound is projected onto it, which lets the simplex settle on the boundary (a variance estimated at 0).
 * Stops when the function values of the simplex span less than fTolerance and every vertex is within xTolerance
 * (max norm) of the best, or after maxEvaluations. Used for the 2 variance parameters theta of the mixed model,
 * where lme4 uses bobyqa (Powell 2009); both find the same minimum of a smooth function.
 * Example: minimising (x - 1)^2 + (y + 2)^2 with lower bounds (0, 0) ends at (1, 0).
 */
export interface NelderMeadOptions {
  lower: readonly number[];
  /** Initial simplex: x0 plus step along each axis. */
  step: number;
  fTolerance: number;
  xTolerance: number;
  maxEvaluations: number;
}

export interface NelderMeadResult {
  x: number[];
  fx: number;
  evaluations: number;
  converged: boolean;
}

export function nelderMead(f: (x: number[]) => number, x0: readonly number[], options: NelderMeadOptions): NelderMeadResult {
  const n = x0.length;
  const project = (x: number[]): number[] => x.map((v, i) => Math.max(v, options.lower[i]));
  let evaluations = 0;
  const value = (x: number[]): number => {
    evaluations++;
    const fx = f(x);
    return Number.isFinite(fx) ? fx : Infinity;
  };
  const start = project([...x0]);
  let simplex: { x: number[]; f: number }[] = [{ x: start, f: value(start) }];
  for (let i = 0; i < n; i++) {
    const x = [...start];
    x[i] += options.step;
    simplex.push({ x, f: value(x) });
  }
  const along = (from: number[], to: number[], t: number): number[] => project(from.map((v, i) => v + t * (to[i] - v)));
  let converged = false;
  while (evaluations < options.maxEvaluations) {
    simplex.sort((a, b) => a.f - b.f);
    const best = simplex[0];
    const worst = simplex[n];
    const spread = Math.max(...simplex.map((v) => Math.max(...v.x.map((xi, i) => Math.abs(xi - best.x[i])))));
    if (worst.f - best.f <= options.fTolerance && spread <= options.xTolerance) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i] += simplex[k].x[i] / n;
    const reflected = along(worst.x, centroid, 2);
    const fr = value(reflected);
    if (fr < best.f) {
      const expanded = along(worst.x, centroid, 3);
      const fe = value(expanded);
      simplex[n] = fe < fr ? { x: expanded, f: fe } : { x: reflected, f: fr };
    } else if (fr < simplex[n - 1].f) {
      simplex[n] = { x: reflected, f: fr };
    } else {
      const outside = fr < worst.f;
      const contracted = outside ? along(worst.x, centroid, 1.5) : along(worst.x, centroid, 0.5);
      const fc = value(contracted);
      if (fc < (outside ? fr : worst.f)) simplex[n] = { x: contracted, f: fc };
      else
        simplex = simplex.map((v, k) => {
          if (k === 0) return v;
          const x = along(best.x, v.x, 0.5);
          return { x, f: value(x) };
        });
    }
  }
  simplex.sort((a, b) => a.f - b.f);
  return { x: simplex[0].x, fx: simplex[0].f, evaluations, converged };
}
