import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { TRIAL_CSV_HEADER } from '../../analysis/input/trial-csv.ts';
import { participantTrials, type PopulationSpec } from './trial-population.ts';

/** Writes the population as a trial CSV (METRICS.md section 5) at `path`; returns its size in bytes. */
export async function writeTrialCsv(spec: PopulationSpec, path: string): Promise<number> {
  const out = createWriteStream(path);
  let chunk = TRIAL_CSV_HEADER.join(',') + '\n';
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  for (let p = 0; p < spec.participants; p++) {
    for (const t of participantTrials(spec, p)) {
      const shownConfidence = t.condition === 'confidence' ? String(t.aiConfidence) : '';
      chunk += `${t.participantId},${t.condition},${t.trialIndex},${t.caseId},${t.truth},${t.aiAdvice},${shownConfidence},${t.initial},${t.final},${t.initialRtMs},${t.finalRtMs},0\n`;
    }
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
  return bytes;
}
