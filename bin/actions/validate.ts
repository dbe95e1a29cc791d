import { validateExperimentFile } from '../../experiments/load.ts';
import { summarizeExperiment } from '../../experiments/summary.ts';
import { displayFile } from '../../experiments/problems.ts';
import { resolve } from 'node:path';

/**
 * `confiance validate <file...>` (declared in bin/commands/validate.ts): checks every file (not only up to the first
 * invalid one), prints the summary of each valid experiment on stdout and the problems of each invalid one on stderr;
 * exit code 1 if any is invalid.
 */
export async function runValidate(files: string[], opts: { json?: boolean; lang: string }): Promise<void> {
  const lang = opts.lang === 'fr' ? 'fr' : 'en';
  let invalid = 0;
  const report: unknown[] = [];
  for (const file of files) {
    const result = await validateExperimentFile(file);
    const name = displayFile(resolve(file));
    if (result.ok) {
      if (opts.json) report.push({ file: name, valid: true, id: result.experiment.file.id, configHash: result.experiment.configHash, problems: [], warnings: result.warnings });
      else process.stdout.write(`${summarizeExperiment(result.experiment, lang)}\n\n`);
      if (!opts.json && result.warnings.length > 0) process.stderr.write(`${result.warnings.map((w) => `warning: ${w}`).join('\n')}\n\n`);
    } else {
      invalid++;
      if (opts.json) report.push({ file: name, valid: false, problems: result.problems });
      const n = result.problems.length;
      process.stderr.write(`${name} is not a valid experiment (${n} problem${n === 1 ? '' : 's'}):\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n\n`);
    }
  }
  if (opts.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  if (files.length > 1) process.stderr.write(`${files.length - invalid} valid, ${invalid} invalid\n`);
  if (invalid > 0) process.exitCode = 1;
}
