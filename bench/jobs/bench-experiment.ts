/** The experiment the store benchmarks write and export (a bundled study, so the export has a real config). */
export const BENCH_EXPERIMENT = 'signaux-faibles';
