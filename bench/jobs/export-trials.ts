/**
 * Benchmark job (run as a child process by export.bench.ts): opens the embedded store and streams the trial CSV of
 * the benchmark experiment with the researcher export (`trialCsvLines`, what the dashboard and `confiance export`
 * send), into a file. Reports the open and streaming times separately (opening loads the nedb collections and lists
 * the per-participant trial files).
 * Usage: export-trials.ts <dataDir> <outFile> <resultFile>
 */
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openStore } from '../../server/store/index.ts';
import { trialCsvLines } from '../../server/store/tidy/trial-csv.ts';
import { BENCH_EXPERIMENT } from './bench-experiment.ts';

const [dataDir, outFile, resultFile] = process.argv.slice(2);
if (!resultFile) throw new Error('usage: export-trials.ts <dataDir> <outFile> <resultFile>');
const t0 = performance.now();
const store = await openStore({ dataDir });
const openMs = performance.now() - t0;
const rssAfterOpenKb = Math.round(process.memoryUsage().rss / 1024);
const doc = await store.getExperiment(BENCH_EXPERIMENT);
if (!doc) throw new Error(`export-trials: ${BENCH_EXPERIMENT} is not in ${dataDir}`);
let lines = 0;
const counted = async function* (): AsyncGenerator<string> {
  for await (const line of trialCsvLines(store, doc)) {
    lines++;
    yield line;
  }
};
const t1 = performance.now();
await pipeline(Readable.from(counted()), createWriteStream(outFile));
const exportMs = performance.now() - t1;
await store.close();
await writeFile(resultFile, JSON.stringify({ openMs, exportMs, rows: lines - 1, rssAfterOpenKb }));
