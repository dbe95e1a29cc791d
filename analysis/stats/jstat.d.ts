// Types for the part of jstat (1.9.x, CommonJS, no bundled types) that Confiance uses.
// Only analysis/stats/distributions.ts imports jstat: every probability in the codebase goes through that wrapper.
declare module 'jstat' {
  interface JStatNormal {
    /** Quantile of N(mean, sd) at p (erfcinv with two Newton steps: ~1e-9 in the centre, poor in the far tails). */
    inv(p: number, mean: number, sd: number): number;
  }
  interface JStat {
    normal: JStatNormal;
  }
  const jStat: JStat;
  export default jStat;
}
