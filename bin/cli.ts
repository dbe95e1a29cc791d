import { Command, CommanderError } from 'commander';
import { UserError } from '../experiments/user-error.ts';
import { StoreUnavailableError } from '../server/store/errors.ts';
import { registerValidate } from './commands/validate.ts';
import { registerSchema } from './commands/schema.ts';
import { registerExport } from './commands/export.ts';
import { registerServe } from './commands/serve.ts';
import { registerAnalyze } from './commands/analyze.ts';
import { registerPower } from './commands/power.ts';
import { registerSimulate } from './commands/simulate.ts';

/** Builds the `confiance` command; each subcommand lives in bin/commands/<name>.ts. */
export function buildProgram(): Command {
  const program = new Command('confiance')
    .description('Experiments on how public-sector agents trust, follow and override AI recommendations')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)');
  registerValidate(program);
  registerSchema(program);
  registerExport(program);
  registerServe(program);
  registerAnalyze(program);
  registerPower(program);
  registerSimulate(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    if (err instanceof UserError) {
      process.stderr.write(err.format() + '\n');
      process.exitCode = 1;
      return;
    }
    if (err instanceof StoreUnavailableError) {
      // The store refused (a damaged file, a directory in use, a database out of reach): its message names what.
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}
