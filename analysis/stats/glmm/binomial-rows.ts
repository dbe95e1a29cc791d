import { crossedDesign } from './crossed-design.ts';

/**
 * Trials that share their participant, their case and their row of the fixed-effect design matrix X have the same
 * linear predictor eta = x'beta + b_participant + b_case, hence the same mu and IRLS weight: they are grouped into
 * one binomial row of k successes out of m trials (logistic.ts). Every sum the fit makes over trials (deviance,
 * Z'WZ, Z'(y - mu), X'WX, the gradient) equals the same sum over rows, so the Laplace deviance, the estimates and
 * the standard errors are those of the ungrouped 0/1 data that lme4 fits (`glmer` does not group); only the work
 * shrinks, by the share of repeated (participant, case, covariates) trials. With a per-trial covariate (trial
 * position) no two trials group and each row is one trial.
 * Example: trials (p1, c1, x = 1, y = 1), (p1, c1, x = 1, y = 0), (p1, c2, x = 1, y = 1) give rows
 * (p1, c1, k = 1, m = 2) and (p1, c2, k = 1, m = 1).
 */
export interface BinomialRows {
  /** Successes k and trials m of each row. */
  successes: Float64Array;
  size: Float64Array;
  /** Columns of X, one value per row. */
  x: Float64Array[];
  /** Participant and case level of each row. */
  participant: Int32Array;
  case: Int32Array;
}

export function binomialRows(
  y: Uint8Array,
  x: readonly Float64Array[],
  participant: Int32Array,
  cases: Int32Array,
  nParticipants: number,
  nCases: number,
): BinomialRows {
  const n = y.length;
  const { cellOfTrial, cellDense } = crossedDesign(participant, cases, nParticipants, nCases);
  // Rows of a cell are chained from firstRowOfCell through nextRow; a cell holds one or a few trials.
  const firstRowOfCell = new Int32Array(cellDense.length).fill(-1);
  const nextRow = new Int32Array(n);
  const trialOfRow = new Int32Array(n);
  const successes = new Float64Array(n);
  const size = new Float64Array(n);
  let rows = 0;
  for (let i = 0; i < n; i++) {
    const cell = cellOfTrial[i];
    let row = firstRowOfCell[cell];
    while (row >= 0 && !sameCovariates(x, i, trialOfRow[row])) row = nextRow[row];
    if (row < 0) {
      row = rows++;
      trialOfRow[row] = i;
      nextRow[row] = firstRowOfCell[cell];
      firstRowOfCell[cell] = row;
    }
    successes[row] += y[i];
    size[row] += 1;
  }
  const first = trialOfRow.subarray(0, rows);
  return {
    successes: successes.slice(0, rows),
    size: size.slice(0, rows),
    x: x.map((column) => Float64Array.from(first, (i) => column[i])),
    participant: Int32Array.from(first, (i) => participant[i]),
    case: Int32Array.from(first, (i) => cases[i]),
  };
}

function sameCovariates(x: readonly Float64Array[], a: number, b: number): boolean {
  for (let j = 0; j < x.length; j++) if (x[j][a] !== x[j][b]) return false;
  return true;
}
