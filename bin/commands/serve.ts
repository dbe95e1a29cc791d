import type { Command } from 'commander';

/**
 * `confiance serve`: serves the participant pages (and the researcher routes). The work is in bin/actions/serve.ts,
 * loaded only when the command runs.
 */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the studies to participants (and the researcher dashboard when RESEARCHER_TOKEN is set)')
    .option('--port <port>', 'HTTP port (default: PORT or 3000)')
    .option('--open-bundled', 'open every valid study of EXPERIMENTS_DIR that is not open yet (default with the embedded store)')
    .action(async (opts: { port?: string; openBundled?: boolean }) => (await import('../actions/serve.ts')).runServe(opts));
}
