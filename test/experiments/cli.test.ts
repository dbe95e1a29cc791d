/** `confiance validate` and `confiance schema` as a researcher runs them: a child process, exit codes, no stack trace. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

async function confiance(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/confiance.js', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('confiance validate', () => {
  it('exits 0 and prints the summary of a valid file', async () => {
    const { code, stdout } = await confiance('validate', 'test/experiments/fixtures/minimal/experiment.yaml');
    expect(code).toBe(0);
    expect(stdout).toContain('minimal v1.0 — Minimal trial  [valid]');
    expect(stdout).toContain('Conditions (4):');
  });

  it('exits 1, lists every problem on stderr, and shows no stack trace', async () => {
    const { code, stdout, stderr } = await confiance('validate', 'test/experiments/invalid/three-structural-problems.yaml');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('test/experiments/invalid/three-structural-problems.yaml is not a valid experiment (3 problems):');
    expect(stderr).toContain('  - test/experiments/invalid/three-structural-problems.yaml:3:10  version: expected a string, found a number (1)');
    expect(stderr).not.toContain('    at ');
  });

  it('reports an alias bomb as a problem of its file, with no stack trace, and still checks the other files', async () => {
    const { code, stdout, stderr } = await confiance(
      'validate',
      'test/experiments/invalid/alias-bomb.yaml',
      'test/experiments/fixtures/minimal/experiment.yaml',
    );
    expect(code).toBe(1);
    expect(stdout).toContain('minimal v1.0');
    expect(stderr).toContain('test/experiments/invalid/alias-bomb.yaml:81:15  (file): YAML syntax: aliases (*name) expand to too many values');
    expect(stderr).not.toContain('ReferenceError');
    expect(stderr).not.toContain('    at ');
  });

  it('checks every file given, valid and invalid, and exits 1 if any is invalid', async () => {
    const { code, stdout, stderr } = await confiance(
      'validate',
      'test/experiments/invalid/case-bank-missing.yaml',
      'test/experiments/fixtures/minimal/experiment.yaml',
    );
    expect(code).toBe(1);
    expect(stdout).toContain('minimal v1.0');
    expect(stderr).toContain('cases.file: case bank not found');
    expect(stderr).toContain('1 valid, 1 invalid');
    expect(stderr).not.toContain('    at ');
  });

  it('prints a JSON report with --json', async () => {
    const { code, stdout } = await confiance('validate', '--json', 'test/experiments/fixtures/minimal/experiment.yaml', 'test/experiments/invalid/misspelt-key.yaml');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { file: string; valid: boolean; problems: string[]; configHash?: string }[];
    expect(report.map((r) => [r.file, r.valid, r.problems.length])).toEqual([
      ['test/experiments/fixtures/minimal/experiment.yaml', true, 0],
      ['test/experiments/invalid/misspelt-key.yaml', false, 1],
    ]);
    expect(report[0].configHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('confiance schema', () => {
  it('writes the JSON Schema to stdout', async () => {
    const { code, stdout } = await confiance('schema');
    expect(code).toBe(0);
    const schema = JSON.parse(stdout) as { title: string; properties: Record<string, unknown> };
    expect(schema.title).toBe('Confiance experiment file');
    expect(Object.keys(schema.properties)).toContain('procedure');
  });

  it('writes it to a file with --out', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'confiance-schema-'));
    try {
      const out = join(dir, 'experiment.schema.json');
      const { code, stdout } = await confiance('schema', '--out', out);
      expect(code).toBe(0);
      expect(stdout).toBe('');
      expect((JSON.parse(await readFile(out, 'utf8')) as { title: string }).title).toBe('Confiance experiment file');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
