import { studentTQuantile } from './distributions.ts';
import { mean, standardDeviation } from './mean-sd.ts';

export interface MeanInterval {
  n: number;
  mean: number | null;
  sd: number | null;
  /** 95% t interval of the mean; null below two values. */
  ci: [number, number] | null;
}

/**
 * Mean with its 95% Student t interval: mean ± t(0.975, n - 1) · sd / sqrt(n), sd with denominator n - 1.
 * With one value per participant this is the participant-clustered interval of the mean (participants independent).
 * Example: meanInterval([5, 4, 6, 3, 5, 6, 2]) = mean 4.428571428571429, ci [3.0303360850600125, 5.826806772082845]
 * (`scipy.stats.t.interval(0.95, 6, loc=x.mean(), scale=x.std(ddof=1)/sqrt(7))`, SciPy 1.17.1).
 */
export function meanInterval(values: ArrayLike<number>): MeanInterval {
  const n = values.length;
  const m = mean(values);
  const sd = standardDeviation(values);
  if (m === null || sd === null) return { n, mean: m, sd, ci: null };
  const half = (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
  return { n, mean: m, sd, ci: [m - half, m + half] };
}
