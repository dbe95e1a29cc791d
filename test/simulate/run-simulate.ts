/** `confiance simulate` as a child process on the test studies, with its exit code and output (never throws on exit 1). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export async function simulate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['bin/confiance.js', 'simulate', ...args], {
      env: { ...process.env, EXPERIMENTS_DIR: 'test/simulate/fixtures/studies', MONGODB_URI: '', DATA_DIR: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
