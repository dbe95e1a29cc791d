/**
 * The fixed-effect design matrix X of a formula such as `y ~ a * b + position` with treatment contrasts, built and
 * named exactly as R's `model.matrix` names its columns (Chambers & Hastie 1992, Statistical Models in S, ch. 2;
 * R's `contr.treatment`): an `(Intercept)` column of 1s; for each factor one 0/1 column per non-reference level,
 * named factor+level (`conditionconfidence`); for an interaction a:b the products of their columns, the first factor
 * varying fastest (`explanationfi:framingauthority`, `explanationcf:framingauthority`); a covariate as its values.
 * Terms come in R's order: main effects (factors, then covariates), then two-way interactions, then higher orders
 * (`a * b * c + x` gives a, b, c, x, a:b, a:c, b:c, a:b:c).
 * Rank deficiency (a level with no trial, a factorial cell left empty) drops the columns that are linear combinations
 * of the columns before them, as lme4 does (`glmerControl(check.rankX = "message+drop.cols")`, via R's `qr(X, tol =
 * 1e-7)`): here by a Cholesky of X'X in column order, dropping column j when its squared residual norm falls below
 * 1e-14 of its squared norm (the 1e-7 tolerance on norms).
 */
export interface FactorTerm {
  /** The variable name (`condition`, `explanation`). */
  name: string;
  /** Levels, the reference (control) first. */
  levels: readonly string[];
  /** Level index of each trial, 0 = reference. */
  codes: Int32Array;
}

export interface CovariateTerm {
  name: string;
  values: Float64Array;
}

export interface FixedEffectsSpec {
  factors: readonly FactorTerm[];
  /** true: all interactions of the factors (`a * b`); false: main effects (`a + b`). */
  interaction: boolean;
  covariates: readonly CovariateTerm[];
}

export interface DesignMatrix {
  /** Column names as R gives them, kept columns only. */
  names: string[];
  /** Kept columns, each a Float64Array of one value per trial. */
  columns: Float64Array[];
  /** Names of the columns dropped for rank deficiency. */
  dropped: string[];
}

/** The right-hand side of the formula in R syntax: `condition`, `explanation * framing + position`. */
export function fixedEffectsFormula(spec: FixedEffectsSpec): string {
  const factorPart = spec.factors.map((f) => f.name).join(spec.interaction ? ' * ' : ' + ');
  return [factorPart, ...spec.covariates.map((c) => c.name)].filter((s) => s !== '').join(' + ');
}

/** Subsets of factor indices in R's term order: by size, then in the order the factors appear. */
function termSubsets(nFactors: number, interaction: boolean): number[][] {
  const subsets: number[][] = [];
  const maxOrder = interaction ? nFactors : 1;
  const extend = (prefix: number[], from: number, size: number): void => {
    if (prefix.length === size) {
      subsets.push(prefix);
      return;
    }
    for (let i = from; i < nFactors; i++) extend([...prefix, i], i + 1, size);
  };
  for (let size = 1; size <= maxOrder; size++) extend([], 0, size);
  return subsets;
}

/** The 0/1 columns of one term (a factor or an interaction of factors), the first factor varying fastest. */
function termColumns(factors: readonly FactorTerm[], n: number): { name: string; column: Float64Array }[] {
  let columns: { name: string; levels: number[] }[] = [{ name: '', levels: [] }];
  for (const factor of factors) {
    const next: { name: string; levels: number[] }[] = [];
    for (let level = 1; level < factor.levels.length; level++)
      for (const c of columns)
        next.push({ name: (c.name === '' ? '' : `${c.name}:`) + factor.name + factor.levels[level], levels: [...c.levels, level] });
    columns = next;
  }
  return columns.map(({ name, levels }) => {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = factors.every((f, k) => f.codes[i] === levels[k]) ? 1 : 0;
    return { name, column };
  });
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Indices of the columns to keep: a sequential Cholesky of X'X, skipping a column that adds no rank. */
function independentColumns(columns: readonly Float64Array[]): boolean[] {
  const kept: number[] = [];
  const rows: Float64Array[] = []; // rows[k] holds L's row for kept column k (length = kept count)
  const keep = columns.map(() => false);
  columns.forEach((column, j) => {
    const norm2 = dot(column, column);
    const cross = kept.map((k) => dot(columns[k], column));
    const l = new Float64Array(kept.length + 1);
    let residual = norm2;
    for (let k = 0; k < kept.length; k++) {
      let s = cross[k];
      for (let m = 0; m < k; m++) s -= rows[k][m] * l[m];
      l[k] = s / rows[k][k];
      residual -= l[k] * l[k];
    }
    if (norm2 > 0 && residual > 1e-14 * norm2) {
      l[kept.length] = Math.sqrt(residual);
      rows.push(l);
      kept.push(j);
      keep[j] = true;
    }
  });
  return keep;
}

export function buildDesignMatrix(spec: FixedEffectsSpec, n: number): DesignMatrix {
  const all: { name: string; column: Float64Array }[] = [{ name: '(Intercept)', column: new Float64Array(n).fill(1) }];
  const subsets = termSubsets(spec.factors.length, spec.interaction);
  const columnsOf = (subset: number[]) => termColumns(subset.map((i) => spec.factors[i]), n);
  // R orders terms by degree: main effects (factors, then covariates, as in the formula), then the interactions.
  for (const subset of subsets.filter((t) => t.length === 1)) all.push(...columnsOf(subset));
  for (const covariate of spec.covariates) all.push({ name: covariate.name, column: covariate.values });
  for (const subset of subsets.filter((t) => t.length > 1)) all.push(...columnsOf(subset));
  const keep = independentColumns(all.map((c) => c.column));
  return {
    names: all.filter((_, j) => keep[j]).map((c) => c.name),
    columns: all.filter((_, j) => keep[j]).map((c) => c.column),
    dropped: all.filter((_, j) => !keep[j]).map((c) => c.name),
  };
}
