// The statistics library of Confiance: one pure, referenced procedure per file (see each file's doc comment).
export { studentTTwoSidedP, studentTUpperP, studentTQuantile, fUpperP, chiSquareUpperP, normalTwoSidedP, normalCdf, normalQuantile } from './distributions.ts';
export { logGamma, logBeta } from './log-gamma.ts';
export { regularizedBeta } from './incomplete-beta.ts';
export { regularizedUpperGamma } from './incomplete-gamma.ts';
export { hypergeometricLogPmf } from './hypergeometric.ts';
export { mean, variance, standardDeviation } from './mean-sd.ts';
export { averageRanks, type Ranking } from './ranks.ts';
export { quantileSorted } from './percentile.ts';
export { wilsonInterval, Z_95 } from './wilson.ts';
export { newcombeInterval } from './newcombe.ts';
export { tableFromCounts, type Table2x2 } from './table-2x2.ts';
export { oddsRatio } from './odds-ratio.ts';
export { chiSquare2x2, type ChiSquare2x2 } from './chi-square-2x2.ts';
export { fisherExactTwoSided } from './fisher-exact.ts';
export { welch, type WelchResult } from './welch.ts';
export { mannWhitney, type MannWhitneyResult } from './mann-whitney.ts';
export { anova, type AnovaResult } from './anova.ts';
export { kruskal, type KruskalResult } from './kruskal.ts';
export { holm } from './holm.ts';
export { pairedT, type PairedTResult } from './paired-t.ts';
export { wilcoxonSignedRank, type WilcoxonResult } from './wilcoxon.ts';
export { friedman, type FriedmanResult } from './friedman.ts';
export { tostWelch, tostPaired, type TostResult } from './tost.ts';
export { hedgesGInterval, pairedEffectInterval } from './effect-size-interval.ts';
export { leastSquares, type LeastSquaresFit } from './least-squares.ts';
export { factorialAnova, type FactorialAnova, type AnovaTerm } from './anova-type2.ts';
export { rmAnova, type RepeatedMeasuresTerm } from './repeated-measures-anova.ts';
export { cronbachAlpha } from './cronbach-alpha.ts';
export { spearman, type SpearmanResult } from './spearman.ts';
export {
  clusterBootstrap,
  bootstrapRatio,
  bootstrapRatios,
  resampleRatios,
  percentileInterval,
  differenceInterval,
  indexDrawer,
  type BootstrapOptions,
  type BootstrapInterval,
  type ClusterCounts,
} from './bootstrap.ts';
export { meanInterval, type MeanInterval } from './mean-interval.ts';
